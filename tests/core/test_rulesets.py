"""Config files, rulesets and declarative rules: what a district writes without Python."""

import json
from pathlib import Path

import pytest

from perflint.cli import main

REPORT = """\
year: 2021
indicators:
  - name: 管理指标
    level: 1
    weight: "28"
  - name: 产出指标
    level: 1
    weight: "25"
evaluation: {total_score: "95", max_score: "100", grade: 优}
sections:
  - heading: 存在问题
    body: 缺乏正确的绩效管理理念，加强宣传培训。
"""

DISTRICT_RULESET = """\
name: test-district
extends: national
description: 测试区
rules:
  - code: TD101
    name: management-weight
    kind: compare
    each: indicator[name=管理指标]
    left: weight
    op: "="
    right: "30"
    severity: error
    message:
      zh: "{label}权重应为{expected}，实为{stated}"
      en: "{label} weight {stated}, expected {expected}"
    description: 管理指标权重为30分（区财政局2021年表样）。
  - code: TD102
    name: template-phrase
    kind: phrase
    phrases: [缺乏正确的绩效管理理念, 加强宣传培训]
    message: 套话：{stated}
"""


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


@pytest.fixture
def district(tmp_path: Path) -> Path:
    (tmp_path / "report.yaml").write_text(REPORT, encoding="utf-8")
    (tmp_path / "district.yaml").write_text(DISTRICT_RULESET, encoding="utf-8")
    return tmp_path


def test_a_yaml_only_rule_fires_and_is_explained(capsys, district):
    code, doc = run_json(capsys, "--ruleset", str(district / "district.yaml"), "--select", "TD",
                         str(district / "report.yaml"))
    findings = doc["files"][0]["findings"]
    assert [f["code"] for f in findings] == ["TD101", "TD102", "TD102"]
    weight = findings[0]
    assert weight["quote"] == '"28"' and weight["line"] == 5
    assert weight["message"] == "管理指标权重应为= 30，实为28"
    assert weight["ruleset"] == "test-district" and code == 1
    assert main(["rule", "TD101", "--ruleset", str(district / "district.yaml")]) == 0
    explained = capsys.readouterr().out
    assert "管理指标权重为30分" in explained and "compare" in explained


def test_the_same_rule_is_silent_on_a_correct_report(capsys, district):
    (district / "ok.yaml").write_text(REPORT.replace('"28"', '"30"'), encoding="utf-8")
    code, doc = run_json(capsys, "--ruleset", str(district / "district.yaml"), "--select", "TD101",
                         str(district / "ok.yaml"))
    assert doc["files"][0]["findings"] == [] and code == 0


def test_config_file_is_discovered_and_names_the_ruleset(capsys, district, monkeypatch):
    (district / "perflint.yaml").write_text(
        "ruleset: district.yaml\nselect: [TD]\nseverity: {TD102: info}\n", encoding="utf-8")
    monkeypatch.chdir(district)
    _, doc = run_json(capsys, "report.yaml")
    severities = {f["code"]: f["severity"] for f in doc["files"][0]["findings"]}
    assert severities == {"TD101": "error", "TD102": "info"}


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("    left: wieght\n", "has no field 'wieght'"),
        ("    colour: red\n", "colour"),
        ("    kind: sumo\n", "kind"),
    ],
)
def test_bad_ruleset_is_a_config_error_with_file_and_line(capsys, district, broken, message):
    text = DISTRICT_RULESET.replace("    left: weight\n", broken if "left" in broken else
                                    "    left: weight\n" + broken)
    if "kind: sumo" in broken:
        text = DISTRICT_RULESET.replace("    kind: compare\n", broken)
    (district / "district.yaml").write_text(text, encoding="utf-8")
    code = main(["check", "--ruleset", str(district / "district.yaml"), str(district / "report.yaml")])
    err = capsys.readouterr().err
    assert code == 2
    assert "district.yaml:" in err and message in err


def test_range_rule_that_can_never_pass_is_refused(capsys, district):
    (district / "bad.yaml").write_text(
        "name: bad\nrules:\n  - {code: BD101, name: impossible, kind: range, value: evaluation.total_score,"
        " min: '100', max: '0', message: x}\n", encoding="utf-8")
    assert main(["check", "--ruleset", str(district / "bad.yaml"), str(district / "report.yaml")]) == 2
    assert "always fire" in capsys.readouterr().err


