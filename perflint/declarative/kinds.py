"""The declarative rule kinds and how each one checks a report.

Each kind is a pydantic model (so a ruleset's YAML is validated with file and line) whose
`evaluate` yields (span, message arguments) for every violation. A kind is a thin adapter: it
selects the figures or texts, then runs the check the built-in rules run, so a YAML rule and a
Python rule never disagree on the same figures:

- `sum`: `check_sum`, as PL101/PL102 (perflint.rules.arithmetic.common);
- `ratio`: `check_ratio`, as PL104/PL105: a bare rate is a percentage, ‰ is honoured, whole
  counts are exact, and a stated comparator (`不低于90%`) claims only its side of the bound;
- `compare`/`range`: `below`/`disjoint` of perflint.rules.scoring.common, as the scoring rules
  compare a figure with a bound (a rounded 101 is above a maximum of 100);
- `phrase`: the Aho-Corasick `PhraseMatcher` of the PL6xx rules (perflint.textmatch.phrases);
- `pattern`: the RE2 patterns and quoting of PL506 (perflint.analysis.patterns), compiled by
  perflint.declarative.regex, which refuses a pattern that can match the empty string;
- spans of a phrase or match inside a text: `perflint.analysis.spans.locate`.

Comparisons go through stated-precision intervals: a YAML rule is never stricter than the
report's own rounding.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from perflint import intervals
from perflint.analysis.patterns import quoted_matches
from perflint.analysis.spans import locate
from perflint.declarative.regex import (
    compile_pattern,
    refuse_blank_phrases,
    refuse_empty_matches,
    valid_pattern,
)
from perflint.declarative.selectors import Selector, SelectorError
from perflint.intervals import Interval
from perflint.model import Quantity, Report, Span, Text
from perflint.rules.arithmetic.common import check_ratio, check_sum, money_unit
from perflint.rules.scoring.common import below, disjoint
from perflint.textmatch.phrases import matcher

Violation = tuple[Span | None, dict[str, str], list[tuple[Span | None, str | None]]]
_OPS = ("=", "!=", "<", "<=", ">", ">=")


class _Kind(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def compile(self, root: type[BaseModel]) -> None:
        """Parse every selector against `root`; raises SelectorError for a rule that cannot fire."""

    def evaluate(self, element: Any, report: Report) -> Iterator[Violation]:
        raise NotImplementedError


def _parse(text: str, root: type[BaseModel]) -> Selector:
    return Selector.parse(text, root)


def _quantities(selector: Selector, element: Any) -> list[Quantity]:
    return [q for q in selector.select(element) if isinstance(q, Quantity)]


def _texts(selector: Selector, element: Any) -> list[Text]:
    return [t for t in selector.select(element) if isinstance(t, Text)]


def _literal(text: str) -> Quantity:
    return Quantity.model_validate(str(text))


def _interval(quantity: Quantity, report: Report, like: Quantity | None = None) -> Interval | None:
    """A figure's interval; a figure without unit takes the unit of the figure it is compared with
    (`10` against `10分`), else the report's money unit."""
    if quantity.value is None:
        return None
    default = (like.unit if like is not None and like.unit else None) or report.money_unit
    return intervals.of(quantity, default)


def _pair(left: Quantity, right: Quantity, report: Report) -> tuple[Interval, Interval] | None:
    """Both intervals in one base unit, or None when the figures are not comparable (分 vs 万元)."""
    a, b = _interval(left, report, right), _interval(right, report, left)
    if a is None or b is None:
        return None
    default = left.unit or right.unit or report.money_unit
    if left.base(default)[0] != right.base(default)[0]:
        return None
    return a, b


def violates(left: Interval, op: str, right: Interval) -> bool:
    """True only when the relation cannot hold for any values the stated figures allow: for
    `=`, `<=` and `>=` the scoring rules' `disjoint` and `below` (a rounded figure's open end
    counts, so a stated 101 is above 100 and a stated 99 below it)."""
    if op == "=":
        return disjoint(left, right)
    if op == "<=":
        return below(right, left)
    if op == ">=":
        return below(left, right)
    if op == "!=":
        return left.lo == left.hi == right.lo == right.hi
    if op == "<":
        return not left.lo < right.hi
    return not left.hi > right.lo  # ">"


class SumKind(_Kind):
    kind: Literal["sum"]
    total: str
    parts: list[str]
    complete: bool = True

    def compile(self, root):
        self._total = _parse(self.total, root)
        self._parts = [_parse(p, root) for p in self.parts]

    def evaluate(self, element, report):
        totals = _quantities(self._total, element)
        parts = [q for s in self._parts for q in _quantities(s, element)]
        if len(totals) != 1 or not parts:
            return
        result = check_sum(totals[0], parts, report.money_unit, complete=self.complete)
        if result is not None and not result.consistent:
            yield (totals[0].span, {"stated": totals[0].literal, "expected": result.expected_text},
                   [(p.span, None) for p in parts])


