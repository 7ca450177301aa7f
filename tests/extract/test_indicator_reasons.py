"""The reason an indicator gives for missing its target (`text_indicators._reasons`).

A group's first sentence naming a cause (`由于…`, `原因…`) is its reason, and a paragraph of the
problems section saying `X指标未达到年度指标值，…` gives indicator X its reason. The reader skips
paragraphs that cannot hold either with one test of the whole paragraph; these reports put causes
in the first, a later and no paragraph of a group, and the problems paragraph before, after and
among other ones, so each skip is checked against the sentence it must still find."""

from __future__ import annotations

import pytest

from perflint.extract import extract_text

_HEAD = ("2023年度某市城乡建设局整体支出绩效自评报告\n\n"
         "部门（单位）概况\n\n当年部门（单位）年度整体支出绩效目标\n\n"
         "改造老旧管网不少于40公里；培训人次不少于2000人次；群众满意度不低于90%。\n\n"
         "部门（单位）整体支出绩效实现情况\n\n履职完成情况\n\n")


def _report(quantity: str, quality: str, problems: list[str]) -> str:
    return (_HEAD + "数量指标\n\n" + quantity + "\n\n质量指标\n\n" + quality + "\n\n"
            "部门整体支出绩效中存在问题及改进措施\n\n主要问题及原因分析\n\n" + "\n\n".join(problems) + "\n")


def _reasons(text: str) -> dict[str, str]:
    report = extract_text(text)
    return {node.name.text: node.reason.text for top in report.indicators for node in top.walk()
            if node.reason is not None}


_UNMET_TRAINING = "培训人次指标未达到年度指标值，主要是受场地限制，部分集中培训改为线上开展。"


@pytest.mark.parametrize(("quantity", "quality", "problems", "expected"), [
    ("改造老旧管网36公里。由于雨季提前，部分路段停工，未完成全年改造任务。另因材料价格上涨的原因，部分标段延期。",
     "管网验收合格率98%。",
     ["部分项目前期论证不充分。"],
     {"数量指标": "由于雨季提前，部分路段停工，未完成全年改造任务"}),
    ("改造老旧管网36公里。\n\n培训人次1800人次。\n\n未完成的原因是施工单位进场较晚。",
     "管网验收合格率98%。项目按期完工。",
     ["资金拨付进度偏慢。"],
     {"数量指标": "未完成的原因是施工单位进场较晚"}),
    ("改造老旧管网42公里。\n\n培训人次1800人次。",
     "管网验收合格率98%。",
     ["资金拨付进度偏慢。", "部分指标未量化。", _UNMET_TRAINING],
     {"培训人次": "主要是受场地限制，部分集中培训改为线上开展"}),
    ("改造老旧管网42公里，培训人次2100人次。",
     "管网验收合格率98%，因为监理到位，未发生质量事故。",
     [_UNMET_TRAINING, "绩效目标设置不够细化。"],
     {"质量指标": "管网验收合格率98%，因为监理到位，未发生质量事故",
      "培训人次": "主要是受场地限制，部分集中培训改为线上开展"}),
    ("改造老旧管网42公里，培训人次2100人次。",
     "管网验收合格率98%。",
     ["绩效目标设置不够细化。", "部分指标未量化。"],
     {}),
])
def test_reasons_are_read_from_the_sentences_that_give_them(quantity: str, quality: str, problems: list[str],
                                                             expected: dict[str, str]) -> None:
    assert _reasons(_report(quantity, quality, problems)) == expected
