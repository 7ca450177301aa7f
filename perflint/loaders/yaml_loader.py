"""Normalized YAML and JSON: validated into the Report model with every value's position.

The document is *composed* (ruamel.yaml node tree), never constructed, so no tag can build an
object, and every scalar keeps its literal text: `21.20` stays `21.20`, not the float 21.2.
JSON is parsed by the same composer (JSON is YAML 1.2) after a strict JSON syntax check.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from perflint.lang import pydantic_message
from perflint.limits import current
from perflint.loaders.base import Loader
from perflint.model import LocatedDict, LocatedList, LocatedStr, Report, Span
from perflint.reading import EMPTY, InputError, over_limit, read_text

_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_KINDS = frozenset({"str", "int", "float", "bool", "null", "map", "seq", "timestamp"})
#: At most this many characters of a mapping's or list's first line are its quote: a minified
#: JSON report is one line, and quoting the rest of it for each of its thousands of
#: collections made memory grow with the square of the file.
MAX_COLLECTION_QUOTE = 200
_STANDARD_LENGTH = len(_STANDARD_TAG)
_MERGE_TAG = _STANDARD_TAG + "merge"


#: Spans are validated straight from a dict: the same checks as Span(...), at half the cost.
_new_span = Span.__pydantic_validator__.validate_python


def _node_span(node: Node, source: str) -> Span:
    start, end = node.start_mark, node.end_mark
    start_index = start.index
    if isinstance(node, ScalarNode):
        quote = source[start_index:end.index]
        end_line, end_column = end.line + 1, end.column + 1
    else:
        # its first line, at most that many characters, and no further than its own end
        stop = min(start_index + MAX_COLLECTION_QUOTE, end.index if end.line == start.line else len(source))
        newline = source.find("\n", start_index, stop)
        quote = source[start_index:stop if newline < 0 else newline].rstrip()
        end_line, end_column = start.line + 1, start.column + 1 + len(quote)
    return _new_span({"line": start.line + 1, "column": start.column + 1, "end_line": end_line,
                      "end_column": end_column, "quote": quote, "offset": start_index,
                      "end_offset": end.index})


def _kind(node: Node) -> str:
    """The node's standard tag kind (str, int, map …); any other tag is refused."""
    tag = _TAG_TEXT.get(id(node.ctag)) or node.tag
    kind = tag[_STANDARD_LENGTH:]
    if not tag.startswith(_STANDARD_TAG) or kind not in _ALLOWED_KINDS:
        raise InputError(f"不允许使用标签 {tag}", node.start_mark.line + 1, node.start_mark.column + 1,
                         english=f"tag {tag} is not allowed")
    return kind


def _convert(node: Node, source: str, depth: int = 0) -> Any:
    """Node tree → plain data whose strings, dicts and lists remember their spans. The tree's
    depth and size, aliases expanded, were bounded on the event stream (`_bounded`)."""
    kind = _kind(node)
    if isinstance(node, ScalarNode):
        if kind == "null":
            return None
        if kind == "bool":
            return node.value.lower() in ("true", "yes", "on")
        return LocatedStr(node.value, _node_span(node, source))
    if isinstance(node, SequenceNode):
        items = LocatedList(_convert(item, source, depth + 1) for item in node.value)
        items.span = _node_span(node, source)
        return items
    if isinstance(node, MappingNode):
        mapping = LocatedDict()
        mapping.span = _node_span(node, source)
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (_TAG_TEXT.get(id(key_node.ctag)) or key_node.tag) == _MERGE_TAG:
                # `<<: *anchor` fills keys not given
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source_node in sources:
                    value = _convert(source_node, source, depth + 1)
                    if not isinstance(value, dict):
                        raise InputError("合并键（<<）的值应为映射", key_node.start_mark.line + 1,
                                         key_node.start_mark.column + 1,
                                         english="a merge key needs a mapping")
                    merged = {**value, **merged}
                continue
            key = _key(key_node, source, depth + 1)
            if not isinstance(key, str):
                raise InputError("映射的键应为文本", key_node.start_mark.line + 1,
                                 key_node.start_mark.column + 1, english="mapping keys must be text")
            if key in mapping:
                raise InputError(f"重复的键“{key}”", key_node.start_mark.line + 1,
                                 key_node.start_mark.column + 1, english=f"duplicate key {key!r}")
            mapping[str(key)] = _convert(value_node, source, depth + 1)
        for key, value in merged.items():
            mapping.setdefault(key, value)
        return mapping
    raise InputError(f"不支持的 YAML 节点 {type(node).__name__}",  # pragma: no cover
                     english=f"unsupported YAML node {type(node).__name__}")


