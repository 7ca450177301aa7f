"""Indented JSON text, byte for byte what `json.dumps(value, ensure_ascii=False, indent=2)` writes,
made safe to print (perflint.output._safe.json_document), with a compiled encoder when there is one.

The standard library encodes with `indent` in pure Python (its C encoder only writes compact
JSON): for a 1,000-report run that was most of the time the JSON output took, and the parent of a
parallel run spends it alone after the workers are done. orjson writes the same text (two-space
indent, `": "` and `","` separators, keys in insertion order, raw UTF-8, the same escapes of `"`,
`\\` and C0 controls, lowercase `\\u00XX`), and `tests/output/test_json_encoding.py` pins that on
the fixtures and on hostile strings. Where orjson refuses a value the standard library accepts (a
lone surrogate: an undecodable byte of a file name; an integer beyond 64 bits) or would write it
differently (a float: orjson and `repr` differ on exponents), the value is encoded by the standard
library instead, so the text is always the standard library's.
"""

from __future__ import annotations

import json
from typing import Any

from perflint.output import _safe as safe

try:
    import orjson
except ImportError:  # the pure-Python path writes the same text, more slowly
    orjson = None


def _has_float(value: Any) -> bool:
    """Whether a float occurs anywhere in `value` (JSON output holds none today; a plugin's may)."""
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_float(item) for item in value)
    return False


def _stdlib(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def _compiled(value: Any, floats: bool) -> str | None:
    """orjson's text of `value`, or None when it must be the standard library's (`floats`: the
    value may hold a float, so it is looked for first)."""
    if orjson is None or (floats and _has_float(value)):
        return None
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # lone surrogates, integers beyond 64 bits, a type orjson does not know
        return None


def indented(value: Any, depth: int = 0, *, floats: bool = True) -> str:
    """`value` as JSON indented by two spaces, as it appears `depth` levels deep in an indented
    document (JSON strings hold no raw line breaks, so re-indenting the lines is exact), made
    safe to print. `floats=False` is the caller's word that `value` holds no float (a file's
    entry: every number in it is a validated `int` of a Finding), which spares walking it."""
    text = _compiled(value, floats)
    text = safe.json_document(_stdlib(value) if text is None else text)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def plain(value: Any, depth: int = 0) -> str | None:
    """`indented(value, depth, floats=False)` for a value none of whose strings needs the safety
    pass (the caller's word: it has looked at them), or None when orjson cannot write the value."""
    text = _compiled(value, False)
    if text is None:
        return None
    return text.replace("\n", "\n" + "  " * depth) if depth else text
