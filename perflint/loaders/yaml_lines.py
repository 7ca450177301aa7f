"""perflint's own YAML read line by line, without libyaml's event objects.

`perflint extract` and `perflint fix` write block mappings and lists (indented lists), field
names as keys, plain, double-quoted and `|-` scalars and `#` comments. Creating ruamel's Python
object for each of libyaml's ≈ 600 events per report cost more than reading the lines: here each
line is read with a few string operations and the located data is built with the values and the
spans libyaml's marks give (`yaml_compose._build`; tests/core/test_yaml_lines.py compares the two
on every fixture, on written reports and on the edge cases). Whatever is not in that subset
(another scalar style, a flow collection, a line it does not expect, a limit reached, a character
libyaml refuses or reads as a line break) answers None at once, and the caller reads the text with
libyaml, so every error and every unusual document is read exactly as before. The walk over the
lines (`LineWalker`) is also the one report_lines builds a report's model with: one copy of the
subset's rules, so that the model is read from the lines exactly as the located data is.
"""

from __future__ import annotations

import re
from typing import Any

from perflint.model import LocatedDict, LocatedList, LocatedStr, Span
from perflint.model.span import restore

_SPAN_FIELDS = frozenset(("line", "column", "end_line", "end_column", "quote", "offset", "end_offset"))
#: At most this many characters of a mapping's or list's first line are its quote (see yaml_compose).
MAX_COLLECTION_QUOTE = 200
#: Anything but a line feed, a tab and the characters libyaml reads as printable and not as a line
#: break (no carriage return, NEL, U+2028/U+2029, BOM): such a text is left to libyaml. A tab is
#: read only inside a `|-` block's lines, past their indentation.
_UNUSUAL = re.compile("[^\n\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
#: A line: its indentation, a list entry's dash, a key as the writer writes it (a field name) with
#: its colon and the spaces after it, and the rest (a value, a comment, or what is read elsewhere).
_LINE = re.compile(r"( *)(- )?(?:([A-Za-z_]\w*):(?: +|$))?(.*)", re.ASCII)
#: Characters that make a plain scalar's first character mean something else (or need care).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: First characters of a key or a plain value that may make it something else than text (null,
#: true, `<<`, `=` …): only then is the resolver asked (ruamel's YAML 1.2 implicit resolvers).
_SPECIAL_KEY = frozenset("nNtTfF~")
_SPECIAL_VALUE = frozenset("nNtTfF~<=")
#: The plain scalars YAML 1.2's implicit resolvers (ruamel.yaml's, as its composer resolves them)
#: read as something else than text, by kind; int, float and timestamp are text to perflint.
#: tests/core/test_plain_kind.py holds the table to ruamel's resolvers.
_NOT_TEXT = {**dict.fromkeys(("true", "True", "TRUE", "false", "False", "FALSE"), "bool"),
             **dict.fromkeys(("", "~", "null", "Null", "NULL"), "null"),
             "<<": "merge", "=": "value", **dict.fromkeys(("!", "&", "*"), "yaml")}
#: Past this depth the readers hand the document to the composer (yaml_compose._convert), whose
#: recursion decides (as before) when a nesting raised past the default `limits.nesting-depth` is
#: more than Python can follow.
BUILD_DEPTH = 200
_new_str = str.__new__


def plain_kind(value: str) -> str:
    """The kind a plain scalar resolves to: "str" for text, else "null", "bool" … (`_NOT_TEXT`),
    known without importing ruamel.yaml. (A plain scalar never ends in a line break, which the
    resolvers' `$` would also let match.)"""
    return _NOT_TEXT.get(value, "str")


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
    each with `mapping`, `value` and `key`, and its `root`): its list, its key's place, or the root.
    Shared by the line readers and yaml_compose's event builder, which build the same data."""
    stack = state.stack
    if not stack:
        state.root = value
        return
    parent = stack[-1]
    if parent.mapping:
        parent.value[parent.key] = value
        parent.key = None
    else:
        parent.value.append(value)


class Frame:
    """A mapping or list being read: whether it is a mapping, what its reader builds of it so far
    (`value`), its indentation, its start mark (0-based line, column, index) and, for a mapping,
    the key whose value is on the lines below."""

    __slots__ = ("column", "indent", "index", "key", "line", "mapping", "value")

    def __init__(self, mapping: bool, value: Any, line: int, column: int, index: int) -> None:
        self.mapping, self.value, self.line, self.column, self.index = mapping, value, line, column, index
        self.indent, self.key = column, None


class Unusual(Exception):
    """The text is more than this reader reads: libyaml reads it."""


def read(source: str, scalar_kind: Any, max_depth: int, max_nodes: int, max_chars: int) -> Any:
    """The located data of `source` as libyaml's events build it, or None when the text is not in
    the subset read here or reaches a limit (libyaml's path then reports it at its place).

    `scalar_kind(value)` is the kind a plain scalar resolves to ("str", "null", "bool" …)."""
    return _LocatedReader.read(source, scalar_kind, max_depth, max_nodes, max_chars)