def _key(node: Node, source: str, depth: int) -> Any:
    """A mapping key as `_convert` reads it, without the span nobody reads (keys become plain str)."""
    if not isinstance(node, ScalarNode):
        return _convert(node, source, depth)
    kind = _kind(node)
    if kind == "null":
        return None
    if kind == "bool":
        return node.value.lower() in ("true", "yes", "on")
    return node.value


def locate(data: Any, loc: tuple[int | str, ...]) -> Span | None:
    """The span of the deepest element of `data` on the pydantic error path `loc`."""
    span = getattr(data, "span", None)
    for key in loc:
        in_dict = isinstance(data, dict) and key in data
        in_list = isinstance(data, list) and isinstance(key, int) and key < len(data)
        if in_dict or in_list:
            data = data[key]
        else:
            continue
        span = getattr(data, "span", None) or span
    return span


def validate(data: Any) -> Report:
    """Validate loader output into a Report, turning the first schema error into an InputError:
    `字段 year 不合规：应为整数` (`year: Input should be a valid integer …` in English). The Chinese
    is perflint.lang.pydantic_message's: pydantic's English words stay for the rare error types
    it has no Chinese for."""
    if not isinstance(data, dict):
        raise InputError("报告的顶层应为映射（键: 值）", 1, 1,
                         english="a report must be a mapping at the top level")
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = ".".join(str(part) for part in error["loc"])
        span = locate(data, tuple(error["loc"]))
        reason = pydantic_message(error)
        message = f"字段 {path} 不合规：{reason}" if path else str(reason)
        english = f"{path}: {reason.text('en')}" if path else reason.text("en")
        if span is None:
            raise InputError(message, english=english) from None
        raise InputError(message, span.line, span.column, span.quote, english=english) from None


try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency on CPython
    CParser = None


