"""Headings with and without numbering, and the sections built from them."""

from __future__ import annotations

import pytest

from perflint.extract import extract_text
from perflint.extract.headings import detect as detect_heading
from perflint.profiles import builtin_profiles

#: The national 部门整体 report outline: the headings it knows get their level and role from it.
OUTLINE = builtin_profiles().get("national/department-report").outline_index


def detect(text: str):
    return detect_heading(text, OUTLINE)


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("一、部门（单位）概况", 1, "outline"),
    ("（二）当年部门（单位）履职总体目标、工作任务", 2, "outline"),
    ("部门概况", 1, "outline"),  # numbering lost in the export (seed 004)
    ("主要职责职能，组织架构、人员及资产等基本情况", 2, "outline"),  # without 部门 (seed 000)
    ("履职完成情况：从数量、质量、时效等方面归纳反映年度主要计划任务完成情况", 2, "outline"),
    ("1.社会满意度", 3, "outline"),  # the number says it is one level below （三）
    ("五、存在的主要问题及原因分析", 1, "outline"),  # a chapter, though worded like a sub-section
    ("3、资产情况", 3, "numbered"),
    ("（1）供应土地数", 4, "numbered"),
    ("第二部分 预算执行情况", 1, "numbered"),
    ("1.2 人员及资产", 2, "numbered"),
    ("数量指标（指标分数27分，实际得分24分）", 0, "title"),
    ("区公共资源交易中心", 0, "title"),
])
def test_headings(text, level, kind):
    heading = detect(text)
    assert heading is not None and (heading.level, heading.kind) == (level, kind)


@pytest.mark.parametrize(("text", "role"), [
    ("一、部门（单位）概况", "overview"),
    ("（三）当年部门（单位）年度整体支出绩效目标", "targets"),
    ("履职完成情况：从数量、质量、时效等方面归纳反映年度主要计划任务完成情况", "outputs"),
    ("社会满意度及可持续性影响", "satisfaction"),
    ("（一）存在的问题及原因分析", "problems"),  # another province's wording (an alias)
    ("3、资产情况", None),
])
def test_headings_get_the_role_of_their_outline_entry(text, role):
    assert detect(text).role == role


def test_an_outline_makes_unnumbered_lines_headings_only_for_its_own_headings():
    project = builtin_profiles().get("national/project-report").outline_index
    assert detect_heading("存在的问题及原因分析", project).role == "problems"
    assert detect_heading("部门整体支出绩效中存在问题及改进措施", project).kind == "title"


@pytest.mark.parametrize("text", [
    "1、建章立制。结合实际，制定出台预算绩效管理工作制度。",  # a numbered paragraph, not a heading
    "（1）组织、协调、指导和规范全区行政审批服务工作；",
    "完成供应32宗土地",  # a list item stating a figure
    "2022年4月22日",
    "部门： （盖章）",
    "1、",
])
def test_not_headings(text):
    assert detect(text) is None


def test_section_levels_bodies_and_the_signature():
    text = ("某单位2023年度整体支出绩效自评报告\n部门概况\n人员编制及资产\n（1）局本级\n本级编制人数5人。\n"
            "下属中心\n下属中心编制人数3人。\n\n另有说明一段。\n某某单位\n2024年1月5日\n")
    sections = extract_text(text).sections
    assert [(s.heading.text, s.level) for s in sections] == [
        ("部门概况", 1), ("人员编制及资产", 2), ("（1）局本级", 4), ("下属中心", 4)]
    assert sections[3].body.text == "下属中心编制人数3人。\n\n另有说明一段。"  # the source, blank line kept
    assert (sections[3].body.span.line, sections[3].body.span.end_line) == (7, 9)
