"""The JSON output: perflint's machine contract (documented in the README; keep it stable).

Positions are 1-based; `quote` is the exact source text of the primary span, cut in the middle
with `…` when it is longer than 200 characters (perflint.output._safe.QUOTE_CHARS: a span over a
collection of a one-line JSON report would quote the rest of the line). A file's `path` shows
bytes that are no UTF-8 and control characters as visible escapes (`\\xff`, `\\x1b`), as every
format does; DEL, C1 and bidi control characters in any string are JSON `\\uXXXX` escapes.
Input errors appear as findings with code PL000, crashed rules as PL001. `skipped` lists every
file the run did not lint, `{"path", "reason", "detail"}` (`RunResult.not_linted`; reasons:
perflint.discovery.REASONS), those reported as PL000 in `files` included; a folder left out
whole has a path ending in `/`.
Each finding has its review `fingerprint` (perflint.review: relative to the review file's folder,
so the fingerprint a script reads is the one `perflint review --decide` takes) and, when
`--show-decided` shows a finding an auditor has decided, its `decision`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint import __version__, packed
from perflint.findings import Finding
from perflint.output import _safe as safe
from perflint.output._encode import indented, plain
from perflint.packed import (
    CODE,
    COLUMN,
    END_COLUMN,
    END_LINE,
    EXPECTED,
    FIXABLE,
    LINE,
    LOCATION,
    MESSAGE,
    PLUGIN,
    QUOTE,
    RELATED,
    RULE,
    RULESET,
    SEVERITY,
    SPAN,
    STATED,
    Row,
)
from perflint.runner import FileResult, RunResult

if TYPE_CHECKING:
    from perflint.review import Decision

FORMAT = "json"


def finding_to_dict(finding: Finding, fingerprint: str | None = None,
                    decision: Decision | None = None) -> dict[str, Any]:
    return _entry(packed.view(finding), fingerprint, decision, safe.quote)


def _entry(row: Row, fingerprint: str | None, decision: Decision | None,
           quote: Callable[[str], str | None]) -> dict[str, Any]:
    """A finding's entry from its row (perflint.packed), each quote written by `quote`."""
    span = row[SPAN]
    entry = {
        "code": row[CODE],
        "severity": row[SEVERITY],
        "message": row[MESSAGE],
        "rule": row[RULE],
        "plugin": row[PLUGIN],
        "ruleset": row[RULESET],
        "line": span[LINE] if span else None,
        "column": span[COLUMN] if span else None,
        "end_line": span[END_LINE] if span else None,
        "end_column": span[END_COLUMN] if span else None,
        "location": span[LOCATION] if span else None,
        "quote": quote(span[QUOTE]) if span else None,
        "expected": row[EXPECTED],
        "stated": row[STATED],
        "fix": ({"replacement": row[EXPECTED], "applicability": "safe"} if row[FIXABLE] else None),
        "related": [
            {"line": figure[LINE], "column": figure[COLUMN], "end_line": figure[END_LINE],
             "end_column": figure[END_COLUMN], "location": figure[LOCATION], "quote": quote(figure[QUOTE]),
             "label": label}
            for figure, label, _fields in row[RELATED]
        ],
    }
    if fingerprint is not None:
        entry["fingerprint"] = fingerprint
    if decision is not None:
        entry["decision"] = decision.model_dump(include={"decision", "reason", "reviewer", "date"})
    return entry


def file_to_dict(file: FileResult, review_base: Path | None = None,
                 decisions: Mapping[str, Decision] | None = None) -> dict[str, Any]:
    """A file's entry: its path, its report kind (perflint.profiles.KINDS; null when the file could
    not be read) and its findings, fingerprinted relative to `review_base` (default: here)."""
    return _file_entry(file, file.rows(), review_base or Path.cwd(), decisions, safe.quote)


def _file_entry(file: FileResult, rows: list[Row], base: Path, decisions: Mapping[str, Decision] | None,
                quote: Callable[[str], str | None]) -> dict[str, Any]:
    from perflint.review import row_fingerprints

    keys = row_fingerprints(file.path, rows, base)
    decisions = decisions or {}
    findings = [_entry(row, key, decisions.get(key), quote) for row, key in zip(rows, keys, strict=True)]
    return {"path": safe.name(file.path), "kind": file.kind, "findings": findings}


