"""The run every output format is tested on, and the golden-file helper.

The run mixes what the linter really produces (PL101 on a small YAML report, a clean report)
with findings built by hand to cover what PL101 alone cannot: warnings and notes, a multi-line
span, an empty span, a finding without a place, a .docx cell location, a plugin code outside the
PLnxx scheme, an input error, a run-level problem, and messages with < > & " ' , : and newlines.

Goldens live in data/ and were reviewed by eye; regenerate them after an intended change with
`PERFLINT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/output` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from perflint import __version__
from perflint.findings import Finding, Related
from perflint.model import Report, Span
from perflint.runner import FileResult, RunResult
from perflint.testing import lint_paths

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = HERE / "data"
REPORTS = Path("tests/output/reports")  # relative: the tests run from the repository root

SPECIAL = "含特殊字符 <b>&amp;</b> \"引号\" '单引号', 逗号, 冒号: 及换行\n第二行 100%"


def _span(path: Path, line: int, needle: str, end_line: int | None = None, end_needle: str | None = None
          ) -> Span:
    """The span of `needle` on `line` (or from it to the end of `end_needle` on `end_line`), found in
    the file so the columns are right by construction."""
    lines = (ROOT / path).read_text(encoding="utf-8").split("\n")
    column = lines[line - 1].index(needle) + 1
    if end_line is None:
        return Span(line=line, column=column, end_line=line, end_column=column + len(needle), quote=needle)
    end_column = lines[end_line - 1].index(end_needle) + len(end_needle) + 1
    quote = "\n".join([lines[line - 1][column - 1:], *lines[line:end_line - 1],
                       lines[end_line - 1][:end_column - 1]])
    return Span(line=line, column=column, end_line=end_line, end_column=end_column, quote=quote)


def synthetic_files() -> list[FileResult]:
    text = REPORTS / "synthetic.txt"
    rate = _span(text, 9, "126.59%")
    blank = _span(text, 15, "设备故障处理率，")
    empty = Span(line=15, column=blank.end_column - 1, end_line=15, end_column=blank.end_column - 1, quote="")
    txt_findings = [
        Finding(code="PL501", severity="warning", rule="required-section",
                message="缺少必需章节：五、存在的问题及整改措施"),
        Finding(code="PL103", severity="error", rule="execution-rate",
                message="基本支出执行率为126.59%，但 283.04 / 193.13 = 146.55%", span=rate,
                expected="146.55%", stated="126.59%",
                related=(Related(span=_span(text, 9, "283.04"), label="全年执行数"),
                         Related(span=_span(text, 9, "193.13"), label="全年预算数"))),
        Finding(code="PL201", severity="warning", rule="over-execution",
                message=f"执行率超过100%且未说明原因。{SPECIAL}", span=_span(text, 8, "执行率为126.59%")),
        Finding(code="PL502", severity="warning", rule="blank-value",
                message="“设备故障处理率”后没有数值", span=empty),
        Finding(code="PL601", severity="info", rule="boilerplate",
                message="模板化表述：与 3 份其他报告相同,\n未给出任何具体数字。",
                span=_span(text, 19, "通过项目实施", end_line=20, end_needle="经济效益。")),
    ]
    docx = REPORTS / "东湖区某单位自评表.docx"  # never read: .docx findings show quotes only
    cell = Span(line=42, column=1, end_line=42, end_column=3, quote="18", location="表2 第3行 第4列")
    docx_report = Report.model_validate({"unit": {"name": "东湖区某单位"}})
    docx_findings = [
        Finding(code="PL302", severity="error", rule="score-over-weight",
                message="“满意度”得分18超过其分值15", span=cell, expected="≤15", stated="18",
                related=(Related(span=Span(line=41, column=1, end_line=41, end_column=3, quote="15",
                                           location="表2 第3行 第3列"), label="分值"),)),
        Finding(code="JX101", severity="info", rule="jiangxi-outline", plugin="perflint-jiangxi",
                ruleset="jiangxi",
                message="江西省提纲要求的“绩效自评结论”未单列, 请补充: 见赣财绩〔2021〕X号",
                span=Span(line=3, column=1, end_line=3, end_column=5, quote="四、结论", location="第3段")),
    ]
    broken = REPORTS / "broken.yaml"
    broken_findings = [
        Finding(code="PL000", severity="error", rule="input-error", plugin="perflint",
                message="YAML syntax error: mapping values are not allowed here <here>",
                span=Span(line=3, column=7, end_line=3, end_column=8, quote=":")),
    ]
    return [FileResult(text, txt_findings),
            FileResult(docx, docx_findings, report=docx_report),
            FileResult(broken, broken_findings)]


def sample_run(lang: str = "zh") -> RunResult:
    linted = lint_paths([REPORTS / "clean.yaml", REPORTS / "donghu-broken.yaml"], select=["PL101"], lang=lang)
    assert not linted.problems
    files = [*linted.files, *synthetic_files()]
    for file in files:
        file.findings.sort(key=Finding.sort_key)
    return RunResult(files, problems=["plugin 'perflint-broken' failed in perflint_rules: "
                                      "RuntimeError('boom, <again>')"])


def fixed_rules() -> dict[str, SimpleNamespace]:
    """A rule catalogue that does not move when rule docstrings are edited (for the SARIF golden)."""

    def rule(code: str, name: str, severity: str, summary: str, doc: str, groups: tuple[str, ...]):
        return SimpleNamespace(rule=SimpleNamespace(
            code=code, name=name, severity=severity, groups=groups,
            summary=lambda: summary, documentation=lambda: doc), plugin="perflint")

    return {
        "PL101": rule("PL101", "breakdown-sum", "error",
                      "A stated total does not equal the sum of its parts.",
                      "PL101 breakdown-sum: a stated total must equal the sum of its stated parts.\n\n"
                      "Example\n    供应土地32宗，其中出让用地7宗，划拨用地24宗", ("arithmetic",)),
        "PL103": rule("PL103", "execution-rate", "error", "A stated 执行率 is not 执行数 / 预算数.",
                      "PL103 execution-rate: 执行率 = 全年执行数 ÷ 全年预算数.", ("arithmetic",)),
        "PL201": rule("PL201", "over-execution", "warning", "执行率 over 100% without a reason.",
                      "PL201 over-execution: an 执行率 above 100% needs a stated reason.", ("execution",)),
    }


def normalize_version(text: str) -> str:
    return text.replace(__version__, "<VERSION>")


def check_golden(name: str, actual: str) -> None:
    """Compare with data/NAME (version normalized); rewrite it when PERFLINT_UPDATE_GOLDEN is set."""
    path = DATA / name
    actual = normalize_version(actual)
    if os.environ.get("PERFLINT_UPDATE_GOLDEN") or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not os.environ.get("PERFLINT_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {name} did not exist; written now, review it and rerun")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {name} (PERFLINT_UPDATE_GOLDEN=1 to accept)"
