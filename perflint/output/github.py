"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

    ::error file=reports/a.yaml,line=21,col=12,endLine=21,endColumn=20,title=PL101::本年收入为…

Escaping follows the runner's parser (actions/toolkit `command.ts`): in the message `%`, CR and
LF become `%25`, `%0D`, `%0A`; property values additionally escape `:` and `,` (`%3A`, `%2C`),
which would otherwise end the property early. `info` findings become `notice` annotations.
GitHub only places `col`/`endColumn` on single-line ranges, so a multi-line span gives lines only.
"""

from __future__ import annotations

from typing import Any

from perflint.findings import Finding
from perflint.output import _safe as safe
from perflint.output._common import display_path, labels
from perflint.runner import RunResult

FORMAT = "github"

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_LABELS = {"zh": {"expected": "应为", "stated": "所述", "related": "依据"},
           "en": {"expected": "expected", "stated": "stated", "related": "from"}}


def escape_data(text: str) -> str:
    """A message as the runner's parser reads it back (CR and LF travel as `%0D`, `%0A`); any
    other control or bidi character (an ANSI sequence in a report or a plugin's message) is shown
    as a visible escape (perflint.output._safe), which never contains `%`."""
    text = text.replace("%", "%25")
    return "%0D".join(safe.escape(part) for part in text.split("\r")).replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding, lang: str) -> str:
    """The finding's message, then the figures it rests on: an annotation is read without the
    source beside it, so the expected/stated values and the cell location travel with it."""
    words = labels(_LABELS, lang)
    lines = [finding.message]
    if finding.span is not None and finding.span.location:
        lines.append(finding.span.location)
    if finding.expected is not None or finding.stated is not None:
        lines.append(f"{words['expected']}: {finding.expected}  {words['stated']}: {finding.stated}")
    return "\n".join(lines)


def annotation(path: str, finding: Finding, lang: str = "zh") -> str:
    properties = [("file", path)]
    span = finding.span
    if span is not None:
        properties.append(("line", str(span.line)))
        single_line = span.end_line == span.line
        if single_line:
            properties.append(("col", str(span.column)))
        properties.append(("endLine", str(span.end_line)))
        if single_line:
            properties.append(("endColumn", str(span.end_column)))
    properties.append(("title", finding.code))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(_message(finding, lang))}"


def render(result: RunResult, *, lang: str = "zh", color: bool = False, **_: Any) -> str:
    lines = [f"::error title=perflint::{escape_data(problem)}" for problem in result.problems]
    for file in result.files:
        path = safe.name(display_path(file.path))
        lines.extend(annotation(path, finding, lang) for finding in file.unpacked())
    return "".join(line + "\n" for line in lines)
