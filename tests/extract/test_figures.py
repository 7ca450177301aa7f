"""Figures in running text: literal, value, unit, comparator; dates are not figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.extract.figures import parse_cell, scan


def found(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.literal, f.unit, f.parsed.comparator) for f in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("资产合计11016.94万元，占比96.96%", [("11016.94万元", "万元", None), ("96.96%", "%", None)]),
        ("次数不少于24次，比例不低于90%，时限在2小时以内",
         [("不少于24次", "次", ">="), ("不低于90%", "%", ">="), ("2小时以内", "小时", "<=")]),
        ("完成值>100%，结转结余率<5%，≥90%", [(">100%", "%", ">"), ("<5%", "%", "<"), ("≥90%", "%", ">=")]),
        ("资产１，２３４．５６万元，满意度９０％",
         [("１，２３４．５６万元", "万元", None), ("９０％", "%", None)]),
        ("资金1,234,567元，收入10.923亿元", [("1,234,567元", "元", None), ("10.923亿元", "亿元", None)]),
        ("启动了3个批次，完成2个项目", [("3个批次", "批次", None), ("2个", "个", None)]),
        ("用户量429247，", [("429247", None, None)]),
        ("出让用地7宗，划拨用地25宗", [("7宗", "宗", None), ("25宗", "宗", None)]),
    ],
)
def test_figures_in_text(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["截止2022年12月31日", "2021年度", "于2022年向社会公开", "2024年3月15日", "4月22日", "2021.12.31"],
)
def test_dates_are_not_figures(text):
    assert found(text) == []


def test_comma_between_clauses_is_not_a_thousands_separator():
    assert found("编制38人，实有21人") == [("38人", "人", None), ("21人", "人", None)]
    assert found("数量为123，456个") == [("123", None, None), ("456个", "个", None)]


def test_values_keep_their_written_precision():
    figure = scan("年初结转和结余21.20万元")[0]
    assert figure.parsed.value == Decimal("21.20") and figure.parsed.decimals == 2
    assert str(figure.parsed.value) == "21.20"


@pytest.mark.parametrize(
    ("cell", "value", "nil"),
    [("239.56", "239.56", False), ("-", None, True), ("—", None, True), ("是", None, False),
     (">100%", "100", False), ("30分", "30", False)],
)
def test_cells(cell, value, nil):
    parsed = parse_cell(cell)
    assert parsed is not None
    assert (str(parsed.value) if parsed.value is not None else None, parsed.nil) == (value, nil)


def test_cells_with_words_around_a_number_are_words():
    words = parse_cell("预算编审管理（6分）")
    assert words is not None and words.value is None and not words.nil
    assert parse_cell("12斤") is None  # a figure in a unit perflint cannot compare
    assert parse_cell("1" * 500) is None


def test_long_digit_runs_are_not_figures():
    assert scan("编号" + "7" * 5000 + "号") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789０１２３.．,，%％万元亿宗人次不少于低≥<>年月日-— 合计其中：",
               max_size=200))
def test_scan_never_fails_and_quotes_the_text(text):
    for figure in scan(text):
        assert text[figure.start:figure.end] == figure.literal


@pytest.mark.parametrize(("text", "expected"), [
    ("1.2 人员及资产", []),  # a heading number before a word, not 1.2 persons
    ("对2个项目进行了跟踪", [("2个", "个", None)]),
    ("在职人员12人", [("12人", "人", None)]),
    ("得分3分别为", []),  # left out: the unit of 3 is not stated
])
def test_a_unit_character_that_begins_a_word_is_not_a_unit(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(("text", "literals"), [
    ("预算数为2021.50万元", ["2021.50万元"]),  # an amount in the years' range is an amount
    ("共1944.00万元", ["1944.00万元"]),
    ("执行率2020.5%", ["2020.5%"]),
    ("2021.5.3日召开", []),  # dates stay dates
    ("截至2020.12", []),
    ("2019.10月完成", []),
    ("2023-03-15印发", []),
])
def test_amounts_that_look_like_years_are_amounts(text, literals):
    assert [figure.literal for figure in scan(text)] == literals
