"""PL101 breakdown-sum: totals against their parts, with tolerance from stated precision."""

from __future__ import annotations

import pytest

BREAKDOWN = """
    perflint: 1
    breakdowns:
      - label: {label}
        total: "{total}"
        complete: {complete}
        parts:
{parts}
"""


def report(total: str, *parts: str, label: str = "项目支出合计", complete: bool = True) -> str:
    lines = "\n".join(f'          - {{label: 部分{i}, value: "{p}"}}' for i, p in enumerate(parts, 1))
    return BREAKDOWN.format(label=label, total=total, parts=lines, complete=str(complete).lower())


def test_fires_when_parts_do_not_add_up(lint):
    findings = lint(report("58.70", "12.10", "45.40"), "PL101")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.span.quote == '"58.70"'
    assert finding.expected == "57.50" and finding.stated == "58.70"
    assert [r.span.quote for r in finding.related] == ['"12.10"', '"45.40"']


def test_silent_when_parts_add_up(lint):
    assert lint(report("57.5", "12.1", "45.4"), "PL101") == []


@pytest.mark.parametrize(("total", "flagged"), [
    # parts 1221.65 + 1419.24 stand for [2640.88, 2640.90]; a total of d=2 stands for ±0.005
    ("2640.89", False), ("2640.90", False), ("2640.88", False),
    ("2640.91", True), ("2640.87", True),
    # a total with fewer decimals is its own, wider interval: 2641 = [2640.5, 2641.5]
    ("2641", False), ("2642", True),
])
def test_rounding_boundary_of_a_money_sum(lint, total, flagged):
    assert bool(lint(report(total, "1221.65", "1419.24"), "PL101")) is flagged


@pytest.mark.parametrize(("total", "flagged"), [("32宗", False), ("33宗", True), ("31宗", True)])
def test_counts_are_exact(lint, total, flagged):
    assert bool(lint(report(total, "7宗", "25宗", label="供应土地"), "PL101")) is flagged


def test_mixed_money_units_hold_exactly(lint):
    assert lint(report("10.923亿元", "10.512亿元", "4110.78万元", label="供应收入"), "PL101") == []
    findings = lint(report("10.933亿元", "10.512亿元", "4110.78万元", label="供应收入"), "PL101")
    assert [f.expected for f in findings] == ["10.923亿元"]


def test_bare_figures_use_the_report_money_unit(lint):
    # 0.5万元 is 5000元: the bare 4.5 is read in 万元, so 5 = 0.5 + 4.5 holds
    assert lint(report("5", "5000元", "4.5"), "PL101") == []
    assert lint(report("5", "5000元", "5.5"), "PL101") != []


def test_nil_parts_count_as_zero(lint):
    assert lint(report("335.33", "335.33", "-"), "PL101") == []
    assert lint(report("335.33", "300.00", "-"), "PL101") != []


def test_incomplete_breakdown_fires_only_when_parts_exceed_the_total(lint):
    assert lint(report("7人", "2人", "4人", label="实有人数", complete=False), "PL101") == []
    findings = lint(report("7人", "5人", "4人", label="实有人数", complete=False), "PL101")
    assert len(findings) == 1 and "超过总数" in findings[0].message


def test_units_of_different_kinds_are_not_compared(lint):
    assert lint(report("32宗", "7宗", "25亩"), "PL101") == []


def test_balance_sheet_breakdowns_name_their_entity(lint):
    text = """
        perflint: 1
        balance_sheets:
          - entity: 交易中心
            assets:
              label: 资产合计
              total: "32.51万元"
              parts:
                - {label: 流动资产合计, value: "23.51万元"}
                - {label: 非流动资产, value: "10.00万元"}
            liabilities:
              label: 负债合计
              total: "12.00"
              parts:
                - {label: 流动负债, value: "7.00"}
                - {label: 非流动负债, value: "5.00"}
    """
    findings = lint(text, "PL101")
    assert len(findings) == 1
    assert "交易中心 资产合计" in findings[0].message and findings[0].expected == "33.51万元"


def test_english_message(lint):
    findings = lint(report("58.70", "12.10", "45.40"), "PL101", lang="en")
    assert findings[0].message.startswith("项目支出合计 is stated as 58.70 but its parts add up to 57.50")
