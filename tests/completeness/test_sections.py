"""PL501 required-sections, PL502 empty-section, PL505 satisfaction-basis, PL506 placeholder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from perflint.testing import lint_paths, lint_yaml

# The Nanchang template with its numbering (seed 001).
NUMBERED = [
    ("一、部门（单位）概况", 1),
    ("（一）部门（单位）主要职责职能，组织架构、人员及资产等基本情况", 2),
    ("（二）当年部门（单位）履职总体目标、工作任务", 2),
    ("（三）当年部门（单位）年度整体支出绩效目标", 2),
    ("（四）部门（单位）预算绩效管理开展情况", 2),
    ("（五）当年部门（单位）预算及执行情况", 2),
    ("二、部门（单位）整体支出绩效实现情况", 1),
    ("（一）履职完成情况", 2),
    ("（二）履职效果情况", 2),
    ("（三）社会满意度", 2),
    ("三、部门整体支出绩效中存在问题及改进措施", 1),
    ("（一）主要问题及原因分析", 2),
    ("（二）改进的方向和具体措施", 2),
    ("四、绩效自评结果拟应用和公开情况", 1),
]
# The same outline as seed 000 writes it: no numbering, words added or dropped.
UNNUMBERED = [
    ("部门基本概况", 1),
    ("主要职责职能，组织架构、人员及资产等基本情况", 2),
    ("当年部门履职总体目标、工作任务", 2),
    ("当年部门年度整体支出绩效目标", 2),
    ("部门（单位）预算绩效管理开展情况", 2),
    ("当年部门预算及执行情况", 2),
    ("部门整体支出绩效实现情况", 1),
    ("履职完成情况：从数量、质量、时效等方面归纳反映年度主要计划任务完成情况", 2),
    ("履职效果情况：从社会效益方面反映部门（单位）履职效果的实现情况", 2),
    ("社会满意度及可持续性影响", 2),
    ("部门整体支出绩效中存在问题及改进措施", 1),
    ("主要问题及原因分析", 2),
    ("改进的方向和具体措施", 2),
    ("绩效自评结果拟应用和公开情况", 1),
]


def _outline(numbered: list[tuple[str, int]]) -> list[dict]:
    """The numbered outline as PL501's `outline` option: 一级 headings with their 二级 ones."""
    outline: list[dict] = []
    for heading, level in numbered:
        title = heading.split("、", 1)[1] if level == 1 else heading.split("）", 1)[1]
        if level == 1:
            outline.append({"title": title, "children": []})
        else:
            outline[-1]["children"].append(title)
    return outline


# National profiles require no chapter (PL501 reads the report's profile), so these tests give
# the rule a province's outline explicitly, as a ruleset does.
JIANGXI_OUTLINE = {"PL501": {"outline": _outline(NUMBERED)}}


def report(headings: list[tuple[str, int]], body: str = "内容。") -> str:
    lines = ["title: 部门（单位）整体支出绩效自评报告", "sections:"]
    for heading, level in headings:
        lines += [f"  - heading: {heading}", f"    level: {level}", f"    body: {body}"]
    return "\n".join(lines) + "\n"


# PL501 required-sections ---------------------------------------------------------------------

@pytest.mark.parametrize("outline", [NUMBERED, UNNUMBERED], ids=["numbered", "unnumbered"])
def test_full_outline_is_silent(lint, outline):
    assert lint(report(outline), "PL501", rule_options=JIANGXI_OUTLINE) == []


def test_missing_top_level_section_is_an_error(lint):
    text = report([h for h in NUMBERED if not h[0].startswith("四、")])
    findings = lint(text, "PL501", rule_options=JIANGXI_OUTLINE)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert "绩效自评结果拟应用和公开情况" in finding.message
    assert finding.span.quote == "（二）改进的方向和具体措施"  # where it should follow


def test_missing_section_with_its_sub_sections_is_reported_once(lint):
    text = report([h for h in NUMBERED if not h[0].startswith(("三、", "（一）主要", "（二）改进"))])
    findings = lint(text, "PL501", rule_options=JIANGXI_OUTLINE)
    assert len(findings) == 1 and findings[0].severity == "error"


def test_missing_sub_section_is_a_warning(lint):
    text = report([h for h in NUMBERED if "主要问题" not in h[0]])
    findings = lint(text, "PL501", rule_options=JIANGXI_OUTLINE)
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert "主要问题及原因分析" in findings[0].message


