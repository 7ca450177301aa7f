"""PL509 missing-count: a count's number left out before its measure word."""

from __future__ import annotations

import pytest

from perflint.rules.completeness.missing_count import MissingCountOptions
from perflint.testing import lint_text, lint_yaml

TITLE = "某某县2023年农村公路养护补助资金绩效自评报告"


def _pl509(*lines: str, **kwargs):
    text = "\n".join([TITLE, "一、项目实施情况", *lines]) + "\n"
    return [f for f in lint_text(text, select=["PL509"], **kwargs) if f.code == "PL509"]


# Fires -----------------------------------------------------------------------------------------


def test_measure_word_glued_to_the_verb_phrase_is_reported_on_the_phrase():
    (finding,) = _pl509("本年度投入资金86万元，保质保量完成道路改造座，按时投入使用。")
    assert finding.severity == "warning"
    assert finding.message == "“完成道路改造座”中量词“座”前缺少数量"
    assert finding.span.quote == "完成道路改造座" and finding.span.line == 3
    assert [(r.label, r.span.quote) for r in finding.related] == [("量词", "座")]


def test_numbered_target_list_with_ascii_semicolons():
    (finding,) = _pl509("项目绩效目标为:1.按期完成危桥加固座;2.工程验收合格率100%;3.方便群众出行。")
    assert finding.span.quote == "完成危桥加固座"


def test_several_counts_missing_in_one_sentence():
    findings = _pl509("全年开展交通安全宣传活动次，发放宣传资料份，硬化村组道路公里。")
    assert [f.span.quote for f in findings] == [
        "开展交通安全宣传活动次", "发放宣传资料份", "硬化村组道路公里"]
    assert "量词“公里”" in findings[2].message


def test_verb_glued_to_the_measure_word_after_a_total():
    (finding,) = _pl509("今年共培训人次。")
    assert finding.span.quote == "培训人次" and "量词“人次”" in finding.message


def test_spaced_blank_where_the_number_was():
    (finding,) = _pl509("新建公厕  处，改造农村道路3.2公里。")
    assert finding.message == "“新建公厕  处”中量词“处”前的数量未填写"
    assert finding.span.quote == "新建公厕  处"
    assert [(r.label, r.span.quote) for r in finding.related] == [("数量空缺处", "  ")]


@pytest.mark.parametrize("sentence, phrase", [
    ("年内完成____座危桥加固任务，完成____座。", "完成____座"),
    ("计划新建村级公厕（ ）处，已全部开工。", "新建村级公厕（ ）处"),
])
def test_underscores_and_empty_brackets_are_blanks(sentence, phrase):
    (finding,) = _pl509(sentence)
    assert finding.span.quote == phrase and "未填写" in finding.message


def test_line_ending_at_the_measure_word_counts_when_the_line_is_prose():
    (finding,) = _pl509("本年度下达资金50万元，实际完成道路改造座")
    assert finding.span.quote == "完成道路改造座"


def test_yaml_body_is_read_and_the_span_lands_on_the_phrase():
    text = ("title: 某某县2023年农村公路养护补助资金绩效自评报告\n"
            "sections:\n"
            "  - heading: 项目实施情况\n"
            "    body: \"全年栽植行道树株，硬化道路3公里。\"\n")
    (finding,) = [f for f in lint_yaml(text, select=["PL509"]) if f.code == "PL509"]
    assert finding.span.quote == "栽植行道树株" and finding.span.line == 4


# Stays silent ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "保质保量完成道路改造3座，按时投入使用。",
    "完成道路改造3 座，新建公厕 5 处。",
    "新建党群服务中心一处，完成危桥改造两座，培训农民二百人次。",
    "完成道路硬化十二公里，栽植苗木三千株。",
    "开展培训多次，完成维修若干处，建成各类设施数个。",
    "培训人员达到200人次，累计培训人次达到目标。",
])
def test_counts_that_state_their_number(sentence):
    assert _pl509(sentence) == []


@pytest.mark.parametrize("sentence", [
    "组织开展讲座，邀请专家授课。",
    "按期完成专项，完成立项，完成各项。",
    "资金由乡镇办事处统一管理。",
    "建设农贸市场，新建停车场，建设文化广场。",
    "建设信息化平台，完成配套。",
    "印发文件，处置突发事件，采购软件。",
    "维修村级活动场所，改造公共厕所。",
    "种植玉米，走访农户，帮扶脱贫户。",
    "开展工作层次分明，首次开展绩效评价。",
    "购置执法车辆，慰问困难老人。",
    "严格按照时间节点完成，开展工作期间无安全事故。",
    "补贴资金全部拨付至村集体户。",
])
def test_nouns_ending_in_a_measure_character(sentence):
    assert _pl509(sentence) == []


def test_results_in_words_and_measure_words_running_on():
    assert _pl509(
        "项目完成情况良好，绩效目标全部完成。",
        "完成道路改造处理工作，建设平台建设管理制度。",
        "培训人次、满意度均达到年度目标值。",
    ) == []


def test_table_like_rows_and_lines_without_prose():
    assert _pl509(
        "数量指标  完成道路改造  座  3  3",
        "新建公厕\t处\t5\t5",
        "道路改造 座 ≥3",
        "项目主要内容为新建桥梁并完成道路改造座",
    ) == []


def test_a_ruleset_can_add_a_noun():
    sentence = "全年完成残疾人家庭无障碍改造户。"
    assert len(_pl509(sentence)) == 1
    nouns = [*MissingCountOptions().not_counts, "改造户"]
    assert _pl509(sentence, rule_options={"PL509": {"not_counts": nouns}}) == []
