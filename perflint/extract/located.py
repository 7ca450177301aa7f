"""Model values built from a Piece of the document, so every one of them quotes its source."""

from __future__ import annotations

from perflint.document import Paragraph, Piece
from perflint.extract.figures import Figure, parse_cell
from perflint.model import Quantity, Section, Span, Text
from perflint.model.span import restore
from perflint.numbers import ParsedFigure

#: The fields a Quantity built from a parsed figure is given (`span` too when it has one).
_QUANTITY_FIELDS = frozenset({"literal", "value", "decimals", "unit", "comparator", "nil", "concept"})
_LOCATED_QUANTITY_FIELDS = _QUANTITY_FIELDS | {"span"}


def figure_quantity(piece: Piece, figure: Figure, offset: int = 0, *,
                    concept: str | None = None) -> Quantity:
    """The Quantity of a figure found at `offset + figure.start` in `piece.text`."""
    span = _span(piece, offset + figure.start, offset + figure.end)
    return make_quantity(figure.literal, figure.parsed, span, concept=concept)


def make_quantity(literal: str, parsed: ParsedFigure, span: Span | None, *,
                  concept: str | None = None) -> Quantity:
    """The Quantity of a literal `parse_figure` read as `parsed`.

    A figure that states a number or is nil is built without validation (a report has dozens):
    validation would only re-check the types of values `parse_figure` made and the unit it already
    refused if unknown. The result is the validated Quantity, field for field. A value-less word
    (`是`) is validated, because the model reads such a literal again (as text) to fill it.
    """
    if parsed.value is None and not parsed.nil:
        return Quantity(literal=literal, value=parsed.value, decimals=parsed.decimals, unit=parsed.unit,
                        comparator=parsed.comparator, nil=parsed.nil, concept=concept, span=span)
    values = {"span": span, "literal": literal, "value": parsed.value, "decimals": parsed.decimals,
              "unit": parsed.unit, "comparator": parsed.comparator, "nil": parsed.nil, "concept": concept}
    fields = _QUANTITY_FIELDS if span is None else _LOCATED_QUANTITY_FIELDS
    return restore(Quantity, values, set(fields), None, None)


def cell_quantity(piece: Piece, start: int = 0, end: int | None = None) -> Quantity | None:
    """A table cell (or part of one) read as one figure; None when empty or not a figure."""
    end = len(piece.text) if end is None else end
    raw = piece.text[start:end]
    stripped = raw.strip()
    if not stripped:
        return None
    parsed = parse_cell(stripped)
    if parsed is None:
        return None
    lead = len(raw) - len(raw.lstrip())
    first = start + lead
    return make_quantity(stripped, parsed, piece.span(first, first + len(stripped)))


def piece_text(piece: Piece, start: int = 0, end: int | None = None, *, text: str | None = None) -> Text:
    """A Text for `piece.text[start:end]` (stripped), optionally with normalized wording.

    Built without validation, like `make_quantity`: a str and a Span made here."""
    end = len(piece.text) if end is None else end
    raw = piece.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    stripped = raw.strip()
    span = _span(piece, start + lead, start + lead + len(stripped)) if stripped else None
    return _text(stripped if text is None else text, span)


def _span(piece: Piece, start: int, end: int) -> Span:
    """`piece.span(start, end)`, straight from the source for a verbatim slice of a text file (most
    pieces): the spans of a report's figures and headings are built here, a call layer fewer."""
    source = piece.source
    if source is not None and piece.offsets is None:
        return source.span(piece.start + start, piece.start + end if end > start else piece.start + start,
                           piece.location or None)
    return piece.span(start, end)


def _text(text: str, span: Span | None) -> Text:
    """`Text(text=text, span=span)` without validation (`text` a plain str)."""
    return restore(Text, {"span": span, "text": text}, {"span", "text"}, None, None)


#: The fields a Section is built with: all of them, as `Section(...)` in `section` sets them.
_SECTION_FIELDS = frozenset({"span", "heading", "level", "body", "role"})


def section(heading: Piece, level: int, paragraphs: list[Paragraph], role: str | None) -> Section:
    """`Section(heading=piece_text(heading), level=level, body=joined_text(<the paragraphs' pieces>),
    span=heading.span(), role=role)`, built in one go and without validating again the values
    just made here (a report has dozens of sections; tested equal to the validated one in
    tests/extract/test_fast_paths.py). A heading without spaces around it is its whole piece: its
    span is the section's, built once; the body is read from its first and last non-empty pieces."""
    text = heading.text
    if text and text.strip() == text:
        span = _span(heading, 0, len(text))
        title = _text(text, span)
    else:
        title = piece_text(heading)
        span = heading.span()
    first = last = None
    for paragraph in paragraphs:
        piece = paragraph.piece
        if piece.text:
            last = piece
            if first is None:
                first = piece
    body = None if first is None else _joined(first, last, paragraphs)  # type: ignore[arg-type]
    values = {"span": span, "heading": title, "level": level, "body": body, "role": role}
    return restore(Section, values, set(_SECTION_FIELDS), None, None)


def _joined(first: Piece, last: Piece, paragraphs: list[Paragraph]) -> Text:
    """`joined_text` of the paragraphs' pieces, whose first and last non-empty ones are given."""
    source = first.source
    if source is not None and last.source is source:
        start, end = first.source_range()[0], last.source_range()[1]
        if end >= start:
            span = source.span(start, end)
            return _text(span.quote, span)
    return joined_text([p.piece for p in paragraphs])  # type: ignore[return-value]


#: The fields a span joined from two Office spans is given.
_JOINED_SPAN_FIELDS = frozenset({"line", "column", "end_line", "end_column", "quote", "location"})


def joined_text(pieces: list[Piece]) -> Text | None:
    """The text of consecutive pieces as one Text: for a text file the exact source between the
    first and the last piece (blank lines kept), otherwise the pieces joined by newlines."""
    pieces = [p for p in pieces if p.text]
    if not pieces:
        return None
    first, last = pieces[0], pieces[-1]
    if first.source is not None and last.source is first.source:
        start, end = first.source_range()[0], last.source_range()[1]
        if end >= start:
            span = first.source.span(start, end)
            return _text(span.quote, span)
    text = "\n".join(p.text for p in pieces)
    head, tail = first.span(), last.span()
    # `Span(line=…, column=…, end_line=…, end_column=…, quote=text, location=…)` and `Text(text=text,
    # span=span)` without validating again what the two spans hold (a .docx section body each)
    span = restore(Span, {"line": head.line, "column": head.column, "end_line": tail.end_line,
                          "end_column": tail.end_column, "quote": text, "offset": None, "end_offset": None,
                          "location": head.location}, set(_JOINED_SPAN_FIELDS), None, None)
    return _text(text, span)
