"""Model values built from a Piece of the document, so every one of them quotes its source."""

from __future__ import annotations

from perflint.document import Piece
from perflint.extract.figures import Figure, parse_cell
from perflint.model import Quantity, Span, Text
from perflint.model.span import restore
from perflint.numbers import ParsedFigure

#: The fields a Quantity built from a parsed figure is given (`span` too when it has one).
_QUANTITY_FIELDS = frozenset({"literal", "value", "decimals", "unit", "comparator", "nil", "concept"})
_LOCATED_QUANTITY_FIELDS = _QUANTITY_FIELDS | {"span"}


def figure_quantity(piece: Piece, figure: Figure, offset: int = 0, *,
                    concept: str | None = None) -> Quantity:
    """The Quantity of a figure found at `offset + figure.start` in `piece.text`."""
    span = piece.span(offset + figure.start, offset + figure.end)
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
    span = piece.span(start + lead, start + lead + len(stripped)) if stripped else None
    return _text(stripped if text is None else text, span)


def _text(text: str, span: Span | None) -> Text:
    """`Text(text=text, span=span)` without validation (`text` a plain str)."""
    return restore(Text, {"span": span, "text": text}, {"span", "text"}, None, None)


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
    span = Span(line=head.line, column=head.column, end_line=tail.end_line, end_column=tail.end_column,
                quote=text, location=head.location)
    return Text(text=text, span=span)
