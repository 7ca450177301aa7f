"""YAML read the general way, with ruamel.yaml (libyaml's C parser): any document the line reader
(`yaml_lines`) does not read, into the same located data.

The document is never constructed, so no tag can build an object, and every scalar keeps its
literal text. A plain document (mappings, lists, untagged scalars) is built in one pass over
libyaml's events (`_build`); any other is *composed* (ruamel.yaml node tree) and converted
(`_convert`). The run's limits are checked on the event stream first. perflint.loaders.yaml_loader
imports this module only for such a document: the YAML perflint writes is read without ruamel.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from perflint.limits import current
from perflint.loaders.yaml_lines import BUILD_DEPTH, collection_span, place_value, plain_kind
from perflint.loaders.yaml_lines import span as _span
from perflint.model import LocatedDict, LocatedList, LocatedStr, Span
from perflint.reading import EMPTY, InputError, over_limit

_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_KINDS = frozenset({"str", "int", "float", "bool", "null", "map", "seq", "timestamp"})
_STANDARD_LENGTH = len(_STANDARD_TAG)
_MERGE_TAG = _STANDARD_TAG + "merge"


def _node_span(node: Node, source: str) -> Span:
    """A composed node's span, as `_build` makes it from the same marks."""
    start, end = node.start_mark, node.end_mark
    if not isinstance(node, ScalarNode):
        return _collection_span(start, end, source)
    return _span(start.line + 1, start.column + 1, end.line + 1, end.column + 1,
                 source[start.index:end.index], start.index, end.index)


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
        _check_totals(nodes, chars, event, max_nodes, max_chars)


def _check_totals(nodes: int, chars: int, event: Any, max_nodes: int, max_chars: int) -> None:
    """The document's nodes and text so far, aliases expanded, against their limits."""
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


#: `_build`'s answers that are no data: the document needs `_convert`, or the stream has none.
_EXOTIC, _NO_DOCUMENT = object(), object()


def _collection_span(start: Any, end: Any, source: str) -> Span:
    """A mapping's or list's span from the parser's marks (`yaml_lines.collection_span`)."""
    return collection_span(start.line, start.column, start.index, end.index, end.line, source)


class _Open:
    """A mapping or list being built: whether it is a mapping, its value, its start mark and, for a
    mapping, the key read and waiting for its value (`None` while the next event is a key)."""

    __slots__ = ("key", "mapping", "start", "value")

    def __init__(self, value: LocatedDict | LocatedList, start: Any) -> None:
        self.value, self.start, self.key = value, start, None
        self.mapping = type(value) is LocatedDict


class _Exotic(Exception):
    """The document is more than `_Builder` builds: the composer reads it (`compose`)."""


def _build(source: str) -> Any:
    """The located data `_convert` makes of `source`, in one pass over libyaml's events with the
    limits checked as `_bounded` checks them; `_EXOTIC` for a document that needs the composer.

    A report is mappings, lists and untagged scalars with unique text keys: that is built here,
    without a node tree, a tag object or a validated span per value. Anything else (an anchor, an
    alias, a tag, a merge key, a key that is no text or is repeated, a second document, a depth
    past `BUILD_DEPTH`) answers `_EXOTIC` at once, and `compose` reads the whole text again the
    composer's way, so every error is the one it was, in the order it was (the limits and syntax
    first, over the whole stream, then the composer's, then `_convert`'s in document order)."""
    parser = CParser(source)
    builder = _Builder(source)
    try:
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind is ScalarEvent:
                builder.scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                builder.open(event, LocatedDict() if kind is MappingStartEvent else LocatedList())
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                builder.close(event)
            elif kind is AliasEvent or (kind is DocumentStartEvent and builder.root is not _NO_DOCUMENT):
                return _EXOTIC  # an alias; a second document (the composer's error)
    except _Exotic:
        return _EXOTIC
    finally:
        parser.dispose()
    return builder.root


