"""Helpers shared by the arithmetic and execution rules: sums, quotients and where figures live.

All comparisons go through `perflint.intervals`: a stated figure is the interval its decimals
allow, a computation is the interval of the exact results over those inputs, and a figure is
consistent iff the two meet. These helpers only decide *which* figures are comparable (same kind
of unit, stated numbers rather than `-` or words) and how to write the expected value the way the
report wrote the stated one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import Breakdown, BudgetRow, BudgetTable, Quantity, Report
from perflint.numbers import COUNT_UNITS, is_known_unit
from perflint.rules import figures
from perflint.rules.figures import is_number
from perflint.rules.memo import per_report

PERCENT_SCALES: dict[str | None, Decimal] = {"%": Decimal(100), "‰": Decimal(1000), None: Decimal(100)}
"""How a stated rate is scaled from a fraction. A rate stated without a unit is read as a
percentage: reports write `执行率(%)` in the column head and bare numbers in the cells."""

MONEY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("initial_budget", "年初预算数"),
    ("budget", "全年预算数"),
    ("executed", "全年执行数"),
)
"""The money columns of a BudgetRow that add up down a table (score columns never do)."""


def money_unit(report: Report) -> str | None:
    """The unit of bare money figures, or None when the report names a unit perflint does not
    know (then bare figures are compared only with other bare figures, never converted)."""
    return _known_money_unit(report.money_unit)


@functools.lru_cache(maxsize=256)
def _known_money_unit(unit: str) -> str | None:
    """`money_unit` of a report stating `unit` (asked by most rules of every report)."""
    return unit if unit and "/" not in unit and is_known_unit(unit) else None


def base_units_agree(quantities: Sequence[Quantity], default_unit: str | None) -> bool:
    """Whether the figures' units (a bare one read in `default_unit`) share one base unit. The
    units a column or a breakdown states are few (most often one): each is looked up once."""
    units = {q.unit or default_unit for q in quantities}
    return len({figures.unit_base(unit)[0] for unit in units}) == 1


def point(quantity: Quantity, default_unit: str | None) -> Decimal:
    """The stated value in its base unit (the centre of its interval)."""
    assert quantity.value is not None
    return quantity.value * figures.base(quantity, default_unit)[1]


def expected_text(value_in_base: Decimal, like: Quantity, default_unit: str | None) -> str:
    """A computed value (in base units) written in `like`'s unit and to `like`'s decimals."""
    _, scale = figures.base(like, default_unit)
    return intervals.format_in_unit(value_in_base / scale, like.unit, like.decimals)


# ---------------------------------------------------------------------------------------- sums

@dataclass
class SumCheck:
    """The outcome of comparing a stated total with the sum of stated parts. Not frozen: a
    frozen dataclass's __init__ costs four times a plain one's, one is made per total checked,
    and no one modifies it."""

    consistent: bool
    computed: Interval
    stated: Interval
    point: Decimal
    #: the stated total and the unit of bare figures, in which `expected_text` writes the point
    total: Quantity
    default_unit: str | None

    @functools.cached_property
    def expected_text(self) -> str:
        """The exact sum written in the total's unit, rounded to the total's decimals: only a
        finding needs it, and most totals hold."""
        return expected_text(self.point, self.total, self.default_unit)


def check_sum(total: Quantity, parts: Sequence[Quantity], default_unit: str | None, *,
              complete: bool = True) -> SumCheck | None:
    """Compare `total` with Σ `parts` on stated-precision intervals.

    Nil parts (`-`) count as zero. Returns None when the check cannot run: the total or a part is
    not a number, or the figures are in different kinds of unit. For an incomplete breakdown only
    parts exceeding the total are inconsistent. `expected_text` is the exact sum written in the
    total's unit, rounded to the total's decimals.
    """
    if not is_number(total) or not parts:
        return None
    numbers = [p for p in parts if not p.nil]
    if not numbers or not all(is_number(p) for p in numbers):
        return None
    if not base_units_agree([total, *numbers], default_unit):
        return None
    computed = intervals.total(figures.interval(p, default_unit) for p in numbers)
    stated = figures.interval(total, default_unit)
    consistent = computed.intersects(stated) if complete else computed.lo <= stated.hi
    exact = sum((point(p, default_unit) for p in numbers), start=intervals.ZERO)
    return SumCheck(consistent, computed, stated, exact, total, default_unit)


#: A closed list (`Breakdown.closed`) this long reads as every part; a shorter one (`其中A…，B…。`)
#: often names only the parts the writer thought worth naming.
CLOSED_PARTS = 3


def falls_short(result: SumCheck) -> bool:
    """The parts' sum is certainly below the stated total."""
    return not result.computed.intersects(result.stated) and result.computed.hi <= result.stated.lo


