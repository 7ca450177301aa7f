"""PL203 budget-completion-indicator: a 预算完成率 indicator must agree with the report's own totals.

What it checks
    An indicator named 预算完成率, 预算执行率, 整体支出完成率 … (option `names`, matched on the
    whole name) whose 全年完成值 is a rate, against the rate the report's own overall budget
    totals give: 全年执行数 / 全年预算数 of, in this order, the 整体 table, the 自评情况汇总表's 合计
    row, the 资金来源 table, the 资金结构 table and the 支出 table (a table's total row, or the sum
    of its rows when it has none). The indicator is reported only when its value agrees with
    *none* of these totals, compared on stated-precision intervals, so a report whose tables
    cover different scopes (本级 vs the whole 部门) is not blamed for choosing one of them. A
    completion value with a comparator (`>100%`) claims only its side. The message says whether
    the indicator was scored as met (得分 = 分值); that is the case that matters most: a report
    that fills in 100% / 100% with full points while its totals give 126.59%.

    Severity: warning. The formula of 预算完成率 is known only from secondary sources (national
    wording unverified, and a local variant computes it from 结转 and 结余, which a report may not
    state), so the rule must not be an error until a ruleset pins the formula down; a ruleset
    can raise it.

Why it matters
    The indicator is the 预算执行 part of the score. Writing 100% and taking full points while
    the same report's tables show 126.59% (or 80%) is the "自评虚高" auditors look for: the
    score no longer follows from the figures.

Example
    预算执行管理  预算完成率  年度指标值 100%  全年完成值 100%  分值 2  得分 2
    合计  全年预算数 335.33  全年执行数 424.5                (PL203: 424.5 ÷ 335.33 = 126.59%)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint import intervals
from perflint.findings import Finding
from perflint.model import BudgetTable, Indicator, Quantity, Report
from perflint.rules import figures
from perflint.rules.arithmetic.common import (
    Quotient,
    base_units_agree,
    display_rate,
    is_number,
    money_unit,
    point,
    rate_scale,
    table_name,
)
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators

DEFAULT_NAMES = ("预算完成率", "预算执行率", "整体支出完成率", "整体预算执行率", "部门预算执行率",
                 "预算支出完成率", "整体支出执行率", "支出完成率")
#: Tables whose totals describe the report's overall budget, most specific first.
TOTAL_KINDS = ("整体", "汇总", "资金来源", "资金结构", "支出")
_NOISE = re.compile(r"[\s“”\"'‘’「」（）()]+")


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    names: list[str] = Field(default_factory=lambda: list(DEFAULT_NAMES),
                             description="indicator names (whole name) that mean budget completion")


@dataclass(frozen=True)
class Totals:
    """One table's overall 预算数 and 执行数 and the rate they give."""

    table: str
    budget: tuple[Quantity, ...]
    executed: tuple[Quantity, ...]
    rate: Quotient


def _column(table: BudgetTable, column: str) -> tuple[Quantity, ...] | None:
    """The figures that state a table's total in one column: its total row, else all rows."""
    total = getattr(table.total, column) if table.total is not None else None
    if is_number(total):
        return (total,)
    if not table.complete or not table.rows:
        return None
    cells = [getattr(row, column) for row in table.rows]
    if any(cell is None or not (cell.nil or is_number(cell)) for cell in cells):
        return None
    numbers = tuple(cell for cell in cells if not cell.nil)
    return numbers or None


def overall_totals(report: Report) -> Iterator[Totals]:
    for kind in TOTAL_KINDS:
        for table in report.budget_tables:
            if table.kind != kind:
                continue
            budget = _column(table, "budget")
            executed = _column(table, "executed")
            if budget is None or executed is None:
                continue
            rate = _sum_quotient(budget, executed, money_unit(report))
            if rate is not None:
                yield Totals(table_name(table), budget, executed, rate)


class _Kept:
    """The totals of `overall_totals`, each computed when first asked for and then kept: the first
    table usually agrees with the indicator, and a quotient of sums is most of this rule's cost."""

    def __init__(self, totals: Iterator[Totals]) -> None:
        self._totals = totals
        self._known: list[Totals] = []

    def __iter__(self) -> Iterator[Totals]:
        index = 0
        while True:
            if index == len(self._known):
                following = next(self._totals, None)
                if following is None:
                    return
                self._known.append(following)
            yield self._known[index]
            index += 1