class _Builder:
    """The state of `_build`: the open collections, the document's root once it is complete, and
    the totals `_bounded` would have counted so far (without aliases, there are none here)."""

    __slots__ = ("chars", "max_chars", "max_depth", "max_nodes", "nodes", "root", "source", "stack")

    def __init__(self, source: str) -> None:
        limits = current()
        self.source = source
        self.max_depth, self.max_nodes, self.max_chars = (limits.nesting_depth, limits.document_nodes,
                                                          limits.text_chars)
        self.stack: list[_Open] = []
        self.root: Any = _NO_DOCUMENT
        self.nodes = self.chars = 0

    def scalar(self, event: Any) -> None:
        if event.anchor is not None or (event.ctag is not None and str(event.ctag) != "!"):
            raise _Exotic
        value = event.value
        self.nodes += 1
        self.chars += len(value)
        if self.nodes > self.max_nodes or self.chars > self.max_chars:
            _check_totals(self.nodes, self.chars, event, self.max_nodes, self.max_chars)
        kind = plain_kind(value) if event.implicit[0] else "str"
        stack = self.stack
        if stack and stack[-1].key is None and type(stack[-1].value) is LocatedDict:
            if kind != "str" or value in stack[-1].value:
                raise _Exotic  # a merge key, a key that is no text, or a repeated key
            stack[-1].key = value
        elif kind == "str":
            start, end = event.start_mark, event.end_mark
            self._place(LocatedStr(value, _span(start.line + 1, start.column + 1, end.line + 1,
                                                end.column + 1, self.source[start.index:end.index],
                                                start.index, end.index)))
        elif kind == "null":
            self._place(None)
        elif kind == "bool":
            self._place(value.lower() in ("true", "yes", "on"))
        else:
            raise _Exotic  # a tag perflint refuses (`<<` as a value …)

    def open(self, event: Any, value: LocatedDict | LocatedList) -> None:
        if event.anchor is not None or (event.ctag is not None and str(event.ctag) != "!"):
            raise _Exotic
        stack = self.stack
        if stack and stack[-1].key is None and type(stack[-1].value) is LocatedDict:
            raise _Exotic  # a mapping or list as a key
        self.nodes += 1
        stack.append(_Open(value, event.start_mark))
        if len(stack) > self.max_depth:
            raise _over("nesting-depth", event, ("映射与列表层层嵌套", "mappings and lists nested"))
        if len(stack) > BUILD_DEPTH:
            raise _Exotic
        _check_totals(self.nodes, self.chars, event, self.max_nodes, self.max_chars)

    def close(self, event: Any) -> None:
        done = self.stack.pop()
        done.value.span = _collection_span(done.start, event.end_mark, self.source)
        self._place(done.value)

    _place = place_value


def compose(source: str) -> Any:
    """Parse YAML text into located plain data, with syntax errors as InputErrors, when the line
    reader (`yaml_lines`) did not read it. A plain document is built in one pass (`_build`); one
    that is not is composed and converted, exactly as before that pass existed."""
    if CParser is not None:
        built = _syntax_checked(_build, source)
        if built is _NO_DOCUMENT:
            raise InputError(EMPTY[0], english=EMPTY[1])
        if built is not _EXOTIC:
            return built
    root = _syntax_checked(_compose_tree, source)
    if root is None:
        raise InputError(EMPTY[0], english=EMPTY[1])
    try:
        return _convert(root, source)
    except RecursionError:  # only when limits.nesting-depth was raised past what Python can follow
        raise over_limit("nesting-depth") from None


def _compose_tree(source: str) -> Node | None:
    """The composer's node tree of `source`, its limits checked on the event stream first."""
    _bounded(source)
    if CParser is None:  # pragma: no cover - pure-Python ruamel.yaml (PyPy)
        return YAML(typ="safe", pure=True).compose(source)
    composer = _Composer(source)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def _syntax_checked(read: Callable[[str], Any], source: str) -> Any:
    """`read(source)`, with the parser's and composer's errors as InputErrors at their place."""
    try:
        return read(source)
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