def test_parameters_are_validated_against_rule_options(capsys, district):
    (district / "params.yaml").write_text("name: params\nparameters:\n  PL101: {tolerance: 0.1}\n",
                                          encoding="utf-8")
    assert main(["check", "--ruleset", str(district / "params.yaml"), str(district / "report.yaml")]) == 2
    err = capsys.readouterr().err
    assert "params.yaml:3" in err and "PL101" in err


def test_a_ruleset_may_not_claim_perflints_prefix(capsys, district):
    (district / "pl.yaml").write_text(
        "name: pl\nrules:\n  - {code: PL999, name: mine, kind: required, select: year, message: x}\n",
        encoding="utf-8")
    assert main(["rules", "--ruleset", str(district / "pl.yaml")]) == 2
    assert "代码前缀 PL" in capsys.readouterr().err
    assert main(["rules", "--ruleset", str(district / "pl.yaml"), "--lang", "en"]) == 2
    assert "prefix PL" in capsys.readouterr().err


def test_baseline_reports_only_new_findings(capsys, district):
    ruleset = ["--ruleset", str(district / "district.yaml"), "--select", "TD"]
    baseline = district / "baseline.json"
    assert main(["check", *ruleset, "--write-baseline", str(baseline), str(district / "report.yaml")]) == 0
    capsys.readouterr()
    code, doc = run_json(capsys, *ruleset, "--baseline", str(baseline), str(district / "report.yaml"))
    assert doc["files"][0]["findings"] == [] and code == 0
    changed = REPORT.replace('"28"', '"29"')
    (district / "report.yaml").write_text(changed, encoding="utf-8")
    code, doc = run_json(capsys, *ruleset, "--baseline", str(baseline), str(district / "report.yaml"))
    assert [(f["code"], f["stated"]) for f in doc["files"][0]["findings"]] == [("TD101", "29")]
    assert code == 1


def test_per_file_ignores(capsys, district, monkeypatch):
    (district / "perflint.yaml").write_text(
        "ruleset: district.yaml\nselect: [TD]\nper-file-ignores: {'report*.yaml': [TD102]}\n",
        encoding="utf-8")
    monkeypatch.chdir(district)
    _, doc = run_json(capsys, "report.yaml")
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["TD101"]


def test_new_plugin_scaffold_is_complete(tmp_path, capsys):
    assert main(["new-plugin", "xihu", "--dir", str(tmp_path)]) == 0
    root = tmp_path / "perflint-xihu"
    assert (root / "pyproject.toml").read_text(encoding="utf-8").count('xihu = "perflint_xihu.plugin"') == 1
    assert (root / "tests" / "xihu.cases.yaml").is_file()
    assert main(["new-plugin", "xihu", "--dir", str(tmp_path)]) == 2  # never overwrites
    assert "已存在" in capsys.readouterr().err


def test_new_plugin_scaffold_ships_a_working_profile(tmp_path, capsys, monkeypatch):
    """The scaffold's profile is found through its hook and drives PL501 on raw text; its
    raw-text cases file pins that layout."""
    assert main(["new-plugin", "perflint-qinghe", "--dir", str(tmp_path)]) == 0
    root = tmp_path / "perflint-qinghe"  # not perflint-perflint-qinghe
    cases = (root / "tests" / "layout.cases.yaml").read_text(encoding="utf-8")
    assert "source: |" in cases
    monkeypatch.syspath_prepend(str(root))
    report = tmp_path / "r.txt"
    report.write_text("某局2023年度部门整体支出绩效自评报告\n一、单位基本情况\n内设机构3个。\n"
                      "二、绩效目标完成情况\n完成目标。\n三、存在问题及改进措施\n加强调度。\n",
                      encoding="utf-8")
    capsys.readouterr()
    code = main(["check", str(report), "-p", "perflint_qinghe.plugin", "--format", "json",
                 "--no-progress"])
    doc = json.loads(capsys.readouterr().out)
    missing = [f for f in doc["files"][0]["findings"] if f["code"] == "PL501"]
    assert code == 1 and [f["severity"] for f in missing] == ["error"]
    assert "结果应用及公开情况" in missing[0]["message"]