def test_missing_top_heading_with_its_content_present_is_a_warning(lint):
    text = report([h for h in NUMBERED if not h[0].startswith("三、")])
    findings = lint(text, "PL501", rule_options=JIANGXI_OUTLINE)
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].span.quote == "（一）主要问题及原因分析"


def test_unrelated_headings_do_not_stand_in(lint):
    text = report([h for h in NUMBERED if "公开情况" not in h[0]] + [("四、附件", 1)])
    assert len(lint(text, "PL501", rule_options=JIANGXI_OUTLINE)) == 1


def test_reports_without_narrative_are_left_alone(lint):
    no_sections = 'indicators:\n  - {name: 产出指标, level: 1, weight: "100"}\n'
    assert lint(no_sections, "PL501", rule_options=JIANGXI_OUTLINE) == []
    other_kind = "kind: 项目支出绩效自评表\n" + report(NUMBERED[:3])
    assert lint(other_kind, "PL501", rule_options=JIANGXI_OUTLINE) == []


def test_outline_is_an_option(lint):
    options = {"PL501": {"outline": [{"title": "部门基本情况", "children": ["部门职能与机构设置"]}]}}
    text = report([("一、部门基本情况", 1), ("（一）部门职能与机构设置", 2)])
    assert lint(text, "PL501", rule_options=options) == []
    assert len(lint(report(NUMBERED), "PL501", rule_options=options)) == 1


# PL502 empty-section -------------------------------------------------------------------------

def test_empty_section(lint):
    text = """\
        sections:
          - {heading: 一、部门概况, level: 1}
          - {heading: 主要职责, level: 2, body: 负责全区行政审批服务工作。}
          - {heading: 四、绩效自评结果拟应用和公开情况, level: 1}
    """
    findings = lint(text, "PL502")
    assert len(findings) == 1
    assert findings[0].span.quote == "四、绩效自评结果拟应用和公开情况"


def test_section_saying_nothing(lint):
    text = """\
        sections:
          - {heading: 存在问题, level: 2, body: 无。}
          - {heading: 改进措施, level: 2, body: 暂无}
    """
    findings = lint(text, "PL502")
    assert len(findings) == 2 and "仅写" in findings[0].message


def test_headings_with_sub_sections_are_not_empty(lint):
    text = """\
        sections:
          - {heading: 一、部门概况, level: 1}
          - {heading: （一）主要职责, level: 2, body: 负责全区行政审批服务工作。}
    """
    assert lint(text, "PL502") == []


# PL505 satisfaction-basis --------------------------------------------------------------------

PRAISE = "赢得了各级领导和办事群众的肯定和赞誉，按年度绩效指标值完成。"
SATISFACTION_000 = """\
    sections:
      - {heading: 社会满意度及可持续性影响, level: 2}
      - heading: 社会满意度指标（指标分数5分，实际得分5分）
        level: 3
        body: 赢得了各级领导和办事群众的肯定和赞誉，按年度绩效指标值完成。
      - {heading: 部门整体支出绩效中存在问题及改进措施, level: 1, body: 无。}
"""


def test_satisfaction_without_figure_or_method(lint):
    findings = lint(SATISFACTION_000, "PL505")
    assert len(findings) == 1
    assert findings[0].span.quote == "社会满意度及可持续性影响"
    assert findings[0].severity == "warning"
    assert "调查方式" in findings[0].message and "数值" in findings[0].message


@pytest.mark.parametrize("body", [
    "经抽样调查周边群众得出实际满意度为95%。",
    "通过问卷调查的方式，按照要求向群众进行满意度测评，满意度90%。",
])
def test_satisfaction_with_figure_and_method_is_silent(lint, body):
    text = SATISFACTION_000.replace(PRAISE, body)
    assert lint(text, "PL505") == []


def test_satisfaction_figure_without_method(lint):
    text = SATISFACTION_000.replace(PRAISE, "满意度为95%。")
    findings = lint(text, "PL505")
    assert len(findings) == 1 and "调查方式" in findings[0].message


def test_satisfaction_method_without_figure(lint):
    text = SATISFACTION_000.replace(PRAISE, "通过问卷调查了解群众意见，群众普遍满意。")
    findings = lint(text, "PL505")
    assert len(findings) == 1 and "未给出满意度数值" in findings[0].message


# PL506 placeholder ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("XX单位2021年度整体支出绩效自评报告", "XX"),
    ("截至20xx年12月31日", "20xx年"),
    ("××局负责实施", "××"),
    ("资金来源为【】", "【】"),
    ("项目负责人：（  ）", "（  ）"),
    ("填报人：_____", "_____"),
    ("部门： （盖章）", "部门： （盖章）"),
    ("主管部门（盖章）：", "主管部门（盖章）："),
])
def test_placeholders(lint, text, found):
    findings = lint(f"sections:\n  - heading: 说明\n    body: \"{text}\"\n", "PL506")
    assert len(findings) == 1, findings
    assert findings[0].span.quote == found


