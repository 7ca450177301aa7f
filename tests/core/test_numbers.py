from decimal import Decimal

import pytest

from perflint.numbers import (
    CHECKED_DIGITS,
    NumberFormatError,
    checkable,
    parse_figure,
    split_unit,
    written_digits,
)


@pytest.mark.parametrize(
    ("literal", "value", "decimals", "unit", "comparator"),
    [
        ("126.59%", "126.59", 2, "%", None),
        ("21.20", "21.20", 2, None, None),
        ("424.5", "424.5", 1, None, None),
        ("10.923亿元", "10.923", 3, "亿元", None),
        ("不少于24次", "24", 0, "次", ">="),
        ("不低于90%", "90", 0, "%", ">="),
        (">100%", "100", 0, "%", ">"),
        ("<5%", "5", 0, "%", "<"),
        ("≤ 3天", "3", 0, "天", "<="),
        ("控制在5%以内", "5", 0, "%", "<="),
        ("2小时以内", "2", 0, "小时", "<="),
        ("１２３，４５６．７８万元", "123456.78", 2, "万元", None),
        ("90％", "90", 0, "%", None),
        ("80万次", "80", 0, "万次", None),
        ("24次/年", "24", 0, "次/年", None),
    ],
)
def test_figures_keep_value_precision_unit_and_comparator(literal, value, decimals, unit, comparator):
    figure = parse_figure(literal)
    assert figure.value == Decimal(value)
    assert str(figure.value) == value  # the literal's own digits, trailing zeros kept
    assert (figure.decimals, figure.unit, figure.comparator) == (decimals, unit, comparator)


@pytest.mark.parametrize("literal", ["-", "—", "", " ", "／"])
def test_dashes_and_blanks_mean_no_value(literal):
    figure = parse_figure(literal)
    assert figure.nil and figure.value is None


def test_words_are_text_only_when_allowed():
    assert parse_figure("是", allow_text=True).value is None
    with pytest.raises(NumberFormatError):
        parse_figure("是")


def test_unknown_unit_is_an_error_even_where_text_is_allowed():
    with pytest.raises(NumberFormatError, match="斤"):
        parse_figure("12斤", allow_text=True)


def test_units_convert_exactly():
    assert split_unit("亿元") == ("元", Decimal(10) ** 8)
    assert split_unit("万元") == ("元", Decimal(10) ** 4)
    assert split_unit("元") == ("元", Decimal(1))


@pytest.mark.parametrize(("literal", "digits"), [
    ("123.45", 5), ("0.0012", 4), ("-0.5", 1), ("0", 0), ("0.00", 2), ("1,234,567.89万元", 9),
    ("1" * 70 + ".5", 71), ("0." + "0" * 30 + "1%", 31),
])
def test_written_digits_count_from_the_first_significant_digit_to_the_last_decimal(literal, digits):
    figure = parse_figure(literal)
    assert written_digits(figure.value, figure.decimals) == digits


def test_only_figures_within_the_checked_digits_are_checkable():
    """Issue 20: a figure needing more than 60 digits made the arithmetic raise InvalidOperation.
    Parsing keeps every figure (the text extraction reads it as any other); `checkable` is what
    the arithmetic rules ask before they compute with it."""
    within = parse_figure("9" * 12 + "." + "9" * (CHECKED_DIGITS - 12))
    beyond = parse_figure("9" * 12 + "." + "9" * (CHECKED_DIGITS - 11))
    assert checkable(within.value, within.decimals)
    assert not checkable(beyond.value, beyond.decimals)
    assert beyond.value == Decimal("9" * 12 + "." + "9" * (CHECKED_DIGITS - 11))
    huge = parse_figure("1" + "0" * 5000 + "万元")
    assert huge.value == Decimal(10) ** 5000 and not checkable(huge.value, huge.decimals)
    assert not checkable(None, 0) and not checkable(Decimal("Infinity"), 0)
