"""The JSON output: perflint's machine contract (documented in the README; keep it stable).

Positions are 1-based; `quote` is the exact source text of the primary span. Input errors appear
as findings with code PL000, crashed rules as PL001.
"""

from __future__ import annotations

import json
from typing import Any

from perflint import __version__
from perflint.findings import Finding
from perflint.runner import RunResult

FORMAT = "json"


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    span = finding.span
    return {
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
        "quote": span.quote if span else None,
        "expected": finding.expected,
        "stated": finding.stated,
        "fix": ({"replacement": finding.expected, "applicability": "safe"} if finding.fixable else None),
        "related": [
            {"line": r.span.line, "column": r.span.column, "end_line": r.span.end_line,
             "end_column": r.span.end_column, "location": r.span.location, "quote": r.span.quote,
             "label": r.label}
            for r in finding.related
        ],
    }


def to_document(result: RunResult) -> dict[str, Any]:
    counts = result.counts()
    return {
        "version": __version__,
        "files": [
            {"path": str(file.path), "findings": [finding_to_dict(f) for f in file.findings]}
            for file in result.files
        ],
        "summary": {
            "files": len(result.files),
            "findings": sum(counts.values()),
            **counts,
            "problems": list(result.problems),
        },
    }


def render(result: RunResult, **_: Any) -> str:
    return json.dumps(to_document(result), ensure_ascii=False, indent=2) + "\n"
