"""An outline's `match` (perflint.profiles.outline.OutlineIndex) answers as the plain lookup does:
its shortcut (a paragraph whose key cannot end like an outline key is refused before the key is
built) and its memory change no answer, for every built-in outline, on varied generated
paragraphs: headings numbered or not, with `（单位）`, `当年`, colons, trailing punctuation and
spaces, and sentences of prose."""

from __future__ import annotations

import random

import pytest

from perflint.profiles.outline import OutlineIndex
from perflint.profiles.registry import builtin_profiles

_PREFIXES = ["", "一、", "（二）", "3.", "1.2 ", "第一部分 ", "②", "  ", "\u3000"]
_NOISE = ["", "（单位）", "(单位)", "当年", "：", ":", "。", "，", " ", "\u3000", "\t", "\xa0", "“", "）",
          "、"]
_PROSE = ["全年预算执行率为93.5%", "本单位按照要求开展了自评工作", "完成年度目标", "资金到位及时",
          "项目实施后群众满意度明显提升", "其中中央补助250万元", "存在的问题", "下一步改进措施"]
_TAILS = ["从数量、质量方面反映", "说明如下", "", "详见附表"]


def _outlines() -> list[OutlineIndex]:
    return [OutlineIndex(profile.outline) for profile in builtin_profiles().profiles.values()
            if profile.outline]


def _paragraph(rng: random.Random, wordings: list[str]) -> str:
    roll = rng.random()
    if roll < 0.5:
        body = rng.choice(wordings)
        cut = rng.randint(0, len(body))
        body = body[cut:] if rng.random() < 0.3 else body  # a shorter ending of the heading
    elif roll < 0.8:
        body = "".join(rng.choice(_PROSE) for _ in range(rng.randint(1, 4)))
    else:
        pieces = [*_PROSE, *_NOISE, "年", "位", "单", "当"]
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
    text = rng.choice(_PREFIXES) + body
    for _ in range(rng.randint(0, 3)):
        text += rng.choice(_NOISE)
    if rng.random() < 0.3:
        text += rng.choice("：:") + rng.choice(_TAILS)
    return text


def _wordings(outline: OutlineIndex) -> list[str]:
    return sorted({hit.title for _, hit in outline.entries} | {key for key, _ in outline.entries})


@pytest.mark.parametrize("seed", range(4))
def test_match_equals_plain_lookup(seed: int) -> None:
    rng = random.Random(seed)
    outlines = _outlines()
    assert outlines
    refused = 0
    for outline in outlines:
        wordings = _wordings(outline)
        for _ in range(1500):
            text = _paragraph(rng, wordings)
            refused += not outline._may_name(text)
            assert outline.match(text) == outline._lookup(text), text
            assert outline.match(text) == outline._lookup(text), text  # remembered
    assert refused  # the shortcut is taken
