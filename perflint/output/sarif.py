"""SARIF 2.1.0: findings for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDEs).

One run; `tool.driver.rules` is the rule catalogue (every installed rule, with its one-line
summary, its documentation and its default level), so a viewer can explain a result without
perflint installed. Levels follow severity (error → error, warning → warning, info → note).
Locations are relative URIs under `%SRCROOT%` (the working directory) so the results line up with
the repository checkout; columns count Unicode code points, as perflint's spans do. Related spans
(the parts of a total, the numerator of a rate) become `relatedLocations`; `expected` and `stated`
are kept in the result's property bag. Snippets are cut to `_safe.QUOTE_CHARS` characters (the
region stays exact), and strings are made safe to print as the JSON output's are
(perflint.output._safe.json_document).

Each result has `partialFingerprints` (`perflint/v1`: the baseline fingerprint, perflint.baseline,
which ignores line numbers, so a dashboard keeps tracking a finding when the report is edited
above it); each rule a `helpUri` (its documentation page, `_common.docs_url`); a fixable finding
(a derived figure) a `fixes` entry replacing its span with the expected figure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from perflint import __version__
from perflint.baseline import fingerprint
from perflint.findings import Finding
from perflint.model import Span
from perflint.output import _safe as safe
from perflint.output._common import RuleInfo, display_path, fix_replacement, rule_catalogue
from perflint.runner import RunResult

FORMAT = "sarif"

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}
#: The key of perflint's fingerprint in `partialFingerprints` (versioned, as SARIF asks).
FINGERPRINT_KEY = "perflint/v1"
_FIX_TEXT = {"zh": "将 {stated} 改为 {replacement}", "en": "Replace {stated} with {replacement}"}


def _artifact_location(path: Path) -> dict[str, Any]:
    """A relative URI under %SRCROOT% when the file lies below the working directory, else an
    absolute file URI. Non-ASCII names (most Chinese file names) are percent-encoded, from the
    name's bytes as the file system has them: a byte that is no UTF-8 is its `%FF`."""
    shown = display_path(path)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(safe.path_bytes(shown), safe="/"), "uriBaseId": SRCROOT}


def _region(span: Span) -> dict[str, Any]:
    return {
        "startLine": max(span.line, 1),
        "startColumn": max(span.column, 1),
        "endLine": max(span.end_line, span.line, 1),
        "endColumn": max(span.end_column, 1),
        "snippet": {"text": safe.clip(span.quote)},
    }


def _physical(artifact: dict[str, Any], span: Span | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if span is not None:
        physical["region"] = _region(span)
    return physical


def _descriptor(info: RuleInfo) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "fullDescription": {"text": info.documentation or info.summary or info.name},
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
    }
    if info.documentation:
        descriptor["help"] = {"text": info.documentation}
    if info.help_uri:
        descriptor["helpUri"] = info.help_uri
    properties: dict[str, Any] = {}
    if info.groups:
        properties["tags"] = list(info.groups)
    if info.plugin:
        properties["plugin"] = info.plugin
    if properties:
        descriptor["properties"] = properties
    return descriptor


def _fixes(finding: Finding, artifact: dict[str, Any], lang: str) -> list[dict[str, Any]] | None:
    """The fix of a fixable finding: its span's text replaced by the expected figure."""
    replacement = fix_replacement(finding)
    span = finding.span
    if replacement is None or span is None:
        return None
    region = {key: value for key, value in _region(span).items() if key != "snippet"}
    text = _FIX_TEXT.get(lang, _FIX_TEXT["zh"]).format(stated=safe.clip(span.quote), replacement=replacement)
    return [{"description": {"text": text},
             "artifactChanges": [{"artifactLocation": artifact, "replacements": [
                 {"deletedRegion": region, "insertedContent": {"text": replacement}}]}]}]


def _result(finding: Finding, artifact: dict[str, Any], rule_index: int, path: Path,
            lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(artifact, finding.span)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(path, finding)},
    }
    fixes = _fixes(finding, artifact, lang)
    if fixes:
        result["fixes"] = fixes
    related = []
    for number, item in enumerate(finding.related, start=1):
        location: dict[str, Any] = {"id": number, "physicalLocation": _physical(artifact, item.span)}
        if item.label:
            location["message"] = {"text": item.label}
        if item.span.location:
            location["properties"] = {"location": item.span.location}
        related.append(location)
    if related:
        result["relatedLocations"] = related
    properties = {key: value for key, value in (
        ("expected", finding.expected), ("stated", finding.stated),
        ("location", finding.span.location if finding.span else None),
        ("rule", finding.rule or None), ("plugin", finding.plugin), ("ruleset", finding.ruleset),
    ) if value is not None}
    if properties:
        result["properties"] = properties
    return result


def to_document(result: RunResult, *, lang: str = "zh",
                rules: Mapping[str, Any] | None = None) -> dict[str, Any]:
    findings = [finding for file in result.files for finding in file.findings]
    catalogue = rule_catalogue(findings, rules, lang)
    index = {code: number for number, code in enumerate(catalogue)}
    artifacts, results = [], []
    for number, file in enumerate(result.files):
        location = _artifact_location(file.path)
        artifacts.append({"location": location, "roles": ["analysisTarget"]})
        indexed = {**location, "index": number}
        results.extend(_result(finding, indexed, index[finding.code], file.path, lang)
                       for finding in file.findings)
    invocation: dict[str, Any] = {"executionSuccessful": not result.problems}
    if result.problems:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": problem}} for problem in result.problems]
    run = {
        "tool": {"driver": {
            "name": "perflint",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(info) for info in catalogue.values()],
        }},
        "invocations": [invocation],
        "language": LANGUAGES.get(lang, "zh-CN"),
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, *, lang: str = "zh", color: bool = False,
           rules: Mapping[str, Any] | None = None, **_: Any) -> str:
    """`rules` is a host's rule table; the CLI may pass its own so `-p` plugins are catalogued."""
    document = json.dumps(to_document(result, lang=lang, rules=rules), ensure_ascii=False, indent=2)
    return safe.json_document(document) + "\n"
