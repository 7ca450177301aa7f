"""What a rule reports: immutable findings that every output format renders the same way."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from perflint.model import Span
from perflint.model.span import restore

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

#: Reserved codes: the file could not be read (PL000) or a rule crashed (PL001).
INPUT_ERROR = "PL000"
INTERNAL_ERROR = "PL001"


class Related(BaseModel):
    """A figure the finding relies on (a part of a total, the numerator of a rate)."""

    model_config = ConfigDict(frozen=True)

    span: Span
    label: str | None = None


class Finding(BaseModel):
    """One defect at one place. `expected`/`stated` are set for arithmetic findings."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    span: Span | None = None
    related: tuple[Related, ...] = ()
    expected: str | None = None
    stated: str | None = None
    rule: str = ""
    plugin: str | None = None
    ruleset: str | None = None
    #: the primary figure can be replaced by `expected` (a derived figure: a rate, a share, a
    #: 合计); `perflint fix` applies such replacements to normalized YAML/JSON
    fixable: bool = False
    extra: dict[str, str] = Field(default_factory=dict)

    def sort_key(self) -> tuple:
        line = self.span.line if self.span else 0
        column = self.span.column if self.span else 0
        return (line, column, self.code, self.message)


#: The fields a rule's finding is built with (`CheckContext.finding`: all but `extra`).
RULE_FIELDS = frozenset(Finding.model_fields) - {"extra"}
_RELATED_FIELDS = frozenset(Related.model_fields)
_TEXT = (str, type(None))


def related_of(pairs: list[tuple[Span, str | None]]) -> tuple[Related, ...]:
    """`Related(span=span, label=label)` of each pair. A rule passes the spans of its report and
    labels it wrote, so they are built without validating them again, equal to validated ones
    field by field (perflint.model.span.restore); anything else is validated, as before."""
    if not pairs:
        return ()
    if all(type(span) is Span and type(label) in _TEXT for span, label in pairs):
        return tuple(restore(Related, {"span": span, "label": label}, set(_RELATED_FIELDS), None, None)
                     for span, label in pairs)
    return tuple(Related(span=span, label=label) for span, label in pairs)


def rule_finding(code: str, severity: str, message: str, span: Span | None, related: tuple[Related, ...],
                 expected: str | None, stated: str | None, rule: str, fixable: bool, plugin: str | None,
                 ruleset: str | None) -> Finding:
    """`Finding(code=…, …, ruleset=…)` with these fields given (`RULE_FIELDS`), built without
    validation when every value already is what validation would keep: a report's rules build
    about ten findings, and validating values the rule and its context made cost ≈ 7 µs each. A
    value of another type (a plugin's) is validated, as before, and fails as it did."""
    if (type(code) is str and type(severity) is str and severity in SEVERITY_RANK and type(message) is str
            and (span is None or type(span) is Span) and type(related) is tuple
            and (not related or all(type(figure) is Related for figure in related))
            and type(expected) in _TEXT and type(stated) in _TEXT and type(rule) is str
            and type(fixable) is bool and type(plugin) in _TEXT and type(ruleset) in _TEXT):
        return restore(Finding, {"code": code, "severity": severity, "message": message, "span": span,
                                 "related": related, "expected": expected, "stated": stated, "rule": rule,
                                 "plugin": plugin, "ruleset": ruleset, "fixable": fixable, "extra": {}},
                       set(RULE_FIELDS), None, None)
    return Finding(code=code, severity=severity, message=message, span=span, related=related,
                   expected=expected, stated=stated, rule=rule, fixable=fixable, plugin=plugin,
                   ruleset=ruleset)
