"""Normalized YAML and JSON: validated into the Report model with every value's position.

The document is *composed* (ruamel.yaml node tree), never constructed, so no tag can build an
object, and every scalar keeps its literal text: `21.20` stays `21.20`, not the float 21.2.
JSON is parsed by the same composer (JSON is YAML 1.2) after a strict JSON syntax check.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perflint.loaders.base import InputError, Loader, read_text
from perflint.model import LocatedDict, LocatedList, LocatedStr, Report, Span

_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_KINDS = frozenset({"str", "int", "float", "bool", "null", "map", "seq", "timestamp"})
_MAX_DEPTH = 64


def _node_span(node: Node, source: str) -> Span:
    start, end = node.start_mark, node.end_mark
    if isinstance(node, ScalarNode):
        quote = source[start.index:end.index]
        end_line, end_column = end.line + 1, end.column + 1
    else:
        first_line = source[start.index:].split("\n", 1)[0]
        quote = first_line.rstrip()
        end_line, end_column = start.line + 1, start.column + 1 + len(quote)
    return Span(line=start.line + 1, column=start.column + 1, end_line=end_line,
                end_column=end_column, quote=quote, offset=start.index, end_offset=end.index)


def _convert(node: Node, source: str, depth: int = 0) -> Any:
    """Node tree → plain data whose strings, dicts and lists remember their spans."""
    if depth > _MAX_DEPTH:
        raise InputError("document nested too deeply", node.start_mark.line + 1, node.start_mark.column + 1)
    if not node.tag.startswith(_STANDARD_TAG) or node.tag[len(_STANDARD_TAG):] not in _ALLOWED_KINDS:
        raise InputError(f"tag {node.tag} is not allowed", node.start_mark.line + 1,
                         node.start_mark.column + 1)
    span = _node_span(node, source)
    if isinstance(node, ScalarNode):
        kind = node.tag[len(_STANDARD_TAG):]
        if kind == "null":
            return None
        if kind == "bool":
            return node.value.lower() in ("true", "yes", "on")
        return LocatedStr(node.value, span)
    if isinstance(node, SequenceNode):
        items = LocatedList(_convert(item, source, depth + 1) for item in node.value)
        items.span = span
        return items
    if isinstance(node, MappingNode):
        mapping = LocatedDict()
        mapping.span = span
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD_TAG + "merge":  # `<<: *anchor` fills keys not given
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source_node in sources:
                    value = _convert(source_node, source, depth + 1)
                    if not isinstance(value, dict):
                        raise InputError("a merge key needs a mapping", key_node.start_mark.line + 1,
                                         key_node.start_mark.column + 1)
                    merged = {**value, **merged}
                continue
            key = _convert(key_node, source, depth + 1)
            if not isinstance(key, str):
                raise InputError("mapping keys must be text", key_node.start_mark.line + 1,
                                 key_node.start_mark.column + 1)
            if key in mapping:
                raise InputError(f"duplicate key {key!r}", key_node.start_mark.line + 1,
                                 key_node.start_mark.column + 1)
            mapping[str(key)] = _convert(value_node, source, depth + 1)
        for key, value in merged.items():
            mapping.setdefault(key, value)
        return mapping
    raise InputError(f"unsupported YAML node {type(node).__name__}")  # pragma: no cover


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
    """Validate loader output into a Report, turning the first schema error into an InputError."""
    if not isinstance(data, dict):
        raise InputError("a report must be a mapping at the top level", 1, 1)
    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = ".".join(str(part) for part in error["loc"])
        span = locate(data, tuple(error["loc"]))
        message = f"{path}: {error['msg']}" if path else error["msg"]
        if span is None:
            raise InputError(message) from None
        raise InputError(message, span.line, span.column, span.quote) from None


@functools.cache
def _yaml() -> YAML:
    """The safe loader, with libyaml's C parser (ruamel.yaml.clib) when installed: ten times
    faster than the pure-Python one, and its marks are the same character offsets."""
    return YAML(typ="safe")


def compose(source: str) -> Any:
    """Parse YAML text into located plain data, with syntax errors as InputErrors."""
    try:
        root = _yaml().compose(source)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError(f"invalid YAML: {exc.problem or exc.context}", line, column) from None
    except YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}") from None
    if root is None:
        raise InputError("file is empty")
    return _convert(root, source)


def load_yaml(path: Path) -> Report:
    return validate(compose(read_text(path)))


def load_json(path: Path) -> Report:
    source = read_text(path)
    try:
        json.loads(source)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    return validate(compose(source))


YAML_LOADER = Loader("yaml", (".yaml", ".yml"), load_yaml)
JSON_LOADER = Loader("json", (".json",), load_json)
