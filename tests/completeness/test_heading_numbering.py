"""PL508 heading-numbering: a heading or list number that repeats or goes backwards."""

from __future__ import annotations

import pytest

from perflint.rules.completeness.heading_numbering import chinese_number, numbering
from perflint.testing import lint_text

TITLE = "某某县2023年乡村文化站运行补助资金绩效自评报告"


def _pl508(*lines: str):
    text = "\n".join([TITLE, *lines]) + "\n"
    return [f for f in lint_text(text, select=["PL508"]) if f.code == "PL508"]


def test_repeated_number_is_reported_with_the_expected_one():
    (finding,) = _pl508(
        "一、项目基本情况", "文化站全年开放三百天。",
        "二、绩效指标完成情况",
        "1.数量指标", "举办讲座十二场。",
        "2.质量指标", "活动合格率达到要求。",
        "3.时效指标", "按季度完成活动。",
        "3.成本指标", "成本控制在预算内。")
    assert finding.span.quote.startswith("3.成本指标") and finding.span.line == 11
    assert "应为“4”" in finding.message
    assert finding.related[0].span.line == 9


def test_chinese_numbers_going_backwards_are_reported():
    (finding,) = _pl508(
        "一、项目基本情况", "文化站全年开放三百天。",
        "二、绩效目标完成情况", "全部完成。",
        "（一）资金投入情况", "资金及时到位。",
        "（二）资金管理情况", "管理规范。",
        "（一）产出情况", "产出达标。")
    assert finding.span.quote.startswith("（一）产出情况")
    assert "应为“三”" in finding.message


def test_repeated_numbered_items_in_a_body_are_reported():
    (finding,) = _pl508(
        "一、绩效指标完成情况",
        "1.数量指标。举办讲座12场，完成率100%。",
        "2.质量指标。合格率为98%。",
        "2.效益指标。群众满意度达到95%。")
    assert finding.span.quote.startswith("2.效益指标")
    assert "应为“3”" in finding.message


def test_correct_sequences_and_restarts_under_a_new_parent_are_fine():
    assert not _pl508(
        "一、项目基本情况",
        "（一）项目概况", "文化站全年开放三百天。",
        "（二）资金情况", "资金及时到位。",
        "二、绩效目标完成情况",
        "（一）产出情况",
        "1.数量指标", "举办讲座十二场。",
        "2.质量指标", "活动合格率达到要求。",
        "（二）效益情况",
        "1.社会效益指标", "群众文化生活更加丰富。",
        "2.可持续影响指标", "长效机制已建立。",
        "三、存在的问题", "宣传力度不够。")


def test_unnumbered_headings_in_between_and_sections_without_numbers_are_fine():
    assert not _pl508(
        "一、项目基本情况", "文化站全年开放三百天。",
        "总体绩效情况", "总体完成较好。",
        "二、绩效目标完成情况", "全部完成。",
        "存在的问题", "宣传力度不够。",
        "改进措施", "加强宣传。")


def test_a_second_list_starting_again_at_one_in_a_body_is_fine():
    assert not _pl508(
        "一、主要做法",
        "1.建立台账，逐月登记活动情况。",
        "2.定期检查，发现问题及时整改。",
        "文化站还开展了以下工作：",
        "1.组织培训两次，参训人员40人。",
        "2.开展送戏下乡，覆盖全部村组。")


@pytest.mark.parametrize(("text", "expected"), [
    ("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十", 20), ("三十四", 34), ("十十", None)])
def test_chinese_numbers(text, expected):
    assert chinese_number(text) == expected


@pytest.mark.parametrize(("heading", "expected"), [
    ("一、概况", ("一、", 1, 1)), ("（三）效益", ("（一）", 2, 3)), ("(十一)其他", ("（一）", 2, 11)),
    ("4.成本指标", ("1.", 3, 4)), ("12、其他", ("1、", 3, 12)), ("（2）质量", ("（1）", 4, 2)),
    ("第二部分 评价结论", ("第部分", 1, 2)), ("1.2 资金到位", None), ("1.5万元用于", None),
    ("项目概况", None)])
def test_numbering(heading, expected):
    assert numbering(heading) == expected
