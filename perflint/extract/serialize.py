"""Write an extracted Report back out: normalized YAML a person can correct, and an explanation.

`to_yaml` writes the fixture format (fixtures/README.md): figures as double-quoted literals
exactly as printed (`"21.20万元"`, `"不少于24次"`, `"-"`), no spans, defaults left out, a comment
with the source place of every entry, so the file reads like a hand-normalized report and loads
back (`perflint check out.yaml`) into an equivalent Report. A figure whose unit or value does not
follow from its literal (a table cell under `单位：元` in a report counted in 万元) is written in
the long form `{literal: "239.56", unit: 元}`.

`explain` lists every extracted value with the line:column (or the paragraph/cell of an Office
file) and the source text it was read from, for `perflint extract --explain`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from perflint.model import Quantity, Report, Span, Text
from perflint.numbers import NumberFormatError, parse_figure

#: Fields written even when they hold their default, because a reader expects them.
_ALWAYS = frozenset({"perflint", "kind", "money_unit", "level"})
_SKIP = frozenset({"span", "source_text"})


def _quantity(q: Quantity):
    """A figure as its quoted literal, or the long form for what the literal does not say."""
    try:
        parsed = parse_figure(q.literal, allow_text=True)
    except NumberFormatError:
        parsed = None
    long = CommentedMap(literal=DoubleQuotedScalarString(_SURROGATE.sub("\ufffd", q.literal)))
    same_value = parsed is not None and parsed.value == q.value and (
        q.value is None or parsed.decimals == q.decimals)
    if not same_value and q.value is not None:
        long["value"] = DoubleQuotedScalarString(str(q.value))
    if (parsed is None or parsed.unit != q.unit) and q.unit is not None:
        long["unit"] = q.unit
    if (parsed is None or parsed.comparator != q.comparator) and q.comparator is not None:
        long["comparator"] = q.comparator
    if (parsed is None or parsed.nil != q.nil) and q.nil:
        long["nil"] = True
    if q.concept is not None:
        long["concept"] = q.concept
    return long["literal"] if len(long) == 1 else long


#: Characters a YAML block scalar cannot hold or a reader would not read back as written: C0
#: and C1 controls (but tab and newline), DEL, NEL and the Unicode line and paragraph separators
#: (libyaml reads them as line breaks), the BOM and the non-characters U+FFFE/U+FFFF. A string
#: with one is written double-quoted, where each is an escape (`\x01`, `\N`, `\uFEFF`).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: Lone surrogates (a file name's undecodable bytes) have no encoding at all: shown as U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(text: str):
    """A text as YAML that loads back to the same text (`extract -o` writes only YAML `check`
    reads): double-quoted when it holds a character a plain or block scalar cannot carry, a
    block (`|`) for other multi-line text, else plain."""
    text = _SURROGATE.sub("\ufffd", text)
    if _UNSAFE.search(text):
        return DoubleQuotedScalarString(text)
    return LiteralScalarString(text) if "\n" in text else text


def _comment(text: str) -> str:
    """A text made safe for a `#` comment: one line, control characters shown as escapes."""
    text = _SURROGATE.sub("\ufffd", text)
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text.replace("\r", "\\r").replace("\n", "\\n"))


def _text(t: Text):
    return _string(t.text)


def _place(span: Span | None) -> str | None:
    if span is None:
        return None
    return _comment(span.location) if span.location else f"line {span.line}"


def _plain(value: object):
    if isinstance(value, Quantity):
        return _quantity(value)
    if isinstance(value, Text):
        return _text(value)
    if isinstance(value, BaseModel):
        out = CommentedMap()
        fields = type(value).model_fields
        for name, info in fields.items():
            if name in _SKIP:
                continue
            item = getattr(value, name)
            if item is None or (isinstance(item, list) and not item):
                continue
            if isinstance(item, BaseModel) and not isinstance(item, Quantity | Text) and not _plain(item):
                continue  # an empty `unit:` says nothing
            default = info.default
            if name not in _ALWAYS and default is not PydanticUndefined and item == default:
                continue
            out[name] = _plain(item)
            if isinstance(item, list) and isinstance(out[name], CommentedSeq):
                for index, element in enumerate(item):
                    place = _place(getattr(element, "span", None) or _first_span(element))
                    written = out[name][index]
                    if place and isinstance(written, CommentedMap) and written:
                        first = next(iter(written))
                        if not isinstance(written[first], CommentedMap | CommentedSeq):
                            written.yaml_add_eol_comment(place, key=first)
        return out
    if isinstance(value, list):
        return CommentedSeq(_plain(v) for v in value)
    if isinstance(value, str) and not isinstance(value, DoubleQuotedScalarString):
        return _string(value)
    return value


def _first_span(value: object) -> Span | None:
    for _, span, _ in _located(value, ""):
        if span is not None:
            return span
    return None


def to_yaml(report: Report, *, source: str | None = None) -> str:
    """The report as normalized YAML (the format of fixtures/*.yaml), with source places as
    comments. Load it back with `perflint.loaders.yaml_loader`."""
    data = _plain(report)
    header = ["Extracted by perflint" + (f" from {_comment(source)}" if source else "") + ".",
              "Check every figure against the source before relying on it; correct this file and",
              "lint it with `perflint check`. Figures are quoted literals as printed."]
    data.yaml_set_start_comment("\n".join(header))
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _located(value: object, path: str) -> Iterator[tuple[str, Span | None, str]]:
    """(path, span, shown text) for every Quantity and Text in the report, in model order."""
    if isinstance(value, Quantity):
        yield path, value.span, value.literal
    elif isinstance(value, Text):
        yield path, value.span, value.text
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIP:
                yield from _located(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            tag = next((getattr(item, attribute) for attribute in ("label", "concept", "kind")
                        if getattr(item, attribute, None)), None)
            name = getattr(item, "name", None) or getattr(item, "heading", None)
            if isinstance(name, Text):
                tag = name.text
            elif isinstance(name, str):
                tag = name
            label = f"[{index}]" + (f"({_clip(str(tag), 16)})" if tag else "")
            yield from _located(item, path + label)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _context(source: str | None, span: Span) -> str:
    """The source around a span, the span itself marked 【…】."""
    if source is None or span.offset is None or span.end_offset is None:
        return _clip(span.quote, 60)
    line_start = source.rfind("\n", 0, span.offset) + 1
    line_end = source.find("\n", span.end_offset)
    line_end = len(source) if line_end == -1 else line_end
    before = source[max(line_start, span.offset - 16):span.offset]
    after = source[span.end_offset:min(line_end, span.end_offset + 12)]
    inner = _clip(source[span.offset:span.end_offset], 40)
    return f"{'…' if span.offset - 16 > line_start else ''}{before}【{inner}】{after}" \
           f"{'…' if span.end_offset + 12 < line_end else ''}"


def explain(report: Report) -> str:
    """One line per extracted value: place, model path, value, and the text it was read from."""
    lines = []
    for path, span, shown in _located(report, ""):
        if path.startswith("sections") and path.endswith(".body"):
            shown = _clip(shown, 24)
        if span is None:
            lines.append(f"{'?':>9}  {path} = {_clip(shown, 40)}  (no source place)")
            continue
        place = span.location or f"{span.line}:{span.column}"
        lines.append(f"{place:>9}  {path} = {_clip(shown, 40)}  ← {_context(report.source_text, span)}")
    return "\n".join(lines) + ("\n" if lines else "")
