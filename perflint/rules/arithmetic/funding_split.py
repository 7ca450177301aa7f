"""PL108 funding-split: the 资金来源 and the 资金结构 split of one 整体支出 must have the same total.

What it checks
    The header of a 部门整体支出绩效自评表 splits the same 整体支出规模 twice: by source
    (财政拨款, 其他资金) and by economic class (基本支出, 项目支出). Column by column (年初预算数,
    全年预算数, 全年执行数), the two splits must add up to the same amount. Each side's amount is
    its total row when the table has one, else the sum of its rows ("-" counts as zero); amounts
    are compared on the intervals of their stated figures, so 335.33 = 193.13 + 142.2 holds.
    The finding points at the 资金结构 side: its total-row figure, or, when the table states no
    total, the table itself with each of its rows as a related figure; the 资金来源 figures are
    related too.

    To stay free of false positives the rule runs only when the report has exactly one
    资金来源 and exactly one 资金结构 table and neither is marked `complete: false`; a report
    with several (one per unit, or project tables) cannot be paired safely. Income and
    expenditure tables (收入 / 支出) are never compared: income need not equal spending (结转结余).

    Option `compare_summary` (default off) also compares the 合计 row of the 自评情况汇总表 with
    the 资金来源 amount. It is off because a 汇总表 covers every unit of a 部门 while the 自评表
    may describe only 本级; turn it on for rulesets whose 自评表 is known to cover the whole 部门.

Why it matters
    When the two splits of one budget disagree, one of the four rows was typed from another
    year or unit, and the 执行率 of that row is wrong as well.

Example
    资金来源：财政拨款 335.33 / 424.5，其他资金 - / -
    资金结构：基本支出 193.13 / 283.04，项目支出 142.2 / 141.46     (holds: 335.33, 424.50)
    资金结构：基本支出 193.13 / 283.04，项目支出 124.2 / 141.46     (PL108: 317.33 ≠ 335.33)
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from perflint import intervals
from perflint.findings import Finding
from perflint.intervals import Interval
from perflint.model import BudgetTable, Quantity, Report, Span
from perflint.rules import figures
from perflint.rules.arithmetic.common import (
    MONEY_COLUMNS,
    base_units_agree,
    is_number,
    money_unit,
    point,
    table_name,
)
from perflint.rules.base import CheckContext, ReportRule


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    compare_summary: bool = False
    """Also compare the 汇总表 合计 row with the 资金来源 amount (see the rule's documentation)."""


@dataclass(frozen=True)
class Amount:
    """What one table says a column adds up to, and the figures that say it."""

    interval: Interval
    point: Decimal
    figures: tuple[Quantity, ...]
    span: Span | None
    #: the unit of bare money figures, in which a sum of cells is written (`text`)
    unit: str | None
    #: the total as the table states it (None: the amount is the sum of its cells)
    stated: str | None

    @functools.cached_property
    def text(self) -> str:
        """The amount as a message quotes it: the stated total, or the cells' sum written like
        the first cell to the most decimals of any (only a finding needs it)."""
        if self.stated is not None:
            return self.stated
        like = self.figures[0]
        decimals = max(cell.decimals for cell in self.figures)
        return intervals.format_in_unit(self.point / figures.base(like, self.unit)[1], like.unit, decimals)


def _amount(table: BudgetTable, column: str, unit: str | None) -> Amount | None:
    total = getattr(table.total, column) if table.total is not None else None
    if is_number(total):
        assert total is not None
        return Amount(figures.interval(total, unit), point(total, unit), (total,), total.span, unit,
                      total.literal)
    cells = [getattr(row, column) for row in table.rows]
    if not cells or any(cell is None for cell in cells):
        return None
    numbers = [cell for cell in cells if not cell.nil]
    if not numbers or not all(is_number(cell) for cell in numbers):
        return None
    if not base_units_agree(numbers, unit):
        return None
    exact = sum((point(cell, unit) for cell in numbers), start=intervals.ZERO)
    return Amount(intervals.total(figures.interval(c, unit) for c in numbers), exact, tuple(numbers),
                  table.span or numbers[0].span, unit, None)


def _single(report: Report, kind: str) -> BudgetTable | None:
    tables = [t for t in report.budget_tables if t.kind == kind]
    return tables[0] if len(tables) == 1 and tables[0].complete else None


class FundingSplit(ReportRule):
    """The 资金来源 and 资金结构 splits of the same budget add up to different amounts."""

    code = "PL108"
    name = "funding-split"
    severity = "error"
    groups = ("arithmetic",)
    Options = Options
    messages = {
        "zh": "{table}的{column}合计为{stated}，但{other}的{column}合计为{expected}",
        "en": "{column} of {table} adds up to {stated} but {column} of {other} adds up to {expected}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        sources = _single(report, "资金来源")
        structure = _single(report, "资金结构")
        if sources is not None and structure is not None:
            yield from self._compare(structure, sources, money_unit(report), ctx)
        summary = _single(report, "汇总")
        reference = sources or structure
        if ctx.options.compare_summary and summary is not None and summary.total is not None \
                and reference is not None:
            yield from self._compare(summary, reference, money_unit(report), ctx)

    def _compare(self, table: BudgetTable, other: BudgetTable, unit: str | None,
                 ctx: CheckContext) -> Iterator[Finding]:
        for column, column_label in MONEY_COLUMNS:
            mine = _amount(table, column, unit)
            theirs = _amount(other, column, unit)
            if mine is None or theirs is None or mine.interval.intersects(theirs.interval):
                continue
            if not base_units_agree([*mine.figures, *theirs.figures], unit):
                continue
            like = mine.figures[0]
            decimals = max(f.decimals for f in mine.figures)
            scale = figures.base(like, unit)[1]
            expected = intervals.format_in_unit(theirs.point / scale, like.unit, decimals)
            related = [(f.span, f"{table_name(table)} {column_label}") for f in mine.figures]
            related += [(f.span, f"{table_name(other)} {column_label}") for f in theirs.figures]
            yield ctx.finding(
                mine.span,
                table=table_name(table),
                other=table_name(other),
                column=column_label,
                expected=expected,
                stated=mine.text,
                related=related if len(mine.figures) > 1 else related[1:],
            )
