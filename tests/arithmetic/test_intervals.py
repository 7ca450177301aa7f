"""The tolerance model: intervals from stated precision, sound arithmetic, no false alarms.

The property tests state the guarantee the arithmetic rules rest on: when every figure of a
report is the correct rounding of some true value, no sum, difference or ratio check fires.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import Quantity
from perflint.rules.arithmetic.common import check_ratio, check_sum, quotient
from perflint.testing import lint_yaml


def q(literal: str) -> Quantity:
    return Quantity.model_validate(literal)


def stated(value: Decimal, decimals: int, unit: str = "") -> Quantity:
    """The figure a report would write for the true `value` rounded to `decimals` places."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return q(f"{rounded}{unit}")


# --------------------------------------------------------------------------- plain examples

def test_interval_of_a_stated_figure_follows_its_decimals():
    # rounded half up: the lower end belongs to the figure, the upper end to the next value
    assert intervals.of(q("21.20")) == Interval(Decimal("21.195"), Decimal("21.205"), hi_open=True)
    assert intervals.of(q("424.5")) == Interval(Decimal("424.45"), Decimal("424.55"), hi_open=True)
    assert intervals.of(q("126.59%")) == Interval(Decimal("126.585"), Decimal("126.595"), hi_open=True)
    assert not intervals.of(q("29")).intersects(intervals.of(q("30")))
    assert intervals.of(q("57.6")).intersects(intervals.of(q("12.1")) + intervals.of(q("45.4")))


def test_counts_are_exact_and_money_converts_to_yuan():
    assert intervals.of(q("32宗")) == Interval.exact(32)
    assert intervals.of(q("4110.78万元")) == Interval(Decimal("41107750"), Decimal("41107850"), hi_open=True)
    assert intervals.of(q("10.923亿元")) == Interval(Decimal("1092250000"), Decimal("1092350000"),
                                                    hi_open=True)


def test_claim_of_a_comparator_is_one_sided():
    assert intervals.of_claim(q(">100%")).hi == intervals.INFINITY
    assert intervals.of_claim(q("<5%")) == Interval(-intervals.INFINITY, Decimal("5.5"), hi_open=True)
    assert Decimal("126.59") in intervals.of_claim(q(">100%"))


def test_mixed_units_hold_exactly():
    result = check_sum(q("10.923亿元"), [q("10.512亿元"), q("4110.78万元")], "万元")
    assert result is not None and result.consistent
    assert result.expected_text == "10.923亿元"


def test_seed_sum_that_does_not_hold():
    result = check_sum(q("340.29"), [q("320.09"), q("21.20")], "万元")
    assert result is not None and not result.consistent
    assert result.expected_text == "341.29"


def test_quotient_of_stated_figures_contains_the_stated_share():
    share = quotient(q("10681.52"), q("11016.94"), "万元")
    assert share is not None
    assert share.interval.intersects(intervals.of(q("96.96%")))
    assert not share.interval.intersects(intervals.of(q("96.95%")))


def test_division_by_an_interval_that_may_be_zero_is_refused():
    assert Interval(Decimal(1), Decimal(2)) / Interval(Decimal("-0.005"), Decimal("0.005")) is None
    assert quotient(q("5"), q("0"), "万元") is None


def test_expected_is_written_like_the_stated_figure():
    assert intervals.format_in_unit(Decimal("146.5541345"), "%", 2) == "146.55%"
    assert intervals.format_in_unit(Decimal("0.125"), None, 2) == "0.13"  # half up, not banker's
    assert intervals.format_in_unit(Decimal("-0.001"), None, 2) == "0.00"
    assert intervals.format_in_unit(Decimal("1E-12"), "‰", 9) == "0.000000000‰"  # never "0E-9"
    assert intervals.format_in_unit(Decimal("1E+5"), "元", 0) == "100000元"


def test_outward_rounding_keeps_a_non_terminating_quotient_inside():
    one_third = Interval.exact(1) / Interval.exact(3)
    assert one_third is not None
    assert one_third.lo < one_third.hi  # both bounds rounded away from the exact value
    with localcontext(prec=200):
        assert one_third.lo * 3 < 1 < one_third.hi * 3


# --------------------------------------------------------------------------- properties

