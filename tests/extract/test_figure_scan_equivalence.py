"""The figure scan's cheaper expressions find what the plain ones found, and the one-call builders
(ParsedFigure, Office spans, joined .docx texts, paragraph and cell texts) give what the ordinary
constructors give, field for field."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.document import Cell, Paragraph, Piece
from perflint.extract.figures import (
    _COMPARATORS,
    _DATE,
    _MONEY,
    _START,
    _SUFFIXES,
    _UNIT,
    _alternation,
    _matches,
    scan,
    scan_each,
)
from perflint.extract.located import joined_text
from perflint.model import Span, Text
from perflint.numbers import NumberFormatError, ParsedFigure, parse_figure

#: `_FIGURE` as it was written before the lookahead guards and the `(?:X|)` optional parts.
_PLAIN_NUMBER = (rf"\d{{1,3}}(?:，\d{{3}}){{1,4}}(?:\.\d{{1,10}})?(?=\s?(?:{_alternation(_MONEY)}))"
                 r"|\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,10})?(?![\d,])"
                 r"|\d{1,15}(?:\.\d{1,10})?(?![\d.])")
_PLAIN_FIGURE = re.compile(
    rf"(?P<date>(?<![\d.]){_DATE})"
    rf"|(?:(?P<cmp>{_alternation(_COMPARATORS)})\s?)?(?<![\d.])(?P<number>{_PLAIN_NUMBER})"
    rf"(?:\s?(?P<unit>{_UNIT}(?:/{_UNIT})?))?(?P<suffix>{_alternation(_SUFFIXES)})?"
)
#: Digits, separators, comparator words and their near misses (不断, 大于或, 控制), units, dates.
_TEXTS = st.text(alphabet="0123456789.,，%年月日度号份不少于低大小控制在超高过或等断≥≤<>="
                          "万亿千元人次个项目以上下内/ 　其中：-km平方公里", max_size=30)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in pattern.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_the_scan_matches_as_the_plain_expression(text: str) -> None:
    assert [(match.span(), match.groups()) for match in _matches(text)] == _found(_PLAIN_FIGURE, text)


@pytest.mark.parametrize("text", [
    "全年预算数为11016.94万元，执行率96.96%，不少于24次，不断提高，大于或等于5，控制在 3%以内",
    "收入1，234.50万元，支出1,234,567.8元，2022年12月31日，2021.50万元，大于等于 90%，小于3个批次",
    "高于85分，低于2人，超过4，不高于100%以下，控制在发生之前，大力推进，小组3个",
])
def test_the_scan_on_report_sentences(text: str) -> None:
    assert [(match.span(), match.groups()) for match in _matches(text)] == _found(_PLAIN_FIGURE, text)


def test_comparator_words_not_followed_by_a_number_are_no_start() -> None:
    """不断, 提高, 大力, 控制 start no figure: the scan does not try the expression there."""
    text = "不断提高，大力推进，控制成本，不低于标准"
    assert _START.search(text) is None
    text = "不低于 90，高于8，>5，≤3"
    assert [m.start() for m in _START.finditer(text) if not text[m.start()].isdigit()] == [0, 1, 7, 11, 14]


def test_scan_each_gives_each_text_its_figures() -> None:
    texts = ["预算100万元", "", "不少于", "24次，2022年度", "执行率98.5%以上"]
    assert scan_each(texts) == [scan(text) for text in texts]
    assert [figure.literal for figure in scan_each(texts)[4]] == ["98.5%以上"]


@pytest.mark.parametrize("literal", ["11016.94万元", "96.96%", "不少于24次", "１２３％", "1,234.5万元", "-",
                                     "≥90%", "3个批次", "5人以上", "0.5", "+3.20"])
def test_parsed_figures_are_the_dataclass(literal: str) -> None:
    parsed = parse_figure(literal)
    assert type(parsed) is ParsedFigure
    assert parsed == ParsedFigure(parsed.value, parsed.decimals, parsed.unit, parsed.comparator, parsed.nil)
    assert hash(parsed) == hash(ParsedFigure(parsed.value, parsed.decimals, parsed.unit, parsed.comparator,
                                             parsed.nil))


def test_parsed_values_decimals_and_units() -> None:
    assert parse_figure("1,234.50万元") == ParsedFigure(Decimal("1234.50"), 2, "万元", None)
    assert parse_figure("１２３．４％") == ParsedFigure(Decimal("123.4"), 1, "%", None)
    assert parse_figure("不少于24个批次") == ParsedFigure(Decimal(24), 0, "批次", ">=")
    assert parse_figure("-") == ParsedFigure(None, 0, None, None, nil=True)
    assert parse_figure("是", allow_text=True) == ParsedFigure(None, 0, None, None)
    with pytest.raises(NumberFormatError):
        parse_figure("12斤")


def _shape(model: object) -> tuple:
    """A model's class, field values in order, fields set, extras and private values, nested."""
    values = [(name, _shape(value) if hasattr(value, "__pydantic_fields_set__") else (type(value), value))
              for name, value in model.__dict__.items()]
    return (type(model), values, model.__pydantic_fields_set__, model.__pydantic_extra__,
            model.__pydantic_private__)


@pytest.mark.parametrize(("start", "end"), [(0, 4), (2, 2), (0, 0)])
def test_an_office_span_is_the_validated_span(start: int, end: int) -> None:
    piece = Piece("预算执行情况", line=12, location="表2 第3行第4列")
    expected = Span(line=12, column=start + 1, end_line=12, end_column=end + 1, quote=piece.text[start:end],
                    location="表2 第3行第4列")
    assert _shape(piece.span(start, end)) == _shape(expected)


def test_joined_office_pieces_are_the_validated_text() -> None:
    pieces = [Piece("第一段", line=3, location="第3段"), Piece("", line=4),
              Piece("第三段", line=5, location="第5段")]
    text = "第一段\n第三段"
    span = Span(line=3, column=1, end_line=5, end_column=4, quote=text, location="第3段")
    assert _shape(joined_text(pieces)) == _shape(Text(text=text, span=span))


def test_paragraphs_and_cells_hold_their_pieces_text() -> None:
    piece = Piece("二、绩效目标")
    paragraph, cell = Paragraph(piece, style="Heading 1"), Cell(piece, 1, 2, True)
    assert (paragraph.text, cell.text) == (piece.text, piece.text)
    assert paragraph == Paragraph(Piece("二、绩效目标"), "Heading 1")
    assert repr(paragraph) == f"Paragraph(piece={piece!r}, style='Heading 1')"
    assert repr(cell) == f"Cell(piece={piece!r}, row=1, column=2, merged=True)"
