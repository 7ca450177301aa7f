"""A Word table's cells are read from one pass over each row's and each cell's children: the cells
of row-level content controls and custom XML, paragraphs inside a cell's content controls and
revision marks, properties that do not come first, and a second set of properties (ignored) all
read as Word shows them."""

from __future__ import annotations

from pathlib import Path

from perflint.document import Table
from perflint.loaders.docx_loader import read_docx


def _cell(text: str, properties: str = "", *, before: str = "", after: str = "") -> str:
    return f"<w:tc>{before}<w:p><w:r><w:t>{text}</w:t></w:r></w:p>{after}</w:tc>".replace(
        "<w:p>", f"{properties}<w:p>", 1)


_BODY = (
    "<w:tbl><w:tblGrid>" + "<w:gridCol/>" * 5 + "</w:tblGrid>"
    # row 1: a cell in a content control, one in custom XML, properties after the first cell
    "<w:tr>" + _cell("项目名称") + "<w:trPr><w:gridAfter w:val='1'/></w:trPr>"
    "<w:sdt><w:sdtPr/><w:sdtContent>" + _cell("年度预算数", "<w:tcPr><w:vMerge w:val='restart'/></w:tcPr>")
    + "</w:sdtContent></w:sdt>"
    "<w:customXml>" + _cell("执行数") + "</w:customXml>" + _cell("执行率") + "</w:tr>"
    # row 2: two row properties (the first counts), a merge continued below a content control's
    # cell, a cell whose paragraphs stand in a content control, an insertion and custom XML
    "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr><w:trPr><w:gridBefore w:val='3'/></w:trPr>"
    + _cell("", "<w:tcPr><w:vMerge/></w:tcPr>")
    + "<w:tc><w:tcPr/><w:sdt><w:sdtContent><w:p><w:r><w:t>120.5</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    "<w:ins><w:p><w:r><w:t>（万元）</w:t></w:r></w:p></w:ins></w:tc>"
    "<w:tc><w:customXml><w:p><w:r><w:t>98%</w:t></w:r></w:p></w:customXml></w:tc></w:tr>"
    # row 3: properties after the paragraph, a second tcPr (ignored), a span
    "<w:tr>" + _cell("合计", after="<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"
                             "<w:tcPr><w:gridSpan w:val='4'/></w:tcPr>")
    + _cell("100") + _cell("90") + _cell("90%") + "</w:tr>"
    "</w:tbl>")


def test_cells_of_content_controls_custom_xml_and_late_properties(tmp_path: Path, docx_with_body) -> None:
    document = read_docx(docx_with_body(_BODY, tmp_path / "cells.docx"))
    table = next(block for block in document.blocks if isinstance(block, Table))
    rows = table.rows
    assert [[cell.text for cell in row] for row in rows] == [
        ["项目名称", "年度预算数", "执行数", "执行率", ""],
        ["", "年度预算数", "120.5\n（万元）", "98%", ""],
        ["合计", "合计", "100", "90", "90%"]]
    assert [[column for column, cell in enumerate(row) if cell.merged] for row in rows] == [[], [1], [1]]
    assert [cell.piece.location for cell in rows[1]] == [
        "表1 第2行第1列", "表1 第1行第2列", "表1 第2行第3列", "表1 第2行第4列", "表1 第2行第5列"]
    assert [cell.piece.line for cell in rows[2]] == [10, 10, 11, 12, 13]