decimals = st.integers(min_value=0, max_value=4)
# true values as a report's underlying data would have them: more digits than anyone writes
true_amounts = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999999"), places=6,
                           allow_nan=False, allow_infinity=False)
bounds = st.tuples(st.decimals(min_value=-1000, max_value=1000, places=3),
                   st.decimals(min_value=0, max_value=50, places=3))


def _interval(pair: tuple[Decimal, Decimal]) -> Interval:
    lo, width = pair
    return Interval(lo, lo + width)


@given(bounds, bounds, st.floats(0, 1), st.floats(0, 1))
def test_interval_operations_contain_every_result(a, b, s, t):
    x_iv, y_iv = _interval(a), _interval(b)
    quotient_iv = x_iv / y_iv
    with localcontext(prec=200):  # the test's own arithmetic must be exact
        x = x_iv.lo + (x_iv.hi - x_iv.lo) * Decimal(str(s))
        y = y_iv.lo + (y_iv.hi - y_iv.lo) * Decimal(str(t))
        assert x + y in x_iv + y_iv
        assert x - y in x_iv - y_iv
        assert x * y in x_iv * y_iv
        if quotient_iv is None:
            assert y_iv.lo <= 0 <= y_iv.hi
        else:  # x/y itself may not terminate: compare by multiplying back
            low, high = sorted((quotient_iv.lo * y, quotient_iv.hi * y))
            assert low <= x <= high


@settings(max_examples=300)
@given(st.lists(st.tuples(true_amounts, decimals), min_size=1, max_size=8), decimals)
def test_a_correctly_rounded_sum_is_never_flagged(parts, total_decimals):
    """Every part and the total rounded from the same true values: always consistent."""
    true_total = sum((value for value, _ in parts), start=Decimal(0))
    stated_parts = [stated(value, d) for value, d in parts]
    result = check_sum(stated(true_total, total_decimals), stated_parts, "万元")
    assert result is not None and result.consistent


@settings(max_examples=300)
@given(st.lists(st.tuples(true_amounts, decimals, st.sampled_from(["元", "万元", "亿元"])),
                min_size=1, max_size=5),
       decimals, st.sampled_from(["元", "万元", "亿元"]))
def test_a_correctly_rounded_sum_in_mixed_units_is_never_flagged(parts, total_decimals, total_unit):
    scale = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}
    true_total = sum((value * scale[unit] for value, _, unit in parts), start=Decimal(0))
    stated_parts = [stated(value, d, unit) for value, d, unit in parts]
    total = stated(true_total / scale[total_unit], total_decimals, total_unit)
    result = check_sum(total, stated_parts, "万元")
    assert result is not None and result.consistent


@settings(max_examples=300)
@given(true_amounts, true_amounts, decimals, decimals, st.integers(0, 3))
def test_a_correctly_rounded_ratio_is_never_flagged(numerator, denominator, d_num, d_den, d_rate):
    num, den = stated(numerator, d_num), stated(denominator, d_den)
    assume(intervals.of(den).lo > 0)
    rate = stated(numerator / denominator * 100, d_rate, "%")
    result = check_ratio(rate, num, den, "万元")
    assert result is not None and result.consistent


@settings(max_examples=200)
@given(st.integers(1, 10**6), st.integers(1, 10**6), st.integers(0, 4))
def test_a_ratio_of_counts_is_exact(part, rest, d_rate):
    """Counts are exact, so the correctly rounded rate passes and its neighbours do not
    unless they are within the rate's own rounding of the exact quotient."""
    whole = part + rest
    exact = Decimal(part) * 100 / Decimal(whole)
    rate = stated(exact, d_rate, "%")
    result = check_ratio(rate, q(f"{part}宗"), q(f"{whole}宗"), "万元")
    assert result is not None and result.consistent
    step = Decimal(1).scaleb(-d_rate)
    for neighbour in (rate.value + step, rate.value - step):
        claim = intervals.of(q(f"{neighbour}%"))
        result = check_ratio(q(f"{neighbour}%"), q(f"{part}宗"), q(f"{whole}宗"), "万元")
        assert result is not None
        assert result.consistent == (exact in claim)


