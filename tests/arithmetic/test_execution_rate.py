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
    ("0", "12.00", "100%"),  # the budget may be zero: no quotient
    ("-", "-", "-"),
    ("35.00", "-", "0%"),
    ("35.00", "12.00", "-"),
    ("35.00", "12.00", "按计划执行"),
])
def test_rows_that_cannot_be_computed_are_skipped(lint, budget, executed, rate):
    assert lint(row(rate, budget=budget, executed=executed), "PL103") == []


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
