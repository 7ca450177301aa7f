"""PL506 placeholder: the bundled shapes of perflint/data/boilerplate/placeholders.yaml (template
years and document numbers, figures and names left as placeholders, masking, template prompts).

The texts below are written for these tests; none is taken from a real report."""

from __future__ import annotations

import pytest

from perflint.analysis.patterns import compile_re2
from perflint.rules.completeness.placeholder import DEFAULT_PATTERNS, Placeholder
from perflint.testing import lint_text
from perflint.textmatch.phrases import load_data


def _body(text: str) -> str:
    return f"sections:\n  - heading: 说明\n    body: \"{text}\"\n"


# Certain from the text: the rule's configured severity (warning), the default message ----------

@pytest.mark.parametrize(("text", "found", "label"), [
    ("根据甲县20xx年预算安排", "20xx年", "年份占位"),
    ("截至20XX年底全部完成", "20XX年", "年份占位"),
    ("本项目于20××年启动", "20××年", "年份占位"),
    ("依据《关于下达资金的通知》（乙财农〔2020〕号）", "〔2020〕号", "文号缺序号"),
    ("依据乙财教[2021]号文件", "[2021]号", "文号缺序号"),
    ("依据乙财教【2022】號文件", "【2022】號", "文号缺序号"),
    ("依据乙财教〔2021〕XX号文件", "〔2021〕XX号", "文号缺序号"),
    ("依据乙财教〔20xx〕xx号文件", "〔20xx〕xx号", "文号缺序号"),
    ("共下达资金××万元", "××万元", "数值占位"),
    ("完成率达到XX%", "XX%", "数值占位"),
    ("由某某单位负责实施", "某某单位", "某某占位"),
])
def test_certain_placeholders(lint, text, found, label):
    findings = lint(_body(text), "PL506")
    assert [(f.code, f.severity, f.span.quote) for f in findings] == [("PL506", "warning", found)]
    assert label in findings[0].message and "打码" not in findings[0].message


# Masking-shaped: at most a warning, and the message says it may be a republisher's masking ------

@pytest.mark.parametrize(("text", "found", "label"), [
    ("新建场地面积≥**平方米", "**平方米", "数值占位或打码"),
    ("项目全年预算数*元", "*元", "数值占位或打码"),
    ("下达**河县资金", "**", "名称打码"),
    ("****财政局下达资金", "****", "名称打码"),
    ("****2024年度资金绩效评价表", "****", "名称打码"),
])
def test_masking_shapes_are_warnings_that_say_so(lint, text, found, label):
    findings = lint(_body(text), "PL506")
    assert [(f.code, f.severity, f.span.quote) for f in findings] == [("PL506", "warning", found)]
    assert label in findings[0].message and "转载网站的打码" in findings[0].message


def test_masking_is_reported_once_per_shape_with_a_count(lint):
    text = ("sections:\n  - heading: 概况\n    body: \"**河县下达资金。\"\n"
            "  - heading: 执行\n    body: \"**河县执行资金，****财政局拨付。\"\n")
    findings = lint(text, "PL506")
    assert len(findings) == 1
    assert (findings[0].span.line, findings[0].span.quote) == (3, "**")
    assert "共3处" in findings[0].message


def test_masking_is_never_an_error_even_when_the_rule_is(lint, monkeypatch):
    monkeypatch.setattr(Placeholder, "severity", "error")
    findings = lint(_body("下达**河县资金，截至20xx年完成"), "PL506")
    assert sorted((f.severity, f.span.quote) for f in findings) == [("error", "20xx年"), ("warning", "**")]


# Template prompts left in ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("一、项目概况（200字以内）", "（200字以内）"),
    ("主要绩效(不超过500字)", "(不超过500字)"),
    ("存在问题【请填写项目实施中存在的问题】", "【请填写项目实施中存在的问题】"),
    ("（请简要说明资金使用情况）", "（请简要说明资金使用情况）"),
    ("（说明项目立项依据和实施情况）", "（说明项目立项依据和实施情况）"),
    ("（简要说明绩效目标的完成情况）", "（简要说明绩效目标的完成情况）"),
    ("（从产出、效益、满意度等方面进行分析）", "（从产出、效益、满意度等方面进行分析）"),
])
def test_template_prompts(lint, text, found):
    findings = lint(_body(text), "PL506")
    assert [(f.code, f.severity, f.span.quote) for f in findings] == [("PL506", "warning", found)]
    assert "模板提示语" in findings[0].message


