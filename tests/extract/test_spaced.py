"""Budget tables whose cells are separated by spaces (perflint.extract.spaced)."""

from __future__ import annotations

from perflint.extract import extract_text
from perflint.testing import lint_text

HEAD = "项目支出绩效自评表\n（2023年度）\n项目名称 村级道路养护经费\n项目资金\n（万元）\n"
HEADER = "年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n"


def _table(*rows: str) -> str:
    rows_text = "".join(row + "\n" for row in rows)
    return HEAD + HEADER + rows_text + "年度总体目标完成情况 预期目标 实际完成情况\n"


def _rows(text: str):
    report = extract_text(text)
    return [(row.label, row.budget and row.budget.literal, row.executed and row.executed.literal,
             row.rate and row.rate.literal, row.score and row.score.literal)
            for table in report.budget_tables for row in [table.total, *table.rows] if row is not None]


def test_a_full_row_and_its_parts_are_read_column_by_column():
    text = _table("年度资金总额: 120 120 96 10 80.00% 8", " 其中:本年财政拨款 120 120 96 - - -",
                  "   上年结转资金 - -", "     其他资金 - -")
    assert _rows(text) == [("年度资金总额", "120", "96", "80.00%", "8"),
                           ("本年财政拨款", "120", "96", "-", "-"),
                           ("上年结转资金", "-", None, None, None),
                           ("其他资金", "-", None, None, None)]


def test_one_figure_fewer_with_no_percentage_leaves_the_rate_blank():
    assert _rows(_table("年度资金总额: 120 120 96 10 8"))[0] == ("年度资金总额", "120", "96", None, "8")


def test_a_row_that_could_stand_under_several_columns_leaves_the_table_unread():
    """120 96 under six columns: which two? Reading a guess would check the wrong figures."""
    assert _rows(_table("年度资金总额: 120 120 96 10 80.00% 8", " 其中:本年财政拨款 120 96")) == []


def test_a_wrong_rate_in_a_spaced_table_is_found_where_it_is_written():
    findings = lint_text(_table("年度资金总额: 120 120 96 10 90.00% 9"), select=["PL103"])
    (finding,) = [f for f in findings if f.code == "PL103"]
    assert finding.span.quote == "90.00%" and finding.span.line == 7
    assert finding.expected == "80.00%"


def test_words_that_are_not_all_budget_columns_are_no_header():
    text = (HEAD + "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
            "产出指标 数量指标 道路里程 10 10 20 20\n")
    assert extract_text(text).budget_tables == []


def test_a_caption_naming_the_unit_heads_the_label_column():
    text = ("项目支出绩效自评表\n（2023年度）\n"
            "项目资金（元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 5000 5000 4000 10 80.00% 8\n")
    report = extract_text(text)
    (table,) = report.budget_tables
    assert table.total is not None and table.total.budget.literal == "5000"
    assert table.total.budget.unit == "元" or report.money_unit == "元"
