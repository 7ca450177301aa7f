"""PL108 funding-split: 资金来源 and 资金结构 of one 整体支出 must add up to the same amount."""

from __future__ import annotations

HEADER = """
    perflint: 1
    budget_tables:
      - kind: 资金来源
        rows:
          - {{label: 财政拨款, budget: "1288.60", executed: "1254.31"}}
          - {{label: 其他资金, budget: "35.00", executed: "{other}"}}
      - kind: 资金结构
        rows:
          - {{label: 基本支出, budget: "{basic}", executed: "872.10"}}
          - {{label: 项目支出, budget: "402.60", executed: "417.21"}}
"""


def header(basic: str = "921.00", other: str = "35.00") -> str:
    return HEADER.format(basic=basic, other=other)


def test_silent_when_both_splits_agree(lint):
    assert lint(header(), "PL108") == []


def test_fires_per_column_with_every_figure_related(lint):
    findings = lint(header(basic="912.00"), "PL108")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.stated, finding.expected) == ("1314.60", "1323.60")
    assert "全年预算数" in finding.message
    assert [r.span.quote for r in finding.related] == ['"912.00"', '"402.60"', '"1288.60"', '"35.00"']


def test_boundary(lint):
    # structure 872.10 + 417.21 stands for [1289.30, 1289.32); sources 1254.31 + 35.0x likewise
    assert lint(header(other="35.01"), "PL108") == []        # [1289.31, 1289.33) meets it
    assert len(lint(header(other="35.02"), "PL108")) == 1    # [1289.32, 1289.34) only touches the open end


def test_nil_rows_count_as_zero_and_total_rows_are_used(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 资金来源
            total: {label: 合计, budget: "335.33", executed: "424.5"}
            rows:
              - {label: 财政拨款, budget: "335.33", executed: "424.5"}
              - {label: 其他资金, budget: "-", executed: "-"}
          - kind: 资金结构
            rows:
              - {label: 基本支出, budget: "193.13", executed: "283.04"}
              - {label: 项目支出, budget: "142.2", executed: "141.46"}
    """
    assert lint(text, "PL108") == []
    findings = lint(text.replace('"141.46"', '"114.46"'), "PL108")
    assert [(f.stated, f.expected) for f in findings] == [("397.50", "424.50")]


def test_not_run_when_tables_cannot_be_paired(lint):
    two_sources = header(basic="912.00") + """
      - kind: 资金来源
        rows:
          - {label: 财政拨款, budget: "10.00", executed: "10.00"}
    """
    assert lint(two_sources, "PL108") == []
    kind = "      - kind: 资金结构\n"
    incomplete = header(basic="912.00").replace(kind, kind + "        complete: false\n")
    assert lint(incomplete, "PL108") == []


def test_summary_comparison_is_off_by_default(lint):
    text = header() + """
      - kind: 汇总
        rows:
          - {label: 本级, budget: "1000.00", executed: "990.00"}
        total: {label: 合计, budget: "1000.00", executed: "990.00"}
    """
    assert lint(text, "PL108") == []
    findings = lint(text, "PL108", rule_options={"PL108": {"compare_summary": True}})
    assert [(f.stated, f.expected) for f in findings] == [("1000.00", "1323.60"), ("990.00", "1289.31")]
