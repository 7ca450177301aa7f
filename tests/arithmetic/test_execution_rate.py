"""PL103 execution-rate: 执行率 = 全年执行数 / 全年预算数, on stated-precision intervals."""

from __future__ import annotations

import pytest

ROW = """
    perflint: 1
    budget_tables:
      - kind: 资金结构
        title: 整体支出规模 资金结构
        rows:
          - {{label: 项目支出, initial_budget: "800.00", budget: "{budget}", executed: "{executed}",
             rate: "{rate}"}}
"""


def row(rate: str, budget: str = "1000.00", executed: str = "873.46") -> str:
    return ROW.format(rate=rate, budget=budget, executed=executed)


def test_fires_with_expected_rounded_like_the_stated_rate(lint):
    findings = lint(row("78.35%"), "PL103")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert (finding.span.quote, finding.stated, finding.expected) == ('"78.35%"', "78.35%", "87.35%")
    assert [(r.span.quote, r.label) for r in finding.related] == [
        ('"873.46"', "项目支出 全年执行数"), ('"1000.00"', "项目支出 全年预算数")]


@pytest.mark.parametrize(("rate", "flagged"), [
    # 873.46 / 1000.00 lies in [87.3451%, 87.3474%]
    ("87.35%", False), ("87.34%", True), ("87.36%", True),
    ("87.3%", False), ("87.4%", True), ("87%", False), ("88%", True),
    ("87.347%", False), ("87.348%", True), ("87.345%", False), ("87.344%", True),
])
def test_rounding_boundary(lint, rate, flagged):
    assert bool(lint(row(rate), "PL103")) is flagged


def test_the_adjusted_budget_is_the_denominator_not_the_initial_budget(lint):
    # 873.46 / 800.00 = 109.18%: right for 年初预算数, wrong for 全年预算数
    assert lint(row("109.18%"), "PL103") != []


def test_a_rate_without_unit_is_a_percentage(lint):
    assert lint(row("87.35"), "PL103") == []
    assert lint(row("0.87"), "PL103") != []


def test_a_rate_with_a_comparator_claims_only_its_side(lint):
    assert lint(row(">100%", budget="239.56", executed="287.97"), "PL103") == []
    assert lint(row("<100%", budget="239.56", executed="287.97"), "PL103") != []


@pytest.mark.parametrize(("budget", "executed", "rate"), [
    ("0", "0", "-"),  # nothing budgeted, nothing spent: no rate to check
    ("0", "0", ""),
    ("0.00", "0.00", "100%"),  # 0 / 0 is no rate, and no defect either
    ("0", "0.40", "100%"),  # a budget written 0 may be 0.45 and 0.40 / 0.45 ≈ 89%: not certain
    ("0", "12.00", ">100%"),  # claims over 100%, which spending without a budget is
    ("-", "-", "-"),
    ("35.00", "-", "0%"),
    ("35.00", "12.00", "-"),
    ("35.00", "12.00", "按计划执行"),
])
def test_rows_that_cannot_be_computed_are_skipped(lint, budget, executed, rate):
    assert lint(row(rate, budget=budget, executed=executed), "PL103") == []


@pytest.mark.parametrize(("budget", "executed", "rate", "least"), [
    ("0", "12.00", "100%", "2399%"),  # 11.995 / 0.5 (the most a budget written 0 can be)
    ("0.00", "5", "100.00%", "90000.00%"),  # 4.5 / 0.005
    ("0", "12.00", "0%", "2399%"),
    ("-0", "12.00", "100%", "2399%"),
])
def test_spending_on_a_zero_budget_is_reported_without_dividing_by_zero(lint, budget, executed, rate, least):
    """Issue 20: 预算数 0 with 执行数 5 and a stated 100% was silent. The rate cannot be computed,
    but it is certainly at least 执行数 over the largest budget `0` rounds from, so the stated rate
    is wrong and the money was spent without a budget; no expected rate is offered (nothing to fix)."""
    findings = lint(row(rate, budget=budget, executed=executed), "PL103")
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding.severity == "error" and finding.expected is None and not finding.fixable
    assert "没有预算却有支出" in finding.message and f"至少为{least}" in finding.message
    assert finding.message.startswith(f"整体支出规模 资金结构 项目支出执行率为{rate}，但预算数为{budget}")


@pytest.mark.parametrize(("budget", "executed", "column"), [
    ("-0.01", "100.00", "全年预算数"),
    ("100.00", "-5.00", "全年执行数"),
])
def test_a_negative_figure_is_reported_as_such_not_as_an_absurd_rate(lint, budget, executed, column):
    """Issue 20: a budget of −0.01 gave "执行率 −1000000%". The negative figure itself is the
    finding, quoted where it stands, and no rate is computed from it, stated rate or not."""
    for rate in ("100%", "-"):
        findings = lint(row(rate, budget=budget, executed=executed), "PL103")
        assert len(findings) == 1, findings
        negative = budget if column == "全年预算数" else executed
        assert findings[0].message == (f"整体支出规模 资金结构 项目支出的{column}为负数（{negative}），"
                                       "执行率无法按执行数÷预算数计算")
        assert findings[0].span.quote == f'"{negative}"' and findings[0].expected is None
        assert "%" not in findings[0].message


def test_a_negative_or_zero_budget_gives_no_absurd_rate_to_the_bound_rules(lint):
    """PL201/PL202 read the same rows: a negative amount is PL103's, never a −1000000% below the
    floor or above 100%."""
    for budget, executed in (("-0.01", "100.00"), ("100.00", "-5.00"), ("0", "5.00")):
        assert lint(row("-", budget=budget, executed=executed), "PL201") == []
        assert lint(row("-", budget=budget, executed=executed), "PL202") == []


def test_total_rows_and_mixed_units(lint):
    text = """
        perflint: 1
        money_unit: 元
        budget_tables:
          - kind: 汇总
            rows:
              - {label: 第一中学, budget: "1.2亿元", executed: "118000000", rate: "98.33%"}
            total: {label: 合计, budget: "12000万元", executed: "1.18亿元", rate: "98.83%"}
    """
    findings = lint(text, "PL103")
    assert [(f.stated, f.expected) for f in findings] == [("98.83%", "98.33%")]
    assert "合计" in findings[0].message


def test_seed_004_shape_holds_and_fails_where_it_should(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 资金来源
            rows:
              - {label: 财政拨款, budget: "335.33", executed: "424.5", rate: "126.59%"}
              - {label: 其他资金, budget: "-", executed: "-"}
          - kind: 资金结构
            rows:
              - {label: 基本支出, budget: "193.13", executed: "283.04", rate: "126.59%"}
              - {label: 项目支出, budget: "142.2", executed: "141.46", rate: "99.48%"}
    """
    findings = lint(text, "PL103")
    assert [(f.stated, f.expected) for f in findings] == [("126.59%", "146.55%")]
    assert "基本支出" in findings[0].message