# ----------------------------------------------------------------------------------- quotients

class Quotient(NamedTuple):
    """numerator / denominator as an interval and as the quotient of the stated values (a named
    tuple: immutable, as a value `execution_rates` keeps per report must be, and made in a
    third of a frozen dataclass's time)."""

    interval: Interval
    point: Decimal


def _comparable_units(numerator: Quantity, denominator: Quantity,
                      default_unit: str | None) -> tuple[str | None, str | None] | None:
    """The default units to read numerator and denominator with, or None if they differ in kind.

    A ratio is dimensionless, so when exactly one side states a non-money unit (`25` of `32宗`)
    the bare side is read in that unit; otherwise bare figures are money in the report's unit.
    """
    num_default = den_default = default_unit
    money = figures.unit_base(default_unit)[0] if default_unit else None
    num_unit, den_unit = numerator.unit, denominator.unit
    if num_unit is None and den_unit is not None and figures.base(denominator)[0] != money:
        num_default = den_unit
    elif den_unit is None and num_unit is not None and figures.base(numerator)[0] != money:
        den_default = num_unit
    if figures.base(numerator, num_default)[0] != figures.base(denominator, den_default)[0]:
        return None
    return num_default, den_default


def _read_in(quantity: Quantity, unit: str | None) -> Interval:
    """The figure's interval, a bare whole number read in a count unit being exact (`2` of `4个`)."""
    bare_count = quantity.unit is None and unit in COUNT_UNITS and quantity.decimals == 0
    if bare_count and quantity.value is not None:
        return Interval.exact(quantity.value)
    return figures.interval(quantity, unit)


def quotient(numerator: Quantity, denominator: Quantity, default_unit: str | None,
             scale: Decimal = intervals.HUNDRED) -> Quotient | None:
    """scale × numerator / denominator, or None when it cannot be computed from what is stated
    (a side is not a number, the units differ in kind, or the denominator may be zero)."""
    if not (is_number(numerator) and is_number(denominator)):
        return None
    units = _comparable_units(numerator, denominator, default_unit)
    if units is None:
        return None
    num_unit, den_unit = units
    interval = intervals.divide(_read_in(numerator, num_unit), _read_in(denominator, den_unit))
    den_point = point(denominator, den_unit)
    if interval is None or den_point == 0:
        return None
    exact = point(numerator, num_unit) * scale / den_point
    return Quotient(interval.scale(scale), exact)


@dataclass
class RatioCheck:
    """The outcome of comparing a stated rate with numerator / denominator (not frozen, as
    `SumCheck`)."""

    consistent: bool
    computed: Interval
    stated: Interval
    point: Decimal
    #: the stated rate's unit and decimals, in which `expected_text` writes the point
    unit: str | None
    decimals: int

    @functools.cached_property
    def expected_text(self) -> str:
        """The computed rate written as the report wrote the stated one: only a finding needs it,
        and most rates are consistent."""
        return intervals.format_in_unit(self.point, self.unit, self.decimals)


def rate_scale(stated: Quantity) -> Decimal | None:
    """100 for a percentage, 1000 for ‰, None for a figure that is not a rate (`5人`)."""
    return PERCENT_SCALES.get(stated.unit)


def check_ratio(stated: Quantity, numerator: Quantity, denominator: Quantity,
                default_unit: str | None) -> RatioCheck | None:
    """Compare a stated rate with numerator / denominator on stated-precision intervals.

    The stated rate's comparator is honoured (`>100%` claims anything above 99.5%).
    """
    if not is_number(stated):
        return None
    scale = rate_scale(stated)
    if scale is None:
        return None
    return compare_rate(stated, quotient(numerator, denominator, default_unit, scale))


def compare_rate(stated: Quantity, result: Quotient | None) -> RatioCheck | None:
    """`check_ratio` with the quotient already computed (at the stated rate's scale)."""
    if result is None:
        return None
    claim = figures.claim(stated, stated.unit or "%")
    return RatioCheck(result.interval.intersects(claim), result.interval, claim, result.point, stated.unit,
                      stated.decimals)


def negative_figure(row: BudgetRow) -> tuple[Quantity, str, str] | None:
    """The row's 全年预算数 or 全年执行数 when it is a negative figure, with the column's name (zh,
    en): a rate computed from it would be absurd (100 ÷ −0.01 = −1000000%), so none is."""
    columns = ((row.budget, "全年预算数", "budget"), (row.executed, "全年执行数", "amount spent"))
    for quantity, zh, en in columns:
        if is_number(quantity) and quantity is not None and quantity.value is not None and quantity.value < 0:
            return quantity, zh, en
    return None


