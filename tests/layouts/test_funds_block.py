"""The funds block of the national 项目支出绩效自评表 (issue 14), and the text shapes it comes in.

`年度资金总额` is the block's total and the `其中：…` rows are its parts (`其中` never names a group);
the row keeps its 分值 and 得分. Text exports are recovered as tables whether their cells are
separated by ` | `, by tabs (a row with an empty first cell starting with a tab), or written one
per line (Word's "save as text"). The layout cases in national__project-table pin the findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.document import Cell, Piece, Table
from perflint.extract import extract_text, text_document
from perflint.extract.tables import TableFacts, read_table
from perflint.profiles import builtin_profiles

HERE = Path(__file__).resolve().parent
CORRECT = HERE / "national__project-table" / "correct"


def rows_of(text: str) -> list[list[str]]:
    table = next(text_document(text).tables())
    return [[cell.text for cell in row] for row in table.rows]


# ------------------------------------------------------------------ text shapes


def test_bar_rows_keep_empty_first_and_last_cells():
    text = ("标题\n项目资金（万元） | | 全年预算数 | 全年执行数\n| 年度资金总额 | 10.00 | 9.00\n"
            "| 其他资金 | 0 | 0 |\n结束。\n")
    document = text_document(text)
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert rows_of(text) == [["项目资金（万元）", "", "全年预算数", "全年执行数"],
                             ["", "年度资金总额", "10.00", "9.00"], ["", "其他资金", "0", "0", ""]]
    figure = next(document.tables()).rows[1][3].piece.span()
    assert (figure.line, figure.column, figure.quote) == (3, 20, "9.00")


def test_markdown_tables_lose_their_border_bars_and_rule_row():
    text = "| 项目 | 全年预算数 |\n|---|:---:|\n| 基本支出 | 12.5 |\n"
    assert rows_of(text) == [["项目", "全年预算数"], ["基本支出", "12.5"]]


@pytest.mark.parametrize("line", ["网站首页 | 联系我们", "时间:2022-08-17 | 来源:某某局", "a|b"])
def test_a_lone_line_with_one_bar_stays_a_paragraph(line):
    document = text_document(f"{line}\n正文。\n")
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Paragraph"]


def test_tab_rows_with_an_empty_first_cell_stay_rows():
    text = ("资金投入情况（万元）\t\t全年预算数\t全年执行数\n\t年度资金总额\t300.00\t285.00\n"
            "\t其中：中央补助\t250.00\t240.00\n\t地方资金\t50.00\t45.00\n")
    assert rows_of(text) == [["资金投入情况（万元）", "", "全年预算数", "全年执行数"],
                             ["", "年度资金总额", "300.00", "285.00"],
                             ["", "其中：中央补助", "250.00", "240.00"], ["", "地方资金", "50.00", "45.00"]]


def test_word_flattened_cells_are_still_one_cell_per_line():
    text = "表\n\t序号\n\t预算单位\n\t全年预算数\n\n\t1\n\t某某局\n\t12.00\n"
    assert rows_of(text) == [["序号", "预算单位", "全年预算数"], ["1", "某某局", "12.00"]]


@pytest.mark.parametrize("name", ["input.txt", "input-tabs.txt", "input-cells.txt"])
def test_every_text_shape_of_the_form_gives_the_same_grid(name):
    bars = [[c for c in row] for row in rows_of((CORRECT / "input.txt").read_text(encoding="utf-8"))]
    grid = rows_of((CORRECT / name).read_text(encoding="utf-8"))
    # the one-cell-per-line export pads every row to the table's width
    assert [[c for c in row if c] for row in grid] == [[c for c in row if c] for row in bars]
    assert len(grid) == len(bars) == 18


# ------------------------------------------------------------------ the funds block

FORM = """\
项目支出绩效自评表
项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
| 年度资金总额 | 200.00 | 240.00 | 228.00 | 10 | 95.00% | 9.5
| 其中：当年财政拨款 | 200.00 | 200.00 | 190.00 | — | — | —
| 上年结转资金 | 0 | 40.00 | 38.00 | — | — | —
| 其他资金 | 0 | 0 | 0 | — | — | —
"""


def test_the_funds_total_row_and_its_parts():
    report = extract_text(FORM)
    assert report.kind == "project-table" and report.profile == "national/project-table"
    [block] = report.budget_tables
    assert (block.kind, block.title, block.complete) == ("整体", "项目资金", True)
    total = block.total
    assert total.label == "年度资金总额"
    assert [total.initial_budget.literal, total.budget.literal, total.executed.literal] == \
        ["200.00", "240.00", "228.00"]
    assert (total.weight.literal, total.rate.literal, total.score.literal) == ("10", "95.00%", "9.5")
    assert [row.label for row in block.rows] == ["当年财政拨款", "上年结转资金", "其他资金"]
    assert all(row.weight.nil and row.score.nil for row in block.rows)
    assert report.money_unit == "万元"


@pytest.mark.parametrize("parts_row", ["| 其中:当年财政拨款 |", "| 其中 当年财政拨款 |",
                                       "其中： | 当年财政拨款 |"])
def test_other_ways_of_writing_qizhong(parts_row):
    text = FORM.replace("| 其中：当年财政拨款 |", parts_row)  # the last: 其中 in a cell of its own
    [block] = extract_text(text).budget_tables
    assert block.total.label == "年度资金总额"
    assert [row.label for row in block.rows] == ["当年财政拨款", "上年结转资金", "其他资金"]


def test_a_money_unit_in_the_caption_applies_to_the_block():
    text = "单位：万元\n" + FORM.replace("项目资金（万元）", "项目资金（元）").replace(
        "| 200.00 | 240.00 | 228.00 |", "| 2000000 | 2400000 | 2280000 |")
    [block] = extract_text(text).budget_tables
    assert block.title == "项目资金"
    assert block.total.budget.unit == "元" and block.rows[0].budget.unit == "元"


def test_key_value_rows_of_the_project_form():
    report = extract_text("项目支出绩效自评表\n项目名称 | 某某项目\n"
                          "主管部门 | 某某局 | 实施单位 | 某某中心\n")
    assert (report.unit.name.text, report.unit.parent.text) == ("某某中心", "某某局")
    empty = extract_text("项目支出绩效自评表\n项目名称 | 某某项目\n主管部门 | | 实施单位 | 某某中心\n")
    assert empty.unit.name.text == "某某中心" and empty.unit.parent is None  # 实施单位 is no value


# ------------------------------------------------------------------ 其中 in other tables


def table(rows: list[list[str]]) -> Table:
    return Table(rows=[[Cell(Piece(text), row=r, column=c) for c, text in enumerate(row)]
                       for r, row in enumerate(rows)], index=1)


def read(rows: list[list[str]], columns=None) -> TableFacts:
    facts = TableFacts()
    columns = columns or builtin_profiles().get("national/project-table").compiled_columns
    read_table(facts, table(rows), None, None, columns)
    return facts


HEADER = ["项目", "全年预算数", "全年执行数"]


def shape(facts: TableFacts) -> list[tuple[str | None, list[str], bool]]:
    return [(b.total.label if b.total else None, [r.label for r in b.rows], b.complete)
            for b in facts.budget_tables]


def test_qizhong_after_a_run_of_rows_makes_the_row_above_a_new_total():
    facts = read([HEADER, ["收入合计", "100", "100"], ["其中：财政拨款", "80", "80"],
                  ["其他资金", "20", "20"],
                  ["支出合计", "100", "90"], ["其中：基本支出", "60", "55"], ["项目支出", "40", "35"]])
    # 支出合计 is read as a part of 收入合计 until its own 其中: whether it is a second total or a
    # part with parts of its own (and where those end) is not stated, so neither block is summed
    # beyond what is certain, and no row is lost
    assert shape(facts) == [("收入合计", ["财政拨款", "其他资金"], False),
                            (None, ["支出合计", "基本支出", "项目支出"], False)]


def test_qizhong_after_rows_with_no_total_opens_a_block():
    facts = read([HEADER, ["基本支出", "60", "55"], ["项目支出", "40", "35"], ["其中：专项", "30", "28"],
                  ["其他", "10", "7"]])
    assert shape(facts) == [(None, ["基本支出"], True), ("项目支出", ["专项", "其他"], True)]


def test_qizhong_on_the_first_row_has_no_total():
    facts = read([HEADER, ["其中：财政拨款", "80", "80"], ["其他资金", "20", "20"]])
    assert shape(facts) == [(None, ["财政拨款", "其他资金"], True)]


def test_qizhong_is_never_a_group_and_groups_still_are():
    facts = read([HEADER, ["资金来源：（1）财政拨款", "80", "80"], ["（2）其他资金", "20", "20"],
                  ["合计", "100", "100"]])
    assert [b.kind for b in facts.budget_tables] == ["资金来源"]
    assert shape(facts) == [("合计", ["财政拨款", "其他资金"], True)]
    blocks = read([HEADER, ["年度资金总额", "9", "9"], ["其中：甲", "9", "9"]]).budget_tables
    assert [b.kind for b in blocks] == ["整体"]


def test_a_profile_may_name_total_rows():
    """The national project profile names 年度资金总额 as its funds block's total row, so the
    total holds even when a form drops `其中`; a profile without the marker reads no total."""
    marked = builtin_profiles().get("national/project-table").compiled_columns
    unmarked = {name: fields for name, fields in marked.items() if name != "budget_rows"}
    rows = [HEADER, ["年度资金总额", "100", "90"], ["财政拨款", "80", "72"], ["其他资金", "20", "18"]]
    assert shape(read(rows, unmarked)) == [(None, ["年度资金总额", "财政拨款", "其他资金"], True)]
    assert shape(read(rows, marked)) == [("年度资金总额", ["财政拨款", "其他资金"], True)]
