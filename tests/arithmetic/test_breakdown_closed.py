"""PL101 on `其中` lists the text presents as every part without counting them (`Breakdown.closed`)."""

from __future__ import annotations

from perflint.testing import lint_text

TITLE = "某某县2023年农村饮水安全补助资金绩效自评报告"


def _pl101(*lines: str):
    text = "\n".join([TITLE, "一、资金情况", *lines]) + "\n"
    return [f for f in lint_text(text, select=["PL101"]) if f.code == "PL101"]


def test_a_closed_list_of_three_that_falls_short_is_a_warning_without_a_correction():
    (finding,) = _pl101("县财政下达资金860万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元。")
    assert finding.severity == "warning"
    assert finding.span.quote == "860万元"
    assert "所列3项之和为850万元" in finding.message
    assert finding.expected is None and not finding.fixable
    assert len(finding.related) == 3


def test_a_closed_list_that_adds_up_is_silent():
    assert not _pl101("县财政下达资金850万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元。")


def test_a_list_ending_in_etc_or_followed_by_words_is_open():
    assert not _pl101(
        "县财政下达资金900万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元等。",
        "县财政下达资金950万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元，均已到位。")


def test_a_closed_list_of_two_parts_may_name_only_some_parts():
    assert not _pl101("县财政下达资金900万元，其中：管网延伸310万元，水厂改造420万元。")


def test_a_closed_list_exceeding_its_total_stays_an_error():
    (finding,) = _pl101("县财政下达资金800万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元。")
    assert finding.severity == "error" and finding.expected == "850万元"


def test_a_closed_budget_list_short_of_its_total_is_a_pl102_warning():
    text = "\n".join([TITLE, "一、资金情况",
                      "水厂改造资金全年预算数为860万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元。"])
    findings = [f for f in lint_text(text + "\n", select=["PL101", "PL102"]) if f.code in ("PL101", "PL102")]
    assert [(f.code, f.severity, f.expected) for f in findings] == [("PL102", "warning", None)]
    assert "所列3行之和为850万元" in findings[0].message


def test_an_open_budget_list_short_of_its_total_is_silent():
    text = "\n".join([TITLE, "一、资金情况",
                      "水厂改造资金全年预算数为860万元，其中：管网延伸310万元，水厂改造420万元，水质检测120万元等。"])
    assert not [f for f in lint_text(text + "\n", select=["PL101", "PL102"]) if f.code in ("PL101", "PL102")]
