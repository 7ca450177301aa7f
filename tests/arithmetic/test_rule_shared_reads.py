"""The shortcuts of session 11 in the figure, arithmetic, scoring and cross-reference rules give
exactly what the plain computations gave: the one walk of a report's figures (leaf models and
lists of them taken in one step), intervals as named tuples, a span's fields as its identity,
units looked up once per distinct unit, group markers made once per options."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from perflint.intervals import Interval
from perflint.model import Part, Quantity, Report, Span
from perflint.numbers import NumberFormatError
from perflint.rules import figures
from perflint.rules.arithmetic.common import base_units_agree
from perflint.rules.crossref.completion_claim import CompletionClaimOptions, _group_markers
from perflint.rules.crossref.restated_figure import _place
from perflint.rules.quantities import _collect, report_figures
from perflint.testing import default_host

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _plain_walk(value: object, found: list[Quantity]) -> None:
    """Every Quantity in `value`, every field of every model entered, in declaration order."""
    if isinstance(value, Quantity):
        found.append(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _plain_walk(getattr(value, name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _plain_walk(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _plain_walk(item, found)


def _reports() -> list[Report]:
    host = default_host()
    paths = sorted(FIXTURES.glob("seed_*.yaml")) + sorted((FIXTURES / "office").glob("*.docx"))
    return [host.loader_for(path).load(path) for path in paths]


@pytest.mark.parametrize("report", _reports(), ids=lambda report: report.title.text if report.title else "")
def test_the_walk_finds_every_figure_in_model_order(report: Report) -> None:
    expected: list[Quantity] = []
    _plain_walk(report, expected)
    found = report_figures(report).every
    assert len(found) > 10
    assert [id(q) for q in found] == [id(q) for q in expected]


def _q(literal: str, offset: int) -> Quantity:
    quantity = Quantity.model_validate(literal)
    return quantity.model_copy(update={"span": Span(line=1, column=offset + 1, end_line=1,
                                                    end_column=offset + 1 + len(literal), quote=literal,
                                                    offset=offset)})


class _FiguresLast(BaseModel):
    """A model whose figure comes after a list that holds figures: walked field by field."""

    parts: list[Part]
    total: Quantity | None = None


class _OtherPart(Part):
    """A second class in a list of parts: the list is walked item by item."""


def test_models_and_lists_off_the_usual_shapes_are_walked_item_by_item() -> None:
    parts = [Part(label="甲", value=_q("12.5万元", 0), share=_q("25%", 10)),
             _OtherPart(label="乙", value=_q("37.5万元", 20)),
             Part(label="丙", value=_q("-", 30))]
    model = _FiguresLast(parts=parts, total=_q("50万元", 40))
    expected: list[Quantity] = []
    _plain_walk(model, expected)
    found: list[Quantity] = []
    _collect(model, found)
    assert [q.literal for q in found] == ["12.5万元", "25%", "37.5万元", "-", "50万元"]
    assert [id(q) for q in found] == [id(q) for q in expected]


def test_intervals_stay_immutable_values() -> None:
    interval = Interval(Decimal("4.5"), Decimal("5.5"), hi_open=True)
    with pytest.raises(AttributeError):
        interval.lo = Decimal(0)  # type: ignore[misc]
    assert interval == Interval(Decimal("4.50"), Decimal("5.5"), False, True)
    assert interval != Interval(Decimal("4.5"), Decimal("5.5"))
    assert hash(interval) == hash(Interval(Decimal("4.5"), Decimal("5.5"), hi_open=True))
    assert repr(Interval.exact(3)) == ("Interval(lo=Decimal('3'), hi=Decimal('3'), lo_open=False, "
                                       "hi_open=False)")
    assert Interval.exact(1) + Interval.exact(2) == Interval.exact(3)


def test_a_span_s_place_is_equal_exactly_when_the_spans_are() -> None:
    span = Span(line=3, column=5, end_line=3, end_column=9, quote="90.5%", offset=40, end_offset=45)
    assert _place(span) == _place(span.model_copy())
    for field, other in (("line", 4), ("column", 6), ("end_line", 4), ("end_column", 8), ("quote", "90.6%"),
                         ("offset", 41), ("end_offset", 44), ("location", "表1 第2行 第3列")):
        changed = span.model_copy(update={field: other})
        assert (changed == span) is (_place(changed) == _place(span)) is False, field


def test_units_agree_by_their_base_unit() -> None:
    def figures_of(*literals: str) -> list[Quantity]:
        return [Quantity.model_validate(literal) for literal in literals]

    assert base_units_agree(figures_of("12万元", "3元", "0.1亿元"), None)
    assert base_units_agree(figures_of("12", "3万元"), "万元")
    assert not base_units_agree(figures_of("12", "3万元"), None)
    assert not base_units_agree(figures_of("12万元", "5%"), "万元")
    assert not base_units_agree([], "万元")
    unknown = Quantity.model_validate("12").model_copy(update={"unit": "万元/公顷·月"})
    with pytest.raises(NumberFormatError):
        figures.base(unknown)
    with pytest.raises(NumberFormatError):
        base_units_agree([unknown, *figures_of("3万元")], None)


def test_group_markers_try_the_longest_keyword_first() -> None:
    options = CompletionClaimOptions(group_keywords=["效益", "经济效益", "质量", "社会效益"])
    markers = _group_markers(options)
    assert markers == (("经济效益", "经济效益指标"), ("社会效益", "社会效益指标"), ("效益", "效益指标"),
                       ("质量", "质量指标"))
    assert _group_markers(options) is markers  # made once per options
    clause = "经济效益指标均已完成"
    assert next(keyword for keyword, marker in markers if marker in clause) == "经济效益"
