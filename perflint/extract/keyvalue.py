"""Label–value lines read as the statements they flatten.

A funds block copied from a web page or exported from Excel often arrives one label and one
figure per line, the structure words on lines of their own:

    奖励扶助资金(万元)              ← a caption: what the block below is about
    年度预算资金总额: 415.60          ← the total
    其中:中央补助 300.00              ← `其中` opens its parts
    市级资金 90.60
    本级资金 25.00

Read line by line, each line is a figure without relations, and equal labels in different blocks
(`年度预算资金总额` of two programmes) look like one figure stated twice. Read as a reader does,
the block is one statement: `奖励扶助资金(万元) 年度预算资金总额: 415.60，其中:中央补助 300.00，
市级资金 90.60，本级资金 25.00。` This module finds such blocks among the paragraphs of a text
source and gives each as one `Piece` whose characters map back to the lines they came from (the
joints map to the line breaks), so every figure still quotes its own line.

A block is: an optional caption (a line with no figure that names money `(万元)` or ends with
`资金`/`经费`, and no section number: `（二）项目资金` is a heading), a total line, then a line
starting with `其中` and the lines after it, each a label and exactly one figure at its end. It
ends at any other line: a second `其中` (a nested list, whose extent the lines do not show), a
lone `其中:`, a caption, a line of prose, a label already met in the block (the next block's
`年度资金总额` when blocks have no captions). Nothing is merged unless a total line is followed
by a `其中` line: lone label–value lines stay what they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from perflint.document import Paragraph, Piece
from perflint.extract.figures import Figure, scan
from perflint.extract.headings import is_numbered

_HAN = re.compile(r"[\u4e00-\u9fff]")
_QIZHONG = re.compile(r"\s*其中\s*[:：]?")
_LONE_QIZHONG = re.compile(r"\s*其中\s*[:：]?\s*")
#: A caption names a block's money: `…资金(万元)`, `…经费（元）`, `…补助资金`.
_CAPTION = re.compile(r"(?:[(（]\s*(?:万元|元|亿元)\s*[)）]|资金|经费)\s*[:：]?\s*$")
#: A label is short and has no sentence punctuation: a line with `。` or `，` is prose.
_PROSE = re.compile(r"[。，,；;！？]")
_MAX_LABEL = 40
#: What does not tell two labels apart: spaces and the colon before the figure.
_LABEL_NOISE = re.compile(r"[\s:：]")


@dataclass(frozen=True, slots=True)
class _Line:
    kind: str  # "value", "caption", "qizhong" (a lone 其中:), "other"
    opens: bool = False  # a value line starting with 其中
    label: str = ""  # a value line's label, without spaces, 其中 and the colon


#: The lines that hold nothing but their kind, shared: most lines of a report are "other" (prose).
_OTHER = _Line("other")
_CAPTION_LINE = _Line("caption")
_QIZHONG_LINE = _Line("qizhong")


def _classify(paragraph: Paragraph, figures: list[Figure] | None) -> _Line:
    """What a line is; `figures` are the paragraph's (`scan(paragraph.text)`), None to scan here."""
    text = paragraph.text.strip()
    if _PROSE.search(text):  # prose (most lines): neither a lone `其中` nor a label and a value
        return _OTHER
    if _LONE_QIZHONG.fullmatch(text):
        return _QIZHONG_LINE
    if not _HAN.search(text):
        return _OTHER
    if figures is None:
        figures = scan(paragraph.text)
    if not figures:
        caption = len(text) <= _MAX_LABEL and _CAPTION.search(text) and not is_numbered(text)
        return _CAPTION_LINE if caption else _OTHER  # `（二）项目资金` is a heading
    # a figure never begins or ends with a space, so those of the stripped text are the paragraph's,
    # moved by the spaces stripped before it
    lead = len(paragraph.text) - len(paragraph.text.lstrip())
    last_start, last_end = figures[-1].start - lead, figures[-1].end - lead
    label = text[:last_start]
    if len(figures) != 1 or text[last_end:].strip() or not _HAN.search(label) or len(label) > _MAX_LABEL:
        return _OTHER
    opening = _QIZHONG.match(text)
    name = _LABEL_NOISE.sub("", label[opening.end():] if opening else label)
    return _Line("value", opens=opening is not None, label=name)


