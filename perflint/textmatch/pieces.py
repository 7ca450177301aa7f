"""The narrative text of a report, cut into paragraphs and sentences that keep their exact place.

A finding about a sentence should underline that sentence, not the whole section. A section body
is a `Text` whose span quotes the source: for raw .txt input the quote *is* the text, for YAML it
is the scalar as written (`"…"` with escapes, or a `|` block with indentation). `locate`
(perflint.analysis.spans) maps a range of the text back into the quote when it can do so exactly,
and otherwise falls back to the body's own span (the rule then names the sentence in its message),
so a finding never points at the wrong characters. What a sentence is, perflint.analysis.sentences
says.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import NamedTuple

from perflint.analysis.sentences import SENTENCE as _SENTENCE
from perflint.analysis.sentences import SPACE as _SPACE
from perflint.analysis.sentences import trimmed
from perflint.analysis.spans import locate
from perflint.model import Report, Span, Text
from perflint.textmatch.evidence import Evidence

#: A line without the `_SPACE` around it: from its first to its last other character.
_TRIMMED_LINE = re.compile(f"[^\\n{_SPACE}](?:[^\\n]*[^\\n{_SPACE}])?")


class Block(NamedTuple):
    """A stretch of narrative text rules read: a section body, with its heading and nesting."""

    text: Text
    heading: Text | None = None
    level: int = 1
    index: int = 0  #: position among the report's sections (-1 for the whole raw source)


class Piece(NamedTuple):
    """A sentence or paragraph: its text and where it lies in its block's text (start, end).

    (A named tuple: reports have thousands of these, and tuples are the cheapest to make.)"""

    text: str
    start: int
    end: int
    block: Block

    def span(self) -> Span | None:
        """The exact span of this piece, or the block's span when it cannot be mapped exactly."""
        return locate(self.block.text, self.start, self.end)

    def exact_span(self) -> Span | None:
        """The exact span of this piece, or None."""
        return locate(self.block.text, self.start, self.end, fallback=False)


def blocks(report: Report) -> list[Block]:
    """The report's section bodies in reading order.

    When a raw source carries no sections with text (an extractor that found no headings), its
    whole text is one block, so text rules still work on it.
    """
    found = [Block(s.body, s.heading, s.level, i) for i, s in enumerate(report.sections)
             if s.body is not None and s.body.text.strip()]
    if not found and report.source_text and report.source_text.strip():
        found.append(Block(_whole_text(report.source_text), None, 1, -1))
    return found


def _whole_text(source: str) -> Text:
    lines = source.split("\n")
    span = Span(line=1, column=1, end_line=len(lines), end_column=len(lines[-1]) + 1, quote=source,
                offset=0, end_offset=len(source))
    return Text(text=source, span=span)


def sentences(block: Block) -> list[Piece]:
    """The sentences (and "；" clauses) of a block, with their offsets: `sentence_bounds` of
    perflint.analysis.sentences, in one loop. A sentence match rarely has a space at either end,
    so it is trimmed only when it has one (the text rules split every block of every report)."""
    text = block.text.text
    found = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        if text[start] in _SPACE or text[end - 1] in _SPACE:
            start, end = trimmed(text, start, end)
            if end <= start:
                continue
        found.append(Piece(text[start:end], start, end, block))
    return found


def paragraphs(block: Block) -> list[Piece]:
    """The paragraphs of a block: its non-blank lines, whitespace-trimmed, with their offsets."""
    return [Piece(match.group(), match.start(), match.end(), block)
            for match in _TRIMMED_LINE.finditer(block.text.text)]


def pieces_of(report: Report, kind: str = "sentence") -> Iterator[Piece]:
    """Every sentence (or paragraph) of every block of the report, in reading order."""
    view = text_view(report)
    for block in view.blocks:
        yield from (view.sentences(block) if kind == "sentence" else view.paragraphs(block))


class TextView:
    """A report's blocks, sentences, paragraphs and evidence markers, each computed once.

    Several PL6xx rules read the same sentences and paragraphs of the same report one after the
    other; the view lets them share the work instead of each splitting the text again.
    """

    __slots__ = ("_evidence", "_paragraphs", "_sentences", "blocks", "report")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.blocks = blocks(report)
        self._sentences: dict[int, list[Piece]] = {}
        self._paragraphs: dict[int, list[Piece]] = {}
        self._evidence: dict[int, Evidence] = {}

    def sentences(self, block: Block) -> list[Piece]:
        found = self._sentences.get(id(block))
        if found is None:
            found = self._sentences[id(block)] = sentences(block)
        return found

    def paragraphs(self, block: Block) -> list[Piece]:
        found = self._paragraphs.get(id(block))
        if found is None:
            found = self._paragraphs[id(block)] = paragraphs(block)
        return found

    def evidence(self, block: Block) -> Evidence:
        found = self._evidence.get(id(block))
        if found is None:
            found = self._evidence[id(block)] = Evidence(block.text.text)
        return found


_VIEWS: OrderedDict[int, TextView] = OrderedDict()
_MAX_VIEWS = 4


def text_view(report: Report) -> TextView:
    """The shared view of a report (the last few reports' views are kept; each view holds its
    report, so an id cannot be reused while its view is cached)."""
    view = _VIEWS.get(id(report))
    if view is not None and view.report is report:
        _VIEWS.move_to_end(id(report))
        return view
    view = _VIEWS[id(report)] = TextView(report)
    while len(_VIEWS) > _MAX_VIEWS:
        _VIEWS.popitem(last=False)
    return view
