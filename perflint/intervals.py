"""Interval arithmetic on stated figures: the tolerance model of every arithmetic rule.

A figure written with d decimals stands for the interval value ± ½·10^-d (XBRL Calculations 1.1
"round-to-nearest"; open at the top because reports round half up, see Interval). Sums add
intervals endpoint-wise, quotients divide them, and a stated result is consistent with a
computation iff the two intervals intersect. There is no epsilon:
tolerance comes only from the precision the report wrote.

Every operation rounds *outward* (lower bound toward −∞, upper bound toward +∞) in a 60-digit
context, so the computed interval always contains the exact one: a correctly rounded figure can
never be reported because of Decimal's own rounding (28 digits by default) in a long quotient.

Nothing here raises on extreme figures: the contexts have the widest exponent range Decimal
allows, products and quotients with an unbounded end are worked out by hand (0 × ∞ is 0, ∞ / ∞
is unbounded) instead of being Decimal's InvalidOperation, and `round_to` sizes its context to
the value, so a quotient of 10^50 written to 20 decimals is rounded, not refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import MAX_EMAX, MIN_EMIN, ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal
from typing import NamedTuple

from perflint.model import Quantity

ZERO = Decimal(0)
HUNDRED = Decimal(100)
INFINITY = Decimal("Infinity")

#: Directed-rounding contexts: lower bounds round down, upper bounds round up.
_PRECISION = 60
_DOWN = Context(prec=_PRECISION, rounding=ROUND_FLOOR, Emax=MAX_EMAX, Emin=MIN_EMIN)
_UP = Context(prec=_PRECISION, rounding=ROUND_CEILING, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _times(context: Context, a: Decimal, b: Decimal) -> Decimal:
    """a × b rounded by `context`, with 0 × ±∞ = 0 (the bound of an interval product)."""
    if a.is_zero() or b.is_zero():
        return ZERO
    return context.multiply(a, b)


def _over(context: Context, a: Decimal, b: Decimal) -> Decimal:
    """a / b rounded by `context` (b is never zero: `__truediv__` refuses a divisor interval
    holding zero); ±∞ / ±∞ is the unbounded end `context` rounds toward."""
    if a.is_infinite() and b.is_infinite():
        return INFINITY if context.rounding == ROUND_CEILING else -INFINITY
    return context.divide(a, b)


class Interval(NamedTuple):
    """An interval [lo, hi] of exact decimals; an end may be open, a bound may be ±Infinity.

    A figure rounded half up (四舍五入) to d decimals stands for [v − ½·10^-d, v + ½·10^-d): the
    upper end is open, because v + ½·10^-d itself would have been written as the next value (for
    a negative figure it is the lower end, see `of`). So
    a stated 29 and a stated 30 do not meet, while 57.6 and 12.1 + 45.4 = [57.4, 57.6) do, and
    25 / 32 = 78.125% exactly is 78.13% (half up), not 78.12%.
    Products and quotients are closed over-approximations: never stricter than the report.

    A named tuple, immutable as a frozen dataclass, is made in a quarter of its time: the rules
    make dozens per report (sums, quotients, claims), and the intervals of figures are kept from
    report to report (perflint.rules.figures), so none may change.
    """

    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def exact(cls, value: Decimal | int) -> Interval:
        value = Decimal(value)
        return cls(value, value)

    @classmethod
    def at_least(cls, value: Decimal, *, open_: bool = False) -> Interval:
        return cls(value, INFINITY, lo_open=open_)

    @classmethod
    def at_most(cls, value: Decimal, *, open_: bool = False) -> Interval:
        return cls(-INFINITY, value, hi_open=open_)

    def __add__(self, other: Interval) -> Interval:
        return Interval(_DOWN.add(self.lo, other.lo), _UP.add(self.hi, other.hi),
                        self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(_DOWN.subtract(self.lo, other.hi), _UP.subtract(self.hi, other.lo),
                        self.lo_open or other.hi_open, self.hi_open or other.lo_open)

    def scale(self, factor: Decimal) -> Interval:
        """Multiply by an exact factor (a unit multiplier, 100 for percent); keeps open ends."""
        if factor >= 0:
            return Interval(_times(_DOWN, self.lo, factor), _times(_UP, self.hi, factor),
                            self.lo_open, self.hi_open)
        return Interval(_times(_DOWN, self.hi, factor), _times(_UP, self.lo, factor),
                        self.hi_open, self.lo_open)

    def __mul__(self, other: Interval) -> Interval:
        pairs = ((self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo), (self.hi, other.hi))
        return Interval(min(_times(_DOWN, a, b) for a, b in pairs),
                        max(_times(_UP, a, b) for a, b in pairs))

    def __truediv__(self, other: Interval) -> Interval | None:
        """The quotient interval, or None when the divisor's interval contains zero."""
        if other.lo <= ZERO <= other.hi:
            return None
        pairs = ((self.lo, other.lo), (self.lo, other.hi), (self.hi, other.lo), (self.hi, other.hi))
        return Interval(min(_over(_DOWN, a, b) for a, b in pairs),
                        max(_over(_UP, a, b) for a, b in pairs))

    def intersects(self, other: Interval) -> bool:
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo != hi:
            return lo < hi
        return lo in self and lo in other

    def __contains__(self, value: Decimal) -> bool:
        above = value > self.lo or (value == self.lo and not self.lo_open)
        below = value < self.hi or (value == self.hi and not self.hi_open)
        return above and below

    @property
    def midpoint(self) -> Decimal:
        if self.lo.is_infinite() or self.hi.is_infinite():
            return self.lo if self.hi.is_infinite() and self.lo.is_finite() else self.hi
        return _DOWN.divide(_DOWN.add(self.lo, self.hi), Decimal(2))

    def __str__(self) -> str:
        left, right = "(" if self.lo_open else "[", ")" if self.hi_open else "]"
        return f"{left}{_plain(self.lo)}, {_plain(self.hi)}{right}"


