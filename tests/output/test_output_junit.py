"""JUnit XML output: golden file, valid XML, one suite per file, one case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from output_samples import SPECIAL, check_golden

from perflint.findings import Finding
from perflint.output import junit
from perflint.runner import FileResult, RunResult


def test_matches_golden(run_zh: RunResult) -> None:
    check_golden("sample.junit.xml", junit.render(run_zh, lang="zh"))


def test_structure_and_counts(run_zh: RunResult) -> None:
    root = ET.fromstring(junit.render(run_zh).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert set(suites) == {"perflint", *(file.path.as_posix() for file in run_zh.files)}
    for file in run_zh.files:
        suite = suites[file.path.as_posix()]
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) == max(len(file.findings), 1)
    clean = suites["tests/output/reports/clean.yaml"].findall("testcase")
    assert len(clean) == 1 and list(clean[0]) == []  # passing
    broken = suites["tests/output/reports/donghu-broken.yaml"]
    failures = broken.findall("testcase/failure")
    assert [f.get("type") for f in failures] == ["PL101", "PL101"]
    assert failures[0].get("message").startswith("本年收入为340.29")
    assert "应为: 341.29  所述: 340.29" in failures[0].text
    assert "依据 财政拨款收入: 第24行第16列: \"320.09\"" in failures[0].text
    # input errors are errors (not judged), not failures
    errors = suites["tests/output/reports/broken.yaml"].findall("testcase/error")
    assert [e.get("type") for e in errors] == ["PL000"]
    findings = sum(len(file.findings) for file in run_zh.files)
    assert int(root.get("failures")) + int(root.get("errors")) == findings + len(run_zh.problems)


def test_special_characters_survive(run_zh: RunResult) -> None:
    root = ET.fromstring(junit.render(run_zh).encode("utf-8"))
    failure = next(f for f in root.iter("failure") if f.get("type") == "PL201")
    assert failure.get("message").endswith(SPECIAL)  # <, >, &, quotes and the newline, exactly


def test_control_characters_cannot_break_the_xml() -> None:
    finding = Finding(code="PL601", severity="info", rule="x", message="bad \x00\x08\x1b byte ]]> end")
    text = junit.render(RunResult([FileResult(Path("a\x01.txt"), [finding])]))
    root = ET.fromstring(text.encode("utf-8"))
    # shown as visible escapes, as in every format (perflint.output._safe), not dropped
    assert root.find("testsuite/testcase/failure").get("message") == "bad \\x00\\x08\\x1b byte ]]> end"
    assert root.find("testsuite").get("name") == "a\\x01.txt"


def test_english(run_en: RunResult) -> None:
    text = junit.render(run_en, lang="en")
    assert "line 21, column 12" in text and "no findings" in text and "[severity: error]" in text
