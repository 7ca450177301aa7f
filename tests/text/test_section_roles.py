"""Rules that read particular sections (problems, measures, effects, satisfaction) find them by the
role the report's form profile gives their headings, in any layout; by heading words only when a
section has no role (hand-written YAML)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from perflint.extract import extract_text
from perflint.testing import lint_paths, lint_text, lint_yaml

#: A 项目支出 self-evaluation report in the national (MOF) outline, not Jiangxi's 部门整体 one.
PROJECT = """\
柳溪县2023年度农村饮水安全巩固提升项目支出绩效自评报告

一、项目基本情况
柳溪县水利局负责实施农村饮水安全巩固提升项目，年度预算资金500.00万元。

二、项目绩效目标完成情况
（一）产出指标完成情况
新建集中供水工程3处，改造管网42公里，均按计划完成。
（二）效益指标完成情况
{effects}
（三）满意度指标完成情况
{satisfaction}

三、存在的问题及原因分析
{problems}

{measures_heading}
{measures}

五、绩效自评结果应用
自评结果将作为下年度预算安排的参考。
"""

EMPTY = {
    "effects": "项目有效提升了农村供水保障水平，群众饮水更加方便。工程运行良好。",
    "satisfaction": "群众对项目实施总体评价较好。",
    "problems": "无。",
    "measures_heading": "四、下一步改进措施",
    "measures": "暂无。",
}
CORRECT = {
    "effects": "受益人口1.2万人，农村自来水普及率由91%提高到96%，供水保证率达到95%以上。",
    "satisfaction": "通过入户问卷调查发放问卷300份，收回有效问卷288份，群众满意度为96%。",
    "problems": "2处工程因汛期停工，完工时间较计划推迟1个月；3个村的水费收缴率低于80%。",
    "measures_heading": "四、下一步改进措施",
    "measures": "2024年3月底前完成汛前检修；对水费收缴率低于80%的3个村开展专项督导。",
}
CODES = ("PL505", "PL601", "PL604")


def _findings(values: dict[str, str]) -> list[tuple[str, str]]:
    findings = lint_text(PROJECT.format(**values), select=list(CODES))
    return sorted((f.code, f.span.quote.splitlines()[0]) for f in findings)


def test_the_sections_of_the_project_layout_have_roles():
    roles = {s.heading.text: s.role for s in extract_text(PROJECT.format(**EMPTY)).sections}
    assert roles["三、存在的问题及原因分析"] == "problems"
    assert roles["四、下一步改进措施"] == "measures"
    assert roles["（二）效益指标完成情况"] == "effects"
    assert roles["（三）满意度指标完成情况"] == "satisfaction"


def test_role_based_rules_fire_in_the_project_layout():
    assert _findings(EMPTY) == [
        ("PL505", "（三）满意度指标完成情况"),
        ("PL601", "无。"),
        ("PL601", "暂无。"),
        # 效益 is the project form's word for 履职效果: the role says it is an effects section
        ("PL604", "（三）满意度指标完成情况"),
        ("PL604", "（二）效益指标完成情况"),
    ]


def test_role_based_rules_are_silent_on_a_correct_project_report():
    assert _findings(CORRECT) == []


def test_a_measures_heading_without_any_keyword_is_known_by_its_role():
    """`有关建议` is the project outline's other wording of 改进措施; no PL601 keyword names it."""
    values = {**CORRECT, "measures_heading": "四、有关建议", "measures": "无。"}
    roles = {s.heading.text: s.role for s in extract_text(PROJECT.format(**values)).sections}
    assert roles["四、有关建议"] == "measures"
    assert _findings(values) == [("PL601", "无。")]


REPORT_WITH_ROLE = """\
sections:
  - heading: 存在问题
    role: {role}
    body: 无
"""


@pytest.mark.parametrize(("role", "fires"), [("problems", True), ("other", False), ("null", True)])
def test_the_role_decides_and_heading_words_count_only_without_one(role, fires):
    """A section whose role is not a problems role is not one, whatever its heading says; a section
    without a role (hand-written YAML) is recognized by its heading's words."""
    findings = lint_yaml(REPORT_WITH_ROLE.format(role=role), select=["PL601"])
    assert bool(findings) is fires


def test_satisfaction_by_role_and_by_keyword():
    text = "sections:\n  - heading: {heading}\n    role: {role}\n    body: 群众总体评价较好。\n"
    assert lint_yaml(text.format(heading="公众评价", role="satisfaction"), select=["PL505"])
    assert not lint_yaml(text.format(heading="满意度", role="effects"), select=["PL505"])
    assert lint_yaml(text.format(heading="（三）满意度", role="null"), select=["PL505"])


def test_an_unknown_role_in_the_options_is_a_configuration_problem():
    text = "sections:\n  - heading: 存在问题\n    body: 无\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text(text, encoding="utf-8")
        result = lint_paths([path], select=["PL601"], rule_options={"PL601": {"roles": ["problem"]}})
    assert any("PL601" in problem and "problem" in problem for problem in result.problems)