def _plain(value: Decimal) -> str:
    if not value.is_finite():
        return "∞" if value > 0 else "-∞"
    return format(value.normalize(), "f")


def of(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """The interval a stated figure stands for, in its base unit (万元 and 亿元 become 元).

    Exact figures (whole counts) are a point; rounded ones are open at the end away from zero,
    because half-up rounding (ROUND_HALF_UP, 四舍五入) rounds a half away from zero: 5 stands for
    [4.5, 5.5), −5 for (−5.5, −4.5] and 0 for (−0.5, 0.5)."""
    lo, hi = quantity.interval(default_unit)
    if lo == hi:
        return Interval(lo, hi)
    value = quantity.value or 0
    return Interval(lo, hi, lo_open=value <= 0, hi_open=value >= 0)


def of_claim(quantity: Quantity, default_unit: str | None = None) -> Interval:
    """What a stated figure *claims*, comparators included: `不低于90%` claims [89.5, ∞).

    `>`/`≥` open the interval upward and `<`/`≤` downward from the figure's rounding interval;
    there is no strictness at the bound because a rounded figure cannot carry it.
    """
    interval = of(quantity, default_unit)
    if quantity.comparator in (">", ">="):
        return Interval.at_least(interval.lo, open_=interval.lo_open)
    if quantity.comparator in ("<", "<="):
        return Interval.at_most(interval.hi, open_=interval.hi_open)
    return interval


def total(intervals: Iterable[Interval]) -> Interval:
    """The sum of the intervals: `Interval.__add__` from exact 0, the same directed-rounding
    additions in the same order, without an Interval built for every partial sum (a money
    column or a score table adds many parts, for every report)."""
    lo = hi = ZERO
    lo_open = hi_open = False
    down, up = _DOWN.add, _UP.add
    for interval in intervals:
        lo, hi = down(lo, interval.lo), up(hi, interval.hi)
        lo_open = lo_open or interval.lo_open
        hi_open = hi_open or interval.hi_open
    return Interval(lo, hi, lo_open, hi_open)


def divide(a: Interval, b: Interval) -> Interval | None:
    """`a / b`. Of the four quotients of the ends `Interval.__truediv__` compares, with both
    intervals positive and bounded the least is a.lo / b.hi and the greatest a.hi / b.lo (an
    end's other quotient is strictly farther, or the very same division when lo and hi are one
    object), so only those two are worked out: most rates divide two positive amounts."""
    if a.lo > ZERO and b.lo > ZERO and a.hi.is_finite() and b.hi.is_finite():
        return Interval(_DOWN.divide(a.lo, b.hi), _UP.divide(a.hi, b.lo))
    return a / b


def round_to(value: Decimal, decimals: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round half up to `decimals` places, the way reports round (not banker's rounding), or
    by `rounding` (ROUND_FLOOR for a bound that must not be overstated).
    Exact for any finite value: the context holds every digit the result has (a fixed 60-digit
    one refused 10^70 rounded to 2 decimals with InvalidOperation); an infinite value is
    returned as it is."""
    if not value.is_finite():
        return value
    digits = max(value.adjusted(), 0) + decimals + 2
    context = Context(prec=max(_PRECISION, digits), Emax=MAX_EMAX, Emin=MIN_EMIN)
    return value.quantize(Decimal(1).scaleb(-decimals, context), rounding=rounding, context=context)


def format_in_unit(value: Decimal, unit: str | None, decimals: int, rounding: str = ROUND_HALF_UP) -> str:
    """A computed value written the way the report would have written it: `146.55%`, `341.29`."""
    if not value.is_finite():
        return ("∞" if value > 0 else "-∞") + (unit or "")
    rounded = round_to(value, decimals, rounding)
    if rounded.is_zero():
        rounded = abs(rounded)  # never print "-0.00"
    return f"{rounded:f}{unit or ''}"
