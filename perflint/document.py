"""The document layer: a file's paragraphs and tables, each piece mapped back to its source.

Extraction reads a `Document`, never a file, so .txt, .docx and .xlsx share one extractor. Every
piece of text knows where it came from, so a fact extracted from it gets a real span:
- text files: each character maps to its offset in the decoded file, hence line and column;
  a piece may be a normalized join of several source runs (a table header split over lines,
  `全年\\n\\n预算数`), so a piece carries either a start offset or a per-character offset list;
- .docx/.xlsx: there is no line/column; `line` is the block number in reading order and
  `location` names the paragraph or cell (`第12段`, `表2 第3行第4列`, `Sheet1!C5`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from perflint.model import Span
from perflint.model.span import restore

#: The fields a text-file span is built with (with `location` when its piece names one), and those
#: of an Office span (no offsets).
_TEXT_SPAN_FIELDS = frozenset({"line", "column", "end_line", "end_column", "quote", "offset", "end_offset"})
_LOCATED_TEXT_SPAN_FIELDS = _TEXT_SPAN_FIELDS | {"location"}
_OFFICE_SPAN_FIELDS = frozenset({"line", "column", "end_line", "end_column", "quote", "location"})


class TextSource:
    """The decoded text of a file, with a line index for offset → (line, column)."""

    __slots__ = ("_line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def span(self, start: int, end: int, location: str | None = None) -> Span:
        """The span of `text[start:end]`, as `Span(line=…, column=…, …, offset=start, end_offset=end)`
        validates to (plus `location` when given), built in one call: a report builds one or two
        hundred, and the layers of calls and dicts an ordinary construction goes through were most
        of their cost."""
        starts = self._line_starts
        line = bisect_right(starts, start)  # `position`, inlined
        end_line = bisect_right(starts, end)
        return restore(Span, {"line": line, "column": start - starts[line - 1] + 1, "end_line": end_line,
                              "end_column": end - starts[end_line - 1] + 1, "quote": self.text[start:end],
                              "offset": start, "end_offset": end, "location": location},
                       set(_TEXT_SPAN_FIELDS if location is None else _LOCATED_TEXT_SPAN_FIELDS), None, None)


@dataclass(slots=True)
class Piece:
    """A run of text and its map back to the source.

    For text sources set `source` and either `start` (the piece is a verbatim slice beginning at
    that offset) or `offsets` (source offset of each character, for normalized pieces). For
    .docx/.xlsx leave `source` None and set `line` (block number) and `location`.
    """

    text: str
    source: TextSource | None = None
    start: int = 0
    offsets: list[int] | None = None
    line: int = 1
    location: str | None = None

    def _source_offset(self, index: int) -> int:
        if self.offsets is not None:
            if index >= len(self.offsets):
                return self.offsets[-1] + 1 if self.offsets else self.start
            return self.offsets[index]
        return self.start + index

    def source_range(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The source offsets `text[start:end]` came from (a text source only): first character,
        and one past the last (its start again when empty)."""
        end = len(self.text) if end is None else end
        if self.offsets is None:  # a verbatim slice: the common case, without `_source_offset`
            first = self.start + start
            return first, self.start + end if end > start else first
        first = self._source_offset(start)
        return first, self._source_offset(end - 1) + 1 if end > start else first

    def slice(self, start: int, end: int) -> Piece:
        """`text[start:end]` as a piece of its own, still mapped to where it came from (an
        Office piece keeps its block and location)."""
        text = self.text[start:end]
        if self.source is None:
            return Piece(text, line=self.line, location=self.location)
        if self.offsets is not None:
            return Piece(text, source=self.source, offsets=self.offsets[start:end])
        return Piece(text, source=self.source, start=self.start + start)

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The span of `text[start:end]`; its quote is the exact source text it came from."""
        end = len(self.text) if end is None else end
        if self.source is not None:
            location = self.location or None
            if self.offsets is None:  # a verbatim slice: `source_range`, inlined
                first = self.start + start
                return self.source.span(first, self.start + end if end > start else first, location)
            return self.source.span(*self.source_range(start, end), location)
        # an Office span, built in one call without validation as `TextSource.span` builds its own
        line = self.line
        return restore(Span, {"line": line, "column": start + 1, "end_line": line, "end_column": end + 1,
                              "quote": self.text[start:end], "offset": None, "end_offset": None,
                              "location": self.location}, set(_OFFICE_SPAN_FIELDS), None, None)


@dataclass(slots=True, init=False)
class Paragraph:
    """A paragraph's piece of text and, from .docx, its style. `text` is its piece's text, held on
    the paragraph: every stage of the extraction reads it (eight reads per paragraph, four hundred
    per report) and a slot is read in a fifth of a property's time. A piece is never replaced."""

    piece: Piece
    style: str | None = None  # e.g. "Heading 1" from .docx, when known
    text: str = field(init=False, repr=False, compare=False)

    def __init__(self, piece: Piece, style: str | None = None) -> None:
        self.piece = piece
        self.style = style
        self.text = piece.text


@dataclass(slots=True, init=False)
class Cell:
    """A table cell's piece of text and place; `text` is held on the cell, as on a Paragraph."""

    piece: Piece
    row: int  # 0-based within its table
    column: int  # 0-based, after expanding merged cells
    merged: bool = False  # True for the repeated copies of a merged cell (not the origin)
    text: str = field(init=False, repr=False, compare=False)

    def __init__(self, piece: Piece, row: int, column: int, merged: bool = False) -> None:
        self.piece = piece
        self.row = row
        self.column = column
        self.merged = merged
        self.text = piece.text


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    index: int = 0  # 1-based table number in the document
    location: str | None = None

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


Block = Paragraph | Table


def table_from_grid(grid: list[list[tuple[str, tuple[int, int] | None]]], number: int,
                    next_block: Callable[[], int]) -> Table:
    """Table `number` of an Office-like document from its expanded grid: each position holds its
    text and, for a copy of a merged cell, the (row, column) of the merge's origin. The origin
    keeps the text and a block number (`next_block()`), copies are `merged=True` cells sharing its
    piece, and places read `表N 第r行第c列`, as .docx and saved web pages both name them."""
    pieces: dict[tuple[int, int], Piece] = {}
    rows: list[list[Cell]] = []
    table = f"表{number} 第"
    for r, grid_row in enumerate(grid):
        cells = []
        place = f"{table}{r + 1}行第"  # a table has hundreds of cells: the row's part of each place once
        for c, (text, origin) in enumerate(grid_row):
            if origin is not None and origin in pieces:
                cells.append(Cell(pieces[origin], r, c, True))
                continue
            piece = pieces[(r, c)] = Piece(text, None, 0, None, next_block(), f"{place}{c + 1}列")
            cells.append(Cell(piece, r, c))
        rows.append(cells)
    return Table(rows=rows, index=number, location=f"表{number}")


@dataclass
class Document:
    """Paragraphs and tables in reading order."""

    path: Path
    kind: str  # "txt", "docx", "xlsx"
    blocks: list[Block] = field(default_factory=list)
    source: TextSource | None = None

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))

    def full_text(self) -> str:
        """All text in reading order, one block per line (tables row by row, cells tab-separated)."""
        if self.source is not None:
            return self.source.text
        lines = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend("\t".join(c.text for c in row if not c.merged) for row in block.rows)
        return "\n".join(lines)
