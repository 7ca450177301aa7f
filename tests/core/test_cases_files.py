"""`*.cases.yaml` as a district runs them: pytest in a folder, perflint's pytest plugin collecting.

Run in a subprocess so the cases file is collected exactly as in a district's checkout (the
pytest11 entry point, no conftest of ours). tests/core/raw_text.cases.yaml holds the passing raw
text cases; these check that a wrong expectation fails and that a malformed case is refused.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPORT = """\
2023年度某某县林业局整体支出绩效自评报告

一、预算执行情况

单位支出全年预算数200.00万元，其中基本支出120.00万元，项目支出80.00万元；支出决算数150.00万元，执行率为80.00%，其中基本支出100.00万元，执行率为83.33%；项目支出50.00万元，执行率为62.50%。
"""


def _cases(folder: Path, name: str, cases: str) -> Path:
    path = folder / f"{name}.cases.yaml"
    path.write_text("rule: PL103\ncases:\n" + textwrap.indent(cases, "  "), encoding="utf-8")
    return path


def _source(text: str) -> str:
    return "  source: |\n" + textwrap.indent(text, "    ")


def _pytest(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."],
                          cwd=folder, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_raw_text_case_fails_on_a_wrong_expectation_or_line(tmp_path):
    _cases(tmp_path, "district",
           "- name: 漏报\n" + _source(REPORT) + "  expect: []\n"
           "- name: 行号\n" + _source(REPORT) + "  expect:\n    - {code: PL103, line: 4}\n"
           "- name: 正确\n" + _source(REPORT) + "  expect:\n    - {code: PL103, line: 5}\n")
    result = _pytest(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "district.cases.yaml » 漏报: expected [], got ['PL103']" in result.stdout
    assert "执行率为80.00%" in result.stdout  # the finding's message says what is wrong
    assert "district.cases.yaml » 行号: no PL103 on line 4" in result.stdout  # line 5 of the source
    assert "2 failed, 1 passed" in result.stdout


MALFORMED = {
    "both": ("两者都给", "  report: {year: 2023}\n  source: |\n    一、概况\n  expect: []\n",
             "give either 'report' (a normalized report) or 'source' (a report's raw text), not both"),
    "format": ("格式未知", "  format: docx\n  source: |\n    一、概况\n  expect: []\n",
               "unknown format 'docx'; known: txt, yaml"),
    "typo": ("拼错", "  source: |\n    一、概况\n  expected: []\n", "unknown key(s) expected"),
}


def test_a_malformed_case_is_a_usage_error_naming_the_file_and_case(tmp_path):
    for file, (name, body, _) in MALFORMED.items():
        _cases(tmp_path, file, f"- name: {name}\n{body}")
    result = _pytest(tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr  # interrupted, not passed
    for file, (name, _, says) in MALFORMED.items():
        assert f"{file}.cases.yaml: {name}: {says}" in result.stdout
    assert "3 errors" in result.stdout
    assert "Traceback" not in result.stdout and "pytest_plugin.py" not in result.stdout
