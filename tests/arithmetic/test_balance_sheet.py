"""PL106 net-assets (资产 − 负债) and PL107 debt-ratio (负债 / 资产) on balance sheets."""

from __future__ import annotations

import pytest

SHEET = """
    perflint: 1
    money_unit: 元
    balance_sheets:
      - entity: 区疾控中心
        assets: {{label: 资产合计, total: "{assets}"}}
{liabilities}
        net_assets: {{label: 净资产合计, total: "{net}"}}
        debt_ratio: "{ratio}"
"""


def sheet(assets="8765432.10", liabilities: str | None = "1234567.89", net="7530864.21",
          ratio="14.08%") -> str:
    line = "" if liabilities is None else f'        liabilities: {{label: 负债合计, total: "{liabilities}"}}'
    return SHEET.format(assets=assets, liabilities=line, net=net, ratio=ratio)


def test_silent_on_a_consistent_sheet(lint):
    assert lint(sheet(), "PL106") == []
    assert lint(sheet(), "PL107") == []


def test_net_assets_fires_with_expected_and_related(lint):
    findings = lint(sheet(net="7530846.21"), "PL106")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.stated, finding.expected) == ("7530846.21", "7530864.21")
    assert [r.span.quote for r in finding.related] == ['"8765432.10"', '"1234567.89"']
    assert "区疾控中心 净资产合计" in finding.message


@pytest.mark.parametrize(("net", "flagged"), [
    # 8765432.10 − 1234567.89 lies in (7530864.20, 7530864.22): both roundings widen a difference
    ("7530864.21", False), ("7530864.22", False), ("7530864.20", False),
    ("7530864.23", True), ("7530864.19", True), ("7530864.2", False), ("7530864", False), ("7530865", True),
])
def test_net_assets_rounding_boundary(lint, net, flagged):
    assert bool(lint(sheet(net=net), "PL106")) is flagged


def test_mixed_units_in_a_sheet(lint):
    # 876.54万元 − 123.46万元 = 753.08万元 ± 0.01万元, i.e. [7530700, 7530900) 元;
    # a stated 7530900.00 stands for [7530899.995, 7530900.005), which still meets it
    assert lint(sheet(assets="876.54万元", liabilities="123.46万元", net="7530800"), "PL106") == []
    assert lint(sheet(assets="876.54万元", liabilities="123.46万元", net="7530900.00"), "PL106") == []
    assert lint(sheet(assets="876.54万元", liabilities="123.46万元", net="7530900.01"), "PL106") != []


def test_liabilities_stated_as_zero_or_nil(lint):
    assert lint(sheet(liabilities="0", net="8765432.10", ratio="0%"), "PL106") == []
    assert lint(sheet(liabilities="-", net="8765432.10", ratio="0%"), "PL106") == []
    findings = lint(sheet(liabilities="-", net="7530864.21", ratio="0%"), "PL106")
    assert [f.expected for f in findings] == ["8765432.10"]


def test_absent_liabilities_are_not_assumed_zero(lint):
    assert lint(sheet(liabilities=None, net="7530864.21"), "PL106") == []
    assert lint(sheet(liabilities=None, net="7530864.21"), "PL107") == []


def test_debt_ratio_fires(lint):
    findings = lint(sheet(ratio="41.08%"), "PL107")
    assert len(findings) == 1
    assert (findings[0].stated, findings[0].expected) == ("41.08%", "14.08%")
    assert [r.span.quote for r in findings[0].related] == ['"1234567.89"', '"8765432.10"']


@pytest.mark.parametrize(("ratio", "flagged"), [
    # 1234567.89 / 8765432.10 lies in [14.0845068%, 14.0845070%]
    ("14.08%", False), ("14.09%", True), ("14.07%", True), ("14.1%", False), ("14.2%", True),
    ("14%", False), ("15%", True), ("14.085%", False), ("14.084%", True), ("14.086%", True),
    ("14.0845%", False), ("14.0844%", True), ("14.0846%", True),
])
def test_debt_ratio_rounding_boundary(lint, ratio, flagged):
    assert bool(lint(sheet(ratio=ratio), "PL107")) is flagged


def test_debt_ratio_with_nil_liabilities_must_be_zero(lint):
    assert lint(sheet(liabilities="-", net="8765432.10", ratio="0.00%"), "PL107") == []
    assert [f.expected for f in lint(sheet(liabilities="-", net="8765432.10", ratio="5%"), "PL107")] == ["0%"]


def test_seed_000_figures_hold(lint):
    text = """
        perflint: 1
        balance_sheets:
          - assets: {label: 资产合计, total: "11016.94万元"}
            liabilities: {label: 负债合计, total: "7986.88万元"}
            net_assets: {label: 净资产, total: "3030.06万元"}
            debt_ratio: "72.5%"
    """
    assert lint(text, "PL106") == []
    assert lint(text, "PL107") == []
    assert lint(text.replace("72.5%", "72.6%"), "PL107") != []
