"""Findings held as bytes once a file is done (`perflint.results.FileResult` keeps them so).

A finding is a pydantic model: with its span, related figures, `__dict__`s and per-instance
field sets it costs ≈ 3.5 KB of memory, and a 10,000-report run holds ≈ 100,000 of them until the
output is written; packed, it costs ≈ 0.55 KB (1,000 `.txt` reports: 5.9 KB per report). A worker
packs its file's findings before it sends the result, so the parent receives bytes and never
unpickles a finding it only renders; the outputs unpack one file at a time and let the findings go.

The bytes are a pickle of one plain tuple per finding, a `Row`: its field values, its span and
related figures as tuples too, and each model's field set (a small number when it is one of the
usual ones). Pickle writes and reads such tuples in C, with no call per model, and the JSON output
renders its entries straight from them (`rows`), building no model at all; `unpack` restores
findings equal to the packed ones, field sets included, without validation
(perflint.model.span.restore). A finding of another shape (a plugin's subclass, a span built with
its fields in another order) is pickled as the model it is. The bytes never leave the run (the
cache stores JSON, never pickle).
"""

from __future__ import annotations

import copyreg
import io
import pickle
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, RULE_FIELDS, Finding, Related
from perflint.model import Span
from perflint.model.span import restore

if TYPE_CHECKING:
    from pydantic import BaseModel

#: A finding as a tuple: the values of CODE … EXTRA, its SPAN (a span row or None), its RELATED
#: figures (a tuple of (span row, label, field set)), then its field set (FIELDS: a number, a
#: frozenset, or None in a `view`).
Row = tuple
CODE, SEVERITY, MESSAGE, EXPECTED, STATED, RULE, PLUGIN, RULESET, FIXABLE, EXTRA, SPAN, RELATED, FIELDS = \
    range(13)
#: A span as a tuple: its values in field order, then its field set.
LINE, COLUMN, END_LINE, END_COLUMN, QUOTE, OFFSET, END_OFFSET, LOCATION, SPAN_FIELDS = range(9)

_FINDING_KEYS = tuple(Finding.model_fields)
_SPAN_KEYS = tuple(Span.model_fields)
_RELATED_KEYS = tuple(Related.model_fields)
#: The values a row holds as they are (CODE … EXTRA), taken from a finding's `__dict__` in one call.
_values = itemgetter("code", "severity", "message", "expected", "stated", "rule", "plugin", "ruleset",
                     "fixable", "extra")
_span_values = itemgetter(*_SPAN_KEYS)
#: The usual field sets, written as their index: a rule's finding, a cached one (every field).
_FINDING_SETS = (RULE_FIELDS, frozenset(_FINDING_KEYS))
_SPAN_SETS = (frozenset(_SPAN_KEYS),)
_RELATED_SETS = (frozenset(_RELATED_KEYS),)


def _fields(fields: set[str], usual: tuple[frozenset[str], ...]) -> int | frozenset[str]:
    for index, known in enumerate(usual):
        if fields == known:
            return index
    return frozenset(fields)


def usual_fields(finding: set[str], span: set[str], related: set[str]) -> tuple[int | frozenset[str], ...]:
    """How a row writes these field sets of a finding, its span and a related figure."""
    return _fields(finding, _FINDING_SETS), _fields(span, _SPAN_SETS), _fields(related, _RELATED_SETS)


def _span_row(span: Span) -> tuple | None:
    """The span's row, or None when it is not a plain Span with its fields in field order."""
    values = span.__dict__
    if type(span) is not Span or tuple(values) != _SPAN_KEYS:
        return None
    return (*_span_values(values), _fields(span.__pydantic_fields_set__, _SPAN_SETS))


def _row(finding: Finding) -> Row | None:
    """The finding's row, or None when it (or its span, or a related figure) has another shape."""
    values = finding.__dict__
    if type(finding) is not Finding or tuple(values) != _FINDING_KEYS:
        return None
    span = values["span"]
    if span is not None and (span := _span_row(span)) is None:
        return None
    related = []
    for figure in values["related"]:
        figure_row = _span_row(figure.span) if type(figure) is Related else None
        if figure_row is None or tuple(figure.__dict__) != _RELATED_KEYS:
            return None
        related.append((figure_row, figure.label, _fields(figure.__pydantic_fields_set__, _RELATED_SETS)))
    return (*_values(values), span, tuple(related), _fields(finding.__pydantic_fields_set__, _FINDING_SETS))


def _span(row: tuple) -> Span:
    line, column, end_line, end_column, quote, offset, end_offset, location, fields = row
    return restore(Span, {"line": line, "column": column, "end_line": end_line, "end_column": end_column,
                          "quote": quote, "offset": offset, "end_offset": end_offset, "location": location},
                   set(_SPAN_SETS[fields] if type(fields) is int else fields), None, None)


