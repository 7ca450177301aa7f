"""perflint's own YAML read line by line, without libyaml's event objects.

`perflint extract` and `perflint fix` write block mappings and lists (indented lists), field
names as keys, plain, double-quoted and `|-` scalars and `#` comments. Creating ruamel's Python
object for each of libyaml's ≈ 600 events per report cost more than reading the lines: here each
line is read with a few string operations and the located data is built with the values and the
spans libyaml's marks give (`yaml_loader._build`; tests/core/test_yaml_lines.py compares the two
on every fixture, on written reports and on the edge cases). Whatever is not in that subset
(another scalar style, a flow collection, a line it does not expect, a limit reached, a character
libyaml refuses or reads as a line break) answers None at once, and the caller reads the text with
libyaml, so every error and every unusual document is read exactly as before. report_lines reads
a report's lines by the same rules (`LINE`, `inline_scalar`, `literal_block`) straight into the model.
"""

from __future__ import annotations

import re
from typing import Any

from perflint.model import LocatedDict, LocatedList, LocatedStr, Span
from perflint.model.span import restore

_SPAN_FIELDS = frozenset(("line", "column", "end_line", "end_column", "quote", "offset", "end_offset"))
#: At most this many characters of a mapping's or list's first line are its quote (see yaml_loader).
MAX_COLLECTION_QUOTE = 200
#: Anything but a line feed, a tab and the characters libyaml reads as printable and not as a line
#: break (no carriage return, NEL, U+2028/U+2029, BOM): such a text is left to libyaml. A tab is
#: read only inside a `|-` block's lines, past their indentation.
_UNUSUAL = re.compile("[^\n\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
#: A line: its indentation, a list entry's dash, a key as the writer writes it (a field name) with
#: its colon and the spaces after it, and the rest (a value, a comment, or what is read elsewhere).
LINE = re.compile(r"( *)(- )?(?:([A-Za-z_]\w*):(?: +|$))?(.*)", re.ASCII)
#: Characters that make a plain scalar's first character mean something else (or need care).
INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: First characters of a key or a plain value that may make it something else than text (null,
#: true, `<<`, `=` …): only then is the resolver asked (ruamel's YAML 1.2 implicit resolvers).
_SPECIAL_KEY = frozenset("nNtTfF~")
SPECIAL_VALUE = frozenset("nNtTfF~<=")
_new_str = str.__new__


def span(line: int, column: int, end_line: int, end_column: int, quote: str, offset: int,
         end_offset: int) -> Span:
    """A Span from marks the parser has just given: the fields, fields-set and extras a validated
    one has, without validating what cannot be wrong (ints from the parser, a slice of the text)."""
    return restore(Span, {"line": line, "column": column, "end_line": end_line, "end_column": end_column,
                          "quote": quote, "offset": offset, "end_offset": end_offset, "location": None},
                   set(_SPAN_FIELDS), None, None)


def collection_span(line: int, column: int, start: int, end: int, end_line: int, source: str) -> Span:
    """A mapping's or list's span from its 0-based start mark and its end mark's index and line:
    its quote is its first line, at most MAX_COLLECTION_QUOTE characters, and no further than its
    own end."""
    stop = min(start + MAX_COLLECTION_QUOTE, end if end_line == line else len(source))
    newline = source.find("\n", start, stop)
    quote = source[start:stop if newline < 0 else newline].rstrip()
    return span(line + 1, column + 1, line + 1, column + 1 + len(quote), quote, start, end)


def place_value(state: Any, value: Any) -> None:
    """Put a complete value where it belongs in a reader's `state` (its `stack` of open collections,
    each with `value` and `key`, and its `root`): its list, its key's place, or the root. Shared by
    this reader and yaml_loader's event builder, which build the same data."""
    if not state.stack:
        state.root = value
        return
    parent = state.stack[-1]
    if type(parent.value) is LocatedList:
        parent.value.append(value)
    else:
        parent.value[parent.key] = value
        parent.key = None


class _Open:
    """A mapping or list being read: its value, its indentation, its start mark (0-based line,
    column, index) and, for a mapping, the key whose value is on the lines below."""

    __slots__ = ("column", "indent", "index", "key", "line", "value")

    def __init__(self, value: LocatedDict | LocatedList, line: int, column: int, index: int) -> None:
        self.value, self.line, self.column, self.index = value, line, column, index
        self.indent, self.key = column, None


class Unusual(Exception):
    """The text is more than this reader reads: libyaml reads it."""


def read(source: str, scalar_kind: Any, max_depth: int, max_nodes: int, max_chars: int) -> Any:
    """The located data of `source` as libyaml's events build it, or None when the text is not in
    the subset read here or reaches a limit (libyaml's path then reports it at its place).

    `scalar_kind(value)` is the kind a plain scalar resolves to ("str", "null", "bool" …)."""
    if not readable(source, max_nodes):
        return None
    try:
        return _Reader(source, scalar_kind, max_depth, max_nodes, max_chars).run()
    except Unusual:
        return None


def readable(source: str, max_nodes: int) -> bool:
    """Whether `source` may be in the subset read here, as a whole (its lines are checked as they
    are read): it ends with a line break, has no character libyaml would read otherwise, and no
    more lines than nodes allowed (libyaml's path reports the first node over the limit)."""
    return source.endswith("\n") and source.count("\n") <= max_nodes and not _UNUSUAL.search(source)


def line_starts(lines: list[str]) -> list[int]:
    """The index in the text of each of its `lines` (split at line feeds)."""
    starts = []
    index = 0
    for line in lines:
        starts.append(index)
        index += len(line) + 1
    return starts


def inline_scalar(text: str) -> tuple[str, str, bool]:
    """A double-quoted or plain scalar written as `text` (the rest of its line): its value, its
    quote (its text in the line) and whether it is plain (its value may resolve to null, true …).
    Unusual for any other style, an escape, or a plain scalar that may be read otherwise."""
    first = text[0]
    if first == '"':
        close = text.find('"', 1)
        if close < 0 or "\\" in text[1:close]:
            raise Unusual
        after = text[close + 1:]
        if after and (after[0] != " " or after.lstrip(" ")[:1] not in ("", "#")):
            raise Unusual
        return text[1:close], text[:close + 1], False
    if first in INDICATORS:
        raise Unusual
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise Unusual
    return value, value, True


def literal_block(lines: list[str], number: int, parent: int, text: str) -> tuple[str, int]:
    """A `|-` block starting `text` on line `number`, in a collection indented by `parent`: its
    value and the number of the first line after it. Its lines are indented as its first one,
    which is more indented than `parent`; empty lines are kept between lines, dropped at the end.
    It ends where libyaml's mark is after its last line break: the start of the next line it does
    not hold."""
    if text != "|-":
        raise Unusual
    first = lines[number + 1]
    body = first.lstrip(" ")
    indent = len(first) - len(body)
    if not body or indent <= parent:
        raise Unusual  # leading empty lines, or no line at all
    held: list[str] = []
    kept = 0  # lines up to the last one that is not empty
    line = number + 1
    last = len(lines) - 1
    margin = " " * indent
    while line < last:
        current = lines[line]
        if current.startswith(margin):
            held.append(current[indent:])
            kept = len(held)
        elif current.strip(" "):
            break
        else:
            held.append("")
        line += 1
    return "\n".join(held[:kept]), line


class _Reader:
    """The state of `read`: the lines, the open collections and the totals so far."""

    __slots__ = ("chars", "kind", "lines", "max_chars", "max_depth", "max_nodes", "nodes", "root",
                 "source", "stack", "starts")

    def __init__(self, source: str, scalar_kind: Any, max_depth: int, max_nodes: int,
                 max_chars: int) -> None:
        self.source, self.kind = source, scalar_kind
        self.max_depth, self.max_nodes, self.max_chars = max_depth, max_nodes, max_chars
        self.lines = source.split("\n")
        self.starts = line_starts(self.lines)
        self.stack: list[_Open] = []
        self.root: Any = None
        self.nodes = self.chars = 0

    def run(self) -> Any:
        lines, stack, starts = self.lines, self.stack, self.starts
        match, kind = LINE.match, self.kind
        number, last = 0, len(lines) - 1  # the last "line" is the empty text after the final \n
        while number < last:
            if self.nodes > self.max_nodes or self.chars > self.max_chars:
                raise Unusual  # libyaml's path says where
            line = lines[number]
            spaces, dash, key, rest = match(line).groups()
            if not dash and not key:
                if not rest or rest[0] == "#":
                    number += 1  # an empty or comment line
                    continue
                raise Unusual
            if "\t" in rest:
                raise Unusual
            indent = len(spaces)
            at = starts[number] + indent
            while stack and stack[-1].indent > indent:
                self._close(number, at)
            top = stack[-1] if stack else None
            if dash:
                if top is not None and type(top.value) is LocatedDict and top.key is not None \
                        and indent > top.indent:
                    self._open(LocatedList(), number, indent, at)
                elif top is None or type(top.value) is not LocatedList or top.indent != indent:
                    raise Unusual
                if key:
                    self._open(LocatedDict(), number, indent + 2, at + 2)
            elif top is None:
                if indent or self.root is not None:
                    raise Unusual  # an indented root, or more after the document
                self._open(LocatedDict(), number, 0, at)
            elif type(top.value) is LocatedDict and top.key is not None and indent > top.indent:
                self._open(LocatedDict(), number, indent, at)
            elif type(top.value) is not LocatedDict or top.key is not None or top.indent != indent:
                raise Unusual
            if key:
                mapping = stack[-1]
                if key in mapping.value or (key[0] in _SPECIAL_KEY and kind(key) != "str"):
                    raise Unusual  # a repeated key, or one that is no text (null, true …)
                self.nodes += 1
                self.chars += len(key)
                mapping.key = key
                if not rest or rest[0] == "#":
                    number += 1  # the value is on the lines below
                    continue
            elif not rest or rest[0] == " ":
                raise Unusual  # a list entry on the lines below, or a wider indentation
            column = len(line) - len(rest)
            number = self._scalar(number, column, rest, starts[number] + column)
        while stack:
            self._close(last, starts[last])
        if self.root is None or self.nodes > self.max_nodes or self.chars > self.max_chars:
            raise Unusual
        return self.root

    def _open(self, value: LocatedDict | LocatedList, number: int, column: int, at: int) -> None:
        stack = self.stack
        stack.append(_Open(value, number, column, at))
        self.nodes += 1
        if len(stack) > self.max_depth:
            raise Unusual

    def _close(self, number: int, at: int) -> None:
        """Close the innermost collection at the mark (`number`, `at`) of the token that ends it."""
        done = self.stack.pop()
        if done.key is not None:
            raise Unusual  # a key with no value
        done.value.span = collection_span(done.line, done.column, done.index, at, number, self.source)
        self._place(done.value)

    def _scalar(self, number: int, column: int, text: str, at: int) -> int:
        """Read the scalar starting `text` at `column` of line `number` and place it; the number
        of the next line to read."""
        self.nodes += 1
        if text[0] == "|":
            value, after = literal_block(self.lines, number, self.stack[-1].indent, text)
            self.chars += len(value)
            end = self.starts[after]
            self._place(LocatedStr(value, span(number + 1, column + 1, after + 1, 1, self.source[at:end], at,
                                               end)))
            return after
        value, quote, plain = inline_scalar(text)
        if plain and value[0] in SPECIAL_VALUE:
            kind = self.kind(value)
            if kind == "null":
                self._place(None)
                return number + 1
            if kind == "bool":
                self._place(value.lower() in ("true", "yes", "on"))
                return number + 1
            if kind != "str":
                raise Unusual
        self.chars += len(value)
        end = len(quote)
        located = _new_str(LocatedStr, value)
        located.span = span(number + 1, column + 1, number + 1, column + 1 + end, quote, at, at + end)
        self._place(located)
        return number + 1

    _place = place_value
