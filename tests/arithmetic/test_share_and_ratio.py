"""PL104 share (part / breakdown total) and PL105 ratio (stated numerator / denominator)."""

from __future__ import annotations

import pytest

ASSETS = """
    perflint: 1
    balance_sheets:
      - entity: 区档案馆
        assets:
          label: 资产总额
          total: "2458.70万元"
          complete: {complete}
          parts:
            - {{label: 流动资产, value: "1873.25万元", share: "{share}"}}
            - {{label: 固定资产, value: "585.45万元", share: "23.81%"}}
"""


def test_share_fires_with_expected_and_related(lint):
    findings = lint(ASSETS.format(share="67.19%", complete="true"), "PL104")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.span.quote, finding.stated, finding.expected) == ('"67.19%"', "67.19%", "76.19%")
    assert [r.span.quote for r in finding.related] == ['"1873.25万元"', '"2458.70万元"']
    assert "区档案馆 资产总额" in finding.message


@pytest.mark.parametrize(("share", "flagged"), [
    # 1873.25 / 2458.70 lies in [76.1884%, 76.1893%]
    ("76.19%", False), ("76.18%", True), ("76.20%", True), ("76.2%", False), ("76.1%", True),
    ("76%", False), ("77%", True),
])
def test_share_rounding_boundary(lint, share, flagged):
    assert bool(lint(ASSETS.format(share=share, complete="true"), "PL104")) is flagged


def test_share_is_checked_in_an_incomplete_breakdown_too(lint):
    assert lint(ASSETS.format(share="76.19%", complete="false"), "PL104") == []
    assert len(lint(ASSETS.format(share="67.19%", complete="false"), "PL104")) == 1


def test_share_of_a_count_and_a_nil_part(lint):
    text = """
        perflint: 1
        staffing:
          - label: 实有人数
            total: "45人"
            complete: false
            parts:
              - {label: 在编人员, value: "36人", share: "%s"}
              - {label: 临聘人员, value: "-", share: "20%%"}
    """
    assert lint(text % "80%", "PL104") == []      # 36 / 45 = 80% exactly
    assert lint(text % "80.0%", "PL104") == []
    assert len(lint(text % "79.9%", "PL104")) == 1  # counts are exact: no tolerance but the share's own


RATIO = """
    perflint: 1
    ratios:
      - label: {label}
        stated: "{stated}"
        numerator: "{num}"
        denominator: "{den}"
"""


def ratio(stated: str, num: str, den: str, label: str = "划拨用地占比") -> str:
    return RATIO.format(label=label, stated=stated, num=num, den=den)


def test_ratio_fires_and_names_numerator_and_denominator(lint):
    findings = lint(ratio("62.50%", "13宗", "24宗"), "PL105")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.stated, finding.expected) == ("62.50%", "54.17%")
    assert [(r.span.quote, r.label) for r in finding.related] == [('"13宗"', "分子"), ('"24宗"', "分母")]


@pytest.mark.parametrize(("stated", "flagged"), [
    # 25 / 32 = 78.125% exactly; reports round half up, so 78.13% is right and 78.12% is not
    ("78.13%", False), ("78.12%", True), ("78.14%", True), ("78.1%", False), ("78%", False),
    ("78.125%", False), ("78.124%", True), ("78.126%", True),
])
def test_ratio_of_counts_boundary(lint, stated, flagged):
    assert bool(lint(ratio(stated, "25宗", "32宗"), "PL105")) is flagged


def test_ratio_reads_a_bare_side_in_the_other_side_unit(lint):
    assert lint(ratio("50%", "2", "4个", label="方案完成率"), "PL105") == []
    assert lint(ratio("40%", "2", "4个", label="方案完成率"), "PL105") != []


def test_ratio_of_money_in_mixed_units(lint):
    # 4110.78万元 / 10.923亿元 = 3.7634%
    assert lint(ratio("3.76%", "4110.78万元", "10.923亿元"), "PL105") == []
    assert lint(ratio("3.67%", "4110.78万元", "10.923亿元"), "PL105") != []


def test_ratio_with_comparator_and_per_mille(lint):
    assert lint(ratio("不低于90%", "95人", "100人", label="满意度"), "PL105") == []
    assert lint(ratio("不低于90%", "85人", "100人", label="满意度"), "PL105") != []
    assert lint(ratio("12.5‰", "1人", "80人", label="差错率"), "PL105") == []


@pytest.mark.parametrize(("num", "den"), [("25宗", "32亩"), ("-", "32宗"), ("25宗", "0宗"), ("若干", "32宗")])
def test_ratio_skips_what_cannot_be_computed(lint, num, den):
    assert lint(ratio("78.13%", num, den), "PL105") == []


def test_ratio_skips_a_stated_value_that_is_not_a_rate(lint):
    assert lint(ratio("3人", "25宗", "32宗"), "PL105") == []
