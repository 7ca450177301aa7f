"""What PL607/PL608 collect, stored as JSON in the warm cache: the same value comes back, and
anything else in its place is refused (a miss), never half-read."""

from __future__ import annotations

import copy
from pathlib import Path

import orjson
import pytest

from perflint.config import Config
from perflint.runner import activate_rules, collect, lint_file
from perflint.testing import default_host
from perflint.textmatch.corpus import ReportParagraphs
from perflint.textmatch.records_json import from_json, to_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def collected() -> list[ReportParagraphs]:
    """What the corpus rules collect of a normalized YAML report and of a Word report."""
    host = default_host()
    config = Config(select=["PL607", "PL608"])
    rules, _ = activate_rules(host, config)
    values = []
    for path in (FIXTURES / "seed_000.yaml", FIXTURES / "office" / "seed_004.docx"):
        result = lint_file(path, host, rules, config)
        collect(result, rules, config)
        values.append(result.collected["PL607"])
    return values


def test_round_trip_through_json_gives_the_same_paragraphs(collected):
    for value in collected:
        assert value.paragraphs and value.unit_name
        restored = from_json(orjson.loads(orjson.dumps(to_json(value))))
        assert restored == value
        spans = [p.span.model_dump() for p in value.paragraphs]
        assert [p.span.model_dump() for p in restored.paragraphs] == spans
        assert restored.title_span == value.title_span


def test_a_report_without_unit_title_or_paragraphs_round_trips():
    empty = ReportParagraphs(None, None, ())
    assert from_json(orjson.loads(orjson.dumps(to_json(empty)))) == empty


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("title"),
    lambda d: d.update(extra=1),
    lambda d: d.update(unit=3),
    lambda d: d.update(paragraphs={}),
    lambda d: d["paragraphs"][0].pop(),
    lambda d: d["paragraphs"][0].__setitem__(0, "12"),
    lambda d: d["paragraphs"][0].__setitem__(2, 1),
    lambda d: d["paragraphs"][0].__setitem__(3, [1, 1, 1]),
    lambda d: d["paragraphs"][0][3].__setitem__(0, True),
    lambda d: d["paragraphs"][0][3].__setitem__(4, None),
    lambda d: d["paragraphs"][0][3].__setitem__(5, "7"),
    lambda d: d["paragraphs"][0][3].__setitem__(7, 7),
])
def test_anything_else_is_refused(collected, damage):
    data = copy.deepcopy(orjson.loads(orjson.dumps(to_json(collected[0]))))
    damage(data)
    with pytest.raises(ValueError):
        from_json(data)