class RatioKind(_Kind):
    kind: Literal["ratio"]
    stated: str
    numerator: str
    denominator: str

    def compile(self, root):
        self._stated, self._num, self._den = (_parse(s, root) for s in
                                              (self.stated, self.numerator, self.denominator))

    def evaluate(self, element, report):
        found = [_quantities(s, element) for s in (self._stated, self._num, self._den)]
        if any(len(f) != 1 for f in found):
            return
        stated, num, den = (f[0] for f in found)
        result = check_ratio(stated, num, den, money_unit(report))
        if result is not None and not result.consistent:
            yield (stated.span, {"stated": stated.literal, "expected": result.expected_text},
                   [(num.span, None), (den.span, None)])


class CompareKind(_Kind):
    kind: Literal["compare"]
    left: str
    op: Literal["=", "!=", "<", "<=", ">", ">="] = "="
    right: str = Field(description="a selector, or a literal figure such as '30' or '100%'")

    def compile(self, root):
        self._left = _parse(self.left, root)
        try:
            self._right_literal: Quantity | None = _literal(self.right)
            self._right = None
        except ValueError:
            self._right_literal = None
            self._right = _parse(self.right, root)

    def evaluate(self, element, report):
        rights = [self._right_literal] if self._right_literal else _quantities(self._right, element)
        if len(rights) != 1 or rights[0].value is None:
            return
        right = rights[0]
        for left in _quantities(self._left, element):
            pair = _pair(left, right, report)
            if pair is not None and violates(pair[0], self.op, pair[1]):
                yield (left.span, {"stated": left.literal, "expected": f"{self.op} {right.literal}"},
                       [(right.span, None)])


class RangeKind(_Kind):
    kind: Literal["range"]
    value: str
    min: str | None = None
    max: str | None = None

    def compile(self, root):
        self._value = _parse(self.value, root)
        self._min = _literal(self.min) if self.min is not None else None
        self._max = _literal(self.max) if self.max is not None else None
        if self._min is None and self._max is None:
            raise SelectorError("a range rule needs min or max")
        if self._min and self._max and self._min.value > self._max.value:
            raise SelectorError(f"range min {self.min} is above max {self.max}: the rule would always fire")

    def evaluate(self, element, report):
        for quantity in _quantities(self._value, element):
            low = high = False
            for bound, op in ((self._min, ">="), (self._max, "<=")):
                pair = _pair(quantity, bound, report) if bound is not None else None
                if pair is not None and violates(pair[0], op, pair[1]):
                    low, high = (True, high) if op == ">=" else (low, True)
            if low or high:
                bounds = f"[{self.min or '-∞'}, {self.max or '+∞'}]"
                yield quantity.span, {"stated": quantity.literal, "expected": bounds}, []


def _present(values: list[Any]) -> bool:
    for value in values:
        if isinstance(value, Quantity) and not value.nil:
            return True
        if isinstance(value, Text) and value.text.strip():
            return True
        if not isinstance(value, Quantity | Text) and value is not None:
            return True
    return False


class RequiredKind(_Kind):
    kind: Literal["required"]
    select: str | list[str] = Field(description="selector(s); the rule holds if any finds a value")

    def compile(self, root):
        texts = [self.select] if isinstance(self.select, str) else self.select
        self._select = [_parse(text, root) for text in texts]

    def evaluate(self, element, report):
        if not any(_present(selector.select(element)) for selector in self._select):
            yield getattr(element, "span", None) if element is not report else None, {}, []


class PhraseKind(_Kind):
    kind: Literal["phrase"]
    phrases: list[str] = Field(min_length=1)
    scope: str = "sections[*].body"

    _not_blank = field_validator("phrases")(refuse_blank_phrases)

    def compile(self, root):
        self._scope = _parse(self.scope, root)
        self._matcher = matcher(tuple(self.phrases))

    def evaluate(self, element, report):
        for text in _texts(self._scope, element):
            for start, end, phrase in self._matcher.find(text.text):
                yield locate(text, start, end), {"stated": phrase, "expected": ""}, []


class PatternKind(_Kind):
    kind: Literal["pattern"]
    regex: str = Field(description="RE2 syntax; group 1, if any, is the part quoted (as PL506)")
    scope: str = "sections[*].body"

    _compiles_in_re2 = field_validator("regex")(refuse_empty_matches)

    def compile(self, root):
        self._scope = _parse(self.scope, root)
        self._regex = compile_pattern(self.regex)

    def evaluate(self, element, report):
        for text in _texts(self._scope, element):
            for start, end, _ in quoted_matches((self._regex,), text.text):
                if start == end:
                    continue  # an empty quote says nothing (the loader refuses such patterns)
                yield locate(text, start, end), {"stated": text.text[start:end], "expected": ""}, []