@settings(max_examples=200)
@given(true_amounts, true_amounts, decimals, decimals)
def test_a_correctly_rounded_difference_is_never_flagged(assets, liabilities, d_a, d_l):
    a, liab = stated(assets, d_a), stated(liabilities, d_l)
    net = stated(assets - liabilities, min(d_a, d_l))
    assert (intervals.of(a) - intervals.of(liab)).intersects(intervals.of(net))


# ------------------------------------------------------------------ end to end through the rules

positive = st.decimals(min_value=Decimal("1"), max_value=Decimal("999999"), places=4,
                       allow_nan=False, allow_infinity=False)


def _written(value: Decimal, decimals: int, unit: str = "") -> str:
    return f"{value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)}{unit}"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(positive, positive, decimals), min_size=1, max_size=4), decimals,
       st.integers(0, 3))
def test_a_table_written_from_true_figures_raises_nothing(rows, total_decimals, rate_decimals):
    """A budget table whose every figure is the half-up rounding of true amounts: PL102 and PL103
    stay silent, whatever the decimals of each cell."""
    lines = []
    for index, (budget, executed, d) in enumerate(rows):
        rate = _written(executed / budget * 100, rate_decimals, "%")
        lines.append(f'      - {{label: 行{index}, budget: "{_written(budget, d)}", '
                     f'executed: "{_written(executed, d)}", rate: "{rate}"}}')
    budget_total = sum((b for b, _, _ in rows), start=Decimal(0))
    executed_total = sum((e for _, e, _ in rows), start=Decimal(0))
    rate_total = _written(executed_total / budget_total * 100, rate_decimals, "%")
    text = "\n".join([
        "perflint: 1",
        "budget_tables:",
        "  - kind: 支出",
        f'    total: {{label: 合计, budget: "{_written(budget_total, total_decimals)}", '
        f'executed: "{_written(executed_total, total_decimals)}", rate: "{rate_total}"}}',
        "    rows:",
        *lines,
    ])
    findings = lint_yaml(text, select=["PL102", "PL103"])
    assert findings == []


def test_half_up_rounding_is_away_from_zero_for_negative_figures():
    minus_five = intervals.of(q("-5%"))
    assert Decimal("-4.5") in minus_five and Decimal("-5.5") not in minus_five
    zero = intervals.of(q("0"))
    assert Decimal("0.5") not in zero and Decimal("-0.5") not in zero and Decimal("0.49") in zero


def test_rounding_an_extreme_value_never_raises():
    """Issue 20: `round_to` used a fixed 60-digit context, so 10^70 written to 2 decimals (or a
    quotient of 10^50 to 20 decimals) was decimal.InvalidOperation inside a rule."""
    assert intervals.format_in_unit(Decimal("1" * 70 + ".505"), "%", 2) == "1" * 70 + ".51%"
    assert intervals.format_in_unit(Decimal(10) ** 50, None, 20) == "1" + "0" * 50 + "." + "0" * 20
    assert intervals.format_in_unit(Decimal("126.585"), "%", 2) == "126.59%"
    assert intervals.format_in_unit(Decimal("Infinity"), "%", 2) == "∞%"
    assert intervals.round_to(Decimal("2.999"), 2, "ROUND_FLOOR") == Decimal("2.99")


def test_unbounded_ends_multiply_and_divide_without_invalid_operations():
    """0 × ∞ and ∞ / ∞ are Decimal's InvalidOperation; an interval product or quotient with an
    unbounded end (a claim such as `不低于90%`) takes 0 × ∞ = 0 and ∞ / ∞ as unbounded."""
    at_least_one = Interval.at_least(Decimal(1))
    assert at_least_one * Interval(Decimal(0), Decimal(5)) == Interval(Decimal(0), intervals.INFINITY)
    quotient_ = at_least_one / Interval.at_least(Decimal(2))
    assert quotient_ is not None and (quotient_.lo, quotient_.hi) == (-intervals.INFINITY, intervals.INFINITY)
    half = at_least_one / Interval(Decimal(1), Decimal(2))
    assert half is not None and half.lo == Decimal("0.5")
    assert Interval.at_most(Decimal(3)).midpoint == Decimal(3)
    assert at_least_one.scale(Decimal(0)) == Interval(Decimal(0), Decimal(0))
