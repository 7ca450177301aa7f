"""The two walks of the whole report model for its figures, PL111's `figures` and PL401's tagged
figures, skip most of the tree (they enter only fields whose declared type can hold a figure)
and tell items apart by their exact class: both must still find every figure in model order,
the same as a plain walk of every field."""

from __future__ import annotations

from pydantic import BaseModel

from perflint.model import Quantity, Report
from perflint.rules.arithmetic.unchecked_figure import figures
from perflint.rules.crossref.restated_figure import _tagged_quantities


def _figure(literal: str) -> dict:
    return {"literal": literal, "concept": f"概念{literal}"}


def _indicator(level: int, literal: str, children: list[dict] | None = None) -> dict:
    return {"name": {"text": f"指标{literal}"}, "level": level, "weight": _figure(f"{literal}1"),
            "score": _figure(f"{literal}2"), "target": _figure(f"{literal}3"),
            "actual": _figure(f"{literal}4"), "children": children or []}


def _report() -> Report:
    """A report with a tagged figure in every place the model has for one, indicators nested."""
    row = {"label": "基本支出", **{name: _figure(str(i)) for i, name in enumerate(
        ["initial_budget", "budget", "executed", "rate", "weight", "score", "self_score", "review_score"])}}
    breakdown = {"label": "资产", "total": _figure("20"), "parts": [
        {"label": "流动资产", "value": _figure("21"), "share": _figure("22")},
        {"label": "固定资产", "value": _figure("23")}]}
    return Report.model_validate({
        "unit": {"subordinate_count": _figure("30")},
        "staffing": [breakdown],
        "balance_sheets": [{"entity": "本级", "assets": breakdown, "liabilities": {"label": "负债"},
                            "debt_ratio": _figure("31")}],
        "budget_tables": [{"kind": "支出", "total": {**row, "label": "合计"},
                           "rows": [row, {"label": "空行"}]}],
        "breakdowns": [breakdown],
        "ratios": [{"label": "执行率", "stated": _figure("40"), "numerator": _figure("41"),
                    "denominator": _figure("42")}],
        "indicators": [_indicator(1, "5", [_indicator(2, "6", [_indicator(3, "7"), _indicator(3, "8")])]),
                       _indicator(1, "9")],
        "evaluation": {"total_score": _figure("50"), "max_score": _figure("51"),
                       "review_score": _figure("52")},
        "facts": [{"concept": "满意度", "value": _figure("60")}],
        "sections": [{"heading": {"text": "一、概况"}, "body": {"text": "正文"}}],
    })


def _every_figure(value: object, found: list[Quantity], facts: bool) -> None:
    """Every Quantity below `value`, by a plain walk of every field of every model."""
    if isinstance(value, Quantity):
        found.append(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if facts or name != "facts":
                _every_figure(getattr(value, name), found, facts)
    elif isinstance(value, list | tuple):
        for item in value:
            _every_figure(item, found, facts)


def test_figures_are_every_figure_of_the_model_in_order():
    report = _report()
    expected: list[Quantity] = []
    _every_figure(report, expected, facts=True)
    assert len(expected) == 57  # every place above
    assert [id(q) for q in figures(report)] == [id(q) for q in expected]


def test_tagged_figures_are_every_tagged_figure_but_the_facts_in_order():
    report = _report()
    expected: list[Quantity] = []
    _every_figure(report, expected, facts=False)
    assert [id(q) for q in _tagged_quantities(report)] == [id(q) for q in expected if q.concept]
    assert report.facts[0].value not in _tagged_quantities(report)
