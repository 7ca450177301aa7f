"""PL101 on a `其中` list whose statement says how many parts it has.

A `其中` list is in general only some of a total's components (`complete: false`: only parts
exceeding the total are reported). When the sentence states the number of parts (`分为3个项目，
其中…`, `共4项`, `三项经费`) and the list names exactly that many, the list is the whole
breakdown and its sum must equal the total. The texts are written for these tests.
"""

from __future__ import annotations

import pytest

from perflint.document import Piece
from perflint.extract import extract_text
from perflint.extract.narrative import read
from perflint.findings import Finding
from perflint.testing import lint_text

HEAD = "2024年度某某县农业农村局项目支出绩效自评报告\n一、项目基本情况\n（一）资金安排情况\n"


def pl101(body: str) -> list[Finding]:
    findings = lint_text(HEAD + body + "\n", select=["PL101"])
    assert not [f for f in findings if f.code in ("PL000", "PL001")], findings
    return [f for f in findings if f.code == "PL101"]


def breakdowns(body: str) -> list[tuple[str, bool]]:
    report = extract_text(HEAD + body + "\n")
    return [(b.total.literal, b.complete) for b in report.breakdowns]


def farmland(count: str, second: int) -> str:
    """860万元 in three parts, the second one `second`; `count` states how many (or not)."""
    return (f"下达某县2024年农田建设资金860万元，{count}其中：灌溉渠道改造500万元，"
            f"机耕道修缮{second}万元，田间监测站100万元。")


SUMS = farmland("分为3个项目，", 260)
SHORT = farmland("分为3个项目，", 250)


def test_a_counted_list_that_sums_is_silent():
    assert breakdowns(SUMS) == [("860万元", True)]
    assert pl101(SUMS) == []


def test_a_counted_list_short_of_its_total_is_an_error():
    findings = pl101(SHORT)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.stated == "860万元" and finding.expected == "850万元"


@pytest.mark.parametrize(("body", "expected"), [
    ("安排专项经费共计120万元，共4项，其中宣传培训30万元、设备购置40万元、"
     "运行维护20万元、课题研究20万元。", "110万元"),
    ("全年支出三项经费共计96万元，其中办公费40万元，差旅费26万元，印刷费20万元。", "86万元"),
    ("到位资金450万元，分为四类，其中：中央补助200万元；省级补助120万元；"
     "市级配套80万元；县级配套40万元。", "440万元"),
])
def test_counts_in_arabic_and_chinese_numerals(body, expected):
    assert [f.expected for f in pl101(body)] == [expected]


def test_a_count_that_differs_from_the_parts_keeps_the_list_open():
    body = farmland("分为4个项目，", 250)
    assert breakdowns(body) == [("860万元", False)]
    assert pl101(body) == []


def test_an_uncounted_list_short_of_its_total_is_only_a_warning():
    """It ends its sentence with its last part, so it reads as every part; but the text does not
    say so, and may have left a part out (see test_breakdown_closed.py)."""
    body = farmland("", 250)
    assert breakdowns(body) == [("860万元", False)]
    assert [(f.severity, f.expected) for f in pl101(body)] == [("warning", None)]


@pytest.mark.parametrize("text", [
    # two numbers: which one counts the parts is not said
    "为3个乡镇的2个村安排资金90万元，其中甲村40万元，乙村40万元。",
    # a duration, not a count of parts
    "项目建设期2个月，安排资金90万元，其中甲村40万元，乙村40万元。",
    # the count is the total itself, broken down by its own parts
    "共完成2个项目，其中已完工项目2个、已验收项目1个。",
])
def test_no_count_of_the_parts(text):
    assert read(Piece(text), None).counted == []
