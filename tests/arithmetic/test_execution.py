"""PL201 execution-over-100 and PL202 execution-below-floor: warnings that say whether a reason is given."""

from __future__ import annotations

import pytest

TABLE = """
    perflint: 1
    budget_tables:
      - kind: 支出
        title: 支出情况
        rows:
          - {{label: 基本支出, budget: "{budget}", executed: "{executed}", rate: "{rate}"{reason}}}
          - {{label: 项目支出, budget: "60.00", executed: "57.60", rate: "96.00%"}}
{sections}
"""


def table(rate: str = "96.00%", budget: str = "50.00", executed: str = "48.00", reason: str | None = None,
          narrative: str | None = None) -> str:
    reason_text = "" if reason is None else f", reason: {reason}"
    sections = "" if narrative is None else f"""
    sections:
      - heading: 当年预算及执行情况
        body: {narrative}
"""
    return TABLE.format(budget=budget, executed=executed, rate=rate, reason=reason_text, sections=sections)


# ------------------------------------------------------------------------------------- PL201

def test_over_100_is_a_warning_that_says_no_reason(lint):
    findings = lint(table(rate="118.40%", executed="59.20"), "PL201")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.quote == '"118.40%"'
    assert "报告未说明原因" in finding.message and "支出情况 基本支出" in finding.message
    assert [r.span.quote for r in finding.related] == ['"59.20"', '"50.00"']


def test_over_100_with_the_row_reason(lint):
    reason = "年中追加防汛物资采购经费9.2万元"
    findings = lint(table(rate="118.40%", executed="59.20", reason=reason), "PL201")
    assert len(findings) == 1 and "本行说明了原因" in findings[0].message
    assert "追加防汛物资" in findings[0].message
    quiet = lint(table(rate="118.40%", executed="59.20", reason="追加经费"), "PL201",
                 rule_options={"PL201": {"report_explained": False}})
    assert quiet == []


@pytest.mark.parametrize("placeholder", ["无", "暂无", '"-"', '"/"', "无偏差"])
def test_placeholder_reasons_are_no_reason(lint, placeholder):
    findings = lint(table(rate="118.40%", executed="59.20", reason=placeholder), "PL201")
    assert "报告未说明原因" in findings[0].message


def test_over_100_explained_in_the_narrative(lint):
    narrative = "全年实际支出超出年初预算，主要原因是年中追加了防汛应急资金。"
    findings = lint(table(rate="118.40%", executed="59.20", narrative=narrative), "PL201")
    assert "报告其他处有相关说明" in findings[0].message
    assert "追加了防汛应急资金" in findings[0].message


@pytest.mark.parametrize("narrative", [
    "全年实际支出59.2万元，执行率118.40%。",           # repeats the figure, no cause
    "由于人员增加，满意度调查样本扩大。",               # a cause, but not about money
    "主要原因是新冠疫情影响，部分项目未能开工。",       # a cause, but it says under-, not over-spending
    '"公用经费控制率\\t>100%\\t由于给交易中心拨付政府采购资金增加"',  # another indicator's reason
])
def test_narratives_that_do_not_explain_over_spending(lint, narrative):
    findings = lint(table(rate="118.40%", executed="59.20", narrative=narrative), "PL201")
    assert "报告未说明原因" in findings[0].message


@pytest.mark.parametrize(("rate", "executed", "flagged"), [
    ("100%", "50.00", False), ("100.00%", "50.00", False), ("100.01%", "50.01", True),
    (">100%", "52.00", True), ("<100%", "48.00", False),
])
def test_over_100_boundary_of_stated_rates(lint, rate, executed, flagged):
    assert bool(lint(table(rate=rate, executed=executed), "PL201")) is flagged


def test_over_100_computed_when_no_rate_is_stated(lint):
    findings = lint(table(rate="-", executed="59.20"), "PL201")
    assert len(findings) == 1 and "118.40%" in findings[0].message
    assert findings[0].span.quote == '"59.20"'
    # 50.00 / 50.00 stands for an interval around 100% that is not wholly above it
    assert lint(table(rate="-", executed="50.00"), "PL201") == []
    # 50.01 / 50.00 = 100.02%, but the interval [100.00%, 100.04%] is not wholly above 100%
    assert lint(table(rate="-", executed="50.01"), "PL201") == []


def test_income_tables_are_not_execution(lint):
    text = table(rate="118.40%", executed="59.20").replace("kind: 支出", "kind: 收入")
    assert lint(text, "PL201") == []


def test_limit_option(lint):
    options = {"PL201": {"limit": "120"}}
    assert lint(table(rate="118.40%", executed="59.20"), "PL201", rule_options=options) == []


def test_ratio_named_as_budget_execution(lint):
    text = """
        perflint: 1
        ratios:
          - {label: 整体支出完成率, stated: "126.59%", numerator: "424.5", denominator: "335.33"}
          - {label: 政府采购执行率, stated: "130%", numerator: "13", denominator: "10"}
    """
    findings = lint(text, "PL201")
    assert [f.span.quote for f in findings] == ['"126.59%"']


# ------------------------------------------------------------------------------------- PL202

def test_below_floor_is_a_warning(lint):
    findings = lint(table(rate="80.42%", budget="120.00", executed="96.50"), "PL202")
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "低于90%" in findings[0].message and "报告未说明原因" in findings[0].message


@pytest.mark.parametrize(("rate", "flagged"), [("90%", False), ("90.00%", False), ("89.99%", True),
                                               ("89.5%", True), ("不低于85%", False)])
def test_below_floor_boundary(lint, rate, flagged):
    assert bool(lint(table(rate=rate), "PL202")) is flagged


def test_floor_option(lint):
    options = {"PL202": {"floor": "100"}}
    assert len(lint(table(), "PL202", rule_options=options)) == 2  # 96.00% twice
    assert lint(table(), "PL202", rule_options={"PL202": {"floor": "95"}}) == []


def test_below_floor_reason_in_row_and_narrative(lint):
    findings = lint(table(rate="80.42%", budget="120.00", executed="96.50", reason="部分设备采购延迟至次年"),
                    "PL202")
    assert "本行说明了原因" in findings[0].message
    narrative = "项目支出执行率偏低，主要原因是疫情导致工程延迟开工，资金结转下年使用。"
    findings = lint(table(rate="80.42%", budget="120.00", executed="96.50", narrative=narrative), "PL202")
    assert "报告其他处有相关说明" in findings[0].message


def test_below_floor_computed_and_zero_budget(lint):
    findings = lint(table(rate="", budget="120.00", executed="96.50"), "PL202")
    assert len(findings) == 1 and "80.42%" in findings[0].message
    assert lint(table(rate="0%", budget="0", executed="0"), "PL202") == []


def test_below_floor_and_over_100_never_both(lint):
    for rate in ("80.42%", "96.00%", "118.40%"):
        text = table(rate=rate, budget="120.00", executed="96.50")
        assert len(lint(text, "PL201")) + len(lint(text, "PL202")) <= 1


def test_unitless_rate_is_percent(lint):
    assert len(lint(table(rate="80.42", budget="120.00", executed="96.50"), "PL202")) == 1


def test_english_messages(lint):
    findings = lint(table(rate="118.40%", executed="59.20"), "PL201", lang="en")
    assert "above 100%" in findings[0].message and "no reason" in findings[0].message
