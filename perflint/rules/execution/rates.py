"""Every 执行率 a report states or implies, for the execution rules (PL201, PL202).

A rate comes from a budget row (stated 执行率, or 全年执行数 / 全年预算数 when the row states
both figures) or from a stated ratio whose label names budget execution (预算执行率,
整体支出完成率 …). Income tables (收入) are left out: collecting more income than budgeted is
not over-spending. So are rows with nothing budgeted and rows or ratios with a negative amount
(PL103 reports those as such): their rate says nothing about execution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from perflint.findings import Finding
from perflint.model import Quantity, Report, Span, Text
from perflint.rules.arithmetic.common import (
    Quotient,
    budget_rows,
    display_rate,
    execution_rates,
    is_number,
    money_unit,
    negative_figure,
    quotient,
    rate_scale,
    row_name,
)
from perflint.rules.base import CheckContext
from perflint.rules.execution.reasons import Direction, Explainer
from perflint.rules.memo import per_report

HUNDRED = Decimal(100)

#: Stated ratios whose label contains one of these are budget-execution rates.
DEFAULT_RATIO_LABELS = ("预算执行率", "支出执行率", "资金执行率", "预算完成率", "支出完成率")


@dataclass(frozen=True)
class RateStatement:
    """One 执行率: as stated (if it is), as computed (if it can be), where, and from what."""

    label: str
    stated: Quantity | None
    computed: Quotient | None
    span: Span | None
    related: list[tuple[Span | None, str]] = field(default_factory=list)
    reason: Text | None = None

    def stated_percent(self) -> Decimal | None:
        if self.stated is None or self.stated.value is None:
            return None
        scale = rate_scale(self.stated)
        return None if scale is None else self.stated.value * HUNDRED / scale

    def above(self, limit: Decimal) -> str | None:
        """The figure above `limit` percent, if any: the stated rate when there is one (a
        stated rate that contradicts the row's figures is PL103's error, not a second warning),
        else the computed rate when its whole interval lies above the limit."""
        if self.stated is not None:
            value, op = self.stated_percent(), self.stated.comparator
            if value is not None and ((op in (None, "=", ">=") and value > limit)
                                      or (op == ">" and value >= limit)):
                return self.stated.literal
            return None
        if self.computed is not None and self.computed.interval.lo > limit:
            return display_rate(self.computed.point)
        return None

    def below(self, limit: Decimal) -> str | None:
        """The figure below `limit` percent, if any (stated first, as in `above`)."""
        if self.stated is not None:
            value, op = self.stated_percent(), self.stated.comparator
            if value is not None and ((op in (None, "=", "<=") and value < limit)
                                      or (op == "<" and value <= limit)):
                return self.stated.literal
            return None
        if self.computed is not None and self.computed.interval.hi < limit:
            return display_rate(self.computed.point)
        return None


def _usable_rate(quantity: Quantity | None) -> Quantity | None:
    return quantity if is_number(quantity) and rate_scale(quantity) is not None else None  # type: ignore[arg-type]


def _label_matches(label: str, names: Sequence[str]) -> bool:
    label = "".join(label.split())
    return label == "执行率" or any(name in label for name in names)


def rate_statements(report: Report, ratio_labels: Sequence[str]) -> tuple[RateStatement, ...]:
    """Every 执行率 of the report, in order (computed once per report: PL201 and PL202 both read
    them)."""
    labels = tuple(ratio_labels)
    return per_report(report, ("rate_statements", labels), lambda: tuple(_rate_statements(report, labels)))


def _rate_statements(report: Report, ratio_labels: Sequence[str]) -> Iterator[RateStatement]:
    unit = money_unit(report)
    rates = execution_rates(report)
    for table, row, _ in budget_rows(report):
        if table.kind == "收入":
            continue
        stated = _usable_rate(row.rate)
        computed = rates[id(row)]
        if stated is None and computed is None:
            continue
        if is_number(row.budget) and row.budget is not None and row.budget.value == 0:
            continue  # nothing was budgeted: a rate says nothing about execution (PL103: spending)
        if negative_figure(row) is not None:
            continue  # a negative budget or spending is PL103's, not an absurd rate
        related: list[tuple[Span | None, str]] = []
        if is_number(row.executed) and row.executed is not None:
            related.append((row.executed.span, f"{row.label} 全年执行数"))
        if is_number(row.budget) and row.budget is not None:
            related.append((row.budget.span, f"{row.label} 全年预算数"))
        span = stated.span if stated is not None else (row.executed.span if row.executed else None)
        yield RateStatement(row_name(table, row), stated, computed, span, related, row.reason)
    for ratio in report.ratios:
        if not _label_matches(ratio.label, ratio_labels):
            continue
        stated = _usable_rate(ratio.stated)
        amounts = (ratio.numerator, ratio.denominator)
        if any(is_number(q) and q.value is not None and q.value < 0 for q in amounts):
            continue  # a negative amount makes no execution rate (not "−1000000%")
        computed = quotient(ratio.numerator, ratio.denominator, unit)
        if stated is None and computed is None:
            continue
        related = [(ratio.numerator.span, "分子"), (ratio.denominator.span, "分母")]
        yield RateStatement(ratio.label, stated, computed, ratio.stated.span, related)


def bound_findings(report: Report, ctx: CheckContext, direction: Direction,
                   crossed: Callable[[RateStatement], str | None], **bound: str) -> Iterator[Finding]:
    """PL201/PL202's shared check: a finding for each rate `crossed` returns a figure for, with
    the reason the row or the report gives (message key "row", "elsewhere" or "none"), unless
    the rule's `report_explained` option is off and a reason is given. `bound` fills the
    message's bound (`limit=` or `floor=`)."""
    explainer = Explainer(report, direction)
    for rate in rate_statements(report, ctx.options.ratio_labels):
        figure = crossed(rate)
        if figure is None:
            continue
        explanation = explainer.explain(rate.reason)
        if explanation is not None and not ctx.options.report_explained:
            continue
        related = list(rate.related)
        if explanation is not None:
            related.append((explanation.span, "原因" if ctx.lang == "zh" else "reason"))
        yield ctx.finding(rate.span, message_key=explanation.source if explanation else "none",
                          label=rate.label, rate=figure,
                          reason=explanation.text if explanation else "", related=related, **bound)
