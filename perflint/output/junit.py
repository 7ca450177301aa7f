"""JUnit XML: each linted file is a test suite, each finding a failed test case.

CI systems (GitLab, Jenkins, Azure) show JUnit reports natively, so a district's pipeline can list
the failing reports without a perflint plugin. A clean file gets one passing test case, so the
report also shows what was checked. Input errors (PL000) and crashed rules (PL001) are `<error>`
rather than `<failure>`: the file was not judged, which is not the same as judged wrong.
Text comes from untrusted reports and plugins, so characters XML 1.0 cannot carry, and control
and bidi characters a CI log would obey, are shown as visible escapes (`\\x1b`; undecodable
bytes of a file name as `\\xff`), as in every format (perflint.output._safe); quotes are cut to
`_safe.QUOTE_CHARS`.

Only findings at or above `fail_on` (the run's `--fail-on`) fail, so the CI's red and perflint's
exit code agree: a finding below it is a passing test case with its details in `<system-out>`.
Called without `fail_on`, every finding fails.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from perflint.findings import INPUT_ERROR, INTERNAL_ERROR, SEVERITY_RANK, Finding
from perflint.output import _safe as safe
from perflint.output._common import SEVERITY_LABELS, display_path, labels, position
from perflint.runner import RunResult

FORMAT = "junit"

_NOT_JUDGED = (INPUT_ERROR, INTERNAL_ERROR)
#: The kind of a finding's test case when it is below `--fail-on`: it passes.
_PASSED = "passed"
_LABELS = {
    "zh": {"clean": "未发现问题", "expected": "应为", "stated": "所述", "related": "依据",
           "quote": "原文", "severity": "级别", "problem": "运行问题"},
    "en": {"clean": "no findings", "expected": "expected", "stated": "stated", "related": "from",
           "quote": "source", "severity": "severity", "problem": "run problem"},
}


def _xml_text(text: str) -> str:
    """Text XML 1.0 can carry and a CI log shows as it is (`_safe.escape`: every character XML
    refuses is among those it escapes)."""
    return safe.escape(text)


def _details(finding: Finding, lang: str) -> str:
    """The failure body: where, what, the quoted source, the figures and what they rest on."""
    words = labels(_LABELS, lang)
    severity = labels(SEVERITY_LABELS, lang).get(finding.severity, finding.severity)
    lines = [f"{finding.code} [{words['severity']}: {severity}] {finding.message}"]
    if finding.span is not None:
        quote = f": {words['quote']}: {safe.clip(finding.span.quote)}" if finding.span.quote else ""
        lines.append(f"{position(finding.span, lang)}{quote}")
    if finding.expected is not None or finding.stated is not None:
        lines.append(f"{words['expected']}: {finding.expected}  {words['stated']}: {finding.stated}")
    for related in finding.related:
        label = f"{words['related']} {related.label}" if related.label else words["related"]
        lines.append(f"{label}: {position(related.span, lang)}: {safe.clip(related.span.quote)}")
    return "\n".join(lines)


def _case_name(finding: Finding, lang: str) -> str:
    where = position(finding.span, lang)
    return f"{finding.code} {where}" if where else finding.code


def _suite(parent: ET.Element, name: str, cases: list[tuple[str, str, Finding | None]],
           lang: str) -> tuple[int, int]:
    failures = sum(1 for _, kind, _ in cases if kind == "failure")
    errors = sum(1 for _, kind, _ in cases if kind == "error")
    suite = ET.SubElement(parent, "testsuite", {
        "name": _xml_text(name), "tests": str(len(cases)), "failures": str(failures),
        "errors": str(errors), "skipped": "0"})
    for case_name, kind, finding in cases:
        case = ET.SubElement(suite, "testcase", {"classname": _xml_text(name), "name": _xml_text(case_name)})
        if finding is None:
            continue
        details = _xml_text(_details(finding, lang) if finding.rule != "perflint" else finding.message)
        if kind == _PASSED:
            ET.SubElement(case, "system-out").text = details
            continue
        element = ET.SubElement(case, kind, {"message": _xml_text(finding.message),
                                             "type": _xml_text(finding.code)})
        element.text = details
    return failures, errors


def _kind(finding: Finding, threshold: int) -> str:
    """`error` for a file not judged (PL000, PL001), `failure` at or above the threshold,
    else a passing case (`_PASSED`)."""
    if finding.code in _NOT_JUDGED:
        return "error"
    return "failure" if SEVERITY_RANK[finding.severity] >= threshold else _PASSED


def render(result: RunResult, *, lang: str = "zh", color: bool = False, fail_on: str = "info",
           **_: Any) -> str:
    words = labels(_LABELS, lang)
    threshold = SEVERITY_RANK[fail_on]
    root = ET.Element("testsuites", {"name": "perflint"})
    total_tests = total_failures = total_errors = 0
    if result.problems:
        problems = [(f"{words['problem']} {number}", "error",
                     Finding(code="perflint", severity="error", message=problem, rule="perflint"))
                    for number, problem in enumerate(result.problems, start=1)]
        failures, errors = _suite(root, "perflint", problems, lang)
        total_tests, total_failures, total_errors = len(problems), failures, errors
    for file in result.files:
        path = safe.name(display_path(file.path))
        if findings := file.unpacked():
            cases = [(_case_name(f, lang), _kind(f, threshold), f) for f in findings]
        else:
            cases = [(f"perflint {words['clean']}", "", None)]
        failures, errors = _suite(root, path, cases, lang)
        total_tests += len(cases)
        total_failures += failures
        total_errors += errors
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
