"""Extracted reports written as normalized YAML load back unchanged; `explain` shows the sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract import extract_report, load_text_document
from perflint.extract.serialize import explain, to_yaml
from perflint.loaders.yaml_loader import compose, validate
from perflint.model import Quantity, Report

DATA = Path(__file__).resolve().parent / "data"


def without_places(value):
    """The report's content: every field except spans and the raw source text."""
    if isinstance(value, dict):
        return {k: without_places(v) for k, v in value.items() if k not in ("span", "source_text")}
    if isinstance(value, list):
        return [without_places(v) for v in value]
    return value


def round_trip(report: Report) -> Report:
    return validate(compose(to_yaml(report, source="x.txt")))


@pytest.mark.parametrize("name", ["narrative_report.txt", "table_report.txt"])
def test_yaml_round_trip(name):
    report = extract_report(load_text_document(DATA / name))
    again = round_trip(report)
    assert without_places(again.model_dump()) == without_places(report.model_dump())


def test_seed_round_trip(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        report = extract_report(load_text_document(path))
        assert without_places(round_trip(report).model_dump()) == without_places(report.model_dump())


def test_yaml_is_in_the_fixture_format(tables):
    text = to_yaml(tables, source="table_report.txt")
    assert text.startswith("# Extracted by perflint from table_report.txt.")
    assert 'budget: "512.30"' in text  # figures are quoted literals, trailing zero kept
    assert 'target: "不少于8万人次"' in text
    assert "span" not in text and "source_text" not in text
    assert "# line 23" in text  # each entry says where it was read


def test_long_form_when_the_literal_does_not_say_it_all():
    report = Report(facts=[{"concept": "资金", "value": Quantity(literal="239.56", unit="元")},
                           {"concept": "满意度", "value": Quantity(literal="90%", concept="满意度")}])
    text = to_yaml(report)
    assert 'literal: "239.56"\n      unit: 元\n' in text  # the unit a table heading gave
    assert 'value: "90%"' not in text and "concept: 满意度" in text
    again = round_trip(report)
    assert again.facts[0].value.unit == "元" and again.facts[1].value.concept == "满意度"


def test_explain_lists_every_value_with_its_source(narrative):
    text = explain(narrative)
    lines = text.splitlines()
    share = next(line for line in lines if "parts[1](非流动资产).share" in line)
    assert share.split()[0] == "15:69"
    assert "占比【19.91%】" in share
    assert any(line.split()[0] == "13:30" and "【28人】" in line for line in lines)
