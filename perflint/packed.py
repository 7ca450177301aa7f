"""Findings held as bytes once a file is done (`perflint.results.FileResult` keeps them so).

A finding is a pydantic model: with its span, related figures, `__dict__`s and per-instance
field sets it costs ≈ 3.5 KB of memory, and a 10,000-report run holds ≈ 100,000 of them until the
output is written; packed, it costs ≈ 0.7 KB (1,000 `.txt` reports: 36.6 → 7.6 KB per report).
A worker packs its file's findings before it sends the result, so the parent receives bytes and
never unpickles a finding it only renders; the outputs unpack one file at a time and let the
findings go.

The bytes are a pickle made with reducers that restore each model from its field values without
validation (perflint.model.span.restore, as the span already pickles): unpacking gives findings
equal to the packed ones, field sets included, at a fraction of pydantic's generic unpickling.
They never leave the run (the cache stores JSON, never pickle).
"""

from __future__ import annotations

import copyreg
import io
import pickle
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, Finding, Related
from perflint.model.span import restore

if TYPE_CHECKING:
    from pydantic import BaseModel


def _reduce(model: BaseModel) -> tuple:
    return (restore, (type(model), model.__dict__, model.__pydantic_fields_set__, model.__pydantic_extra__,
                      model.__pydantic_private__))


class _Pickler(pickle.Pickler):
    """A pickler that packs perflint's findings by their field values (a plugin's subclass of
    Finding, whose pickling perflint does not know, keeps its own)."""

    dispatch_table = {**copyreg.dispatch_table, Finding: _reduce, Related: _reduce}


def pack(findings: list[Finding]) -> bytes | None:
    """`findings` as bytes (`unpack` gives them back, equal and in the same order; none: no
    bytes), or None when they cannot be packed: a plugin's Finding subclass that pickle cannot
    reach by name (a plugin loaded from a `.py` path) or that holds what it refuses. Such
    findings stay a list, as they were before findings were packed."""
    if not findings:
        return b""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(findings)
    except Exception:
        return None
    return buffer.getvalue()


def unpack(blob: bytes) -> list[Finding]:
    return pickle.loads(blob) if blob else []


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
    counts = {"error": 0, "warning": 0, "info": 0}
    codes = set()
    for finding in findings:
        counts[finding.severity] += 1
        codes.add(finding.code)
    return Tally(counts["error"], counts["warning"], counts["info"], INPUT_ERROR in codes,
                 INTERNAL_ERROR in codes)


#: A file without findings.
NONE = Tally()