# Correct input stays silent ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "截至2023年12月31日，下达资金120万元",
    "依据《关于下达资金的通知》（乙财农〔2023〕12号）",
    "依据乙财教[2021]105号、【2022】3号文件",
    "新建场地面积≥1200平方米，满意度≥95%",
    "项目支出共计56.8万元（含人员经费）",
    "（说明：本表金额单位为万元）",
    "全年共计撰写信息稿件30篇（约6000字）",
    "某单位", "某某", "对张某某的违规行为已处理", "某某局2023年度部门整体支出绩效自评报告",
    "从产出、效益两方面看，项目完成较好。",
    "3×4米的展板",
    "采用Windows 2010x系统",
])
def test_correct_input_is_silent(lint, text):
    assert lint(_body(text), "PL506") == []


def test_the_text_before_the_first_heading_is_read_but_not_for_seal_lines(lint):
    text = ("preamble: \"依据乙财农〔2020〕号文件\\n主管部门（盖章）：\"\n"
            "sections:\n  - heading: 说明\n    body: 正文\n")
    assert [f.span.quote for f in lint(text, "PL506")] == ["〔2020〕号"]


def test_a_title_that_is_also_the_units_name_is_reported_once():
    text = ("某某单位2023年度部门整体支出绩效自评报告\n一、基本情况\n"
            "2023年度预算资金总额100万元，其中基本支出60万元、项目支出40万元。\n")
    findings = [f for f in lint_text(text, select=["PL506"]) if f.code == "PL506"]
    assert [(f.span.line, f.span.quote) for f in findings] == [(1, "某某单位")]


def test_overlapping_patterns_report_once(lint):
    findings = lint(_body("（请从产出、效益等方面简要说明完成情况）"), "PL506")
    assert len(findings) == 1


def test_bundled_patterns_have_provenance_and_are_the_defaults():
    entries = load_data("placeholders.yaml")["patterns"]
    assert entries and all(e.get("source") and e.get("needs") for e in entries)
    for entry in entries:
        compile_re2(entry["regex"])
        assert any(ch in entry["regex"] for ch in entry["needs"])
    assert [p.regex for p in DEFAULT_PATTERNS[:len(entries)]] == [e["regex"] for e in entries]


#: Placeholders that fill a whole text, so that every anchor of the default patterns sits at the
#: text's start or end.
_WHOLE_TEXTS = ["XX", "××", "20XX", "20xx年", "XX万元", "**元", "**河县", "某某单位", "〔2020〕号",
                "（ ）", "【】", "___", "＿＿", "（200字以内）", "【请填写项目概况】", "（简要说明项目情况）",
                "（从产出方面说明）", "部门：（盖章）", "部门： （盖章） ", "主管部门（盖章）：",
                "主管部门（盖章）：\t"]


@pytest.mark.parametrize("text", _WHOLE_TEXTS)
def test_a_default_pattern_matching_a_text_alone_matches_it_between_newlines(text):
    """PL506 first searches a report's texts joined by newlines (placeholder._candidates): this
    holds only if every default pattern that matches a text alone still matches there."""
    matching = [compile_re2(p.regex) for p in DEFAULT_PATTERNS if compile_re2(p.regex).search(text)]
    assert matching
    for pattern in matching:
        assert pattern.search("前文。\n\n后文。") is None
        assert pattern.search(f"前文。\n{text}\n后文。") is not None, pattern.pattern


def test_a_cover_page_seal_line_does_not_hide_a_placeholder_in_the_body(lint):
    text = ("preamble: \"主管部门（盖章）：\"\n"
            "sections:\n  - heading: 说明\n    body: 正文\n  - heading: 结论\n    body: 由某某单位负责\n")
    assert [f.span.quote for f in lint(text, "PL506")] == ["某某单位"]


def test_a_match_only_across_two_texts_finds_nothing(lint):
    """The joined search of every text (placeholder._candidates) sees `部门：` and `（盖章）` as a
    seal line across the heading and its body; neither text alone is one, so nothing is found."""
    text = "sections:\n  - heading: 部门：\n    body: （盖章）\n  - heading: 结论\n    body: 项目已完工。\n"
    assert lint(text, "PL506") == []


def test_a_placeholder_among_texts_without_one_is_found_wherever_it_is(lint):
    text = ("title: 甲县农业局2023年度部门整体支出绩效自评报告\n"
            "sections:\n  - heading: 一、基本情况（概述）\n    body: 全年完成（三项）任务。\n"
            "  - heading: 二、结论\n    body: 依据乙财农〔2020〕号文件执行。\n")
    assert [f.span.quote for f in lint(text, "PL506")] == ["〔2020〕号"]