def _sum_quotient(budget: tuple[Quantity, ...], executed: tuple[Quantity, ...],
                  unit: str | None) -> Quotient | None:
    """Σ执行数 / Σ预算数 in percent, on the intervals of every figure; None when a figure is
    negative (PL103 reports it: a rate from it would be absurd) or the budget may be zero."""
    if not base_units_agree([*budget, *executed], unit):
        return None
    if any(q.value is not None and q.value < 0 for q in (*budget, *executed)):
        return None
    spent = sum((point(q, unit) for q in executed), start=intervals.ZERO)
    budgeted = sum((point(q, unit) for q in budget), start=intervals.ZERO)
    interval = (intervals.total(figures.interval(q, unit) for q in executed)
                / intervals.total(figures.interval(q, unit) for q in budget))
    if interval is None or budgeted == 0:
        return None
    return Quotient(interval.scale(intervals.HUNDRED), spent * intervals.HUNDRED / budgeted)


def _name(indicator: Indicator) -> str:
    return _NOISE.sub("", indicator.name.text)


def _full_score(indicator: Indicator) -> bool:
    score, weight = indicator.score, indicator.weight
    return (is_number(score) and is_number(weight) and score is not None and weight is not None
            and score.value is not None and weight.value is not None and score.value >= weight.value)


class BudgetCompletionIndicator(ReportRule):
    """A 预算完成率 / 预算执行率 indicator disagrees with the report's own budget totals."""

    code = "PL203"
    name = "budget-completion-indicator"
    severity = "warning"
    groups = ("execution",)
    Options = Options
    messages = {
        "full": {
            "zh": "指标“{name}”全年完成值为{stated}并得满分（{score}/{weight}），但本报告{table}的"
                  "执行数{executed}÷预算数{budget}={computed}",
            "en": "indicator \"{name}\" states {stated} and takes full points ({score}/{weight}), but "
                  "{table} of this report gives executed {executed} / budget {budget} = {computed}",
        },
        "default": {
            "zh": "指标“{name}”全年完成值为{stated}，但本报告{table}的"
                  "执行数{executed}÷预算数{budget}={computed}",
            "en": "indicator \"{name}\" states {stated}, but {table} of this report gives "
                  "executed {executed} / budget {budget} = {computed}",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        names = {_NOISE.sub("", n) for n in ctx.options.names}
        candidates: _Kept | None = None
        for indicator in all_indicators(report):
            actual = indicator.actual
            if _name(indicator) not in names or not is_number(actual) or actual is None:
                continue
            if rate_scale(actual) is None:
                continue
            if candidates is None:
                candidates = _Kept(overall_totals(report))
            first = next(iter(candidates), None)
            if first is None:
                return
            claim = figures.claim(actual, actual.unit or "%")
            scale = rate_scale(actual) / intervals.HUNDRED  # type: ignore[operator]
            if any(c.rate.interval.scale(scale).intersects(claim) for c in candidates):
                continue
            yield self._finding(indicator, actual, first, scale, ctx)

    def _finding(self, indicator: Indicator, actual: Quantity, totals: Totals, scale: Decimal,
                 ctx: CheckContext) -> Finding:
        full = _full_score(indicator)
        related = [(q.span, f"{totals.table} 全年执行数") for q in totals.executed]
        related += [(q.span, f"{totals.table} 全年预算数") for q in totals.budget]
        if full:
            assert indicator.score is not None and indicator.weight is not None
            related += [(indicator.weight.span, "分值"), (indicator.score.span, "得分")]
        return ctx.finding(
            actual.span,
            message_key="full" if full else "default",
            name=indicator.name.text,
            stated=actual.literal,
            expected=intervals.format_in_unit(totals.rate.point * scale, actual.unit, actual.decimals),
            computed=display_rate(totals.rate.point),
            table=totals.table,
            executed="+".join(q.literal for q in totals.executed),
            budget="+".join(q.literal for q in totals.budget),
            score=indicator.score.literal if indicator.score else "",
            weight=indicator.weight.literal if indicator.weight else "",
            related=related,
        )
