"""The extractor's faster forms give exactly what the plain forms give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from perflint.extract.figures import _FIGURE, _matches, match_text
from perflint.extract.headings import _LEVELS, _NUMBERED, _NUMBERS
from perflint.extract.text_indicators import _common
from perflint.model import Fact, Quantity, Section, Span, Text
from perflint.testing import default_host

#: Characters that make figures, dates, comparators and units collide in every way.
_FIGURE_TEXT = st.text(alphabet="0123456789.,，%年月日度不少于低大小控超高过≥≤<>=万元人次以上内 资产其中")


@settings(max_examples=400, deadline=None)
@given(_FIGURE_TEXT)
def test_matches_are_finditers_matches(text: str) -> None:
    text = match_text(text)
    assert [m.span() for m in _matches(text)] == [m.span() for m in _FIGURE.finditer(text)]


def test_matches_in_a_sentence() -> None:
    text = "资产合计11016.94万元，2022年12月31日，满意度不低于90%，大于5人"
    assert [m.group() for m in _matches(text)] == [m.group() for m in _FIGURE.finditer(text)]


def _number_by_number(text: str) -> tuple[int, int] | None:
    """The section number at the start of `text` as the numbers are tried one by one: level, end."""
    for pattern, level in _NUMBERS:
        match = re.match(pattern, text)
        if match is not None:
            return level, match.end()
    return None


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="第一二三十部分章节0123456789.．、：:（()）% x", max_size=12))
def test_numbered_is_the_numbers_tried_in_order(text: str) -> None:
    match = _NUMBERED.match(text)
    found = None if match is None else (_LEVELS[match.lastindex or 0], match.end())
    assert found == _number_by_number(text)


def _common_by_table(a: str, b: str) -> int:
    """Longest common substring by the classic dynamic-programming table."""
    a, b = a[:40], b[:40]
    best = 0
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if char == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="数量指标率服务次", max_size=50), st.text(alphabet="数量指标率服务次", max_size=50))
def test_common_is_the_longest_common_substring(a: str, b: str) -> None:
    assert _common(a, b) == _common_by_table(a, b)


def test_common_on_indicator_names() -> None:
    assert _common("及时提供地图服务次数", "提供地图服务次数") == 8
    assert _common("群众满意度", "服务对象满意度") == 3
    assert _common("", "满意度") == 0


def _models(value: object, seen: set[int] | None = None):
    """Every pydantic model inside a report, depth first."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, BaseModel):
        yield value
        value = list(value.__dict__.values())
    if isinstance(value, list | tuple):
        for item in value:
            yield from _models(item, seen)


@pytest.mark.parametrize("name", ["tests/extract/data/narrative_report.txt",
                                  "tests/extract/data/table_report.txt",
                                  "fixtures/office/seed_004.docx", "fixtures/office/seed_001.docx"])
def test_spans_figures_and_texts_built_without_validation_equal_validated_ones(name: str) -> None:
    """The extractor builds Span, Quantity, Text, Section and Fact without validation (`model.span.restore`);
    each must be exactly what validating its values gives: same fields, same field set."""
    path = Path(__file__).resolve().parents[2] / name
    report = default_host().loader_for(path).load(path)
    checked = 0
    for model in _models(report):
        if type(model) not in (Span, Quantity, Text, Section, Fact):
            continue
        given = {key: model.__dict__[key] for key in model.model_fields_set}
        validated = type(model).model_validate(given)
        assert validated.__dict__ == model.__dict__, model
        assert validated.model_fields_set == model.model_fields_set, model
        checked += 1
    assert checked > 100
