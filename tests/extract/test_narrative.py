"""Extraction from a narrative report (tests/extract/data/narrative_report.txt, numbered headings).

The report was written for these tests in the layout of seeds 000/001, with other figures and
planted defects (a wrong share, income parts exceeding their total, a wrong 执行率). Extraction
must state exactly what the text states, at the right line and column, and relate only figures
the text relates.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from perflint.extract.compare import figures
from perflint.testing import lint_file

DATA = Path(__file__).resolve().parent / "data"


def place(value) -> tuple[int, int, str]:
    return value.span.line, value.span.column, value.span.quote


def test_title_year_unit(narrative):
    assert narrative.title.text == "部门（单位）整体支出绩效自评报告"
    assert narrative.year == 2023
    assert narrative.unit.name.text == "某某县农业技术推广中心"
    assert narrative.unit.parent.text == "某某县农业农村局"


def test_staffing_totals_and_their_qizhong_parts(narrative):
    staffing = {b.label: b for b in narrative.staffing}
    assert staffing["编制人数"].total.literal == "30人" and not staffing["编制人数"].parts
    actual = staffing["实有人数"]
    assert [(p.label, p.value.literal) for p in actual.parts] == [("在职人员", "24人"), ("退休人员", "4人")]
    assert actual.complete is False  # a 其中 list is not known to be exhaustive
    assert place(actual.total) == (13, 30, "28人")


def test_balance_sheet_with_shares_and_thousands_separators(narrative):
    sheet = narrative.balance_sheets[0]
    assets = sheet.assets
    assert assets.total.literal == "2,450.60万元" and assets.total.value == Decimal("2450.60")
    assert [(p.label, p.value.literal, p.share.literal) for p in assets.parts] == [
        ("流动资产", "1,980.25万元", "80.81%"), ("非流动资产", "470.35万元", "19.91%")]
    assert assets.complete  # 流动 + 非流动 is exhaustive by definition
    assert sheet.liabilities.complete is False  # only 流动负债 is listed
    assert sheet.net_assets.total.literal == "1838.20万元"
    assert place(sheet.debt_ratio) == (15, 130, "24.99%")


def test_budget_statements_become_income_and_expenditure_tables(narrative):
    income, spending = narrative.budget_tables
    assert (income.kind, income.title, income.total.label) == ("收入", "单位收入", "收入合计")
    assert (income.total.budget.literal, income.total.executed.literal) == ("856.40万元", "850.40万元")
    assert [(r.label, r.budget.literal, r.executed.literal) for r in income.rows] == [
        ("本年财政拨款收入", "800.10万元", "800.10万元"), ("年初结转和结余", "66.30万元", "50.30万元")]
    assert income.complete is False  # income may have sources the sentence does not list
    assert spending.kind == "支出" and spending.complete  # 基本 + 项目 is exhaustive
    assert spending.total.rate.literal == "98.34%"
    assert [(r.label, r.executed.literal, r.rate.literal) for r in spending.rows] == [
        ("基本支出", "610.02万元", "99.59%"), ("项目支出", "232.16万元", "95.12%")]


def test_a_share_named_by_its_part_and_total(narrative):
    (breakdown,) = narrative.breakdowns
    assert breakdown.total.literal == "12个"
    county = breakdown.parts[1]
    assert (county.label, county.value.literal, county.share.literal) == ("县级示范基地", "9个", "75%")


def test_indicators_from_headings_targets_and_results(narrative):
    groups = {node.name.text: node for node in narrative.indicators}
    assert list(groups) == ["数量指标", "质量指标", "社会效益", "农户满意度"]
    quantity = groups["数量指标"]
    assert (quantity.level, quantity.weight.literal, quantity.score.literal) == (2, "30分", "28分")
    rows = {c.name.text: (c.target.literal if c.target else None, c.actual.literal)
            for c in quantity.children}
    assert rows == {"开展技术培训": ("不少于40期", "42期"), "培训农民人数": ("不少于3000人次", "3150人次"),
                    "新品种示范面积": ("1200亩", "1100亩")}
    assert quantity.reason.text.startswith("由于部分示范地块受灾")
    (quality,) = groups["质量指标"].children
    assert quality.actual.literal == "９６．５％" and quality.actual.value == Decimal("96.5")
    assert place(quality.actual) == (32, 6, "９６．５％")
    (satisfaction,) = groups["农户满意度"].children
    assert (satisfaction.target.literal, satisfaction.actual.literal) == ("不低于90%", "93%")
    assert satisfaction.actual.concept == "满意度"


def test_evaluation_and_satisfaction_fact(narrative):
    assert narrative.evaluation.total_score.literal == "97分"
    assert narrative.evaluation.grade.text == "优"
    assert [(f.concept, f.value.literal) for f in narrative.facts] == [("满意度", "93%")]


def test_sections_follow_the_numbering(narrative):
    headings = [(s.heading.text, s.level) for s in narrative.sections]
    assert headings[:3] == [("一、部门（单位）概况", 1),
                            ("（一）部门（单位）主要职责职能，组织架构、人员及资产等基本情况", 2),
                            ("1、主要职责职能", 3)]
    assert ("1、数量指标（指标分数30分，实际得分28分）", 3) in headings
    # the closing signature and date belong to no section
    last = narrative.sections[-1]
    assert last.heading.text == "四、绩效自评结果拟应用和公开情况"
    assert last.body.text == "本单位绩效自评得分97分，自评结果为“优”。评价结果将按规定公开。"


def test_every_value_quotes_its_literal(narrative):
    for figure in figures(narrative):
        assert figure.quote == figure.literal, figure


def test_planted_defects_are_found_on_the_raw_text():
    findings = {(f.code, f.span.line, f.span.column, f.span.quote)
                for f in lint_file(DATA / "narrative_report.txt")}
    assert ("PL104", 15, 69, "19.91%") in findings  # 470.35 / 2450.60 = 19.19%
    assert ("PL102", 24, 10, "856.40万元") in findings  # 800.10 + 66.30 = 866.40
    assert ("PL103", 26, 115, "95.12%") in findings  # 232.16 / 243.85 = 95.21%
    codes = {code for code, *_ in findings}
    assert "PL107" not in codes and "PL106" not in codes  # 资产负债率 and 净资产 hold
