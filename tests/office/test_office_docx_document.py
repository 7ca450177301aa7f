"""Reading .docx into a Document: body order, headings, merged cells, places and quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.document import Document, Paragraph, Table
from perflint.loaders.docx_loader import read_docx


@pytest.fixture(scope="module")
def doc004(office_dir: Path) -> Document:
    return read_docx(office_dir / "seed_004.docx")


def _cell(table: Table, row: int, column: int):
    """1-based, as the location names it."""
    return table.rows[row - 1][column - 1]


def test_blocks_keep_body_order_tables_between_paragraphs(doc004: Document) -> None:
    kinds = ["T" if isinstance(b, Table) else "P" for b in doc004.blocks]
    assert kinds[:2] == ["P", "T"]  # the title, then the 汇总表
    first_table, second_table = (i for i, k in enumerate(kinds) if k == "T")
    assert next(doc004.tables()).texts()[0] == ["主管部门（盖章）："] * 2 + [""] * 3 + ["单位：万元"] * 2
    assert doc004.blocks[first_table + 1].text.startswith("注：此表由各主管部门填报")
    assert doc004.blocks[second_table - 1].text.startswith("（ 2021年度）")
    assert doc004.blocks[second_table + 1].text.startswith("说明：1.预算部门")
    assert kinds.count("T") == 2
    assert [t.index for t in doc004.tables()] == [1, 2]


def test_headings_keep_their_word_style(doc004: Document) -> None:
    styles = {p.text: p.style for p in doc004.paragraphs()}
    assert styles["部门概况"] == "Heading 1"
    assert styles["部门主要职责职能，组织架构、人员及资产等基本情况"] == "Heading 2"
    assert styles["主要职责"] == "Heading 3"
    assert styles["部门整体支出绩效自评表"] == "Title"
    assert styles["（1）组织、协调、指导和规范全区行政审批服务工作；"] is None


def test_empty_paragraphs_are_not_blocks_and_paragraphs_are_numbered(doc004: Document) -> None:
    paragraphs = list(doc004.paragraphs())
    assert all(p.text.strip() for p in paragraphs)
    assert [p.piece.location for p in paragraphs[:3]] == ["第1段", "第2段", "第3段"]


def test_vertical_merge_keeps_text_once_and_marks_copies(doc004: Document) -> None:
    form = list(doc004.tables())[1]
    origin = _cell(form, 2, 1)
    assert origin.text == "整体支出\n规模" and not origin.merged
    for row in range(3, 7):  # the four funding rows under 整体支出规模
        copy = _cell(form, row, 1)
        assert copy.merged and copy.text == origin.text
        assert copy.piece.location == "表2 第2行第1列"
    # 一级指标 管理指标 spans the 17 rows of its 三级指标
    management = [r for r in form.rows if r[0].text == "管理指标"]
    assert len(management) == 17
    assert sum(not r[0].merged for r in management) == 1


def test_horizontal_merge_grid_span(doc004: Document) -> None:
    form = list(doc004.tables())[1]
    first_row = form.rows[0]
    assert len(first_row) == 9
    assert [c.text for c in first_row if not c.merged] == ["评价部门\n名称", "东湖区政务服务数据管理局",
                                                           "下属单位个数", "1"]
    total = form.rows[-1]
    assert [c.text for c in total if not c.merged] == ["总分", "100", "95", ""]
    assert [c.merged for c in total[:6]] == [False, True, True, True, True, True]


def test_every_row_is_on_the_grid(doc004: Document) -> None:
    for table in doc004.tables():
        widths = {len(row) for row in table.rows}
        assert len(widths) == 1
        for r, row in enumerate(table.rows):
            assert [(c.row, c.column) for c in row] == [(r, c) for c in range(len(row))]


def test_full_text_shows_merged_text_once(doc004: Document) -> None:
    text = doc004.full_text()
    assert text.count("整体支出\n规模") == 1
    assert text.count("分解目标自评") == 1


def test_cell_spans_quote_the_cell_and_name_it(doc004: Document) -> None:
    form = list(doc004.tables())[1]
    basic = form.rows[4]
    assert basic[2].text == "资金结构：（1）基本支出"
    rate = basic[8]
    span = rate.piece.span(0, len(rate.text))
    assert span.quote == "126.59%"
    assert span.location == "表2 第5行第9列"
    assert span.line == rate.piece.line
    label = basic[2].piece
    start = label.text.index("基本支出")
    span = label.span(start, start + 4)
    assert span.quote == "基本支出" and span.column == start + 1
    assert span.location == "表2 第5行第3列"


def test_lines_number_blocks_in_reading_order(doc004: Document) -> None:
    lines = []
    for block in doc004.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.piece.line)
        else:
            lines.extend(c.piece.line for row in block.rows for c in row if not c.merged)
    assert lines == list(range(1, len(lines) + 1))


def test_seed_paragraphs_match_the_seed_text(seeds_dir: Path, office_dir: Path) -> None:
    """The .docx fixtures hold the seeds' narrative verbatim (so findings should agree)."""
    for seed in ("000", "001"):
        source = next(seeds_dir.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        document = read_docx(office_dir / f"seed_{seed}.docx")
        texts = {p.text for p in document.paragraphs()}
        for line in source.splitlines():
            line = line.strip()
            if len(line) > 12 and "万元" in line:  # every figure-bearing narrative line
                assert line in texts, line


# --------------------------------------------------------------------------------------------
# Hand-built Word XML: what real files contain beyond python-docx's own output


def test_paragraph_text_like_word_shows_it(tmp_path: Path, docx_with_body) -> None:
    body = """
    <w:p><w:r><w:t>预算数</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>340.29</w:t></w:r></w:ins>
      <w:del w:id="2" w:author="a"><w:r><w:delText>320.09</w:delText></w:r></w:del>
      <w:r><w:tab/><w:t>万元</w:t><w:br/><w:t>下一行</w:t></w:r>
      <w:hyperlink><w:r><w:t>（链接）</w:t></w:r></w:hyperlink>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:br w:type="page"/></w:r></w:p>
    """
    document = read_docx(docx_with_body(body, tmp_path / "a.docx"))
    assert [p.text for p in document.paragraphs()] == ["预算数340.29\t万元\n下一行（链接）"]


def test_tables_in_content_controls_nested_tables_and_grid_before(tmp_path: Path, docx_with_body) -> None:
    body = """
    <w:p><w:r><w:t>前言</w:t></w:r></w:p>
    <w:sdt><w:sdtContent>
      <w:tbl>
        <w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
        <w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc>
              <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>
                    <w:p><w:r><w:t>金额</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>
              <w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>
              <w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc>
                                <w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
                    <w:p/></w:tc></w:tr>
      </w:tbl>
    </w:sdtContent></w:sdt>
    <w:p><w:r><w:t>结语</w:t></w:r></w:p>
    """
    document = read_docx(docx_with_body(body, tmp_path / "b.docx"))
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Table", "Paragraph"]
    table = document.blocks[1]
    assert table.texts() == [["项目", "金额", "金额"], ["", "A", "内1\t内2"]]
    assert [c.merged for c in table.rows[0]] == [False, False, True]
    assert not table.rows[1][0].merged


def test_custom_heading_styles_and_outline_levels(tmp_path: Path, docx_with_body) -> None:
    styles = """
    <w:style w:type="paragraph" w:styleId="a1"><w:name w:val="标题 1"/></w:style>
    <w:style w:type="paragraph" w:styleId="myhead"><w:name w:val="报告二级标题"/>
      <w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
    <w:style w:type="paragraph" w:styleId="myhead3"><w:name w:val="报告三级标题"/>
      <w:basedOn w:val="myhead"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
    """
    body = """
    <w:p><w:pPr><w:pStyle w:val="a1"/></w:pPr><w:r><w:t>一、部门概况</w:t></w:r></w:p>
    <w:p><w:pPr><w:pStyle w:val="myhead"/></w:pPr><w:r><w:t>（一）主要职责</w:t></w:r></w:p>
    <w:p><w:pPr><w:pStyle w:val="myhead3"/></w:pPr><w:r><w:t>1、职能</w:t></w:r></w:p>
    <w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>二、预算执行</w:t></w:r></w:p>
    <w:p><w:r><w:t>正文</w:t></w:r></w:p>
    """
    document = read_docx(docx_with_body(body, tmp_path / "c.docx", styles_xml=styles))
    assert [p.style for p in document.paragraphs()] == ["Heading 1", "Heading 2", "Heading 3",
                                                       "Heading 1", None]


def test_vertical_merge_across_a_horizontal_span(tmp_path: Path, docx_with_body) -> None:
    body = """
    <w:tbl>
      <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr>
                <w:p><w:r><w:t>整体支出规模</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>335.33</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge/></w:tcPr><w:p/></w:tc>
            <w:tc><w:p><w:r><w:t>-</w:t></w:r></w:p></w:tc></w:tr>
    </w:tbl>
    """
    table = next(read_docx(docx_with_body(body, tmp_path / "d.docx")).tables())
    assert table.texts() == [["整体支出规模"] * 2 + ["335.33"], ["整体支出规模"] * 2 + ["-"]]
    assert [[c.merged for c in row] for row in table.rows] == [[False, True, False], [True, True, False]]
    assert {c.piece.location for row in table.rows for c in row[:2]} == {"表1 第1行第1列"}