def _finding(row: Row) -> Finding:
    """The finding `row` was made of (`_row`), equal to it field by field, field sets included."""
    (code, severity, message, expected, stated, rule, plugin, ruleset, fixable, extra, span, related,
     fields) = row
    figures = tuple(restore(Related, {"span": _span(figure), "label": label},
                            set(_RELATED_SETS[shape] if type(shape) is int else shape), None, None)
                    for figure, label, shape in related)
    return restore(Finding, {"code": code, "severity": severity, "message": message,
                             "span": None if span is None else _span(span), "related": figures,
                             "expected": expected, "stated": stated, "rule": rule, "plugin": plugin,
                             "ruleset": ruleset, "fixable": fixable, "extra": extra},
                   set(_FINDING_SETS[fields] if type(fields) is int else fields), None, None)


def _span_view(span: Any) -> tuple:
    return (span.line, span.column, span.end_line, span.end_column, span.quote, span.offset, span.end_offset,
            span.location, None)


def view(finding: Finding) -> Row:
    """A row of what any finding shows (its attributes; no field sets): for rendering a finding
    that is not packed as a row, the same way as those that are."""
    span = finding.span
    return (finding.code, finding.severity, finding.message, finding.expected, finding.stated, finding.rule,
            finding.plugin, finding.ruleset, finding.fixable, finding.extra,
            None if span is None else _span_view(span),
            tuple((_span_view(figure.span), figure.label, None) for figure in finding.related), None)


def row_key(row: Row) -> tuple:
    """`Finding.sort_key` of the row's finding."""
    span = row[SPAN]
    return (span[LINE] if span else 0, span[COLUMN] if span else 0, row[CODE], row[MESSAGE])


def _reduce(model: BaseModel) -> tuple:
    return (restore, (type(model), model.__dict__, model.__pydantic_fields_set__, model.__pydantic_extra__,
                      model.__pydantic_private__))


class _Pickler(pickle.Pickler):
    """A pickler that packs perflint's findings of another shape by their field values (a plugin's
    subclass of Finding, whose pickling perflint does not know, keeps its own)."""

    dispatch_table = {**copyreg.dispatch_table, Finding: _reduce, Related: _reduce}


def pack(findings: list[Finding]) -> bytes | None:
    """`findings` as bytes (`unpack` gives them back, equal and in the same order; none: no
    bytes), or None when they cannot be packed: a plugin's Finding subclass that pickle cannot
    reach by name (a plugin loaded from a `.py` path) or that holds what it refuses. Such
    findings stay a list, as they were before findings were packed."""
    if not findings:
        return b""
    items = []
    for finding in findings:
        row = _row(finding)
        items.append(finding if row is None else row)
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(items)
    except Exception:
        return None
    return buffer.getvalue()


def pack_rows(rows: list[Row]) -> bytes:
    """Rows as `pack` packs the findings they are the rows of (`unpack` and `rows` read them)."""
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL) if rows else b""


def unpack(blob: bytes) -> list[Finding]:
    return [_finding(item) if type(item) is tuple else item for item in pickle.loads(blob)] if blob else []


def rows(blob: bytes) -> list[Row]:
    """The rows of packed findings, in their order (a finding packed as a model: its `view`)."""
    return [item if type(item) is tuple else view(item) for item in pickle.loads(blob)] if blob else []


class Tally(NamedTuple):
    """What the run's summary and exit code need of a file's findings, kept beside the packed
    findings so that neither unpacks them."""

    error: int = 0
    warning: int = 0
    info: int = 0
    #: a PL000 among them: the file was not read
    input_failed: bool = False
    #: a PL001 among them: a rule failed on the file
    rule_failed: bool = False

    def plus(self, other: Tally) -> Tally:
        """Both tallies in one: a file's own findings and those added to it later."""
        return Tally(self.error + other.error, self.warning + other.warning, self.info + other.info,
                     self.input_failed or other.input_failed, self.rule_failed or other.rule_failed)


def tally(findings: Iterable[Finding]) -> Tally:
    return _tally((finding.severity, finding.code) for finding in findings)


def tally_rows(rows: Iterable[Row]) -> Tally:
    """`tally` of the findings `rows` are the rows of."""
    return _tally((row[SEVERITY], row[CODE]) for row in rows)


def _tally(findings: Iterable[tuple[str, str]]) -> Tally:
    """The tally of findings given as (severity, code)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    codes = set()
    for severity, code in findings:
        counts[severity] += 1
        codes.add(code)
    return Tally(counts["error"], counts["warning"], counts["info"], INPUT_ERROR in codes,
                 INTERNAL_ERROR in codes)


#: A file without findings.
NONE = Tally()
