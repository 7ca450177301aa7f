"""PL606 repeated-sentence: a clause written several times back to back (copy-paste residue)."""

from __future__ import annotations

from perflint.testing import lint_text

HEAD = "某某镇2023年农村道路养护项目绩效自评报告\n一、项目基本情况\n"


def _pl606(body: str):
    return [f for f in lint_text(HEAD + body + "\n", select=["PL606"]) if f.code == "PL606"]


def test_clause_repeated_back_to_back_is_reported_once_per_run():
    body = "镇财政所按进度管理资金：按时下拨养护经费，确保道路畅通；按时下拨养护经费，确保道路畅通；" \
           "按时下拨养护经费，确保道路畅通。"
    (finding,) = _pl606(body)
    assert "3" in finding.message
    assert finding.span.quote.startswith("按时下拨养护经费") and finding.span.quote.endswith("确保道路畅通。")
    assert finding.span.quote.count("按时下拨养护经费") == 3


def test_repeats_differing_only_in_spaces_and_punctuation_are_one_run():
    body = "按时下拨养护经费, 确保道路畅通;按时下拨养护经费，确保道路畅通；项目于年底完工。"
    (finding,) = _pl606(body)
    assert "2" in finding.message


def test_two_runs_are_two_findings():
    body = ("加强日常巡查管护；加强日常巡查管护。项目已完工。"
            "规范台账资料管理；规范台账资料管理；规范台账资料管理。")
    assert len(_pl606(body)) == 2


def test_list_items_sharing_a_prefix_are_fine():
    body = "一是加强日常巡查管护工作；二是加强日常巡查管护制度；三是加强日常巡查管护队伍。"
    assert not _pl606(body)


def test_short_repeats_are_fine():
    assert not _pl606("是；是；是。项目于年底完工。")
    assert not _pl606("已完成；已完成；已完成。")


def test_same_clause_on_separate_lines_is_not_a_run():
    body = "按时下拨养护经费确保畅通\n按时下拨养护经费确保畅通"
    assert not [f for f in _pl606(body) if "连续重复" in f.message]


def test_long_repeated_run_is_not_also_reported_as_a_repeated_sentence():
    clause = "镇政府按照年度计划及时足额拨付农村道路养护项目资金并加强监督管理"
    (finding,) = _pl606(f"{clause}；{clause}。")
    assert "连续重复" in finding.message


def test_a_title_shown_twice_is_not_a_repeated_sentence():
    """A saved page prints the document's title in its header and again above the body."""
    title = "某县卫生健康局公共卫生服务补助资金转移支付区域(项目)绩效目标自评表"
    text = (f"网站首页\n当前位置:首页 财政资金 > 某县卫生健康局公共卫生\n{title}\n"
            f"发布时间:2023-05-01 来源:县卫生健康局 点击量:120\n{title}\n(2022年度)\n"
            "转移(项目)名称 公共卫生服务补助资金\n"
            "项目资金(万元) 全年预算数(A) 全年执行数(B) 执行率(B/A)\n")
    assert [f for f in lint_text(text, select=["PL606"]) if f.code == "PL606"] == []


def test_a_run_and_a_repeated_sentence_in_other_sections_are_both_reported_run_first():
    repeated = "将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。"
    text = (HEAD + "项目资金已全部到位。" + repeated + "\n二、资金管理\n"
            + "按时下拨养护经费，确保道路畅通；按时下拨养护经费，确保道路畅通。\n"
            + "三、结果应用\n同时" + repeated + "\n")
    findings = [f for f in lint_text(text, select=["PL606"]) if f.code == "PL606"]
    assert [f.message.startswith("同一分句") for f in findings] == [True, False]
    assert findings[1].span.quote == "同时" + repeated