class Predicate(BaseModel):
    """A condition on one element: a comparison, or a value that is present/absent/matches."""

    model_config = ConfigDict(extra="forbid")

    left: str | None = None
    op: Literal["=", "!=", "<", "<=", ">", ">="] | None = None
    right: str | None = None
    present: str | None = None
    absent: str | None = None
    matches: str | None = None
    regex: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles_in_re2(cls, value: str | None) -> str | None:
        return value if value is None else valid_pattern(value)

    def compile(self, root):
        shape = [self.left is not None, self.present is not None, self.absent is not None,
                 self.matches is not None]
        if sum(shape) != 1:
            raise SelectorError("a condition needs exactly one of left/op/right, present, absent, matches")
        if self.left is not None:
            if self.op is None or self.right is None:
                raise SelectorError("a comparison needs left, op and right")
            self._compare = CompareKind(kind="compare", left=self.left, op=self.op, right=self.right)
            self._compare.compile(root)
        for name in ("present", "absent", "matches"):
            if getattr(self, name) is not None:
                setattr(self, f"_{name}", _parse(getattr(self, name), root))
        if self.matches is not None:
            if self.regex is None:
                raise SelectorError("matches needs a regex")
            self._regex = compile_pattern(self.regex)

    def holds(self, element, report) -> bool | None:
        """True/False, or None when the figures needed are not stated (the rule then stays silent)."""
        if self.left is not None:
            lefts = _quantities(self._compare._left, element)
            rights = ([self._compare._right_literal] if self._compare._right_literal
                      else _quantities(self._compare._right, element))
            if not lefts or len(rights) != 1:
                return None
            pair = _pair(lefts[0], rights[0], report)
            if pair is None:
                return None
            return not violates(pair[0], self.op, pair[1]) and (
                self.op not in ("<", ">", "!=") or _strict_holds(lefts[0], self.op, rights[0], report))
        if self.present is not None:
            return _present(self._present.select(element))
        if self.absent is not None:
            return not _present(self._absent.select(element))
        texts = [t.text if isinstance(t, Text) else getattr(t, "literal", str(t))
                 for t in self._matches.select(element)]
        return any(self._regex.search(t) for t in texts)


def _strict_holds(left: Quantity, op: str, right: Quantity, report: Report) -> bool:
    """For strict comparisons in conditions, compare the stated values themselves (a score of 1.5
    below a weight of 2 is 'below', whatever the rounding)."""
    default = left.unit or right.unit or report.money_unit
    a = left.value * left.base(default)[1]
    b = right.value * right.base(default)[1]
    return {"<": a < b, ">": a > b, "!=": a != b}[op]


class ConditionalKind(_Kind):
    kind: Literal["conditional"]
    if_: Predicate = Field(alias="if")
    then: Predicate
    point_at: str | None = Field(None, description="selector of the figure the finding quotes")

    def compile(self, root):
        self.if_.compile(root)
        self.then.compile(root)
        self._point = _parse(self.point_at, root) if self.point_at else None

    def evaluate(self, element, report):
        if self.if_.holds(element, report) is not True or self.then.holds(element, report) is not False:
            return
        span = getattr(element, "span", None)
        if self._point is not None:
            targets = self._point.select(element)
            span = next((getattr(t, "span", None) for t in targets if getattr(t, "span", None)), span)
        yield span, {"stated": "", "expected": ""}, []


class RuleHeader(BaseModel):
    """What every declarative rule states besides its check."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    code: str = Field(pattern=r"^[A-Z]{2,5}\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    severity: Literal["error", "warning", "info"] = "warning"
    message: str | dict[str, str]
    #: the short title `perflint rules` shows (Chinese; `{zh: …, en: …}` for both), as a rule
    #: class's `title` attribute: the description is a paragraph
    title: str | dict[str, str] | None = None
    description: str = ""
    example: str | None = None
    each: str | None = Field(None, description="selector of elements checked one by one")

    @field_validator("message")
    @classmethod
    def _known_placeholders(cls, value: str | dict[str, str]) -> str | dict[str, str]:
        for template in [value] if isinstance(value, str) else value.values():
            for _, name, _, _ in string.Formatter().parse(template):
                if name not in (None, "stated", "expected", "label"):
                    raise ValueError(
                        f"unknown placeholder {{{name}}}; use {{stated}}, {{expected}}, {{label}}")
        return value


class SumRule(RuleHeader, SumKind): ...
class RatioRule(RuleHeader, RatioKind): ...
class CompareRule(RuleHeader, CompareKind): ...
class RangeRule(RuleHeader, RangeKind): ...
class RequiredRule(RuleHeader, RequiredKind): ...
class PhraseRule(RuleHeader, PhraseKind): ...
class PatternRule(RuleHeader, PatternKind): ...
class ConditionalRule(RuleHeader, ConditionalKind): ...


RuleSpec = Annotated[
    SumRule | RatioRule | CompareRule | RangeRule | RequiredRule | PhraseRule | PatternRule
    | ConditionalRule,
    Field(discriminator="kind"),
]
