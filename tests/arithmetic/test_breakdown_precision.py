"""PL101 on breakdowns the text states, and only those (issue 15, "breakdowns that are not breakdowns").

A total with parts is a claim: a named total, a structure word (`其中`), then named parts in the
total's unit family, up to where the list ends. Figures that merely follow one another are no
breakdown: flattened indicator rows, a scoring rubric's points, lengths next to counts, an income
sentence run into a spending one, a grade distribution after a count, table rows after a caption.
For each shape a text that must stay silent and the same shape with a planted defect (a `其中`
list whose parts do not add up) that must still be found, with the right expected figure. The
texts and figures are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract import extract_text
from perflint.findings import Finding
from perflint.testing import lint_file

HEAD = "2023年度某某县文化旅游局部门整体支出绩效自评报告\n一、部门概况\n（一）预算执行情况\n"


def pl101(tmp_path: Path, body: str) -> list[tuple[str, str]]:
    """(stated, expected) of each PL101 finding on a report made of `body`."""
    path = tmp_path / "report.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    findings: list[Finding] = lint_file(path, select=["PL101"])
    assert not [f for f in findings if f.code in ("PL000", "PL001")], findings
    return [(f.stated, f.expected) for f in findings if f.code == "PL101"]


def breakdowns(body: str) -> list[tuple[str, list[str]]]:
    """(total, parts) of every total-with-parts extracted from `body`, wherever the model keeps it."""
    report = extract_text(HEAD + body + "\n")
    found = [(b.total.literal, [p.value.literal for p in b.parts]) for b in report.breakdowns]
    found += [(b.total.literal, [p.value.literal for p in b.parts]) for b in report.staffing if b.parts]
    for table in report.budget_tables:
        for column in ("budget", "executed"):
            total = getattr(table.total, column, None) if table.total is not None else None
            parts = [getattr(row, column).literal for row in table.rows if getattr(row, column, None)]
            if total is not None and parts:
                found.append((total.literal, parts))
    return found


# Each case: (name, silent text, the same shape with a planted defect, (stated, expected)).
CASES = [
    ("the brief's list",
     "全年支出总额为500.00万元，其中基本支出320.00万元，项目支出180.00万元。",
     "全年支出总额为500.00万元，其中基本支出320.00万元，项目支出190.00万元。",
     ("500.00万元", "510.00万元")),
    ("lengths with sub-lengths, counts and other lengths after `；`",
     "新建道路总长4.20km，其中主路2.60km，支路1.60km；改造桥梁 2 座，长 0.35km；"
     "铺设管网 3 段，长 1.80km，其中雨水管 1 段，长 0.60km。",
     "新建道路总长4.20km，其中主路2.60km，支路1.80km；改造桥梁 2 座，长 0.35km；"
     "铺设管网 3 段，长 1.80km。",
     ("4.20", "4.40")),
    ("an income list run into a spending sentence",
     "2022年到位资金共860.5万元，其中：中央资金500.0万元，省级资金260.5万元，县级资金100.0万元"
     "2022年支出842.3万元，其中中央资金490.0万元，省级资金252.3万元，县级资金100.0万元。",
     "2022年到位资金共860.5万元，其中：中央资金500.0万元，省级资金260.5万元，县级资金100.0万元"
     "2022年支出842.3万元，其中中央资金490.0万元，省级资金262.3万元，县级资金100.0万元。",
     ("842.3万元", "852.3万元")),
    ("an income list and a spending sentence after `；`",
     "2022年到位资金共860.5万元，其中：中央资金500.0万元，省级资金260.5万元，县级资金100.0万元；"
     "支出842.3万元，其中中央资金490.0万元，省级资金252.3万元，县级资金100.0万元。",
     "2022年到位资金共860.5万元，其中：中央资金500.0万元，省级资金270.5万元，县级资金100.0万元；"
     "支出842.3万元，其中中央资金490.0万元，省级资金252.3万元，县级资金100.0万元。",
     ("860.5万元", "870.5万元")),
    ("a grade distribution after a unit's count",
     "本年度共开展项目自评56个，其中：本级项目30个、下属单位项目26个。自评得分96分，评价等级为“优”，"
     "其中：本级30个项目评价等级为“优”有25个、“良”有4个、“中”有1个；"
     "下属单位26个项目评价等级为“优”有20个、“良”有6个。",
     "本年度共开展项目自评56个，其中：本级项目30个、下属单位项目28个。自评得分96分，评价等级为“优”，"
     "其中：本级30个项目评价等级为“优”有25个、“良”有4个、“中”有1个。",
     ("56个", "58个")),
    ("a parenthetical aside on a part",
     "全年支出500.00万元，其中基本支出320.00万元（含人员经费200.00万元），项目支出180.00万元。",
     "全年支出500.00万元，其中基本支出320.00万元（含人员经费200.00万元），项目支出190.00万元。",
     ("500.00万元", "510.00万元")),
    ("a percent between parts",
     "全年支出500.00万元，其中基本支出320.00万元，同比增长5.2%，项目支出180.00万元。",
     "全年支出500.00万元，其中基本支出320.00万元，同比增长5.2%，项目支出190.00万元。",
     ("500.00万元", "510.00万元")),
    ("a scoring rubric in parentheses next to a money total",
     "项目总投资180.00万元（6分，其中资金到位3分，执行3分），其中设备购置120.00万元，安装调试60.00万元。",
     "项目总投资180.00万元（6分，其中资金到位3分，执行3分），其中设备购置120.00万元，安装调试70.00万元。",
     ("180.00万元", "190.00万元")),
    ("a new statement after `；` with its own 其中",
     "全年预算500.00万元，其中甲项目300.00万元，乙项目200.00万元；完成投资480.00万元，"
     "其中甲项目290.00万元，乙项目190.00万元。",
     "全年预算500.00万元，其中甲项目300.00万元，乙项目200.00万元；完成投资480.00万元，"
     "其中甲项目290.00万元，乙项目200.00万元。",
     ("480.00万元", "490.00万元")),
    ("a nested 其中 whose end is not marked",
     "全年支出500.00万元，其中基本支出320.00万元，其中人员经费200.00万元，公用经费120.00万元，"
     "项目支出180.00万元。",
     "全年支出500.00万元，其中基本支出320.00万元，其中人员经费200.00万元、公用经费130.00万元；"
     "项目支出180.00万元。",
     ("320.00万元", "330.00万元")),
    ("a count of staff",
     "实有人数28人，其中在职人员24人，退休人员4人，编外聘用3名。",
     "实有人数28人，其中在职人员24人，退休人员5人。",
     ("28人", "29人")),
]


@pytest.mark.parametrize(("name", "silent", "planted", "finding"), CASES, ids=[c[0] for c in CASES])
def test_silent_shape_and_planted_defect(tmp_path, name, silent, planted, finding):
    assert pl101(tmp_path, silent) == []
    assert pl101(tmp_path, planted) == [finding]


NO_BREAKDOWN = [
    # indicator rows of a flattened table after a funds row: 10 is a score cell, not a total
    "年度资金总额 150 150 10 100% 10 其中：财政拨款 150 150 其他资金 0 0 数量指标 培训人次 20 ≥300人次 "
    "320人次 20 质量指标 合格率 20 ≥95% 97% 20",
    # the same with the cells run together
    "年度资金总额:15015010100%10其中:财政拨款150其他资金产出指标(60分)数量指标培训人次20≥300人次320人次20"
    "质量指标合格率20≥95%97%20时效指标完成及时率20100%100%20",
    # a table caption and its rows
    "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 86.00 86.00 79.12 10 "
    "92.00% 9.2 其中：当年财政拨款 86.00 86.00 79.12 — 上年结转资金 0 0 0 — 其他资金 0 0 0 —",
    # scoring rubrics: points and deductions inside parentheses
    "（一）决策（20分）。1.项目立项（6分，其中立项依据充分3分，程序规范3分）：依据充分，得6分；"
    "2.绩效目标（4分，其中目标明确2分，每缺一项扣1分）：得4分；3.资金投入（10分，其中预算编制科学5分，"
    "资金分配合理5分）：得9分。",
    # 含 opens a list of its own: 人员经费 is part of 基本支出, not of the total
    "全年支出500.00万元，其中基本支出320.00万元，含人员经费200.00万元，项目支出180.00万元。",
    # a heading run into the text ends the list
    "共计120万元，其中上级资金90.00万元，本级30.00万元，资金用于日常运转二、项目管理情况全年安排支出"
    "共计85.50万元，余额结转。",
]


NO_BREAKDOWN_IDS = ["indicator rows", "cells run together", "caption and rows", "rubrics", "han after a part",
                    "run-together heading"]


@pytest.mark.parametrize("body", NO_BREAKDOWN, ids=NO_BREAKDOWN_IDS)
def test_figures_that_merely_follow_are_no_breakdown(tmp_path, body):
    assert pl101(tmp_path, body) == []


def test_no_breakdown_is_made_of_table_cells():
    body = ("年度资金总额 150 150 10 100% 10 其中：财政拨款 150 150 其他资金 0 0 数量指标 培训人次 20 "
            "≥300人次 320人次 20")
    assert breakdowns(body) == []


def test_the_parts_end_where_the_list_ends():
    assert ("4.20", ["2.60", "1.60"]) in breakdowns(
        "新建道路总长4.20km，其中主路2.60km，支路1.60km；改造桥梁 2 座，长 0.35km。")
    found = breakdowns("2022年到位资金共860.5万元，其中：中央资金500.0万元，省级资金260.5万元，"
                       "县级资金100.0万元2022年支出842.3万元，其中中央资金490.0万元，省级资金252.3万元，"
                       "县级资金100.0万元。")
    assert ("860.5万元", ["500.0万元", "260.5万元", "100.0万元"]) in found
    assert ("842.3万元", ["490.0万元", "252.3万元", "100.0万元"]) in found


def test_a_total_named_only_by_its_total_word():
    assert ("120万元", ["90.00万元", "30.00万元"]) in breakdowns(
        "资金共计120万元，其中上级资金90.00万元，本级30.00万元。")
    assert ("120万元", ["90.00万元", "30.00万元"]) in breakdowns(
        "按标准安排，共计120万元，其中上级资金90.00万元，本级30.00万元。")


def test_a_nested_list_breaks_down_the_part_before_it():
    found = breakdowns("全年支出500.00万元，其中基本支出320.00万元，其中人员经费200.00万元、"
                       "公用经费120.00万元；项目支出180.00万元。")
    assert ("320.00万元", ["200.00万元", "120.00万元"]) in found
    assert ("500.00万元", ["320.00万元"]) in found


def test_an_amount_stated_in_the_wrong_unit_is_found_through_its_nested_list(tmp_path):
    # the nested total lost its 万: 52.30元 cannot hold 21.10万元 + 31.20万元; PL109 says so with
    # the right unit, and PL101 leaves that total to it rather than report a sum in 元
    body = ("全年下达补助资金398.50万元，中央补助150.00万元，地方补助248.50万元；其中完成乡镇补助52.30元，"
            "其中中央补助21.10万元，地方补助31.20万元。")
    assert pl101(tmp_path, body) == []
    path = tmp_path / "report.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    slips = [(f.stated, f.expected) for f in lint_file(path, select=["PL109"]) if f.code == "PL109"]
    assert slips == [("52.30元", "52.30万元")]
