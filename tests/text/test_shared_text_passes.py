"""Work done once, or more cheaply, gives what it gave before: the blocks of a report joined once
for the rules that search them (PL602, PL504, PL509), MinHash signatures made in chunks of any
size (the chunk only bounds the block of products held at once), and paragraphs normalized with
numbering found after line breaks instead of at every line start."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from perflint.model import Text
from perflint.rules import texthits
from perflint.rules.texthits import Joined, joined_blocks
from perflint.testing import lint_text
from perflint.textmatch import normalize, similarity
from perflint.textmatch.pieces import Block
from perflint.textmatch.similarity import shingle_runs, signatures_of

BODIES = ["全年下达项目资金86万元，已全部拨付使用。", "", "  ", "一是加强资金管理；二是进一步加强绩效监控。",
          "完成道路改造3.2公里，受益群众1200人次。\n建设标准化厂房2座"]


def _blocks(texts: list[str]) -> list[Block]:
    return [Block(Text(text=text), None, 1, index) for index, text in enumerate(texts)]


def test_the_blocks_of_one_list_are_joined_once():
    blocks = _blocks(BODIES)
    joined = joined_blocks(blocks)
    assert joined_blocks(blocks) is joined
    assert (joined.text, joined.starts) == (Joined(BODIES).text, Joined(BODIES).starts)


def test_another_list_of_blocks_is_joined_anew():
    first = _blocks(BODIES)
    joined = joined_blocks(first)
    again = _blocks(BODIES[:2])  # another report's blocks: a new list, even of equal blocks
    assert joined_blocks(again).text == Joined(BODIES[:2]).text
    assert joined_blocks(first) is not joined  # only the last list is kept
    assert joined_blocks(first).text == joined.text


def test_rules_sharing_the_joined_blocks_find_what_each_finds_alone(monkeypatch):
    report = ("某县2023年农村道路建设项目绩效自评报告\n"
              "一、项目基本情况\n完成道路改造，效果明显，进一步加强管理。\n"
              "二、绩效目标完成情况\n新建桥梁座，改造道路公里，培训农户人次。\n"
              "三、存在的问题\n有效提升了服务水平。\n")
    codes = ["PL504", "PL509", "PL602"]
    shared = [(f.code, f.message, f.span) for f in lint_text(report, select=codes)]
    monkeypatch.setattr(texthits, "joined_blocks", lambda blocks: Joined([b.text.text for b in blocks]))
    monkeypatch.setattr("perflint.rules.text.template_phrase.joined_blocks",
                        lambda blocks: Joined([b.text.text for b in blocks]))
    alone = [(f.code, f.message, f.span) for f in lint_text(report, select=codes)]
    assert shared == alone
    assert {code for code, _, _ in shared} >= {"PL509", "PL602"}


@pytest.mark.parametrize("chunk", [1, 7, 64, 3072, 1 << 13])
def test_signatures_do_not_depend_on_the_chunk_size(monkeypatch, chunk):
    rng = random.Random(chunk)
    words = ["预算执行率", "本单位", "0年度", "项目资金", "绩效目标", "按时拨付", "群众满意度达", "95",
             "公里"]
    texts = ["".join(rng.choice(words) for _ in range(rng.randint(1, 40))) for _ in range(200)]
    texts.append("资金" * 2000)  # one text longer than any chunk
    hashes, counts = shingle_runs(texts, 3)
    monkeypatch.setattr(similarity, "_CHUNK_SHINGLES", 1 << 13)
    expected = signatures_of(hashes, counts)
    monkeypatch.setattr(similarity, "_CHUNK_SHINGLES", chunk)
    assert np.array_equal(signatures_of(hashes, counts), expected)


def _normalized_as_before(texts: list[str], self_name: str | None, mask_figures: bool) -> list[str]:
    """`normalize_many` as it was written before its numbering pass looked for line breaks: numbering
    at every line start (`^`), and every text's line breaks made spaces one by one."""
    if not texts:
        return []
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    joined = joined.translate(normalize._FULLWIDTH_DIGITS)
    if self_name and len(self_name) >= 2 and "\n" not in self_name:
        joined = joined.replace(self_name, "本")
    joined = normalize._SELF.sub("本", joined)
    numbering = re.compile(r"(?m:^)[^\S\n]*(?:[（(]\d{1,2}[)）]|\d{1,2}[、.．](?!\d))")
    joined = normalize._NON_WORD.sub("", numbering.sub("", joined)).replace("_", "")
    joined = (normalize._ALL_DIGITS if mask_figures else normalize._YEAR).sub("0", joined).lower()
    return joined.split("\n")


def test_normalizing_finds_numbering_where_a_line_start_search_found_it():
    rng = random.Random(607)
    pieces = ["1、", "12.", "（3）", "(4)", "1.5", "３、", "2021年", "本单位", "我中心", "某县林业局", " ",
              "\u3000", "\t", "\n", "\r", "。", "，", "_", "加强资金管理", "完成率100%", "123、",
              "（一）", "Ａ"]
    for number in range(3000):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
                 for _ in range(rng.randint(1, 6))]
        name = rng.choice([None, "某县林业局", "1、"])
        mask = number % 2 == 0
        assert normalize.normalize_many(texts, self_name=name, mask_figures=mask) == \
            _normalized_as_before(texts, name, mask), texts
