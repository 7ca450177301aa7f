"""Budget tables whose cells arrive separated by spaces, recovered as `Table` blocks.

PDF text layers and web pages often give the project form's funds block one row per line, its
cells separated by spaces and its empty cells simply left out:

    年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分
    年度资金总额: 640 640 560 10 8.75
     其中:本年财政拨款 640 640 560 - -
        上年结转资金 - -

A header line is a line whose every space-separated word is a budget column the form profile
names (`columns.budget`, the same aliases a Word table's header is read with), among them the
预算数 and 执行数 columns; the row label has no header word of its own, or a caption naming the
money unit (`项目资金（万元）`). A row is a label followed
by figures. Because empty cells are left out, a row's figures are placed only where the text
leaves one placement:
- as many figures as columns: one each, in order;
- one figure fewer, none of them a percentage, and a 执行率 column: the rate is the empty cell
  (the others keep their order). This is the common "rate left blank" defect, and the only one
  whose place the figures themselves show;
- figures that are all `-` (nothing stated): placed in the first columns, where any order reads
  the same.
A row with any other number of figures could stand under several columns, so the lines are left
as text, whole: a table with a row that cannot be placed is not recovered at all, since reading
only some of its rows would sum the wrong parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from perflint.document import Block, Cell, Paragraph, Table
from perflint.extract.figures import parse_cell
from perflint.extract.tables import Columns

_WORD = re.compile(r"\S+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: A caption before the column words, heading the label column: `项目资金（万元）`, `资金情况(元)`.
_CAPTION = re.compile(r"^[\u4e00-\u9fff]{2,12}[（(](?:万元|元|亿元)[）)]$")


def _header_fields(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> list[str] | None:
    """The field of each word of a budget header line, or None when a word names no column or the
    line lacks the 预算数 / 执行数 columns."""
    if "预算" not in text:  # every alias of the required 预算数 column says so: most lines stop here
        return None
    fields: list[str] = []
    words = _WORD.findall(text)
    if words and _CAPTION.search(words[0]):
        words = words[1:]  # `项目资金（万元）`: the caption heads the label column
    for word in words:
        field = next((key for key, pattern in patterns if key not in fields and pattern.search(word)), None)
        if field is None or field == "label":
            return None
        fields.append(field)
    return fields if len(fields) >= 3 and {"budget", "executed"} <= set(fields) else None


def _figure(word: str) -> tuple[bool, bool] | None:
    """(nil, percent) of a word that is a cell figure, None for words."""
    parsed = parse_cell(word)
    if parsed is None or (parsed.value is None and not parsed.nil):
        return None
    return parsed.nil, parsed.unit in ("%", "‰")


def _row_words(text: str) -> tuple[int, list[re.Match[str]]] | None:
    """Where a row's label ends and its figure words, or None when the line is no row: a label
    with a Chinese word, then one or more figures up to the end of the line."""
    words = list(_WORD.finditer(text))
    figures: list[re.Match[str]] = []
    while words and _figure(words[-1].group()) is not None:
        figures.insert(0, words.pop())
    if not figures or not words or not _HAN.search(text[:figures[0].start()]):
        return None
    return words[-1].end(), figures


def _placement(fields: list[str], figures: list[re.Match[str]]) -> list[str] | None:
    """The field of each figure when the text leaves one placement (module docstring)."""
    if len(figures) == len(fields):
        return list(fields)
    kinds = [_figure(f.group()) for f in figures]
    if all(kind is not None and kind[0] for kind in kinds):
        return fields[:len(figures)]
    if len(figures) == len(fields) - 1 and "rate" in fields and not any(k and k[1] for k in kinds):
        return [f for f in fields if f != "rate"]
    return None


def _table(lines: list[Paragraph], fields: list[str]) -> Table | None:
    """The table of a header line and its row lines, or None if a row cannot be placed."""
    header = lines[0].piece
    words = list(_WORD.finditer(header.text))
    caption = (header.slice(words[0].start(), words[0].end()) if len(words) > len(fields)
               else header.slice(0, 0))
    head_cells = [Cell(caption, row=0, column=0)]
    head_cells.extend(Cell(header.slice(m.start(), m.end()), row=0, column=i + 1)
                      for i, m in enumerate(words[len(words) - len(fields):]))
    rows = [head_cells]
    for number, line in enumerate(lines[1:], start=1):
        piece = line.piece
        found = _row_words(piece.text)
        if found is None:
            return None
        label_end, figures = found
        placed = _placement(fields, figures)
        if placed is None:
            return None
        label_start = len(piece.text) - len(piece.text.lstrip())
        cells = [Cell(piece.slice(label_start, label_end), row=number, column=0)]
        by_field = dict(zip(placed, figures, strict=True))
        for column, field in enumerate(fields, start=1):
            match = by_field.get(field)
            sub = (piece.slice(match.start(), match.end()) if match is not None
                   else piece.slice(label_end, label_end))
            cells.append(Cell(sub, row=number, column=column))
        rows.append(cells)
    return Table(rows=rows)


def _may_head(block: Block) -> bool:
    """`_header_fields`' own first tests: a paragraph naming 预算 in three or more words (a column
    each). Most paragraphs fail them, and a text none passes has no table to recover."""
    return isinstance(block, Paragraph) and "预算" in block.text and len(block.text.split(maxsplit=2)) == 3


def recover(blocks: list[Block], columns_at: Callable[[int], Columns]) -> Iterator[tuple[int, Block]]:
    """`blocks` with each space-separated budget table (a header line and the row lines right
    after it) given as a Table in place of its lines; each with the index of its (first) block,
    so what is known per block index (the part it belongs to) still applies."""
    if not any(map(_may_head, blocks)):
        return enumerate(blocks)
    return _recovered(blocks, columns_at)


def _recovered(blocks: list[Block], columns_at: Callable[[int], Columns]) -> Iterator[tuple[int, Block]]:
    index = 0
    while index < len(blocks):
        block = blocks[index]
        # `_header_fields`' own first tests, before asking for the block's columns
        fields = (_header_fields(block.text, columns_at(index).get("budget", ()))
                  if _may_head(block) else None)
        if fields is None:
            yield index, block
            index += 1
            continue
        end = index + 1
        while end < len(blocks) and isinstance(blocks[end], Paragraph) and _row_words(blocks[end].text):
            end += 1
        table = _table(blocks[index:end], fields) if end > index + 1 else None  # type: ignore[arg-type]
        if table is None:
            yield index, block
            index += 1
            continue
        yield index, table
        index = end
