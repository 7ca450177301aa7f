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

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint import __version__
from perflint.findings import Finding
from perflint.output import _safe as safe
from perflint.output._encode import indented
from perflint.runner import FileResult, RunResult

if TYPE_CHECKING:
    from perflint.review import Decision

FORMAT = "json"


def finding_to_dict(finding: Finding, fingerprint: str | None = None,
                    decision: Decision | None = None) -> dict[str, Any]:
    span = finding.span
    entry = {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "rule": finding.rule,
        "plugin": finding.plugin,
        "ruleset": finding.ruleset,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "location": span.location if span else None,
        "quote": safe.quote(span.quote) if span else None,
        "expected": finding.expected,
        "stated": finding.stated,
        "fix": ({"replacement": finding.expected, "applicability": "safe"} if finding.fixable else None),
        "related": [
            {"line": r.span.line, "column": r.span.column, "end_line": r.span.end_line,
             "end_column": r.span.end_column, "location": r.span.location, "quote": safe.quote(r.span.quote),
             "label": r.label}
            for r in finding.related
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
    from perflint.review import fingerprints_for

    found = file.unpacked()
    keys = fingerprints_for(file.path, found, review_base or Path.cwd())
    decisions = decisions or {}
    findings = [finding_to_dict(finding, key, decisions.get(key))
                for finding, key in zip(found, keys, strict=True)]
    return {"path": safe.name(file.path), "kind": file.kind, "findings": findings}


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
    for index, file in enumerate(result.files):
        entry = _dumps(file_to_dict(file, review_base, decisions), 2, floats=False)
        yield f'{"," if index else "["}\n    {entry}'
    yield "\n  ]" if result.files else "[]"
    yield (f',\n  "skipped": {_dumps(skipped(result, lang), 1)},\n'
           f'  "summary": {_dumps(summary(result), 1)}\n}}\n')