@pytest.mark.parametrize("text", [
    "东湖区政务服务数据管理局 2022年4月22日",
    "采用XXL-Job调度任务",
    "3×4米的展板",
    "（ 2021年度）",
    "单位（盖章）：东湖区政务服务数据管理局",
])
def test_filled_text_is_silent(lint, text):
    assert lint(f"sections:\n  - heading: 说明\n    body: \"{text}\"\n", "PL506") == []


def test_placeholder_in_a_block_body_is_located(lint):
    text = "sections:\n  - heading: 概况\n    body: |\n      第一行正常。\n      由XX单位负责。\n"
    findings = lint(text, "PL506")
    assert len(findings) == 1
    span = findings[0].span
    assert (span.line, span.column, span.quote) == (5, 8, "XX")


def test_patterns_are_an_option(lint):
    text = "sections:\n  - heading: 说明\n    body: 请填写〔单位名称〕\n"
    assert lint(text, "PL506") == []
    options = {"PL506": {"patterns": [{"regex": "(〔[^〕]*〕)", "label": "模板标记"}]}}
    findings = lint(text, "PL506", rule_options=options)
    assert [f.span.quote for f in findings] == ["〔单位名称〕"]


def test_invalid_pattern_is_a_configuration_problem():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        path.write_text("sections:\n  - heading: 说明\n    body: 正文\n", encoding="utf-8")
        result = lint_paths([path], select=["PL506"],
                            rule_options={"PL506": {"patterns": [{"regex": "(unclosed", "label": "x"}]}})
    assert any("PL506" in problem for problem in result.problems)
    assert lint_yaml("sections:\n  - heading: 说明\n    body: 正文\n", select=["PL506"]) == []


def test_a_short_unnumbered_line_after_a_chapter_is_its_body_not_an_empty_heading():
    from perflint.testing import lint_text

    text = ("某某县2023年度农村公路养护资金绩效自评报告\n一、基本情况\n全年养护农村公路120公里。\n"
            "二、偏离绩效目标的原因和下一步改进措施\n三、绩效自评结果拟应用和公开情况\n按要求在门户网站公开\n"
            "四、其他需要说明的问题\n无其他需要说明的问题。\n")
    found = [f.span.quote for f in lint_text(text, select=["PL502"]) if f.code == "PL502"]
    assert found == ["二、偏离绩效目标的原因和下一步改进措施"]


def _empty_sections(text: str) -> list[str]:
    from perflint.testing import lint_text

    return [f.span.quote for f in lint_text(text, select=["PL502"]) if f.code == "PL502"]


_REPORT_HEAD = "某某县2023年度困难群众救助资金绩效自评报告\n一、基本情况\n全年救助困难群众860人次。\n"


def test_a_cut_off_list_item_is_not_an_empty_heading():
    """`1.…。` `2.…。` then a short `3.…` line: the list's third item (here cut off), not a section."""
    text = (_REPORT_HEAD + "二、绩效目标完成情况\n1.入户走访核对家庭收入，名单张榜公示七天。\n"
            "2.救助金每月十日前打卡发放，无拖欠。\n3.临时救助审批时限压缩到\n"
            "三、其他需要说明的问题\n无其他需要说明的问题。\n")
    assert _empty_sections(text) == []


def test_a_list_item_after_the_preamble_is_not_an_empty_heading():
    title, rest = _REPORT_HEAD.split("\n", 1)
    text = (title + "\n说明\n填表提示：1.金额保留两位小数。\n2.完成值按年末口径填写。\n3.偏差超过一成的须\n"
            + rest + "二、其他需要说明的问题\n无其他需要说明的问题。\n")
    assert "3.偏差超过一成的须" not in _empty_sections(text)


@pytest.mark.parametrize("above", [
    "1.按照文件要求对救助对象逐户核实。\n",            # 1. then 3.: not the next item
    "（1）按照文件要求对救助对象逐户核实。\n（2）救助资金按月足额发放到户。\n",  # another style
])
def test_an_empty_numbered_heading_that_goes_on_no_list_is_reported(above):
    text = (_REPORT_HEAD + "二、绩效目标完成情况\n" + above + "3.存在的问题\n"
            "三、其他需要说明的问题\n无其他需要说明的问题。\n")
    assert _empty_sections(text) == ["3.存在的问题"]
