"""PL102 budget-table-sum: total rows against their rows, money column by money column."""

from __future__ import annotations

import pytest

PROJECT_BLOCK = """
    perflint: 1
    kind: 项目支出绩效自评表
    money_unit: 元
    budget_tables:
      - kind: 资金来源
        title: 年度资金总额
        total: {{label: 年度资金总额, initial_budget: "{i}", budget: "{b}", executed: "{e}", rate: "99.95%"}}
        rows:
          - {{label: 本年财政拨款, initial_budget: "900000", budget: "899740", executed: "899740"}}
          - {{label: 上年结转资金, initial_budget: "0", budget: "100000", executed: "99800"}}
          - {{label: 其他资金, initial_budget: "-", budget: "-", executed: "-"}}
"""


def project(i: str = "900000", b: str = "999740", e: str = "999540") -> str:
    return PROJECT_BLOCK.format(i=i, b=b, e=e)


def test_silent_on_a_consistent_project_block(lint):
    assert lint(project(), "PL102") == []


def test_each_money_column_is_checked_on_its_own(lint):
    findings = lint(project(i="1000000", e="999450"), "PL102")
    assert [(f.span.quote, f.expected) for f in findings] == [('"1000000"', "900000"), ('"999450"', "999540")]
    assert all(f.severity == "error" for f in findings)
    # related: the non-nil cells of that column, not the "-" row
    assert [r.span.quote for r in findings[1].related] == ['"899740"', '"99800"']
    assert "年初预算数" in findings[0].message and "全年执行数" in findings[1].message


SUMMARY = """
    perflint: 1
    budget_tables:
      - kind: 汇总
        title: 部门整体支出自评情况汇总表
        rows:
          - {{label: 区文化馆, budget: "512.40", executed: "498.77", rate: "97.34%",
             self_score: "92", review_score: "90"}}
          - {{label: 区图书馆, budget: "387.5", executed: "380.12", rate: "98.10%",
             self_score: "95", review_score: "93"}}
          - {{label: 区美术馆, budget: "76.03", executed: "-", rate: "-",
             self_score: "80", review_score: "80"}}
        total: {{label: 合计, budget: "{budget}", executed: "{executed}", self_score: "{score}"}}
"""


@pytest.mark.parametrize(("budget", "flagged"), [
    # 512.40 + 387.5 + 76.03 = 975.93, and 387.5 widens the rows' interval to ±0.06
    ("975.93", False), ("975.99", False), ("975.87", False), ("976.00", True), ("975.86", True),
])
def test_summary_total_boundary(lint, budget, flagged):
    findings = lint(SUMMARY.format(budget=budget, executed="878.89", score="89"), "PL102")
    assert bool(findings) is flagged


def test_summary_nil_cells_count_as_zero_and_scores_are_not_summed(lint):
    # 498.77 + 380.12 + "-" = 878.89; the 自评分数 column (92 + 95 + 80 ≠ 89) is never summed
    assert lint(SUMMARY.format(budget="975.93", executed="878.89", score="89"), "PL102") == []
    findings = lint(SUMMARY.format(budget="975.93", executed="878.98", score="89"), "PL102")
    assert [f.expected for f in findings] == ["878.89"]
    assert "合计的全年执行数为878.98" in findings[0].message


def test_income_table_of_seed_001_shape(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 收入
            total: {label: 收入合计, budget: "340.29万元", executed: "340.29万元"}
            rows:
              - {label: 本年财政拨款收入, budget: "320.09万元", executed: "320.09万元"}
              - {label: 年初结转和结余, budget: "21.20万元", executed: "21.20万元"}
    """
    findings = lint(text, "PL102")
    assert [(f.stated, f.expected) for f in findings] == [("340.29万元", "341.29万元")] * 2


def test_a_row_without_the_column_skips_that_column(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 支出
            total: {label: 支出合计, initial_budget: "999", budget: "120.00", executed: "110.00"}
            rows:
              - {label: 基本支出, budget: "80.00", executed: "75.00"}
              - {label: 项目支出, budget: "40.00", executed: "35.00"}
              - {label: 其中：专项}
    """
    assert lint(text, "PL102") == []  # 年初预算数 is not stated in the rows; the heading row is ignored


def test_incomplete_table_fires_only_when_rows_exceed_total(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 支出
            complete: false
            total: {label: 支出合计, budget: "120.00"}
            rows:
              - {label: 基本支出, budget: "%s"}
    """
    assert lint(text % "80.00", "PL102") == []
    findings = lint(text % "130.00", "PL102")
    assert len(findings) == 1 and "超过合计" in findings[0].message


def test_words_in_cells_are_skipped(lint):
    text = """
        perflint: 1
        budget_tables:
          - kind: 支出
            total: {label: 支出合计, budget: "120.00"}
            rows:
              - {label: 基本支出, budget: "据实列支"}
              - {label: 项目支出, budget: "40.00"}
    """
    assert lint(text, "PL102") == []
