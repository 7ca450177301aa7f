"""Every error a user reads is Chinese by default and English with `--lang en` (issue 17,
item 1): an unreadable report (PL000), a broken config or ruleset, a plugin that fails to load or
whose rule crashes (PL001). Each names the file, exits 2 and prints no traceback; the JSON
output's messages follow the run's language too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_reports import CJK

from tests.cli_driver import Cli

#: A rule whose check raises: a plugin's bug, reported as PL001 naming the rule and plugin.
CRASHING_PLUGIN = '''
from perflint.hookspecs import hookimpl
from perflint.rules.base import ReportRule


class Crash(ReportRule):
    """XC001 always-crashes: raises on every report."""

    code = "XC001"
    name = "always-crashes"
    severity = "warning"
    messages = {"zh": "不会出现", "en": "never shown"}

    def check(self, report, ctx):
        raise RuntimeError("boom")


@hookimpl
def perflint_rules():
    return [Crash]
'''


def _docx_in_disguise(path: Path) -> None:
    path.write_bytes(b"this is a plain text file renamed to .docx\n")


@pytest.fixture
def broken(work: Path) -> Path:
    """report.txt (a good report) beside files and configs that are broken each in one way."""
    (work / "empty.txt").write_bytes(b"  \n")
    _docx_in_disguise(work / "corrupt.docx")
    (work / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (work / "bad.yaml").write_text("year: [2023,\n", encoding="utf-8")
    (work / "schema.yaml").write_text("year: abc\n", encoding="utf-8")
    (work / "ruleset.yaml").write_text("ruleset: no-such-ruleset\n", encoding="utf-8")
    (work / "key.yaml").write_text("select: [PL1]\nselct: [PL2]\n", encoding="utf-8")
    (work / "broken_plugin.py").write_text("import no_such_module_for_perflint\n", encoding="utf-8")
    (work / "crashing_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    return work


#: (arguments, what every message names, an English phrase that `--lang en` prints). The first
#: group is PL000 findings on stdout, the second a usage/config/plugin error on stderr.
CASES: list[tuple[list[str], str, str]] = [
    (["check", "missing.txt"], "missing.txt", "file not found"),
    (["check", "empty.txt"], "empty.txt", "file is empty"),
    (["check", "corrupt.docx"], "corrupt.docx", "not a Word .docx file"),
    (["check", "corrupt.xlsx"], "corrupt.xlsx", "corrupt Excel .xlsx file"),
    (["check", "bad.yaml"], "bad.yaml", "invalid YAML"),
    (["check", "schema.yaml"], "schema.yaml", "year: Input should be a valid integer"),
    (["check", "report.txt", "--ruleset", "no-such-ruleset"], "no-such-ruleset", "unknown ruleset"),
    (["check", "report.txt", "--config", "ruleset.yaml"], "ruleset.yaml:1", "unknown ruleset"),
    (["check", "report.txt", "--config", "key.yaml"], "key.yaml:2", "selct: Extra inputs are not permitted"),
    (["check", "report.txt", "-p", "broken_plugin.py"], "broken_plugin.py", "could not be loaded"),
    (["check", "report.txt", "-p", "missing_plugin.py"], "missing_plugin.py", "no such plugin file"),
]


def _ids(value: object) -> str | None:
    return " ".join(value) if isinstance(value, list) else None


@pytest.mark.parametrize(("args", "named", "english"), CASES, ids=_ids)
def test_chinese_by_default(cli: Cli, broken: Path, args: list[str], named: str, english: str) -> None:
    run = cli(*args)
    printed = run.out + run.err
    assert run.code == 2, printed
    assert "Traceback" not in printed
    lines = [line for line in printed.splitlines() if named in line]
    assert lines, printed
    assert any(CJK.search(line) for line in lines), printed
    assert english not in printed


@pytest.mark.parametrize(("args", "named", "english"), CASES, ids=_ids)
def test_english_with_lang_en(cli: Cli, broken: Path, args: list[str], named: str, english: str) -> None:
    run = cli(*args, "--lang", "en")
    printed = run.out + run.err
    assert run.code == 2, printed
    assert "Traceback" not in printed
    lines = [line for line in printed.splitlines() if named in line]
    assert any(english in line for line in lines), printed
    assert not any(CJK.search(line) for line in lines), printed  # (a finding quotes the report)


@pytest.mark.parametrize(("lang", "expected"), [(None, "不是 Word .docx 文件：文件不是 ZIP 包"),
                                                ("en", "not a Word .docx file: the file is not a ZIP")])
def test_json_messages_follow_the_run_language(cli: Cli, broken: Path, lang: str | None,
                                                expected: str) -> None:
    run = cli("check", "corrupt.docx", "--format", "json", *(["--lang", lang] if lang else []))
    assert run.code == 2
    document = json.loads(run.out)
    (finding,) = document["files"][0]["findings"]
    assert finding["code"] == "PL000" and finding["message"].startswith(expected)
    (skipped,) = document["skipped"]
    assert skipped["path"] == "corrupt.docx" and skipped["detail"] == finding["message"]


@pytest.mark.parametrize(("lang", "expected"), [
    (None, "无法加载插件模块“broken_plugin.py”"),
    ("en", "plugin module 'broken_plugin.py' could not be loaded"),
])
def test_json_problems_follow_the_run_language(cli: Cli, broken: Path, lang: str | None,
                                               expected: str) -> None:
    run = cli("check", "report.txt", "-p", "broken_plugin.py", "--format", "json",
              *(["--lang", lang] if lang else []))
    assert run.code == 2
    (problem,) = json.loads(run.out)["summary"]["problems"]
    assert problem.startswith(expected), problem


@pytest.mark.parametrize(("lang", "expected"), [
    (None, "插件“crashing_plugin.py”的规则 XC001（always-crashes）运行出错：RuntimeError: boom"),
    ("en", "rule XC001 (always-crashes) of plugin 'crashing_plugin.py' crashed: RuntimeError: boom"),
])
def test_a_crashing_plugin_rule(cli: Cli, broken: Path, lang: str | None, expected: str) -> None:
    run = cli("check", "report.txt", "-p", "crashing_plugin.py", "--format", "json",
              *(["--lang", lang] if lang else []))
    assert "Traceback" not in run.out + run.err
    findings = json.loads(run.out)["files"][0]["findings"]
    crashed = [f for f in findings if f["code"] == "PL001"]
    assert [f["message"] for f in crashed] == [expected]


def test_new_plugin_speaks_the_users_language(cli: Cli, work: Path) -> None:
    made = cli("new-plugin", "hubei", "--dir", str(work))
    assert made.code == 0 and "已创建" in made.out
    again = cli("new-plugin", "hubei", "--dir", str(work))
    assert again.code == 2 and "已存在" in again.err and "Traceback" not in again.err
    english = cli("--lang", "en", "new-plugin", "hubei", "--dir", str(work))
    assert english.code == 2 and "already exists" in english.err
    prefix = cli("new-plugin", "perflint-x", "--dir", str(work))
    assert prefix.code == 2 and "--prefix" in prefix.err and CJK.search(prefix.err)
