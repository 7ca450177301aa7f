"""Model values built from a Piece of the document, so every one of them quotes its source."""

from __future__ import annotations

from perflint.document import Piece
from perflint.extract.figures import Figure, parse_cell
from perflint.model import Quantity, Span, Text
from perflint.numbers import ParsedFigure


def figure_quantity(piece: Piece, figure: Figure, offset: int = 0, *,
                    concept: str | None = None) -> Quantity:
    """The Quantity of a figure found at `offset + figure.start` in `piece.text`."""
    span = piece.span(offset + figure.start, offset + figure.end)
    return make_quantity(figure.literal, figure.parsed, span, concept=concept)


def make_quantity(literal: str, parsed: ParsedFigure, span: Span | None, *,
                  concept: str | None = None) -> Quantity:
    return Quantity(literal=literal, value=parsed.value, decimals=parsed.decimals, unit=parsed.unit,
                    comparator=parsed.comparator, nil=parsed.nil, concept=concept, span=span)


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
    """A Text for `piece.text[start:end]` (stripped), optionally with normalized wording."""
    end = len(piece.text) if end is None else end
    raw = piece.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    stripped = raw.strip()
    span = piece.span(start + lead, start + lead + len(stripped)) if stripped else None
    return Text(text=stripped if text is None else text, span=span)


def joined_text(pieces: list[Piece]) -> Text | None:
    """The text of consecutive pieces as one Text: for a text file the exact source between the
    first and the last piece (blank lines kept), otherwise the pieces joined by newlines."""
    pieces = [p for p in pieces if p.text]
    if not pieces:
        return None
    first, last = pieces[0], pieces[-1]
    if first.source is not None and last.source is first.source:
        start = first.span(0, len(first.text)).offset
        end = last.span(0, len(last.text)).end_offset
        if start is not None and end is not None and end >= start:
            span = first.source.span(start, end)
            return Text(text=span.quote, span=span)
    text = "\n".join(p.text for p in pieces)
    head, tail = first.span(), last.span()
    span = Span(line=head.line, column=head.column, end_line=tail.end_line, end_column=tail.end_column,
                quote=text, location=head.location)
    return Text(text=text, span=span)
