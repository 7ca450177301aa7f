"""Text → Document: paragraphs, flattened tables, and the map back to line and column."""

from __future__ import annotations

import pytest

from perflint.document import Paragraph, Table
from perflint.extract import load_text_document, text_document
from perflint.extract.textdoc import MAX_TEXT_CHARS
from perflint.loaders.base import InputError

FLAT = (
    "2023年度部门整体支出自评情况汇总表\n"
    "\t主管部门（盖章）：\n\t\n\t\n\t单位：万元\n"
    "\n"
    "\t序号\n\t预算单位\n\t全年\n\n预算数\n\t全年\n\n执行数\n\t执行率\n"
    "\n"
    "\t1\n\t某某区文化广电\n\n旅游局\n\t512.30\n\t498.72\n\t97.35%\n"
    "\n"
    "\t2\n\t某某区图书馆\n\t120.00\n\t118.40\n\t98.67%\n"
    " \t9\n \t合计\n\t632.30\n\t617.12\n\t97.60%\n"
    "\n\n"
    "注：此表由各主管部门填报。\n"
    "部门概况\n"
)


def table_texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_flattened_cells_become_rows_and_cells():
    document = text_document(FLAT)
    kinds = [type(block).__name__ for block in document.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph", "Paragraph"]
    rows = table_texts(document.blocks[1])
    assert rows[0] == ["主管部门（盖章）：", "", "", "单位：万元"]
    # a header split over lines is one cell; blank lines between a cell's lines are dropped
    assert rows[1] == ["序号", "预算单位", "全年\n预算数", "全年\n执行数", "执行率"]
    assert rows[2] == ["1", "某某区文化广电\n旅游局", "512.30", "498.72", "97.35%"]
    # the 合计 row follows without a blank line: the table's width starts a new row
    assert rows[3] == ["2", "某某区图书馆", "120.00", "118.40", "98.67%"]
    assert rows[4] == ["9", "合计", "632.30", "617.12", "97.60%"]
    # the note after the table is a paragraph, not the last cell's continuation
    assert document.blocks[2].text == "注：此表由各主管部门填报。"


def test_cell_pieces_point_at_the_source():
    document = text_document(FLAT)
    table = document.blocks[1]
    split_header = table.rows[1][2]
    span = split_header.piece.span()
    assert (span.line, span.column, span.end_line) == (9, 2, 11)
    assert span.quote == "全年\n\n预算数"  # the exact source, blank line included
    figure = table.rows[2][3].piece.span()
    assert (figure.line, figure.column, figure.quote) == (22, 2, "498.72")
    inner = split_header.piece.span(3, 6)  # "预算数" inside the normalized text "全年\n预算数"
    assert (inner.line, inner.column, inner.quote) == (11, 1, "预算数")


def test_tab_separated_rows():
    text = "收入支出表\n项目\t全年预算数\t全年执行数\n基本支出\t120.5\t118.2\n项目支出\t30\t28.75\n结束语。\n"
    document = text_document(text)
    table = next(document.tables())
    assert table_texts(table) == [["项目", "全年预算数", "全年执行数"], ["基本支出", "120.5", "118.2"],
                                  ["项目支出", "30", "28.75"]]
    assert table.rows[2][2].piece.span().column == 9
    assert [p.text for p in document.paragraphs()] == ["收入支出表", "结束语。"]


def test_paragraph_lines_are_stripped_but_keep_their_columns():
    document = text_document("\n  　缩进的段落，资产合计5万元。  \n")
    paragraph = document.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "缩进的段落，资产合计5万元。"
    assert paragraph.piece.span().column == 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings(tmp_path, encoding):
    text = "资产合计１１．４４万元，满意度９０％。\n"
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    document = load_text_document(path)
    assert document.blocks[0].text == text.strip()
    assert document.source.text.startswith("资产")  # no BOM left over


def test_windows_newlines_are_normalized(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes("标题\r\n\t序号\r\n\t预算数\r\n".encode())
    document = load_text_document(path)
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Table"]


def test_oversized_text_is_refused_with_a_message():
    with pytest.raises(InputError, match="个字符，超过 perflint 读取一份报告的上限") as caught:
        text_document("资" * (MAX_TEXT_CHARS + 1))
    assert "characters long" in caught.value.text("en")
