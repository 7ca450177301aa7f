"""PL103 on 执行率 stated in prose: one sentence's 预算数, 执行数 and 执行率 of one subject.

`项目支出预算数为…万元，执行数为…万元，执行率为…%` states a budget row of 项目支出; its rate must lie in
the interval 执行数 / 预算数 spans at the stated decimals, and never comes from another subject's
figures. The texts are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract import extract_text
from perflint.findings import Finding
from perflint.testing import lint_file

HEAD = "2023年度某某县文化旅游局部门整体支出绩效自评报告\n一、部门概况\n（一）预算执行情况\n"


def lint_text(tmp_path: Path, body: str, code: str = "PL103") -> list[Finding]:
    path = tmp_path / "report.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    findings = lint_file(path, select=[code])
    assert not [f for f in findings if f.code in ("PL000", "PL001")], findings
    return [f for f in findings if f.code == code]


def rows(body: str) -> list[tuple[str, str, str, str]]:
    report = extract_text(HEAD + body + "\n")
    return [(row.label, row.budget.literal, row.executed.literal, row.rate.literal)
            for table in report.budget_tables for row in table.rows]


# 965.00 / 1200.00 lies in [80.4159%, 80.4174%]
TRIPLE = ("基本支出预算数为360.00万元，执行数为342.00万元，执行率为95.00%；"
          "项目支出预算数为1200.00万元，执行数为965.00万元，执行率为{rate}。")


def test_each_subject_of_a_sentence_is_a_row():
    assert rows(TRIPLE.format(rate="80.42%")) == [
        ("基本支出", "360.00万元", "342.00万元", "95.00%"),
        ("项目支出", "1200.00万元", "965.00万元", "80.42%")]


@pytest.mark.parametrize(("rate", "expected"), [
    ("80.42%", None), ("80.4%", None), ("80%", None), ("80.41%", "80.42%"), ("80.43%", "80.42%"),
    ("85.42%", "80.42%"), ("81%", "80%"),
])
def test_the_rate_lies_in_the_interval_of_its_own_figures(tmp_path, rate, expected):
    findings = lint_text(tmp_path, TRIPLE.format(rate=rate))
    assert [f.expected for f in findings] == ([expected] if expected else [])
    if findings:
        assert findings[0].stated == rate and "项目支出" in findings[0].message
        assert [r.span.quote for r in findings[0].related] == ["965.00万元", "1200.00万元"]


def test_subjects_in_separate_sentences(tmp_path):
    body = ("基本支出预算数为800.00万元，执行数为760.00万元，执行率为95.00%。"
            "项目支出预算数为1500.00万元，执行数为1200.00万元，执行率为85.00%。")
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("85.00%", "80.00%")]
    assert lint_text(tmp_path, body.replace("85.00%", "80.00%")) == []


def test_a_rate_of_the_report_as_a_whole(tmp_path):
    body = "全年预算数为1000.00万元，执行数为900.00万元，执行率为95.00%。"
    assert [(f.stated, f.expected) for f in lint_text(tmp_path, body)] == [("95.00%", "90.00%")]


def test_the_initial_budget_is_not_the_denominator(tmp_path):
    assert lint_text(tmp_path, "项目支出年初预算数为800.00万元，执行数为873.46万元，执行率为87.35%。") == []


def test_a_rate_in_the_next_sentence_is_not_the_rows(tmp_path):
    body = "项目支出预算数为1500.00万元，执行数为1200.00万元。整体执行率为85.00%。"
    assert lint_text(tmp_path, body) == []
    assert rows(body) == []


def test_figures_of_two_subjects_are_never_one_row(tmp_path):
    body = "基本支出预算数为800.00万元，项目支出执行数为1200.00万元，执行率为85.00%。"
    assert rows(body) == [] and lint_text(tmp_path, body) == []


def test_the_row_figures_stay_facts_with_their_subject():
    facts = extract_text(HEAD + TRIPLE.format(rate="80.42%") + "\n").facts
    assert [(f.concept, f.subject) for f in facts if f.subject == "项目支出"] == [
        ("项目支出预算数", "项目支出"), ("执行数", "项目支出"), ("执行率", "项目支出")]