def _readable(source: str, max_nodes: int) -> bool:
    """Whether `source` may be in the subset read here, as a whole (its lines are checked as they
    are read): it ends with a line break, has no character libyaml would read otherwise, and no
    more lines than nodes allowed (libyaml's path reports the first node over the limit)."""
    return source.endswith("\n") and source.count("\n") <= max_nodes and not _UNUSUAL.search(source)


def _line_starts(lines: list[str]) -> list[int]:
    """The index in the text of each of its `lines` (split at line feeds)."""
    starts = []
    index = 0
    for line in lines:
        starts.append(index)
        index += len(line) + 1
    return starts


def _inline_scalar(text: str) -> tuple[str, str, bool]:
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
    if first in _INDICATORS:
        raise Unusual
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise Unusual
    return value, value, True


def _literal_block(lines: list[str], number: int, parent: int, text: str) -> tuple[str, int]:
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


#: What a line holds besides its scalar (`_shape`): nothing, a value on the lines below its key,
#: a scalar on the line, or a `|-` block on the lines below.
_NOTHING, _BELOW, _INLINE, _BLOCK = object(), object(), object(), object()
#: The shapes of lines read so far (a report's lines repeat across reports: keys, levels, weights,
#: labels, ≈ 80 % of them), at most _MAX_SHAPES of them (then forgotten all at once).
_SHAPES: dict[str, Any] = {}
_MAX_SHAPES = 8192


def _shape(line: str) -> Any:
    """What a line is, from its text alone, as `LineWalker.run` reads it: `_NOTHING` (an empty or
    comment line), or its indentation, dash, key, what follows the key (`_BELOW`, `_INLINE` or
    `_BLOCK`), the scalar's column and, for an inline scalar, its value, its quote and whether it
    is plain with a first character that may make it something else than text (for a block, the
    value is the block's indicator). Unusual for a line outside the subset; remembered in
    `_SHAPES`, since the answer depends on the text only."""
    spaces, dash, key, rest = _LINE.match(line).groups()
    if not dash and not key:
        if rest and rest[0] != "#":
            raise Unusual
        shape = _NOTHING
    elif "\t" in rest:
        raise Unusual
    elif key and (not rest or rest[0] == "#"):
        shape = (len(spaces), dash, key, _BELOW, 0, None, None, False)
    elif not key and (not rest or rest[0] == " "):
        raise Unusual  # a list entry on the lines below, or a wider indentation
    elif rest[0] == "|":
        shape = (len(spaces), dash, key, _BLOCK, len(line) - len(rest), rest, None, False)
    else:
        value, quote, plain = _inline_scalar(rest)
        shape = (len(spaces), dash, key, _INLINE, len(line) - len(rest), value, quote,
                 plain and value[0] in _SPECIAL_VALUE)
    if len(_SHAPES) >= _MAX_SHAPES:
        _SHAPES.clear()
    _SHAPES[line] = shape
    return shape


