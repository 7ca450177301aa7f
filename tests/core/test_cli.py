"""The command line as users and CI see it: exit codes, formats, the JSON contract."""

import json
from pathlib import Path

import pytest

from perflint.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PLUGIN = ROOT / "tests" / "core" / "plugin_example" / "perflint_example_plugin.py"

WRONG_SUM = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "32宗"
    parts:
      - {label: 出让用地, value: "7宗"}
      - {label: 划拨用地, value: "24宗"}
"""
CORRECT_SUM = WRONG_SUM.replace('"24宗"', '"25宗"')


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    (tmp_path / "wrong.yaml").write_text(WRONG_SUM, encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "correct.yaml").write_text(CORRECT_SUM, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a report", encoding="utf-8")
    return tmp_path


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_json_contract(capsys, reports):
    code, doc = run_json(capsys, str(reports))
    assert code == 1
    assert set(doc) == {"version", "files", "skipped", "summary"}  # "skipped": added, issue 16
    assert [(Path(s["path"]).name, s["reason"]) for s in doc["skipped"]] == [("notes.md", "documentation")]
    paths = [Path(f["path"]).name for f in doc["files"]]
    assert paths == ["correct.yaml", "wrong.yaml"]  # folders walked, unknown types skipped, sorted
    finding = doc["files"][1]["findings"][0]
    for key in ("code", "severity", "message", "line", "column", "end_line", "end_column", "quote",
                "expected", "stated", "related"):
        assert key in finding
    assert finding["code"] == "PL101"
    assert (finding["line"], finding["column"], finding["quote"]) == (4, 12, '"32宗"')
    assert (finding["expected"], finding["stated"]) == ("31宗", "32宗")
    assert [r["quote"] for r in finding["related"]] == ['"7宗"', '"24宗"']
    assert all(isinstance(r["line"], int) and isinstance(r["column"], int) for r in finding["related"])
    assert doc["summary"]["error"] == 1 and doc["summary"]["files"] == 2
    # added, issue 17: the review fingerprint (relative to the review file's folder, here the
    # current directory); "decision" only on a decided finding shown with --show-decided
    assert len(finding["fingerprint"]) == 20 and "decision" not in finding


def test_json_contract_review_decisions(capsys, reports, monkeypatch):
    monkeypatch.chdir(reports)
    _, doc = run_json(capsys, "wrong.yaml")
    fingerprint = doc["files"][0]["findings"][0]["fingerprint"]
    assert main(["review", "wrong.yaml", "--decide", fingerprint, "--decision", "误报",
                 "--reason", "附件已说明", "--reviewer", "张三"]) == 0
    code, doc = run_json(capsys, "wrong.yaml")
    assert code == 0 and doc["files"][0]["findings"] == []
    code, doc = run_json(capsys, "--show-decided", "wrong.yaml")
    finding = doc["files"][0]["findings"][0]
    assert code == 0 and finding["fingerprint"] == fingerprint
    assert set(finding["decision"]) == {"decision", "reason", "reviewer", "date"}
    assert finding["decision"]["decision"] == "误报"


def test_exit_codes_follow_fail_on(capsys, reports):
    assert main(["check", str(reports / "nested")]) == 0
    assert main(["check", str(reports / "wrong.yaml")]) == 1
    assert main(["check", "--ignore", "PL101", str(reports / "wrong.yaml")]) == 0
    assert main(["check", "--select", "PL1", "--ignore", "PL10", str(reports / "wrong.yaml")]) == 0
    assert main(["check", "--select", "PL101", "--ignore", "PL1", str(reports / "wrong.yaml")]) == 1
    assert main(["check", "--ignore", "breakdown-sum", str(reports / "wrong.yaml")]) == 0
    assert main(["check", "--ignore", "PL9Z9", str(reports)]) == 2  # a typo is a usage error
    assert main(["check", "--format", "nope", str(reports)]) == 2
    capsys.readouterr()


def test_bad_files_are_reported_and_the_rest_is_linted(capsys, tmp_path):
    (tmp_path / "a_bad.yaml").write_text("year: [\n", encoding="utf-8")
    (tmp_path / "b_type.yaml").write_text("year: 二〇二一\n", encoding="utf-8")
    (tmp_path / "c_empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "d_binary.json").write_bytes(b"\x00\x01PK\x03")
    (tmp_path / "e_wrong.yaml").write_text(WRONG_SUM, encoding="utf-8")
    code, doc = run_json(capsys, str(tmp_path), str(tmp_path / "missing.yaml"))
    assert code == 2
    by_name = {Path(f["path"]).name: f["findings"] for f in doc["files"]}
    for name in ("a_bad.yaml", "b_type.yaml", "c_empty.yaml", "d_binary.json", "missing.yaml"):
        assert [f["code"] for f in by_name[name]] == ["PL000"], name
        assert by_name[name][0]["message"]
    assert by_name["b_type.yaml"][0]["line"] == 1
    assert by_name["a_bad.yaml"][0]["line"] == 1  # the end of its one line
    assert [f["code"] for f in by_name["e_wrong.yaml"]] == ["PL101"]


def test_text_output_quotes_the_source(capsys, reports):
    main(["check", str(reports / "wrong.yaml")])
    out = capsys.readouterr().out
    assert "wrong.yaml:4:12 PL101" in out
    assert '    total: "32宗"' in out and "^" in out
    assert "1 个错误" in out
    main(["check", "--lang", "en", str(reports / "wrong.yaml")])
    assert "parts add up to 31宗" in capsys.readouterr().out


def test_rules_rule_and_schema(capsys):
    assert main(["rules"]) == 0
    assert "PL101" in capsys.readouterr().out
    assert main(["rule", "PL101"]) == 0
    doc = capsys.readouterr().out
    assert "为什么重要" in doc and "问题示例" in doc
    assert "适用于：所有报告类型" in doc
    assert main(["rule", "PL101", "--lang", "en"]) == 0
    doc = capsys.readouterr().out
    assert "Why it matters" in doc and "Example" in doc
    assert "applies to: every report kind" in doc
    assert main(["rule", "PL501", "--lang", "en"]) == 0
    assert "applies to: department-report, project-report, transfer-report" in capsys.readouterr().out
    assert main(["rule", "PL999"]) == 2
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Report" and "Quantity" in schema["$defs"]


def test_example_plugin_adds_a_rule_that_can_be_deselected(capsys, tmp_path):
    report = tmp_path / "noyear.yaml"
    report.write_text("unit:\n  name: 某单位\n", encoding="utf-8")
    plugin = ["-p", str(EXAMPLE_PLUGIN)]
    assert main(["rules", *plugin]) == 0
    listing = capsys.readouterr().out
    assert "EX001" in listing and str(EXAMPLE_PLUGIN) in listing
    code, doc = run_json(capsys, *plugin, "--select", "EX001", str(report))
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["EX001"]
    assert doc["files"][0]["findings"][0]["plugin"] == str(EXAMPLE_PLUGIN)
    code, doc = run_json(capsys, *plugin, "--ignore", "EX", str(report))
    assert doc["files"][0]["findings"] == [] and code == 0


def test_a_crashing_plugin_rule_is_reported_and_other_rules_still_run(capsys, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text(WRONG_SUM, encoding="utf-8")
    _, doc = run_json(capsys, "-p", str(EXAMPLE_PLUGIN), "--select", "EX999,PL101", str(report))
    findings = doc["files"][0]["findings"]
    assert sorted(f["code"] for f in findings) == ["PL001", "PL101"]
    crash = next(f for f in findings if f["code"] == "PL001")
    assert "EX999" in crash["message"] and "perflint_example_plugin" in crash["message"]
    assert "bug in example plugin" in crash["message"]


def test_a_plugin_that_cannot_be_imported_is_a_usage_error(capsys, tmp_path):
    report = tmp_path / "r.yaml"
    report.write_text(CORRECT_SUM, encoding="utf-8")
    assert main(["check", "-p", "no_such_perflint_plugin", str(report)]) == 2
    assert "no_such_perflint_plugin" in capsys.readouterr().err


def test_extract_writes_yaml_that_lints_like_the_source(capsys, tmp_path):
    source = ROOT / "tests" / "extract" / "data" / "narrative_report.txt"
    out = tmp_path / "extracted.yaml"
    assert main(["extract", str(source), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Extracted by perflint")
    capsys.readouterr()
    _, from_text = run_json(capsys, str(source))
    _, from_yaml = run_json(capsys, str(out))
    codes = [sorted((f["code"], f["stated"] or "") for f in doc["files"][0]["findings"])
             for doc in (from_text, from_yaml)]
    assert codes[0] == codes[1] and codes[0]
    assert main(["extract", "--explain", str(source)]) == 0
    assert "←" in capsys.readouterr().out
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
