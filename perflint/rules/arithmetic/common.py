"""Helpers shared by the arithmetic rules: comparing a stated total with the sum of its parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import Quantity


@dataclass(frozen=True)
class SumCheck:
    """The outcome of comparing a stated total with the sum of stated parts."""

    consistent: bool
    computed: Interval
    stated: Interval
    expected_text: str


def base_units_agree(quantities: Sequence[Quantity], default_unit: str | None) -> bool:
    units = {q.base(default_unit)[0] for q in quantities}
    return len(units) == 1


def check_sum(total: Quantity, parts: Sequence[Quantity], default_unit: str | None, *,
              complete: bool = True) -> SumCheck | None:
    """Compare `total` with Σ `parts` on stated-precision intervals.

    Nil parts (`-`) count as zero. Returns None when the check cannot run: the total or a part is
    not a number, or the figures are in different kinds of unit. For an incomplete breakdown only
    parts exceeding the total are inconsistent.
    """
    if total.value is None or not parts:
        return None
    numbers = [p for p in parts if not p.nil]
    if any(p.value is None for p in numbers) or not numbers:
        return None
    if not base_units_agree([total, *numbers], default_unit):
        return None
    computed = intervals.total(intervals.of(p, default_unit) for p in numbers)
    stated = intervals.of(total, default_unit)
    consistent = computed.intersects(stated) if complete else computed.lo <= stated.hi
    _, scale = total.base(default_unit)
    point = sum((p.value * p.base(default_unit)[1] for p in numbers), start=intervals.ZERO) / scale
    expected = intervals.format_in_unit(point, total.unit, max(p.decimals for p in numbers))
    return SumCheck(consistent, computed, stated, expected)
