"""`perflint.rules.figures.is_number` reads a figure's exponent once; at the edges of what is
checked (`CHECKED_DIGITS` digits, written with whole digits, decimals or both, zero written
with an exponent, values given apart from their literal) it must still say what
`perflint.numbers.checkable` says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perflint.model import Quantity
from perflint.numbers import CHECKED_DIGITS, checkable
from perflint.rules.figures import is_number

N = CHECKED_DIGITS


def _given(value: str, decimals: int) -> Quantity:
    """A figure whose value is given as is (the model refuses a value that is not finite, so
    it is built without validation: the test of finiteness stays in is_number all the same)."""
    return Quantity.model_construct(literal=value, value=Decimal(value), decimals=decimals)


LITERALS = ["9" * N, "9" * (N + 1), "1" + "0" * (N - 1), "1" + "0" * N, "9" * (N - 1) + ".5",
            "9" * (N - 2) + ".55", "0." + "0" * (N - 1) + "1", "0." + "0" * N + "1", "0." + "5" * N,
            "-" + "9" * N, "-" + "9" * (N + 1), "0", "-0", "0.00", "12.5万元", "100%", "-", "是"]
GIVEN = [("0E+30", 0), ("0E+30", N), ("0E+30", N + 1), ("1E+23", 0), ("1E+24", 0), ("1E+23", 1),
         ("5E-3", N), ("5E-3", N + 1), ("Infinity", 0), ("-Infinity", 2), ("NaN", 0), ("0", N + 1)]


@pytest.mark.parametrize("literal", LITERALS)
def test_written_figures_at_the_edge(literal):
    quantity = Quantity.model_validate(literal)
    assert is_number(quantity) == (not quantity.nil and checkable(quantity.value, quantity.decimals))


@pytest.mark.parametrize(("value", "decimals"), GIVEN)
def test_values_given_apart_from_their_literal(value, decimals):
    quantity = _given(value, decimals)
    assert is_number(quantity) == checkable(quantity.value, quantity.decimals)


def test_the_edges_are_on_both_sides():
    written = [is_number(Quantity.model_validate(literal)) for literal in LITERALS[:9]]
    assert written == [True, False, True, False, True, True, True, False, True]