class LineWalker:
    """The lines of the subset read one by one, by its rules: which line opens, continues or closes
    a mapping or list, and where a key or a scalar stands, with the totals the limits count. What
    is built of them is the subclass's: it opens a frame (`_frame`), accepts a key (`_key`), makes
    a text scalar's value (`_text`) or a null's or a bool's (`_word`) and a closed frame's
    (`_finish`), each raising Unusual for what it does not build. One walker for the located data
    and for report_lines' model, so that the two read the same lines alike and cannot drift."""

    __slots__ = ("frames", "kind", "lines", "max_chars", "max_depth", "max_nodes", "root", "source", "stack",
                 "starts")

    def __init__(self, source: str, scalar_kind: Any, max_depth: int, max_nodes: int,
                 max_chars: int) -> None:
        self.source, self.kind = source, scalar_kind
        self.max_depth, self.max_nodes, self.max_chars = max_depth, max_nodes, max_chars
        self.lines = source.split("\n")
        self.starts = _line_starts(self.lines)
        self.stack: list[Frame] = []
        self.root: Any = None
        self.frames = 0  # the mappings and lists opened so far: nodes, as the keys and scalars

    @classmethod
    def read(cls, source: str, scalar_kind: Any, max_depth: int, max_nodes: int, max_chars: int) -> Any:
        """What this walker builds of `source` (the arguments are `read`'s), or None when the text
        is not in the subset, reaches a limit or is declined by the subclass."""
        if not _readable(source, max_nodes):
            return None
        try:
            return cls(source, scalar_kind, max_depth, max_nodes, max_chars).run()
        except Unusual:
            return None

    def run(self) -> Any:
        """The root the subclass builds of the lines; Unusual where they leave the subset."""
        lines, stack, starts = self.lines, self.stack, self.starts
        shapes = _SHAPES
        max_nodes, max_chars = self.max_nodes, self.max_chars
        nodes = chars = 0  # the keys and scalars read so far, and their characters
        number, last = 0, len(lines) - 1  # the last "line" is the empty text after the final \n
        while number < last:
            if nodes + self.frames > max_nodes or chars > max_chars:
                raise Unusual  # libyaml's path says where
            line = lines[number]
            shape = shapes.get(line)
            if shape is None:
                shape = _shape(line)
            if shape is _NOTHING:
                number += 1  # an empty or comment line
                continue
            indent, dash, key, scalar, column, value, quote, plain = shape
            at = starts[number] + indent
            while stack and stack[-1].indent > indent:
                self._close(number, at)
            top = stack[-1] if stack else None
            if dash:
                if top is not None and top.mapping and top.key is not None and indent > top.indent:
                    top = self._open(False, top, number, indent, at)
                elif top is None or top.mapping or top.indent != indent:
                    raise Unusual
                if key:
                    top = self._open(True, top, number, indent + 2, at + 2)
            elif top is None:
                if indent or self.root is not None:
                    raise Unusual  # an indented root, or more after the document
                top = self._open(True, None, number, 0, at)
            elif top.mapping and top.key is not None and indent > top.indent:
                top = self._open(True, top, number, indent, at)
            elif not top.mapping or top.key is not None or top.indent != indent:
                raise Unusual
            if key:
                self._key(top, key)
                nodes += 1
                chars += len(key)
                if scalar is _BELOW:
                    number += 1  # the value is on the lines below
                    continue
            # the scalar on this line, in the open mapping's key or list
            nodes += 1
            at = starts[number] + column
            if scalar is _BLOCK:
                value, after = _literal_block(lines, number, top.indent, value)
                end = starts[after]
                chars += len(value)
                value = self._text(top, value, number + 1, column + 1, after + 1, 1, self.source[at:end], at,
                                   end)
                number = after
            else:
                if plain and (kind := self.kind(value)) != "str":
                    value = self._word(top, kind, value)
                else:
                    chars += len(value)
                    end = len(quote)
                    value = self._text(top, value, number + 1, column + 1, number + 1, column + 1 + end,
                                       quote, at, at + end)
                number += 1
            place_value(self, value)
        while stack:
            self._close(last, starts[last])
        if self.root is None or nodes + self.frames > max_nodes or chars > max_chars:
            raise Unusual
        return self.root

    def _open(self, mapping: bool, parent: Frame | None, number: int, column: int, at: int) -> Frame:
        """Open a mapping or list at (`number`, `column`, `at`) in the `parent` frame (None for the
        root)."""
        opened = self._frame(mapping, parent, number, column, at)
        stack = self.stack
        stack.append(opened)
        self.frames += 1
        if len(stack) > self.max_depth:
            raise Unusual
        return opened

    def _close(self, number: int, at: int) -> None:
        """Close the innermost collection at the mark (`number`, `at`) of the token that ends it."""
        done = self.stack.pop()
        if done.key is not None:
            raise Unusual  # a key with no value
        place_value(self, self._finish(done, number, at))

    def _frame(self, mapping: bool, parent: Frame | None, number: int, column: int, at: int) -> Frame:
        """The frame of a mapping or list opened in `parent` (None for the root)."""
        raise NotImplementedError

    def _key(self, top: Frame, key: str) -> None:
        """Take `key` as the open mapping `top`'s next key (its `key`)."""
        raise NotImplementedError

    def _text(self, top: Frame, value: str, line: int, column: int, end_line: int, end_column: int,
              quote: str, offset: int, end_offset: int) -> Any:
        """A text scalar read at this place (`span`'s arguments) as an entry of `top`."""
        raise NotImplementedError

    def _word(self, top: Frame, kind: str, value: str) -> Any:
        """A plain scalar of another `kind` than text (null, bool …) as an entry of `top`."""
        raise NotImplementedError

    def _finish(self, done: Frame, number: int, at: int) -> Any:
        """The value of the frame `done`, closed at the mark (`number`, `at`)."""
        raise NotImplementedError


class _LocatedReader(LineWalker):
    """The located data: a located mapping, list or string for each value, with libyaml's spans."""

    __slots__ = ()

    def _frame(self, mapping: bool, parent: Frame | None, number: int, column: int, at: int) -> Frame:
        return Frame(mapping, LocatedDict() if mapping else LocatedList(), number, column, at)

    def _key(self, top: Frame, key: str) -> None:
        if key in top.value or (key[0] in _SPECIAL_KEY and self.kind(key) != "str"):
            raise Unusual  # a repeated key, or one that is no text (null, true …)
        top.key = key

    def _text(self, top: Frame, value: str, line: int, column: int, end_line: int, end_column: int,
              quote: str, offset: int, end_offset: int) -> LocatedStr:
        located = _new_str(LocatedStr, value)
        located.span = span(line, column, end_line, end_column, quote, offset, end_offset)
        return located

    def _word(self, top: Frame, kind: str, value: str) -> bool | None:
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() in ("true", "yes", "on")
        raise Unusual  # a kind perflint refuses (`<<`, `=` …)

    def _finish(self, done: Frame, number: int, at: int) -> LocatedDict | LocatedList:
        done.value.span = collection_span(done.line, done.column, done.index, at, number, self.source)
        return done.value
