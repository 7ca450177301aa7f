"""`report_plan.figure` parses a literal itself, not through the validator's caches, and gives
exactly what `Quantity`'s validators make of it (or None where they refuse it)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from perflint.loaders import report_plan
from perflint.model import Quantity

LITERALS = ["49人", "9464.64万元", "81.86%", "不少于197场", "≥95%", "100%以上", "-", "—", "", " ", "是",
            "按时完成", "1,234.50元", "0.5亿元", "12斤", "5外星币", "3次以上", "约2000人次", "≤ 3天", "+7.5",
            "-0.00", "1e3", "２０１９年", "９０％", "一百", "100%（含）"]


def _validated(literal: str) -> tuple | None:
    try:
        quantity = Quantity.model_validate(literal)
    except ValidationError:
        return None
    return (quantity.literal, quantity.value, quantity.decimals, quantity.unit, quantity.comparator,
            quantity.nil)


@pytest.mark.parametrize("literal", LITERALS)
def test_a_literal_is_read_as_the_validators_read_it(literal: str) -> None:
    report_plan.figure.cache_clear()
    planned = report_plan.figure(literal)
    expected = _validated(literal)
    assert planned == expected
    if expected is not None:  # the same Decimal, exponent included
        assert str(planned[1]) == str(expected[1])


def test_some_literals_are_refused_and_some_are_words() -> None:
    report_plan.figure.cache_clear()
    assert report_plan.figure("12斤") is None and report_plan.figure("5外星币") is None
    assert report_plan.figure("是")[1] is None and report_plan.figure("-")[5] is True
