"""Label–value lines joined into the statement they flatten (perflint.extract.keyvalue)."""

from __future__ import annotations

from perflint.document import Paragraph, Piece
from perflint.extract import text_document
from perflint.extract.keyvalue import statement_pieces

BLOCK = ("预算安排情况\n"
         "农村公路养护资金(万元)\n"
         "年度资金总额: 96.50 \n"
         "其中:中央补助 60.00\n"
         "省级资金 30.00\n"
         "县级资金 6.50\n"
         "资金已按时拨付。\n")


def _pieces(text: str) -> list[str]:
    document = text_document(text)
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    return [piece.text for _, piece in statement_pieces(paragraphs)]


def test_a_caption_total_and_its_parts_are_one_statement():
    assert _pieces(BLOCK) == [
        "预算安排情况",
        "农村公路养护资金(万元) 年度资金总额: 96.50，其中:中央补助 60.00，省级资金 30.00，县级资金 6.50。",
        "资金已按时拨付。",
    ]


def test_every_figure_of_the_joined_piece_quotes_its_own_line():
    document = text_document(BLOCK)
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    piece = list(statement_pieces(paragraphs))[1][1]
    start = piece.text.index("30.00")
    span = piece.span(start, start + 5)
    assert (span.line, span.column, span.quote) == (5, 6, "30.00")
    joint = piece.text.index("，其中")
    assert piece.span(joint, joint + 1).line == 3  # the joint maps to the end of the total's line


def test_label_value_lines_without_a_qizhong_line_stay_separate():
    text = "年度资金总额: 96.50\n中央补助 60.00\n省级资金 30.00\n"
    assert _pieces(text) == ["年度资金总额: 96.50", "中央补助 60.00", "省级资金 30.00"]


def test_prose_and_a_second_qizhong_end_the_block():
    text = ("年度资金总额: 96.50\n其中:中央补助 60.00\n省级资金 36.50\n其中:债券资金 10.00\n"
            "本年完成投资96.50万元，其中路面工程60万元。\n")
    assert _pieces(text) == ["年度资金总额: 96.50，其中:中央补助 60.00，省级资金 36.50。",
                             "其中:债券资金 10.00", "本年完成投资96.50万元，其中路面工程60万元。"]


def test_office_paragraphs_are_not_joined():
    """A .docx paragraph is located by its block number: a join could not point at its parts."""
    lines = ["年度资金总额: 96.50", "其中:中央补助 60.00", "省级资金 36.50"]
    paragraphs = [Paragraph(Piece(text, line=n + 1, location=f"第{n + 1}段")) for n, text in enumerate(lines)]
    assert [piece.text for _, piece in statement_pieces(paragraphs)] == lines


def test_blocks_without_captions_end_where_a_label_comes_again():
    text = ("年度资金总额: 96.50\n其中:中央补助 60.00\n省级资金 36.50\n"
            "年度资金总额: 40.00\n其中:中央补助 30.00\n省级资金 10.00\n")
    assert _pieces(text) == ["年度资金总额: 96.50，其中:中央补助 60.00，省级资金 36.50。",
                             "年度资金总额: 40.00，其中:中央补助 30.00，省级资金 10.00。"]


def test_a_numbered_heading_is_no_caption_of_the_block_after_it():
    text = "（二）项目资金\n年度资金总额: 96.50\n其中:中央补助 60.00\n省级资金 36.50\n"
    assert _pieces(text) == ["（二）项目资金", "年度资金总额: 96.50，其中:中央补助 60.00，省级资金 36.50。"]