def unbudgeted_least_rate(row: BudgetRow, default_unit: str | None) -> Decimal | None:
    """For a row whose 全年预算数 is stated as 0 while its 全年执行数 is certainly above zero: the
    least rate (at the stated rate's scale) the row can have, 执行数's least value over the most a
    budget written `0` can be (5万元 over `0万元`: 4.5 ÷ 0.5 = 900%), when the stated rate claims
    less than that. None when the budget is not zero, nothing was certainly spent, or the stated
    rate allows a rate that high (`>100%`): no division by the zero itself happens."""
    rate, budget, executed = row.rate, row.budget, row.executed
    if not (is_number(rate) and is_number(budget) and is_number(executed)):
        return None
    assert rate is not None and budget is not None and executed is not None
    scale = rate_scale(rate)
    units = _comparable_units(executed, budget, default_unit)
    if budget.value != 0 or scale is None or units is None or budget.comparator or executed.comparator:
        return None
    spent, budgeted = _read_in(executed, units[0]), _read_in(budget, units[1])
    if spent.lo <= 0 or budgeted.hi <= 0:
        return None
    bound = Interval.exact(spent.lo) / Interval.exact(budgeted.hi)
    assert bound is not None
    least = bound.scale(scale).lo
    claim = figures.claim(rate, rate.unit or "%")
    return least if claim.hi < least else None


def display_rate(percent: Decimal, like: Quantity | None = None, minimum_decimals: int = 2) -> str:
    """A computed percentage for a message: at least two decimals, more if the report wrote more."""
    decimals = minimum_decimals
    if like is not None and like.unit in (None, "%"):
        decimals = max(decimals, like.decimals)
    return intervals.format_in_unit(percent, "%", decimals)


# ------------------------------------------------------------------------- where figures live

def breakdowns_of(report: Report) -> Iterator[Breakdown]:
    """Every total-with-parts the report states, wherever the model keeps it."""
    yield from report.staffing
    for sheet in report.balance_sheets:
        yield from (b for b in (sheet.assets, sheet.liabilities, sheet.net_assets) if b is not None)
    yield from report.breakdowns


def labelled_breakdowns(report: Report) -> Iterator[tuple[str, Breakdown]]:
    """Every breakdown with the name a message should use: a balance sheet's breakdowns carry
    their entity (`交易中心 资产合计`) because a 部门 report may hold one sheet per unit."""
    for breakdown in report.staffing:
        yield breakdown.label, breakdown
    for sheet in report.balance_sheets:
        for breakdown in (sheet.assets, sheet.liabilities, sheet.net_assets):
            if breakdown is not None:
                yield with_entity(sheet.entity, breakdown.label), breakdown
    for breakdown in report.breakdowns:
        yield breakdown.label, breakdown


def with_entity(entity: str | None, label: str) -> str:
    return f"{entity} {label}" if entity and entity not in label else label


def table_name(table: BudgetTable) -> str:
    return table.title or str(table.kind)


def row_name(table: BudgetTable, row: BudgetRow) -> str:
    """How a message names a row: `资金结构 基本支出`, but `收入合计` rather than `收入 收入合计`."""
    name = table_name(table)
    return row.label if name in row.label else f"{name} {row.label}"


def table_rows(table: BudgetTable) -> Iterator[tuple[BudgetRow, bool]]:
    """Each row of a budget table, then its total row; the flag says which is the total."""
    for row in table.rows:
        yield row, False
    if table.total is not None:
        yield table.total, True


def budget_rows(report: Report) -> Iterator[tuple[BudgetTable, BudgetRow, bool]]:
    for table in report.budget_tables:
        for row, is_total in table_rows(table):
            yield table, row, is_total


def execution_rate(row: BudgetRow, default_unit: str | None) -> Quotient | None:
    """全年执行数 / 全年预算数 in percent: the adjusted budget, never 年初预算数 (the Sichuan
    template and the MOF table both define 执行率 = 执行数 / 调整后预算数)."""
    if row.budget is None or row.executed is None:
        return None
    return quotient(row.executed, row.budget, default_unit)


def report_execution_rate(report: Report, row: BudgetRow) -> Quotient | None:
    """`execution_rate(row, money_unit(report))` for a row of `report`: PL103, PL201, PL202 and
    PL203 all divide each row's 执行数 by its 预算数, so every row's rate is computed once per
    report, in one table by row."""
    rates = execution_rates(report)
    key = id(row)
    return rates[key] if key in rates else execution_rate(row, money_unit(report))


def execution_rates(report: Report) -> dict[int, Quotient | None]:
    """`execution_rate` of every budget row of the report, by the row's id, computed once per
    report (the rules that read every row take the table once)."""
    def compute() -> dict[int, Quotient | None]:
        unit = money_unit(report)
        return {id(row): execution_rate(row, unit) for _, row, _ in budget_rows(report)}
    return per_report(report, "execution_rates", compute)
