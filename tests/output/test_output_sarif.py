"""SARIF 2.1.0 output: golden file, schema validity, and what code-scanning viewers rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from output_samples import DATA, check_golden, fixed_rules

from perflint.output import sarif
from perflint.runner import RunResult
from perflint.testing import lint_paths

SCHEMA = DATA / "sarif-schema-2.1.0.json"


def validate(document: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_matches_golden(run_zh: RunResult) -> None:
    check_golden("sample.sarif", sarif.render(run_zh, lang="zh", rules=fixed_rules()))


def test_golden_and_live_output_validate_against_the_bundled_schema(run_zh: RunResult) -> None:
    validate(json.loads((DATA / "sample.sarif").read_text(encoding="utf-8")))
    # with the installed rule catalogue (every real rule's documentation) too
    validate(json.loads(sarif.render(run_zh)))


def test_schema_rejects_a_broken_log() -> None:
    """The bundled schema really constrains: a result with an unknown level fails."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "perflint"}},
                                         "results": [{"message": {"text": "x"}, "level": "fatal"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_results_point_at_their_rule_with_mapped_levels(run_zh: RunResult) -> None:
    run = sarif.to_document(run_zh, rules=fixed_rules())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = [f for file in run_zh.files for f in file.findings]
    assert len(run["results"]) == len(findings)
    for result, finding in zip(run["results"], findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        assert result["message"]["text"] == finding.message
    catalogue = {rule["id"]: rule for rule in rules}
    assert catalogue["PL101"]["defaultConfiguration"] == {"level": "error"}
    assert catalogue["PL201"]["defaultConfiguration"] == {"level": "warning"}
    assert catalogue["PL101"]["shortDescription"]["text"].startswith("A stated total")
    assert "供应土地32宗" in catalogue["PL101"]["fullDescription"]["text"]
    # codes the catalogue does not know (reserved, plugin) still get a descriptor
    assert {"PL000", "JX101", "PL302"} <= set(catalogue)


def test_locations_regions_snippets_and_figures(run_zh: RunResult) -> None:
    run = sarif.to_document(run_zh, rules=fixed_rules())["runs"][0]
    first = next(r for r in run["results"] if r["ruleId"] == "PL101")
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "tests/output/reports/donghu-broken.yaml"
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"] == {"startLine": 21, "startColumn": 12, "endLine": 21, "endColumn": 20,
                                  "snippet": {"text": '"340.29"'}}
    assert [r["message"]["text"] for r in first["relatedLocations"]] == ["财政拨款收入", "上年结转"]
    assert first["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] == '"320.09"'
    assert first["properties"]["expected"] == "341.29"
    assert first["properties"]["stated"] == "340.29"
    # the reported line really holds the snippet
    source = Path(physical["artifactLocation"]["uri"]).read_text(encoding="utf-8").split("\n")
    region = physical["region"]
    assert source[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1] == '"340.29"'


def test_multiline_docx_and_unplaced_findings(run_zh: RunResult) -> None:
    results = sarif.to_document(run_zh, rules=fixed_rules())["runs"][0]["results"]
    by_code = {r["ruleId"]: r for r in results}
    region = by_code["PL601"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (19, 20)
    assert "\n" in region["snippet"]["text"]
    docx = by_code["PL302"]
    # Chinese file names are percent-encoded in the URI; the cell is named in the properties
    assert docx["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "tests/output/reports/%E4%B8%9C")
    assert docx["properties"]["location"] == "表2 第3行 第4列"
    assert "region" not in by_code["PL501"]["locations"][0]["physicalLocation"]


def test_run_problems_and_clean_files_are_recorded(run_zh: RunResult) -> None:
    run = sarif.to_document(run_zh, rules=fixed_rules())["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "boom" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert "tests/output/reports/clean.yaml" in uris


def test_english_run(run_en: RunResult) -> None:
    document = json.loads(sarif.render(run_en, lang="en", rules=fixed_rules()))
    validate(document)
    run = document["runs"][0]
    assert run["language"] == "en-US"
    pl101 = next(r for r in run["results"] if r["ruleId"] == "PL101")
    assert "is stated as" in pl101["message"]["text"]


def test_empty_run_is_valid(at_root: Path) -> None:
    document = sarif.to_document(RunResult([]), rules=fixed_rules())
    validate(document)
    assert document["runs"][0]["results"] == []
    assert document["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_file_outside_cwd_gets_an_absolute_uri(tmp_path: Path, at_root: Path) -> None:
    """A file outside the working directory gets an absolute file: URI."""
    report = tmp_path / "报告.yaml"
    report.write_text('unit:\n  name: 某单位\nbreakdowns:\n  - label: 支出\n    total: "3.0"\n    parts:\n'
                      '      - label: a\n        value: "1.0"\n      - label: b\n        value: "1.0"\n',
                      encoding="utf-8")
    run = lint_paths([report], select=["PL101"])
    document = sarif.to_document(run, rules=fixed_rules())
    validate(document)
    result = document["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith("file:///") and "uriBaseId" not in location