class _Composer(CParser or object, SafeConstructor, VersionedResolver):
    """The safe loader's composer on libyaml's C parser (ruamel.yaml.clib), defined once.

    `YAML(typ="safe").compose` builds this class anew for every document and resolves each plain
    scalar's tag through a version lookup that raises and catches two AttributeErrors per scalar;
    that was most of the loading time. The C parser has no scanner attribute, so the YAML version
    is always ruamel's default (1.2): the resolver table is fixed, looked up once, and each
    resolved tag is one shared Tag object. Same tags, same nodes, same marks as before.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        self._parser = self._composer = self
        SafeConstructor.__init__(self, loader=self)
        self.allow_duplicate_keys = False
        VersionedResolver.__init__(self, version=None, loadumper=self)

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if self.yaml_path_resolvers:  # pragma: no cover - perflint registers none
            return VersionedResolver.resolve(self, kind, value, implicit)
        if kind is ScalarNode and implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()):
                if regexp.match(value):
                    return _TAGS[tag]
            return self.DEFAULT_SCALAR_TAG
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        if kind is MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return None  # pragma: no cover


#: YAML 1.2's implicit resolvers by first character, as ruamel's VersionedResolver has them.
_IMPLICIT: dict[str, list[tuple[str, Any]]] = VersionedResolver().versioned_resolver
_TAGS: dict[str, Tag] = {tag: Tag(suffix=tag) for resolvers in _IMPLICIT.values() for tag, _ in resolvers}
#: Tag text of the shared Tag objects (node.tag builds the string again on every access).
_TAG_TEXT: dict[int, str] = {id(tag): str(tag) for tag in (
    *_TAGS.values(), _Composer.DEFAULT_SCALAR_TAG, _Composer.DEFAULT_SEQUENCE_TAG,
    _Composer.DEFAULT_MAPPING_TAG)}


def _events(source: str) -> Iterator[Any]:
    """The parser's events for `source` (libyaml's, or ruamel's pure-Python parser's)."""
    if CParser is None:  # pragma: no cover - pure-Python ruamel.yaml (PyPy)
        yield from YAML(typ="safe", pure=True).parse(source)
        return
    parser = CParser(source)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


class _Frame:
    """An open mapping or list on the event stream: what it held when it opened (to tell what an
    anchor on it stands for) and the deepest nesting inside it."""

    __slots__ = ("anchor", "chars", "height", "nodes")

    def __init__(self, anchor: str | None, nodes: int, chars: int) -> None:
        self.anchor, self.nodes, self.chars, self.height = anchor, nodes, chars, 0


def _bounded(source: str) -> None:
    """Check `source` against the run's `limits.nesting-depth`, `limits.document-nodes` and
    `limits.text-chars` on the parser's event stream, before any node exists.

    The composer and `_convert` follow the document recursively and expand every alias: a YAML
    nested 20,000 deep overflowed the C stack (SIGSEGV, every file's findings lost), and 300
    bytes of aliases standing for aliases (a "billion laughs") asked for billions of nodes. Here
    each alias counts as everything its anchor stands for (nodes, characters of text, depth), as
    `_convert` will build it, and the first event over a limit is an InputError at its place:
    the count is arithmetic on the anchors' totals, so the check takes time linear in the text.
    """
    limits = current()
    max_depth, max_nodes, max_chars = limits.nesting_depth, limits.document_nodes, limits.text_chars
    anchors: dict[str, tuple[int, int, int]] = {}  # anchor → (nodes, chars, height)
    stack: list[_Frame] = []
    nodes = chars = 0
    for event in _events(source):
        kind = type(event)
        if kind is ScalarEvent:
            nodes += 1
            chars += len(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = (1, len(event.value), 0)
        elif kind is AliasEvent:
            size, text, height = anchors.get(event.anchor, (1, 0, 0))  # unknown: the composer says so
            nodes += size
            chars += text
            if len(stack) + height > max_depth:
                raise _over("nesting-depth", event, ("别名展开后", "once the alias is expanded"))
            if stack and height > stack[-1].height:
                stack[-1].height = height
        elif isinstance(event, CollectionStartEvent):
            nodes += 1
            stack.append(_Frame(event.anchor, nodes - 1, chars))
            if len(stack) > max_depth:
                raise _over("nesting-depth", event, ("映射与列表层层嵌套", "mappings and lists nested"))
        elif isinstance(event, CollectionEndEvent):
            frame = stack.pop()
            height = frame.height + 1
            if stack and height > stack[-1].height:
                stack[-1].height = height
            if frame.anchor is not None:
                anchors[frame.anchor] = (nodes - frame.nodes, chars - frame.chars, height)
            continue
        else:
            continue
        if nodes > max_nodes:
            raise _over("document-nodes", event, ("别名按其展开的内容计",
                                                  "aliases counted as what they expand to"))
        if chars > max_chars:
            raise _over("text-chars", event, ("文档中文字的总长", "the document's text together"))


def _over(name: str, event: Any, place: tuple[str, str]) -> InputError:
    mark = event.start_mark
    return over_limit(name, (f"第 {mark.line + 1} 行第 {mark.column + 1} 列，{place[0]}",
                             f"line {mark.line + 1}, column {mark.column + 1}: {place[1]}"),
                      line=mark.line + 1, column=mark.column + 1)


def compose(source: str) -> Any:
    """Parse YAML text into located plain data, with syntax errors as InputErrors. The run's
    limits are checked on the event stream first (`_bounded`), for every YAML perflint reads:
    reports, configs, rulesets, profiles and review records."""
    try:
        _bounded(source)
        if CParser is None:  # pragma: no cover - pure-Python ruamel.yaml (PyPy)
            root = YAML(typ="safe", pure=True).compose(source)
        else:
            composer = _Composer(source)
            try:
                root = composer.get_single_node()
            finally:
                composer.dispose()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        last = source.count("\n") + (not source.endswith("\n"))
        if line is not None and line > last:  # the parser's end-of-stream mark, after a last line
            line, column = last, len(source.split("\n")[last - 1]) + 1  # the end of the last line
        detail = exc.problem or exc.context
        raise InputError(f"YAML 格式错误：{detail}", line, column,
                         english=f"invalid YAML: {detail}") from None
    except YAMLError as exc:
        raise InputError(f"YAML 格式错误：{exc}", english=f"invalid YAML: {exc}") from None
    if root is None:
        raise InputError(EMPTY[0], english=EMPTY[1])
    try:
        return _convert(root, source)
    except RecursionError:  # only when limits.nesting-depth was raised past what Python can follow
        raise over_limit("nesting-depth") from None


def load_yaml(path: Path) -> Report:
    return validate(compose(read_text(path)))


def load_json(path: Path) -> Report:
    source = read_text(path)
    check_json_syntax(source)
    return validate(compose(source))


def check_json_syntax(source: str) -> None:
    """Refuse what is not strict JSON, with the JSON parser's message and place. Numbers are
    left as text (a figure of 5,000 digits is over Python's int-str limit, and the composer
    keeps every literal anyway); a document nested deeper than the JSON parser follows is over
    `limits.nesting-depth`."""
    try:
        json.loads(source, parse_int=_literal, parse_float=_literal, parse_constant=_literal)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误：{exc.msg}", exc.lineno, exc.colno,
                         english=f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise over_limit("nesting-depth", ("JSON 数组与对象层层嵌套", "JSON arrays and objects nested")
                         ) from None


def _literal(text: str) -> str:
    """A JSON number or constant as written: only its syntax is checked here."""
    return text


YAML_LOADER = Loader("yaml", (".yaml", ".yml"), load_yaml)
JSON_LOADER = Loader("json", (".json",), load_json)
