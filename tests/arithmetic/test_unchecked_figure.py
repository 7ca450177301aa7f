"""PL111 unchecked-figure: a figure with more digits than perflint checks is said to be unchecked,
left out of the arithmetic, and the other figures are checked as usual (issue 20: a figure
needing more than 60 digits was `decimal.InvalidOperation`, reported as PL001)."""

from __future__ import annotations

import pytest

from perflint.testing import lint_yaml

HUGE = "1" * 70 + ".5"

TABLE = """\
perflint: 1
budget_tables:
  - kind: 支出
    title: 资金结构
    total: {{label: 合计, budget: "{total}", executed: "{total}", rate: "100%"}}
    rows:
      - {{label: 基本支出, budget: "{budget}", executed: "{executed}", rate: "{rate}"}}
      - {{label: 项目支出, budget: "100.00", executed: "80.00", rate: "90.00%"}}
"""


def _lint(text: str, codes: tuple[str, ...] = ("PL1", "PL2")):
    findings = lint_yaml(text, select=list(codes))
    assert not [f for f in findings if f.code in ("PL000", "PL001")], findings
    return findings


@pytest.mark.parametrize(("budget", "executed", "rate", "digits"), [
    (HUGE, HUGE, "100%", 71),                       # a 71-digit amount
    ("100.00", "90.00", "0." + "1" * 80 + "%", 80),  # a rate written to 80 decimals
    ("1" + "0" * 5000, "5", "100%", 5001),           # a 5001-digit amount
])
def test_an_extreme_figure_is_a_warning_and_the_other_checks_go_on(budget, executed, rate, digits):
    text = TABLE.format(total="200.00", budget=budget, executed=executed, rate=rate)
    findings = _lint(text)
    unchecked = [f for f in findings if f.code == "PL111"]
    assert unchecked and all(f.severity == "warning" for f in unchecked)
    assert f"有{digits}位，超出可核对的24位" in unchecked[0].message
    assert len(unchecked[0].message) < 120  # the figure is quoted by its ends, not in full
    # the 项目支出 row's own defect (80 / 100 = 80%, not 90%) is still found
    assert any(f.code == "PL103" and f.stated == "90.00%" for f in findings), findings
    assert not any(f.code in ("PL103", "PL201", "PL202") and f.stated == rate and rate != "100%"
                   for f in findings)


def test_a_figure_within_the_checked_digits_is_checked():
    """24 digits are checked: the sum of two such amounts is still exact."""
    part = "1" * 20 + ".50"
    text = ("perflint: 1\nbreakdowns:\n  - label: 合计\n    total: \"" + "2" * 20 + ".00\"\n"
            f"    parts:\n      - {{label: 甲, value: \"{part}\"}}\n"
            f"      - {{label: 乙, value: \"{part}\"}}\n")
    findings = _lint(text, ("PL101", "PL111"))
    assert [f.code for f in findings] == ["PL101"]
    assert findings[0].expected == "2" * 19 + "3.00"


def test_every_kind_of_figure_is_looked_at_once():
    text = (f'perflint: 1\nfacts:\n  - {{concept: 预算数, value: "{HUGE}万元"}}\n'
            f'indicators:\n  - {{name: 产出, level: 1, weight: "{HUGE}", score: "5"}}\n'
            'evaluation: {total_score: "0.' + "5" * 30 + '"}\n')
    findings = _lint(text, ("PL111",))
    assert sorted(f.span.line for f in findings) == [3, 5, 6]


def test_ordinary_figures_are_not_reported():
    assert _lint(TABLE.format(total="200.00", budget="100.00", executed="80.00", rate="80.00%"),
                 ("PL111",)) == []
