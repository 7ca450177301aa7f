"""Interval arithmetic on stated figures: the tolerance model of every arithmetic rule.

A figure written with d decimals stands for the closed interval value ± ½·10^-d (XBRL Calculations
1.1 "round-to-nearest"). Sums add intervals endpoint-wise, quotients divide them, and a stated
result is consistent with a computation iff the two intervals intersect. There is no epsilon:
tolerance comes only from the precision the report wrote.

Every operation rounds *outward* (lower bound toward −∞, upper bound toward +∞) in a 60-digit
context, so the computed interval always contains the exact one: a correctly rounded figure can
never be reported because of Decimal's own rounding (28 digits by default) in a long quotient.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

from perflint.model import Quantity

ZERO = Decimal(0)
HUNDRED = Decimal(100)
INFINITY = Decimal("Infinity")

#: Directed-rounding contexts: lower bounds round down, upper bounds round up.
_PRECISION = 60
_DOWN = Context(prec=_PRECISION, rounding=ROUND_FLOOR)
_UP = Context(prec=_PRECISION, rounding=ROUND_CEILING)


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval [lo, hi] of exact decimals (a bound may be ±Infinity for `不少于90%`)."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def exact(cls, value: Decimal | int) -> Interval:
        value = Decimal(value)
        return cls(value, value)

    @classmethod
    def at_least(cls, value: Decimal) -> Interval:
        return cls(value, INFINITY)

    @classmethod
    def at_most(cls, value: Decimal) -> Interval:
        return cls(-INFINITY, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(_DOWN.add(self.lo, other.lo), _UP.add(self.hi, other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return Interval(_DOWN.subtract(self.lo, other.hi), _UP.subtract(self.hi, other.lo))

    def scale(self, factor: Decimal) -> Interval:
        """Multiply by an exact factor (a unit multiplier, 100 for percent)."""
        return self * Interval.exact(factor)

    def __mul__(self, other: Interval) -> Interval:
        pairs = ((self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo), (self.hi, other.hi))
        return Interval(min(_DOWN.multiply(a, b) for a, b in pairs),
                        max(_UP.multiply(a, b) for a, b in pairs))

    def __truediv__(self, other: Interval) -> Interval | None:
        """The quotient interval, or None when the divisor's interval contains zero."""
        if other.lo <= ZERO <= other.hi:
            return None
        pairs = ((self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo), (self.hi, other.hi))
        return Interval(min(_DOWN.divide(a, b) for a, b in pairs),
                        max(_UP.divide(a, b) for a, b in pairs))

    def intersects(self, other: Interval) -> bool:
        return max(self.lo, other.lo) <= min(self.hi, other.hi)

    def __contains__(self, value: Decimal) -> bool:
        return self.lo <= value <= self.hi

    @property
    def midpoint(self) -> Decimal:
        return _DOWN.divide(_DOWN.add(self.lo, self.hi), Decimal(2))

    def __str__(self) -> str:
        return f"[{_plain(self.lo)}, {_plain(self.hi)}]"


def _plain(value: Decimal) -> str:
    if not value.is_finite():
        return "∞" if value > 0 else "-∞"
    return format(value.normalize(), "f")


def of(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """The interval a stated figure stands for, in its base unit (万元 and 亿元 become 元)."""
    lo, hi = quantity.interval(default_unit)
    return Interval(lo, hi)


def of_claim(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """What a stated figure *claims*, comparators included: `不低于90%` claims [89.5, ∞).

    `>`/`≥` open the interval upward and `<`/`≤` downward from the figure's rounding interval;
    there is no strictness at the bound because a rounded figure cannot carry it.
    """
    interval = of(quantity, default_unit)
    if quantity.comparator in (">", ">="):
        return Interval.at_least(interval.lo)
    if quantity.comparator in ("<", "<="):
        return Interval.at_most(interval.hi)
    return interval


def total(intervals: Iterable[Interval]) -> Interval:
    result = Interval.exact(0)
    for interval in intervals:
        result = result + interval
    return result


def round_to(value: Decimal, decimals: int) -> Decimal:
    """Round half up to `decimals` places, the way reports round (not banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                          context=Context(prec=_PRECISION))


def format_in_unit(value: Decimal, unit: str | None, decimals: int) -> str:
    """A computed value written the way the report would have written it: `146.55%`, `341.29`."""
    rounded = round_to(value, decimals)
    if rounded.is_zero():
        rounded = abs(rounded)  # never print "-0.00"
    return f"{rounded}{unit or ''}"