def _file_text(file: FileResult, review_base: Path, decisions: Mapping[str, Decision] | None) -> str:
    """`file_to_dict` of the file as it appears in the document. When none of its strings holds a
    character the safety pass would change (`safe.UNSAFE`: one scan of them all), they are written
    as they are and the quotes only clipped; else every string is made safe on its own."""
    rows = file.rows()
    entry = _file_entry(file, rows, review_base, decisions, safe.clip)
    text = None if safe.UNSAFE.search(_shown(entry, rows)) else plain(entry, 2)
    if text is None:
        text = _dumps(_file_entry(file, rows, review_base, decisions, safe.quote), 2, floats=False)
    return text


def _shown(entry: dict[str, Any], rows: list[Row]) -> str:
    """The strings of a file's entry, joined, but its path (made safe already) and fingerprints
    (hex digits): the rows' values (whole quotes, which the entry shows clipped), the kind and the
    decisions."""
    parts = [entry["kind"] or ""]
    for row, finding in zip(rows, entry["findings"], strict=True):
        parts += filter(None, row[:FIXABLE])  # CODE … RULESET
        span = row[SPAN]
        if span is not None:
            parts += (span[QUOTE], span[LOCATION] or "")
        for figure, label, _fields in row[RELATED]:
            parts += (figure[QUOTE], figure[LOCATION] or "", label or "")
        if "decision" in finding:
            parts += finding["decision"].values()
    return "".join(parts)


def summary(result: RunResult) -> dict[str, Any]:
    counts = result.counts()
    return {"files": len(result.files), "findings": sum(counts.values()), **counts,
            "problems": list(result.problems)}


def to_document(result: RunResult, review_base: Path | None = None,
                decisions: Mapping[str, Decision] | None = None, lang: str = "zh") -> dict[str, Any]:
    return {"version": __version__,
            "files": [file_to_dict(f, review_base, decisions) for f in result.files],
            "skipped": skipped(result, lang), "summary": summary(result)}


def skipped(result: RunResult, lang: str = "zh") -> list[dict[str, Any]]:
    """The files the run did not lint, each path shown as every format shows it (`safe.name`)."""
    return [{**entry, "path": safe.name(entry["path"])}
            for entry in (skip.to_dict(lang) for skip in result.not_linted())]


def _dumps(value: Any, depth: int, *, floats: bool = True) -> str:
    """`value` as it appears `depth` levels deep in the indented document (perflint.output._encode:
    the standard library's text, written by a compiled encoder when there is one)."""
    return indented(value, depth, floats=floats)


def render(result: RunResult, *, review_base: Path | None = None,
           decisions: Mapping[str, Decision] | None = None, lang: str = "zh", **_: Any) -> str:
    """`json.dumps(to_document(result), indent=2)` (the pieces of `render_chunks`, joined)."""
    return "".join(render_chunks(result, review_base=review_base, decisions=decisions, lang=lang))


def render_chunks(result: RunResult, *, review_base: Path | None = None,
                  decisions: Mapping[str, Decision] | None = None, lang: str = "zh",
                  **_: Any) -> Iterator[str]:
    """The document `render` returns, one file's entry at a time, each rendered when asked for:
    `perflint check` writes them as they come (perflint.cli), so a 10,000-report run never holds
    the whole document (≈ 100 MB as UTF-8, twice that as a Python string, and again joined)."""
    yield f'{{\n  "version": {_dumps(__version__, 1)},\n  "files": '
    base = review_base or Path.cwd()
    for index, file in enumerate(result.files):
        yield f'{"," if index else "["}\n    {_file_text(file, base, decisions)}'
    yield "\n  ]" if result.files else "[]"
    yield (f',\n  "skipped": {_dumps(skipped(result, lang), 1)},\n'
           f'  "summary": {_dumps(summary(result), 1)}\n}}\n')
