"""The Jiangxi layers on real data (the normalized seed 004, a Donghu report) and on edits of it."""

from pathlib import Path

import pytest

from perflint.testing import codes, lint_file, lint_yaml

SEED_004 = Path(__file__).resolve().parents[3] / "fixtures" / "seed_004.yaml"


@pytest.fixture
def seed_004() -> str:
    if not SEED_004.is_file():
        pytest.skip("perflint's fixtures are not beside this plugin")
    return SEED_004.read_text(encoding="utf-8")


def test_donghu_weights_and_summary_score_hold_on_the_donghu_report(seed_004):
    findings = lint_file(SEED_004, ruleset="nanchang-donghu", select=["DH", "NC001"])
    assert codes(findings) == []


def test_a_changed_weight_and_score_are_reported(seed_004, tmp_path):
    edited = seed_004.replace('    weight: "30分"', '    weight: "28分"', 1)
    assert edited != seed_004
    findings = lint_yaml(edited, ruleset="nanchang-donghu", select=["DH101"])
    assert [(f.code, f.stated, f.span.quote) for f in findings] == [("DH101", "28分", '"28分"')]
    assert findings[0].ruleset == "nanchang-donghu" and findings[0].plugin == "jiangxi"


def test_summary_self_score_must_match_the_total():
    report = """\
unit: {name: 东湖区政务服务数据管理局}
budget_tables:
  - kind: 汇总
    rows:
      - {label: "东湖区政务服务数据\\n管理局", budget: "239.56", self_score: "96", review_score: "95"}
      - {label: 东湖区公共资源交易中心, budget: "95.77", self_score: "90", review_score: "90"}
evaluation: {total_score: "95", max_score: "100"}
"""
    findings = lint_yaml(report, ruleset="nanchang-donghu", select=["NC001"])
    assert [(f.code, f.stated, f.expected) for f in findings] == [("NC001", "96", "95")]
    assert lint_yaml(report.replace('"96"', '"95"'), ruleset="nanchang-donghu", select=["NC001"]) == []
    # the plugin's Python rule is written for its own rulesets: not run under the national one
    assert lint_yaml(report, ruleset="national", select=["NC001"]) == []
    assert codes(lint_yaml(report, ruleset="jiangxi", select=["NC001"])) == ["NC001"]


def test_region_rules_only_apply_under_their_ruleset():
    report = "indicators:\n  - {name: 管理指标, level: 1, weight: \"20分\"}\n"
    assert codes(lint_yaml(report, ruleset="nanchang-donghu", select=["DH101"])) == ["DH101"]
    assert codes(lint_yaml(report, ruleset="national", select=["PL"])) .count("DH101") == 0


def test_the_jiangxi_outline_adds_second_level_headings_to_the_national_one():
    report = """\
kind: 部门整体支出绩效自评报告
sections:
  - {heading: 一、部门（单位）概况, level: 1, body: 某单位概况。}
  - {heading: 二、部门（单位）整体支出绩效实现情况, level: 1, body: 完成情况。}
  - {heading: 三、部门整体支出绩效中存在问题及改进措施, level: 1, body: 问题。}
  - {heading: 四、绩效自评结果拟应用和公开情况, level: 1, body: 公开。}
"""
    assert codes(lint_yaml(report, ruleset="national", select=["PL501"])) == []
    jiangxi = lint_yaml(report, ruleset="jiangxi", select=["PL501"])
    assert len(jiangxi) == 10 and {f.severity for f in jiangxi} == {"warning"}
    assert {f.ruleset for f in jiangxi} == {"jiangxi"}


def test_the_region_data_is_this_plugins_and_every_entry_is_sourced():
    """The paragraphs and phrases taken from the seed reports ship here (package data), and the
    jiangxi ruleset gives them to the PL6xx rules."""
    import tomllib

    from perflint.testing import prepared
    from perflint.textmatch.corpus import read_corpus
    from perflint.textmatch.phrases import phrase_file

    plugin = Path(__file__).resolve().parents[1]
    data = plugin / "perflint_jiangxi" / "data"
    package_data = tomllib.loads((plugin / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/*.yaml" in package_data["tool"]["setuptools"]["package-data"]["perflint_jiangxi"]
    entries = read_corpus(data / "templates.yaml")
    assert entries and all(e.source for e in entries)
    assert {e.kind for e in entries} == {"template", "prescribed"}
    assert phrase_file(str(data / "phrases.yaml"))["template_phrases"]
    options = prepared("nanchang-donghu")[1].rule_options
    for code, option, name in (("PL609", "extra_corpus", "templates.yaml"),
                               ("PL602", "extra_phrase_files", "phrases.yaml")):
        assert [Path(p).resolve() for p in options[code][option]] == [(data / name).resolve()]
