"""The narrative text of a report, cut into paragraphs and sentences that keep their exact place.

A finding about a sentence should underline that sentence, not the whole section. A section body
is a `Text` whose span quotes the source: for raw .txt input the quote *is* the text, for YAML it
is the scalar as written (`"…"` with escapes, or a `|` block with indentation). `locate` maps a
range of the text back into the quote when it can do so exactly, and otherwise falls back to the
body's own span (the rule then names the sentence in its message), so a finding never points at
the wrong characters.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from perflint.model import Report, Span, Text
from perflint.textmatch.evidence import Evidence

#: Sentence ends: full stops, question/exclamation marks, semicolons (each clause of a
#: "一是…；二是…" list is a claim of its own) and line breaks. Closing quotes stay with the sentence.
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*[”’」』）)]*")
_SPACE = " \t\r\f\v\u3000\xa0"
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    segment = text[start:end]
    stripped = segment.strip(_SPACE)
    if not stripped:
        return start, start
    start += len(segment) - len(segment.lstrip(_SPACE))
    return start, start + len(stripped)


def sentences(block: Block) -> list[Piece]:
    """The sentences (and "；" clauses) of a block, whitespace-trimmed, with their offsets."""
    text = block.text.text
    out = []
    for match in _SENTENCE.finditer(text):
        start, end = _trimmed(text, match.start(), match.end())
        if end > start:
            out.append(Piece(text[start:end], start, end, block))
    return out


def paragraphs(block: Block) -> list[Piece]:
    """The paragraphs of a block: its non-blank lines, whitespace-trimmed, with their offsets."""
    return [Piece(match.group(), match.start(), match.end(), block)
            for match in _TRIMMED_LINE.finditer(block.text.text)]


# --- mapping text offsets back into the quoted source ------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "r": "\r", "0": "\0", " ": " ",
            "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029", "\t": "\t"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _double_quoted(quote: str) -> tuple[str, list[int]] | None:
    """Decode a one-line YAML double-quoted scalar, with each character's position in the quote."""
    if len(quote) < 2 or quote[-1] != '"' or "\n" in quote:
        return None
    chars: list[str] = []
    positions: list[int] = []
    i, end = 1, len(quote) - 1
    while i < end:
        ch = quote[i]
        if ch != "\\":
            chars.append(ch)
            positions.append(i)
            i += 1
            continue
        code = quote[i + 1] if i + 1 < end else ""
        if code in _ESCAPES:
            chars.append(_ESCAPES[code])
            positions.append(i)
            i += 2
        elif code in _HEX_ESCAPES:
            width = _HEX_ESCAPES[code]
            try:
                chars.append(chr(int(quote[i + 2:i + 2 + width], 16)))
            except ValueError:
                return None
            positions.append(i)
            i += 2 + width
        else:
            return None
    positions.append(end)
    return "".join(chars), positions


def _single_quoted(quote: str) -> tuple[str, list[int]] | None:
    if len(quote) < 2 or quote[-1] != "'" or "\n" in quote:
        return None
    chars: list[str] = []
    positions: list[int] = []
    i, end = 1, len(quote) - 1
    while i < end:
        chars.append(quote[i])
        positions.append(i)
        i += 2 if quote[i] == "'" and i + 1 < end and quote[i + 1] == "'" else 1
    positions.append(end)
    return "".join(chars), positions


def _literal_block(quote: str) -> tuple[str, list[int]] | None:
    """Decode a YAML literal block scalar (`|`, `|-`, `|+`): content lines minus their indentation."""
    header_end = quote.find("\n")
    header = quote[:header_end] if header_end >= 0 else quote
    if header_end < 0 or any(ch.isdigit() for ch in header.split("#", 1)[0]):
        return None
    lines = quote[header_end + 1:].split("\n")
    indent = next((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), 0)
    chars: list[str] = []
    positions: list[int] = []
    pos = header_end + 1
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        if line.strip():
            if len(line) - len(line.lstrip(" ")) < indent:
                break  # the next YAML node, not scalar content
            chars.append(line[indent:])
            positions.extend(range(pos + indent, pos + len(line)))
        if not last:
            chars.append("\n")
            positions.append(pos + len(line))
        pos += len(line) + 1
    positions.append(min(pos, len(quote)))
    return "".join(chars), positions


@lru_cache(maxsize=4096)
def _positions(quote: str, text: str) -> tuple[int, ...] | None:
    """Position in `quote` of each character of `text` (plus one past the end), when exact."""
    first = quote[:1]
    if first == '"':
        decoded = _double_quoted(quote)
    elif first == "'":
        decoded = _single_quoted(quote)
    elif first == "|":
        decoded = _literal_block(quote)
    else:
        decoded = None
    if decoded is None:
        return None
    chars, positions = decoded
    if not chars.startswith(text) or chars[len(text):].strip("\n"):
        return None
    return tuple(positions[:len(text) + 1])


def locate(text: Text, start: int, end: int, *, fallback: bool = True) -> Span | None:
    """The span of `text.text[start:end]` in the source file.

    Exact when the body's quote is the text itself (raw .txt) or a YAML scalar this module can
    decode (double/single quoted on one line, literal `|` block); otherwise the body's own span
    (or None when `fallback` is false).
    """
    span = text.span
    if span is None:
        return None
    quote = span.quote
    if quote == text.text:
        q_start, q_end = start, end
    else:
        positions = _positions(quote, text.text)
        if positions is None:
            return span if fallback else None
        q_start, q_end = positions[start], positions[end]
    return sub_span(span, q_start, q_end)


def sub_span(span: Span, q_start: int, q_end: int) -> Span:
    """The span of `span.quote[q_start:q_end]`, with line, column and offsets."""
    quote = span.quote
    line = span.line + quote.count("\n", 0, q_start)
    newline = quote.rfind("\n", 0, q_start)
    column = span.column + q_start if newline < 0 else q_start - newline
    end_line = line + quote.count("\n", q_start, q_end)
    end_newline = quote.rfind("\n", 0, q_end)
    end_column = span.column + q_end if end_newline < 0 else q_end - end_newline
    offset = None if span.offset is None else span.offset + q_start
    end_offset = None if span.offset is None else span.offset + q_end
    # built without re-validation: every field is derived from an already valid span
    return Span.model_construct(line=line, column=column, end_line=end_line, end_column=end_column,
                                quote=quote[q_start:q_end], offset=offset, end_offset=end_offset,
                                location=span.location)


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
