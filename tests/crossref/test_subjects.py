"""Figures have a subject (issue 14, item 4): PL401 compares only figures of one subject.

A figure belongs to what its sentence names before it: an expenditure class (基本支出, 项目支出),
a place (…县/区/市), an organization, a named fund or project, a document number, a year. Two
figures under one name are one quantity only when their subjects agree; when only one of them
names a subject, the text does not say they are the same, and PL401 stays silent. Each class has
a correct text (silent) and a planted defect (found, with the figure it should have been).
The texts are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract import extract_text
from perflint.extract.clauses import sentences
from perflint.extract.serialize import to_yaml
from perflint.findings import Finding
from perflint.loaders.yaml_loader import load_yaml
from perflint.testing import lint_file

HEAD = "2023年度某某县农业农村局部门整体支出绩效自评报告\n一、部门概况\n（一）预算执行情况\n"


def report(body: str) -> str:
    return HEAD + body.strip() + "\n"


def lint_text(tmp_path: Path, body: str, code: str = "PL401") -> list[Finding]:
    path = tmp_path / "report.txt"
    path.write_text(report(body), encoding="utf-8")
    findings = lint_file(path, select=[code])
    assert not [f for f in findings if f.code in ("PL000", "PL001")], findings
    return [f for f in findings if f.code == code]


def subjects(body: str) -> list[tuple[str, str | None, str]]:
    return [(f.concept, f.subject, f.value.literal) for f in extract_text(report(body)).facts]


def scopes(text: str) -> list[tuple[str, str]]:
    return [(item.figure.literal, "·".join(item.scope.parts()))
            for sentence in sentences(text) for item in sentence.items]


# ---------------------------------------------------------------- expenditure classes

CLASSES = ("基本支出预算数为640.00万元，执行数为608.00万元，执行率为95.00%。"
           "项目支出预算数为3200.00万元，执行数为2592.00万元，执行率为81.00%。")


def test_the_subject_carries_to_the_following_clauses_of_the_sentence():
    assert scopes(CLASSES) == [("640.00万元", "基本支出"), ("608.00万元", "基本支出"), ("95.00%", "基本支出"),
                               ("3200.00万元", "项目支出"), ("2592.00万元", "项目支出"),
                               ("81.00%", "项目支出")]


def test_two_expenditure_classes_are_not_one_quantity(tmp_path):
    assert lint_text(tmp_path, CLASSES) == []
    assert lint_text(tmp_path, CLASSES, "PL103") == []


def test_a_class_rate_is_checked_against_its_own_figures(tmp_path):
    findings = lint_text(tmp_path, CLASSES.replace("81.00%", "86.00%"), "PL103")
    assert [(f.stated, f.expected) for f in findings] == [("86.00%", "81.00%")]
    assert "项目支出" in findings[0].message
    assert lint_text(tmp_path, CLASSES.replace("81.00%", "86.00%")) == []  # not a restatement


def test_the_same_class_restated_differently_is_found(tmp_path):
    body = CLASSES + "\n二、部门整体支出绩效实现情况\n全年项目支出执行数为2642.00万元，项目进展顺利。"
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("2642.00万元", "2592.00万元")]
    assert "项目支出" in findings[0].message


# ---------------------------------------------------------------- places

def test_sums_allocated_to_places_in_two_allocations_are_not_compared(tmp_path):
    body = ("按因素法测算，分配至东山县38万元，西河县21万元，南岭区17万元，共计76万元。\n"
            "根据绩效考核结果，分配东山县64万元，西河县29万元，共计93万元。")
    assert lint_text(tmp_path, body) == []
    # a sum labelled only by the place it goes to names no quantity of its own
    assert not [f for f in subjects(body) if f.concept in ("东山县", "西河县")]


def test_places_are_subjects():
    assert scopes("下达东山县资金46万元，西河县资金27.5万元。") == [
        ("46万元", "东山县"), ("27.5万元", "西河县")]


def test_the_same_place_restated_differently_is_found(tmp_path):
    body = ("东山县申请补助资金80万元，实际支出76万元；西河县申请补助资金50万元，实际支出47万元。\n"
            "经核查，东山县实际支出为78万元。")
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("78万元", "76万元")]
    assert "东山县" in findings[0].message
    assert lint_text(tmp_path, body.replace("78万元", "76万元")) == []


@pytest.mark.parametrize("text", ["农村文化活动覆盖率达95%。", "新建示范村3个，覆盖行政村120个。",
                                  "全县共建成示范基地12个。"])
def test_words_that_end_like_a_place_name_are_not_places(text):
    assert all(scope == "" for _, scope in scopes(text))


# ---------------------------------------------------------------- years

def test_rates_of_different_years_are_not_compared(tmp_path):
    body = "2022年预算执行率为90%。\n2023年预算执行率为100%，较上年提高10个百分点。"
    assert lint_text(tmp_path, body) == []


def test_a_year_in_a_list_scopes_its_clauses():
    text = ("截至2024年6月30日，资金支出8600万元，其中：2022年度资金支出2000万元，预算执行率100%；"
            "2023年度资金支出6600万元，预算执行率82.50%。")
    assert [scope for _, scope in scopes(text)] == ["2024年", "2022年", "2022年", "2023年", "2023年"]


def test_the_report_year_is_the_report_itself(tmp_path):
    # 2023 is the report's year: `2023年预算执行率` and `预算执行率` are one quantity
    body = "2023年预算执行率为97.50%。\n二、部门整体支出绩效实现情况\n本年度预算执行率为96.80%。"
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("96.80%", "97.50%")]


def test_the_same_year_restated_differently_is_found(tmp_path):
    body = "2022年预算执行率为90%。\n2023年预算执行率为100%。\n回顾2022年，预算执行率为91%。"
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("91%", "90%")]


def test_counts_per_year_are_not_compared(tmp_path):
    body = "2022年实际享受补贴人数为3600人，2023年实际享受补贴人数为3950人。"
    assert lint_text(tmp_path, body) == []
    planted = body + "\n二、部门整体支出绩效实现情况\n实际享受补贴人数为3905人。"
    findings = lint_text(tmp_path, planted)
    assert [(f.stated, f.expected) for f in findings] == [("3905人", "3950人")]


# ---------------------------------------------------------------- funds, projects, documents

PROJECTS = ("城乡供水项目预算数为300万元，执行数为270万元，预算执行率为90%；"
            "道路维修项目预算数为200万元，执行数为200万元，预算执行率为100%。")


def test_two_projects_rates_are_not_compared(tmp_path):
    assert lint_text(tmp_path, PROJECTS) == []
    assert lint_text(tmp_path, PROJECTS, "PL103") == []


def test_a_project_rate_is_checked_against_its_own_figures(tmp_path):
    findings = lint_text(tmp_path, PROJECTS.replace("预算执行率为100%", "预算执行率为95%"), "PL103")
    assert [(f.stated, f.expected) for f in findings] == [("95%", "100%")]
    assert "道路维修项目" in findings[0].message


def test_named_funds_are_subjects(tmp_path):
    body = ("中央财政补助资金全年共100万元，拨付使用100万元，预算执行率100%。"
            "\n天然林管护补助资金全年共20万元，当年未使用，预算执行率0%。")
    assert lint_text(tmp_path, body) == []


def test_allocations_by_different_documents_are_not_compared(tmp_path):
    body = ("2023年2月，市财政局以《关于提前下达2023年水利发展资金的通知》（某财农〔2023〕12号）"
            "向我县下达水利发展资金300万元；2023年7月，以《关于下达2023年水利发展资金的通知》"
            "（某财农〔2023〕48号）向我县下达水利发展资金120万元。")
    assert lint_text(tmp_path, body) == []
    assert [s for c, s, _ in subjects(body) if c.endswith("水利发展资金")] == [
        "2023年·〔2023〕12号·水利发展资金", "2023年·〔2023〕48号·水利发展资金"]


# ---------------------------------------------------------------- figures relative to another

def test_an_overrun_belongs_to_the_figure_before_it(tmp_path):
    body = ("东山县发放补贴120万元，超出预算金额8万元；发放奖励资金45万元，超出预算金额3.5万元。\n"
            "西河县发放补贴60万元，超出预算金额2万元。")
    assert lint_text(tmp_path, body) == []
    planted = body + "\n经复核，东山县发放补贴120万元，超出预算金额9万元。"
    findings = lint_text(tmp_path, planted)
    assert [(f.stated, f.expected) for f in findings] == [("9万元", "8万元")]


def test_a_label_repeated_in_one_sentence_names_another_figure(tmp_path):
    body = "东山县申请缴费补贴9.5万元，实际享受缴费补贴人数500人，缴费补贴19.4万元。"
    assert lint_text(tmp_path, body) == []


# ---------------------------------------------------------------- with and without a subject

def test_a_figure_with_a_subject_and_one_without_are_not_called_inconsistent(tmp_path):
    body = "项目支出执行率为90.00%。\n二、部门整体支出绩效实现情况\n本单位预算执行率为96.00%。"
    assert lint_text(tmp_path, body) == []


def test_without_subjects_a_restatement_is_still_found(tmp_path):
    body = "实际满意度为95%。\n二、部门整体支出绩效实现情况\n经调查，满意度为92%。"
    findings = lint_text(tmp_path, body)
    assert [(f.stated, f.expected) for f in findings] == [("92%", "95%")]


def test_a_subject_in_the_yaml_form(lint):
    text = """\
        facts:
          - {concept: 执行数, value: "760万元", subject: 基本支出}
          - {concept: 项目支出执行数, value: "1200万元", subject: 项目支出}
          - {concept: 执行数, value: "1300万元"}
          - {concept: 执行数, value: "1250万元", subject: 项目支出}
    """
    findings = lint(text, "PL401")
    assert [(f.stated, f.expected) for f in findings] == [("1250万元", "1200万元")]
    assert findings[0].message.startswith("执行数（项目支出）在正文为1250万元")


def test_the_subject_survives_normalized_yaml(tmp_path):
    extracted = extract_text(report(CLASSES.replace("执行率为81.00%", "完成率为81.00%") + "全县满意度为93%。"
                                    "项目支出满意度为91%。"))
    path = tmp_path / "normalized.yaml"
    path.write_text(to_yaml(extracted), encoding="utf-8")
    loaded = load_yaml(path)
    assert [(f.concept, f.subject) for f in loaded.facts] == [(f.concept, f.subject) for f in extracted.facts]
    assert any(f.subject == "项目支出" for f in loaded.facts)


# ---------------------------------------------------------------- how a sentence names its subject

@pytest.mark.parametrize(("text", "expected"), [
    # a year inside a quoted title names the document, not the figure
    ("依据《关于下达2021年补助资金的通知》，下达资金300万元。", [("300万元", "")]),
    # the document number is the allocation's
    ("以（某财农〔2023〕12号）下达资金300万元。", [("2023", ""), ("12", "〔2023〕12号"),
                                               ("300万元", "〔2023〕12号")]),
    # 本年 returns to the report's year; 较上年 compares, it is not last year's figure
    ("2021年执行率为90%，本年执行率为95%，较上年提高5个百分点。",
     [("90%", "2021年"), ("95%", ""), ("5个", "")]),
    # a place named in passing after the figures does not carry
    ("全年预算数为1000万元，全部为财政拨款，执行数为900万元。", [("1000万元", ""), ("900万元", "")]),
    # the total of a list is the list's, a subject's total is its own
    ("分配至东山县38万元，西河县21万元，共计59万元。",
     [("38万元", "东山县"), ("21万元", "西河县"), ("59万元", "")]),
    ("其中项目支出合计1200万元，执行率为90%。", [("1200万元", "项目支出"), ("90%", "项目支出")]),
    # a name with a particle or a verb inside is none
    ("实际支出超出预算，原因是其他资金收入增加，节约率为0%。", [("0%", "")]),
])
def test_scopes(text, expected):
    assert scopes(text) == expected


def test_a_stated_ratio_has_the_subject_of_its_sentence():
    body = "全年供应土地32宗，划拨用地25宗，出让用地7宗。\n2023年划拨用地占供应土地比例为78.13%。"
    (ratio,) = extract_text(report(body)).ratios
    assert (ratio.stated.literal, ratio.subject) == ("78.13%", "2023年")


def test_the_project_a_report_is_about_is_the_report_itself(tmp_path):
    path = tmp_path / "project.txt"
    path.write_text("2023年度城乡供水项目绩效自评报告\n一、项目基本情况\n城乡供水项目预算执行率为96%。\n"
                    "二、项目绩效目标完成情况\n预算执行率为92%。\n", encoding="utf-8")
    findings = [f for f in lint_file(path, select=["PL401"]) if f.code == "PL401"]
    assert [(f.stated, f.expected) for f in findings] == [("92%", "96%")]


def test_an_expenditure_class_in_the_title_is_still_a_subject(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("2023年度某某局项目支出绩效自评报告\n一、预算执行情况\n全年预算数为3840.00万元，执行数为3200.00万元。\n"
                    + CLASSES + "\n", encoding="utf-8")
    assert [f for f in lint_file(path, select=["PL401"]) if f.code == "PL401"] == []


def test_amounts_per_purpose_are_not_one_figure_stated_twice(tmp_path):
    """`50万元用于甲项目；20万元用于乙项目`: each amount has its own purpose, no shared concept."""
    body = ("全县收到补助资金100万元，其中：50万元用于正阳镇卫生院改造项目；20万元用于正和乡敬老院维修项目；"
            "30万元用于丙村道路硬化项目。")
    assert lint_text(tmp_path, body) == []
