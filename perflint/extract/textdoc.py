"""Plain text → Document: recover paragraphs and the tables that Word/PDF text export flattened.

Two layouts occur in the reports auditors receive as .txt:

* narrative: one paragraph per line, figures inline;
* tables flattened by Word's "save as text": every cell starts a line with a tab, a cell's own
  paragraphs continue on the following lines (often after one blank line: `全年\\n\\n预算数`), and a
  blank line followed by a tab line starts the next row. Some exports also write one row per line
  with tab-separated cells (TSV; a row whose first cell is empty starts with a tab); both are
  recognized;
* one row per line with cells separated by `|` (`项目资金（万元） | | 年初预算数 | 全年预算数`), as
  tables are pasted from web pages and typed by hand: a leading `|` is an empty first cell, a
  trailing `|` an empty last cell, unless every line of the table starts and ends with one
  (a Markdown table, whose outer bars are borders and whose `|---|` row is dropped). A lone line
  with a bar is a table only when it has three or more cells.

The result keeps a map back to the source: a paragraph is a verbatim slice of one line, a cell that
spans several lines is a Piece with per-character source offsets, so an extracted figure quotes
exactly the text at its real line and column. The scan is one pass over the lines (linear time).

Traditional-character mirror copies and mirror-site pinyin doubling (`項(xiàng)目`) are read as
simplified text (perflint.extract.script): the scan runs on the normalized text, every Piece keeps
that text and is mapped back to the original, which stays the Document's source, so quotes show the
report as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from perflint.document import Cell, Document, Paragraph, Piece, Table, TextSource
from perflint.extract.script import Normalized, normalize_script
from perflint.reading import InputError, read_text

#: The largest text extracted, in characters. A report is 5 000–100 000 characters; a file
#: far beyond this is a data dump or several reports pasted together, and reading it as one
#: report would take minutes and gigabytes. It is refused with a message instead.
MAX_TEXT_CHARS = 1_000_000

#: A line that starts a flattened cell: optional spaces, then a tab.
_CELL_LINE = re.compile(r"[ \u3000]*\t")
#: Lines that close a flattened table even when they could continue its last cell.
_NOTE = re.compile(r"[ \u3000]*(?:注|说明|备注|填表说明|填报说明)\s*[:：]")
#: The cell separator of a `|` table (ASCII or full-width bar).
_BAR = re.compile(r"[|｜]")
#: A Markdown table's rule row (`|---|:--:|`), dropped.
_RULE_ROW = re.compile(r"[|｜\s]*:?-{3,}:?(?:[|｜\s]+:?-{3,}:?)*[|｜\s]*")
_SPACE = " \t\u3000\f\v\u00a0"
#: What a `_CELL_LINE` may start with before its tab.
_CELL_LEAD = frozenset(" \u3000")


#: A flattened cell: (text, source offset) of its one line, or the list of them for a cell whose
#: text spans several lines (each with text). An empty cell's offset is where it starts (its
#: anchor). Plain tuples and lists, not objects: a report has hundreds of cells.
_Cell = tuple[str, int] | list[tuple[str, int]]


def _continue_cell(row: list[_Cell], text: str, offset: int) -> None:
    """One more line of the row's last cell: an empty line adds nothing, and a cell still empty
    takes the line as its text."""
    if not text:
        return
    cell = row[-1]
    if type(cell) is list:
        cell.append((text, offset))
    elif not cell[0]:
        row[-1] = (text, offset)
    else:
        row[-1] = [cell, (text, offset)]


def _lines_piece(lines: list[tuple[str, int]], source: TextSource) -> Piece:
    """A cell of several lines: joined by line breaks, each character (a break: the end of the
    line before it) mapped to its source."""
    offsets: list[int] = []
    texts = []
    for index, (text, start) in enumerate(lines):
        if index:
            texts.append("\n")
            previous_text, previous_start = lines[index - 1]
            offsets.append(previous_start + len(previous_text))
        texts.append(text)
        offsets.extend(range(start, start + len(text)))
    return Piece("".join(texts), source=source, offsets=offsets)


@dataclass(slots=True)
class _TableBuilder:
    tsv: bool  # one row per line (tab- or bar-separated), not flattened cells
    bars: bool = False  # cells separated by `|`
    rows: list[list[_Cell]] = field(default_factory=list)
    #: the table's width as far as it can be known: that of the two rows before the current one,
    #: when they agree and have more than one cell. Set when a row starts: only the current row
    #: grows, so it holds until the next one (it is asked for every cell)
    width: int | None = None

    def new_row(self) -> None:
        rows = self.rows
        rows.append([])
        width = len(rows[-2]) if len(rows) >= 3 else 0
        self.width = width if width > 1 and width == len(rows[-3]) else None

    def add_flattened_cell(self, text: str, offset: int) -> None:
        """A flattened cell: when the current row already has the table's width, it starts a new
        row even without a blank line between (seed 004's 合计 row)."""
        if self.width is not None and len(self.rows[-1]) >= self.width:
            self.new_row()
        self.rows[-1].append((text, offset))

    def last_cell_empty(self) -> bool:
        cell = self.rows[-1][-1]
        return type(cell) is tuple and not cell[0]

    def build(self, source: TextSource, index: int) -> Table:
        rows = []
        for row in self.rows:
            if not row:
                continue
            number = len(rows)
            cells = []
            for column, cell in enumerate(row):  # most cells are of one line: a tuple
                piece = Piece(cell[0], source, cell[1]) if type(cell) is tuple else _lines_piece(cell, source)
                cells.append(Cell(piece, number, column))
            rows.append(cells)
        return Table(rows=rows, index=index)


def _strip(text: str, start: int) -> tuple[str, int]:
    stripped = text.lstrip(_SPACE)
    start += len(text) - len(stripped)
    return stripped.rstrip(_SPACE), start


def _cells(line: str, start: int, separator: re.Pattern[str] | None = None) -> list[tuple[str, int]]:
    """Split a line on tabs (or on `separator`), each cell stripped, with the source offset of its
    first character."""
    if separator is None and "\t" not in line:
        return [_strip(line, start)]  # one cell (a flattened cell's line, mostly)
    cells = []
    position = 0
    for part in (line.split("\t") if separator is None else separator.split(line)):
        cells.append(_strip(part, start + position))
        position += len(part) + 1
    return cells


def _bar_cells(line: str, start: int, markdown: bool) -> list[tuple[str, int]]:
    """The cells of a `|` row; a Markdown row loses its outer bars."""
    if markdown:
        text, start = _strip(line, start)
        inner = text[1:-1] if len(text) >= 2 else text
        return _cells(inner, start + 1, _BAR)
    return _cells(line, start, _BAR)


class _Scanner:
    def __init__(self, source: TextSource) -> None:
        self.source = source
        self.blocks: list[Paragraph | Table] = []
        self.table: _TableBuilder | None = None
        self.tables = 0

    def close_table(self) -> None:
        if self.table is not None:
            if any(self.table.rows):
                self.tables += 1
                self.blocks.append(self.table.build(self.source, self.tables))
            self.table = None

    def cell_line(self, line: str, start: int, blank: int) -> None:
        table = self.table
        if table is None or table.tsv:
            self.close_table()
            table = self.table = _TableBuilder(tsv=False)
            table.new_row()
        elif blank:
            table.new_row()
        if line[0] == "\t":  # `_CELL_LINE`'s lead is one tab (most lines)
            rest = line[1:]
        else:
            lead = _CELL_LINE.match(line)
            assert lead is not None
            rest = line[lead.end():]
        if "\t" not in rest:  # one cell (most): `_cells` of one part and `add_flattened_cell`, inlined
            stripped = rest.lstrip(_SPACE)
            row = table.rows[-1]
            if table.width is not None and len(row) >= table.width:
                table.new_row()
                row = table.rows[-1]
            row.append((stripped.rstrip(_SPACE), start + len(line) - len(stripped)))
            return
        for text, offset in _cells(rest, start + len(line) - len(rest)):
            table.add_flattened_cell(text, offset)

    def tsv_line(self, line: str, start: int, blank: int) -> None:
        if self.table is None or not self.table.tsv or self.table.bars or blank > 1:
            self.close_table()
            self.table = _TableBuilder(tsv=True)
        self.table.new_row()
        self.table.rows[-1].extend(_cells(line, start))

    def bar_line(self, line: str, start: int, blank: int, markdown: bool) -> None:
        if self.table is None or not self.table.bars or blank > 1:
            self.close_table()
            self.table = _TableBuilder(tsv=True, bars=True)
        if markdown and _RULE_ROW.fullmatch(line):
            return
        self.table.new_row()
        self.table.rows[-1].extend(_bar_cells(line, start, markdown))

    def continues_cell(self, line: str, blank: int) -> bool:
        """Whether a plain line, whose run of plain lines leads back into the table, is one more
        paragraph of the last flattened cell (text after a table's last row is the document's next
        paragraph, not part of a cell). After a blank line, only while the row is still short of
        the table's established width."""
        table = self.table
        if table is None or table.tsv or not table.rows or not table.rows[-1]:
            return False
        if _NOTE.match(line):
            return False
        if blank == 0:
            return True
        if blank > 1 or table.last_cell_empty():
            return False
        width = table.width
        return width is None or len(table.rows[-1]) < width

    def text_line(self, line: str, start: int, blank: int, reaches_cell: _ReachesCell, index: int) -> None:
        stripped = line.lstrip(_SPACE)
        text, offset = stripped.rstrip(_SPACE), start + len(line) - len(stripped)
        if self.table is not None and self.continues_cell(line, blank) and reaches_cell(index):
            _continue_cell(self.table.rows[-1], text, offset)
            return
        if self.table is not None:
            self.close_table()
        self.blocks.append(Paragraph(Piece(text, source=self.source, start=offset)))

    def scan(self) -> list[Paragraph | Table]:
        text = self.source.text
        if "\t" not in text and "|" not in text and "｜" not in text:
            return _paragraphs(self.source)  # no line can be a cell or a row: every one is text
        return self.scan_lines()

    def scan_lines(self) -> list[Paragraph | Table]:
        """The blocks, each line classified (cell, TSV row, bar row, text, blank) and read as such."""
        lines = self.source.text.split("\n")
        starts: list[int] = []  # the offset of each line
        kinds: list[str] = []  # "cell", "tsv", "text" or "blank"
        start = 0
        cell_line = _CELL_LINE.match
        text = self.source.text
        bars = "|" in text or "｜" in text  # else no line is asked whether it is a bar row
        for line in lines:
            starts.append(start)
            start += len(line) + 1
            first = line[:1]  # a cell line starts with a tab, or spaces before one
            if first == "\t" or (first in _CELL_LEAD and cell_line(line)):  # a lone tab is an empty cell
                kinds.append("cell")
                continue
            stripped = line.strip(_SPACE)
            if not stripped:
                kinds.append("blank")
            elif "\t" in stripped:
                kinds.append("tsv")
            elif bars and _BAR.search(stripped):
                kinds.append("bar")
            else:
                kinds.append("text")
        _tsv_rows_with_empty_first_cell(lines, kinds)
        markdown = _bar_tables(lines, kinds)
        reaches = _ReachesCell(kinds)
        blank = 0
        for index, (line, start, kind) in enumerate(zip(lines, starts, kinds, strict=True)):
            if kind == "blank":
                blank += 1
                continue
            if kind == "cell":
                self.cell_line(line, start, blank)
            elif kind == "text":
                self.text_line(line, start, blank, reaches, index)
            elif kind == "tsv":
                self.tsv_line(line, start, blank)
            else:
                self.bar_line(line, start, blank, markdown[index])
            blank = 0
        self.close_table()
        return self.blocks


def _paragraphs(source: TextSource) -> list[Paragraph | Table]:
    """The blocks of a text without tabs or bars: one paragraph per non-blank line, stripped (what
    `_Scanner.scan` gives such a text, without classifying each line for the tables it cannot have)."""
    blocks: list[Paragraph | Table] = []
    start = 0
    for line in source.text.split("\n"):
        stripped = line.lstrip(_SPACE)
        if stripped:
            blocks.append(Paragraph(Piece(stripped.rstrip(_SPACE), source=source,
                                          start=start + len(line) - len(stripped))))
        start += len(line) + 1
    return blocks


def _tsv_rows_with_empty_first_cell(lines: list[str], kinds: list[str]) -> None:
    """A line that starts with a tab and has more tabs, next to a TSV row, is a TSV row whose first
    cell is empty (`\t其中：中央补助\t250.00`), not a flattened cell: Word's flattened cells hold
    no tab of their own. Marked in place, in both directions, so a run of such rows after or
    before a TSV row is read as rows."""
    if "tsv" not in kinds:
        return  # only a TSV row makes its neighbours rows
    candidates = [kind == "cell" and "\t" in line.lstrip(_SPACE).lstrip("\t").rstrip(_SPACE)
                  for line, kind in zip(lines, kinds, strict=True)]
    for order in (range(len(kinds)), range(len(kinds) - 1, -1, -1)):
        for index in order:
            if not candidates[index] or kinds[index] == "tsv":
                continue
            neighbours = (index - 1, index + 1)
            if any(0 <= n < len(kinds) and kinds[n] == "tsv" for n in neighbours):
                kinds[index] = "tsv"


def _bar_tables(lines: list[str], kinds: list[str]) -> list[bool]:
    """Settle the `bar` lines: a run of them (at most one blank line between two) is a table when
    it has two or more lines or one line of three or more cells; otherwise its lines are text.
    Returns, per line, whether its table is a Markdown table (every line starts and ends with a
    bar)."""
    markdown = [False] * len(kinds)
    if "bar" not in kinds:
        return markdown
    index = 0
    while index < len(kinds):
        if kinds[index] != "bar":
            index += 1
            continue
        run = [index]
        probe = index + 1
        while probe < len(kinds):
            if kinds[probe] == "bar":
                run.append(probe)
                probe += 1
            elif kinds[probe] == "blank" and probe + 1 < len(kinds) and kinds[probe + 1] == "bar":
                probe += 1
            else:
                break
        texts = [lines[i].strip(_SPACE) for i in run]
        if len(run) == 1 and len(_BAR.split(texts[0])) < 3:
            kinds[index] = "text"
        elif all(len(t) >= 2 and _BAR.match(t) and _BAR.match(t[-1]) for t in texts):
            for i in run:
                markdown[i] = True
        index = probe
    return markdown


class _ReachesCell:
    """For a plain line: does the run of plain lines after it (at most one blank line between
    them) end at a flattened cell line? Asked only of lines read while a flattened table is open
    (a few per table), so it is worked out then, walking forward along the run, and remembered for
    every line of the run (they share the answer) instead of for every line of the text."""

    __slots__ = ("_kinds", "_known")

    def __init__(self, kinds: list[str]) -> None:
        self._kinds = kinds
        self._known: dict[int, bool] = {}

    def __call__(self, index: int) -> bool:
        kinds, known = self._kinds, self._known
        run = []
        answer = False
        while index not in known:
            run.append(index)
            following, target = (kinds[index + 1], index + 1) if index + 1 < len(kinds) else ("", index)
            if following == "blank" and index + 2 < len(kinds):
                following, target = kinds[index + 2], index + 2
            if following != "text":
                answer = following == "cell"
                break
            index = target
        else:
            answer = known[index]
        for member in run:
            known[member] = answer
        return answer


def text_document(text: str, path: Path | str = "<text>") -> Document:
    """Build a Document from decoded text (newlines already normalized to `\\n`).

    Paragraphs are the non-blank lines outside tables; tables are recovered from the flattened
    layouts described in the module docstring. Every Piece maps back to `text`.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"文字长 {len(text):,} 个字符，超过 perflint 读取一份报告的上限（"
                         f"{MAX_TEXT_CHARS:,} 个字符）；一个文件中有多份报告时请拆分",
                         english=f"text is {len(text):,} characters long; perflint reads a report of "
                                 f"up to {MAX_TEXT_CHARS:,} characters (split a file that holds "
                                 "several reports)")
    source = TextSource(text)
    normalized = normalize_script(text)
    if normalized.text is text:  # the common case: a simplified report without pinyin doubling
        return Document(path=Path(path), kind="txt", blocks=_Scanner(source).scan(), source=source)
    blocks = _Scanner(TextSource(normalized.text)).scan()
    _map_back(blocks, normalized, source)
    return Document(path=Path(path), kind="txt", blocks=blocks, source=source)


def _map_back(blocks: list[Paragraph | Table], normalized: Normalized, source: TextSource) -> None:
    """Point the pieces scanned from the normalized text at the original `source`: their text
    stays the normalized one (what extraction reads), their spans quote the original."""
    pieces = [cell.piece for block in blocks if isinstance(block, Table) for row in block.rows
              for cell in row]
    pieces.extend(block.piece for block in blocks if isinstance(block, Paragraph))
    for piece in pieces:
        piece.source = source
        if normalized.offsets is None:  # same length, characters in place: the identity map
            continue
        if piece.offsets is not None:
            piece.offsets = [normalized.source_offset(o) for o in piece.offsets]
            continue
        first = normalized.source_offset(piece.start)
        if not piece.text or normalized.source_offset(piece.start + len(piece.text) - 1) - first \
                == len(piece.text) - 1:
            piece.start = first  # nothing removed inside the piece: still a verbatim slice
        else:
            piece.offsets = [normalized.source_offset(piece.start + i) for i in range(len(piece.text))]


def load_text_document(path: Path) -> Document:
    """Read a text file in any encoding perflint accepts (see perflint.reading.read_text)."""
    return text_document(read_text(path), path)
