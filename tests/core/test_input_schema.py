"""`perflint schema`: the JSON Schema of the normalized format validates what people write."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from perflint.cli import main
from perflint.schema import input_schema

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([*ROOT.glob("fixtures/*.yaml"), *ROOT.glob("tests/output/reports/*.yaml"),
                    *ROOT.glob("tests/text/data/*.yaml"), *ROOT.glob("tests/fix/data/*.yaml")])


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = input_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(validator, document) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def test_the_cli_prints_the_format_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "Span" not in schema["$defs"] and "source_text" not in schema["properties"]
    assert {"type": "string"} in schema["$defs"]["Quantity"]["anyOf"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_fixture_validates(validator, path):
    assert len(DOCUMENTS) >= 6
    assert _errors(validator, YAML(typ="safe").load(path.read_text(encoding="utf-8"))) == []


def test_an_extracted_report_validates(validator, tmp_path, capsys):
    source = tmp_path / "report.txt"
    source.write_text("某某县2023年农村公路养护资金绩效自评报告\n一、资金情况\n"
                      "下达资金120万元，其中：路面修补70万元，桥涵维护50万元。预算执行率95%。\n",
                      encoding="utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path / "report.yaml")]) == 0
    document = YAML(typ="safe").load((tmp_path / "report.yaml").read_text(encoding="utf-8"))
    assert document["breakdowns"] and _errors(validator, document) == []


@pytest.mark.parametrize("document", [
    {"perflint": 1, "titel": "misspelt key"},
    {"perflint": 1, "indicators": [{"name": "产出指标", "level": 4}]},
    {"perflint": 1, "breakdowns": [{"label": "支出", "total": ["100万元"]}]},
    {"perflint": 1, "sections": [{"level": 1}]},
])
def test_documents_the_loader_rejects_are_rejected(validator, document):
    assert _errors(validator, document)
