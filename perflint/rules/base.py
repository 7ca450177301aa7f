"""The rule contract: a small class with declared metadata and a generator of findings.

Metadata lives on the class (code, name, severity, messages, options) and the documentation in
its docstring, so `perflint rule CODE`, the docs and the tests come from one place (yamllint's and
sqlfluff's habit).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from perflint.findings import Finding, Severity, related_of, rule_finding
from perflint.model import Report, Span
from perflint.profiles import Profile


class NoOptions(BaseModel):
    """Rules without options validate an empty mapping."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class CheckContext:
    """What a rule sees besides the report: language, its own options, where the report came from."""

    rule: Rule
    options: Any
    lang: str = "zh"
    path: Path | None = None
    plugin: str | None = None
    ruleset: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: the form profile of the report being checked (its outline, columns, scoring), if known
    profile: Profile | None = None
    #: the profiles of the report's parts of other kinds (a 部门整体 report after its 自评表), by kind
    part_profiles: dict[str, Profile] = field(default_factory=dict)

    def profile_for(self, kinds: frozenset[str]) -> Profile | None:
        """The profile of the report, or of its part, whose kind is one of `kinds` (a rule's
        `applies_to`): PL501 reads the outline of the report part, not of the table before it."""
        if self.profile is not None and (not kinds or self.profile.kind in kinds):
            return self.profile
        return next((p for kind, p in self.part_profiles.items() if kind in kinds), None)

    def finding(
        self,
        span: Span | None,
        *,
        message_key: str = "default",
        expected: object | None = None,
        stated: object | None = None,
        related: Iterable[tuple[Span | None, str | None]] = (),
        severity: Severity | None = None,
        **args: object,
    ) -> Finding:
        """Build a finding with this rule's message template rendered in the run's language."""
        rule = self.rule
        template = rule.message_template(message_key, self.lang)
        values = {"expected": expected, "stated": stated, **args}
        # the values in the order a validated construction computed them, so a failing one
        # fails as it did (perflint.findings.rule_finding builds it without validating again)
        severity = severity or self.options_severity() or rule.severity
        message = template.format(**values)
        figures = related_of([(s, label) for s, label in related if s is not None])
        expected_text = None if expected is None else str(expected)
        stated_text = None if stated is None else str(stated)
        fixable = rule.fixable and expected is not None and span is not None
        return rule_finding(rule.code, severity, message, span, figures, expected_text, stated_text,
                            rule.name, fixable, self.plugin, self.ruleset)

    def options_severity(self) -> Severity | None:
        """The `severity` of the rule's options, if they have one (a plugin's may). Options of a
        class that cannot have one (perflint's own) answer without the failed attribute lookup,
        which costs a pydantic model ≈ 3 µs, once per finding."""
        options = self.options
        kind = type(options)
        without = _WITHOUT_SEVERITY.get(kind)
        if without is None:
            without = _WITHOUT_SEVERITY[kind] = _cannot_have_severity(kind)
        if without and "severity" not in options.__dict__:
            return None
        return getattr(options, "severity", None)


#: Whether instances of an options class can have no `severity` attribute, by class.
_WITHOUT_SEVERITY: dict[type, bool] = {}


def _cannot_have_severity(kind: type) -> bool:
    """Whether `getattr(options, "severity")` fails for every instance of `kind` whose `__dict__`
    has no such key: a pydantic model with no such field, private attribute, extra fields, class
    attribute or attribute hook of its own."""
    return (issubclass(kind, BaseModel) and kind.model_config.get("extra") != "allow"
            and "severity" not in kind.model_fields and "severity" not in kind.__private_attributes__
            and not any("severity" in vars(base) for base in kind.__mro__)
            and kind.__getattr__ is BaseModel.__getattr__
            and kind.__getattribute__ is BaseModel.__getattribute__)