def _blocks(lines: list[_Line]) -> Iterator[tuple[int, int]]:
    """(first, end) line indexes of each block: [caption] total, `其中` line, value lines."""
    index = 0
    while index < len(lines):
        start = index
        if lines[index].kind == "caption":
            index += 1
        if (index + 1 < len(lines) and lines[index].kind == "value" and not lines[index].opens
                and lines[index + 1].kind == "value" and lines[index + 1].opens):
            end = index + 2
            seen = {lines[index].label, lines[index + 1].label}
            while (end < len(lines) and lines[end].kind == "value" and not lines[end].opens
                   and lines[end].label not in seen):  # a label met again starts another block
                seen.add(lines[end].label)
                end += 1
            yield start, end
            index = end
        else:
            index = start + 1


def _joined(paragraphs: list[Paragraph], caption: bool) -> Piece | None:
    """One piece of `paragraphs` (a text source's lines): the caption and the total joined by a
    space, the other lines by `，`, a `。` at the end; each joint maps to the line break it
    replaces. None for pieces that do not map to a text source (Office documents keep a block
    number per paragraph, so a join across paragraphs could not point at its parts)."""
    pieces = [p.piece for p in paragraphs]
    source = pieces[0].source
    if source is None or any(p.source is not source for p in pieces):
        return None
    text: list[str] = []
    offsets: list[int] = []
    for number, piece in enumerate(pieces):
        stripped = piece.text.rstrip()
        text.append(stripped)
        offsets.extend(piece.source_range(i, i + 1)[0] for i in range(len(stripped)))
        joint = "。" if number == len(pieces) - 1 else (" " if caption and number == 0 else "，")
        text.append(joint)
        offsets.append(offsets[-1] + 1 if offsets else piece.start)
    return Piece("".join(text), source=source, offsets=offsets)


def statement_pieces(paragraphs: list[Paragraph], figures: list[list[Figure]] | None = None
                     ) -> Iterator[tuple[Paragraph, Piece]]:
    """Each paragraph with the piece to read it as, in order: a block of label–value lines once,
    as its first paragraph with the joined piece; every other paragraph as itself. `figures`, when
    given, are those of each paragraph (`scan_each`), so no line is scanned again here."""
    return _in_order(paragraphs, merged_blocks(paragraphs, figures))


def merged_blocks(paragraphs: list[Paragraph], figures: list[list[Figure]] | None = None
                  ) -> dict[int, tuple[int, Piece]]:
    """The blocks of label–value lines read as one statement: the index of each block's first
    paragraph → (the index after its last, the joined piece). Empty, without classifying any line,
    when no paragraph opens with `其中` (every block has such a line; most texts have none)."""
    if not any(p.text.lstrip().startswith("其中") for p in paragraphs):
        return {}
    return _merged(paragraphs, figures)


def _merged(paragraphs: list[Paragraph], figures: list[list[Figure]] | None
            ) -> dict[int, tuple[int, Piece]]:
    lines = [_classify(p, figures[i] if figures is not None else None) for i, p in enumerate(paragraphs)]
    merged: dict[int, tuple[int, Piece]] = {}
    for start, end in _blocks(lines):
        piece = _joined(paragraphs[start:end], caption=lines[start].kind == "caption")
        if piece is not None:
            merged[start] = (end, piece)
    return merged


def _pieces(paragraphs: list[Paragraph], figures: list[list[Figure]] | None
            ) -> Iterator[tuple[Paragraph, Piece]]:
    """`statement_pieces` with every line classified (no shortcut)."""
    return _in_order(paragraphs, _merged(paragraphs, figures))


def _in_order(paragraphs: list[Paragraph], merged: dict[int, tuple[int, Piece]]
              ) -> Iterator[tuple[Paragraph, Piece]]:
    index = 0
    while index < len(paragraphs):
        if index in merged:
            end, piece = merged[index]
            yield paragraphs[index], piece
            index = end
            continue
        yield paragraphs[index], paragraphs[index].piece
        index += 1
