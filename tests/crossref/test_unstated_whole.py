"""PL401 and the lines of `其中` lists whose whole is not stated (perflint.extract.facts)."""

from __future__ import annotations

from perflint.testing import lint_text

TITLE = "某某县2022年度中央对地方转移支付林业草原资金绩效自评报告\n一、资金到位情况\n"


def _pl401(*lines: str):
    text = TITLE + "\n".join(lines) + "\n"
    return [f for f in lint_text(text, select=["PL401"]) if f.code == "PL401"]


def test_the_same_item_in_two_lists_of_unstated_wholes_is_two_figures():
    assert not _pl401(
        "根据某财农〔2022〕（略）号文件，下达我局资金（略）万元，其中：防火补助4.20万元，育苗补助1.35万元。",
        "根据某财农〔2022〕（略）号文件，下达我局资金（略）万元，其中：防火补助0.75万元，育苗补助1.35万元。")


def test_a_figure_stated_twice_outside_lists_is_still_compared():
    (finding,) = _pl401("全年防火巡护里程为120公里。", "经核实，全年防火巡护里程为125公里。")
    assert finding.span.quote == "125公里"
