"""PL606 looks closer only at sentences sharing their ending with another: what it then drops
(a title-like line, a clause inside a run) must not leave a lone sentence reported."""

from __future__ import annotations

from perflint.testing import lint_text

HEAD = "某某镇2023年农村道路养护项目绩效自评报告\n一、项目基本情况\n"
SENTENCE = "镇政府按照年度计划及时足额拨付农村道路养护项目资金并加强监督管理"


def _pl606(body: str):
    return [f for f in lint_text(HEAD + body + "\n", select=["PL606"]) if f.code == "PL606"]


def test_a_sentence_ending_like_a_title_line_alone_is_not_a_repeat():
    # the title-like line shares the sentence's ending (one bucket of two) but is no candidate
    assert _pl606(f"{SENTENCE}\n项目已于年底完工。\n{SENTENCE}。") == []


def test_a_sentence_written_twice_is_reported_once_pointing_back():
    (finding,) = _pl606(f"{SENTENCE}。项目已于年底完工。\n二、绩效目标完成情况\n{SENTENCE}。")
    assert "重复" in finding.message and finding.related


def test_sentences_with_the_same_ending_but_other_words_are_fine():
    assert _pl606(f"{SENTENCE}。\n县交通局按照养护计划统一组织农村道路养护项目资金并加强监督管理。") == []