class Rule:
    """Base of every rule. Subclass ReportRule or CorpusRule, not this.

    Class attributes:
      code      stable identifier, e.g. ``PL101`` (never reused for another meaning)
      name      kebab-case name, accepted wherever a code is (``--ignore budget-sum``)
      severity  default severity: ``error`` for arithmetic that cannot hold, ``warning`` for
                what needs a human's judgement, ``info`` for observations
      groups    families the rule belongs to (``arithmetic``, ``scoring`` …)
      messages  message templates by language, and optionally by key for variants:
                ``{"zh": "...", "en": "..."}`` or ``{"default": {...}, "no-reason": {...}}``
      Options   a pydantic model of the rule's options with their defaults
      fixable   findings can be fixed by writing `expected` in place of the stated figure
      applies_to  the report kinds (perflint.profiles.KINDS) the rule is meaningful for; empty
                for every kind. The runner does not run a rule on a report of another kind, as
                Arelle gates a validation by disclosure system.
      title     a plugin's short titles by language, ``{"zh": "...", "en": "..."}``; and
      docs      its docs, ``{"zh": {"what": ..., "why": ..., "bad": ..., "good": ...}}``.
                Readers are 财政局 reviewers, so `perflint rules`/`rule` show these in Chinese
                (perflint.ruledocs); perflint's own rules keep theirs in data/rule_docs/zh.yaml.

    A run makes one instance of a rule and reuses it for every report while the instance keeps
    nothing on itself (perflint.rules.reuse); a rule that sets attributes on `self` gets a fresh
    instance for each report. What a rule derives from its options belongs in
    perflint.rules.memo.per_options, what it derives from a report in `per_report`.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    groups: ClassVar[tuple[str, ...]] = ()
    messages: ClassVar[dict[str, Any]] = {}
    Options: ClassVar[type[BaseModel]] = NoOptions
    #: True when the primary figure is derived from the related ones, so replacing it with the
    #: expected value is a safe fix (a rate, a share, a total row). Never for a stated input.
    fixable: ClassVar[bool] = False
    applies_to: ClassVar[frozenset[str]] = frozenset()
    title: ClassVar[dict[str, str]] = {}
    docs: ClassVar[dict[str, dict[str, str]]] = {}

    @classmethod
    def applies(cls, kinds: frozenset[str]) -> bool:
        """Whether the rule runs on a report whose kind (or one of whose parts' kinds) is in
        `kinds`."""
        return not cls.applies_to or not cls.applies_to.isdisjoint(kinds)

    @classmethod
    def message_template(cls, key: str, lang: str) -> str:
        table = cls.messages
        if isinstance(table.get(key), dict):
            table = table[key]
        elif isinstance(table.get("default"), dict):
            table = table["default"]
        return table.get(lang) or table["zh"]

    @classmethod
    def summary(cls) -> str:
        """The class docstring's first paragraph on one line (the English one-line summary; a
        summary wrapped over two lines would otherwise be cut mid-sentence)."""
        paragraph = inspect.cleandoc(cls.__doc__ or "").split("\n\n", 1)[0]
        return " ".join(line.strip() for line in paragraph.splitlines())

    @classmethod
    def documentation(cls) -> str:
        """The rule module's docstring (one module per rule, documented at its top), else the class's."""
        module_doc = inspect.getdoc(sys.modules.get(cls.__module__))
        return module_doc or inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def default_options(cls) -> dict[str, Any]:
        return cls.Options().model_dump(mode="json")


class ReportRule(Rule):
    """A check over one report at a time."""

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError


class CorpusRule(Rule):
    """A check that needs every report of the run (e.g. paragraphs shared across units).

    It works in two steps, so that a run over a province's 10,000 reports does not hold 10,000
    reports in memory: `collect` takes what the rule needs from one report while that report is
    loaded (in whichever process linted it), and once every file is linted `check_corpus` gets
    what was collected, as (path, collected) pairs in corpus order, and yields (path, finding)
    pairs. The default `collect` keeps the whole report: simplest for a plugin's rule, and fine
    for a folder of a few hundred reports.
    """

    def collect(self, report: Report, ctx: CheckContext) -> Any:
        return report

    def check_corpus(self, reports: list[tuple[Path, Any]], ctx: CheckContext) -> Iterator[
            tuple[Path, Finding]]:
        raise NotImplementedError

    def check_reports(self, reports: Iterable[tuple[Path, Report]], ctx: CheckContext) -> Iterator[
            tuple[Path, Finding]]:
        """Both steps over reports already loaded (tests, benchmarks, library use)."""
        return self.check_corpus([(path, self.collect(report, ctx)) for path, report in reports], ctx)
