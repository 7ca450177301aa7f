"""What the arithmetic, execution, scoring and cross-reference rules derive from one stated figure,
derived once: whether it is a checkable number, its base unit, and the interval it stands for.

A report's rules ask these of the same figures over and over (a row's 执行数 is read by PL102,
PL103, PL109, PL201, PL202 and PL203), and the same literals recur in every report (`100%`,
`10`, `95.00`), so the interval of a figure is kept by what it is computed from, not by the
object: one computation serves every rule of every report that states the same figure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import Quantity
from perflint.numbers import CHECKED_DIGITS, split_unit


def is_number(quantity: Quantity | None) -> bool:
    """A stated figure with a number perflint can check (not absent, not `-`, not a word such
    as `是`, and written with at most `CHECKED_DIGITS` digits: a longer one is PL111's, and
    every check that asks this leaves it out rather than compute with it).

    `perflint.numbers.checkable` written out: this is asked hundreds of times per report, so the
    exponent is read once and the test for zero (a Decimal's slowest) made only when it is ≥ 0."""
    if quantity is None or quantity.nil:
        return False
    value = quantity.value
    if value is None or not value.is_finite():
        return False
    adjusted = value.adjusted()
    if adjusted < 0 or not value:  # no whole digits (`0.5`, `0`): only the decimals count
        return quantity.decimals <= CHECKED_DIGITS
    return adjusted + 1 + quantity.decimals <= CHECKED_DIGITS


#: Intervals by (literal, value, decimals, unit[, comparator], default unit); emptied when full,
#: so a run over any number of reports holds a bounded number of entries (the literals that
#: recur, `100%`, `95.00`, are back after a few reports; most amounts are stated once).
_INTERVALS: dict[tuple, Interval] = {}
_CLAIMS: dict[tuple, Interval] = {}
KEPT = 1 << 12


def interval(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """`intervals.of(quantity, default_unit)`, computed once per distinct figure. The literal is
    in the key so that two equal values written differently (`1E+2`, `100`) never share one."""
    key = (quantity.literal, quantity.value, quantity.decimals, quantity.unit, default_unit)
    return _remembered(_INTERVALS, key, intervals.of, quantity, default_unit)


def claim(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """`intervals.of_claim(quantity, default_unit)`, computed once per distinct figure."""
    key = (quantity.literal, quantity.value, quantity.decimals, quantity.unit, quantity.comparator,
           default_unit)
    return _remembered(_CLAIMS, key, intervals.of_claim, quantity, default_unit)


def _remembered(table: dict[tuple, Interval], key: tuple,
                compute: Callable[[Quantity, str | None], Interval],
                quantity: Quantity, default_unit: str | None) -> Interval:
    try:
        found = table.get(key)
    except TypeError:  # a signalling NaN has no hash: nothing to remember
        return compute(quantity, default_unit)
    if found is None:
        if len(table) >= KEPT:
            table.clear()
        found = table[key] = compute(quantity, default_unit)
    return found


def base(quantity: Quantity, default_unit: str | None = None) -> tuple[str | None, Decimal]:
    """`quantity.base(default_unit)`: the base unit and the multiplier to reach it, looked up
    by unit (raises for an unknown unit, as `split_unit`)."""
    return unit_base(quantity.unit or default_unit)


_ONE = Decimal(1)


@functools.lru_cache(maxsize=1024)
def unit_base(unit: str | None) -> tuple[str | None, Decimal]:
    """`split_unit(unit)`, remembered; (None, 1) for no unit."""
    return (None, _ONE) if unit is None else split_unit(unit)
