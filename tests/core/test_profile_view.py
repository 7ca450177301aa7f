"""Profile detection's per-document view (perflint.profiles.registry._View) answers as the plain
definitions say, on varied generated documents: its shortcuts (whitespace removed with str.split,
heading keys searched as one string, answers remembered per heading) change no answer."""

from __future__ import annotations

import random
import re
import sys

from perflint.profiles.outline import heading_key
from perflint.profiles.registry import _View

_SPACE = re.compile(r"\s+")

#: Heading wordings of the shapes reports use: numbered, with （单位） and 当年, with a colon and an
#: explanation, short ones (under four characters of key), and ones that end another.
_HEADINGS = ["一、基本情况", "（一）部门基本概况", "基本概况", "2.产出情况", "绩效目标实现情况",
             "目标实现情况", "三、存在问题及原因", "问题", "五、当年预算执行情况", "满意度",
             "部门（单位）预算执行情况：说明如下", "其他需要说明的情况", "需要说明的情况",
             "（二）效益情况", "效益", "附件", "1、", "第二部分 自评结论"]
_FILLER = "本单位按照要求开展了自评工作，全年预算执行率为93.5%，完成年度目标。"
_SPACES = [" ", "\u3000", "\t", "\xa0", "\n", "\u2003", "\u200b", "\x1c", "\x85"]


def _document(rng: random.Random) -> list[str | list[list[str]]]:
    blocks: list[str | list[list[str]]] = []
    for _ in range(rng.randint(0, 30)):
        roll = rng.random()
        if roll < 0.4:
            text = rng.choice(_HEADINGS)
        elif roll < 0.8:
            text = _FILLER * rng.randint(1, 12)
        else:
            rows = [[_spaced(rng, rng.choice([*_HEADINGS, "项目名称", "预算数", "执行数", ""]))
                     for _ in range(rng.randint(1, 5))] for _ in range(rng.randint(1, 14))]
            blocks.append(rows)
            continue
        blocks.append(_spaced(rng, text))
    return blocks


def _spaced(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 4)):
        chars.insert(rng.randint(0, len(chars)), rng.choice(_SPACES))
    return "".join(chars)


def _count(view: _View, headings: list[str]) -> int:
    """heading_count as defined: a key equal to the heading's, or ending with it (four characters or more)."""
    count = 0
    for heading in headings:
        want = heading_key(heading)
        if want and any(want == key or (len(want) >= 4 and key.endswith(want)) for key in view.heading_keys):
            count += 1
    return count


def _first(view: _View, headings: list[str]) -> tuple[int, str]:
    wants = [heading_key(h) for h in headings]
    for block, text in view.captions:
        key = heading_key(text)
        if any(want and (key == want or (len(want) >= 4 and key.endswith(want))) for want in wants):
            return block, text
    return 0, ""


def test_str_split_removes_exactly_the_whitespace_a_regular_expression_does():
    split = {chr(c) for c in range(sys.maxunicode + 1) if "".join(f"a{chr(c)}b".split()) != f"a{chr(c)}b"}
    matched = {chr(c) for c in range(sys.maxunicode + 1) if _SPACE.fullmatch(chr(c))}
    assert split == matched


def test_the_view_reads_captions_rows_and_titles_as_the_plain_definitions_do():
    rng = random.Random(18)
    for _ in range(300):
        blocks = _document(rng)
        view = _View(blocks)
        rows: list[str] = []
        for block in blocks:
            if isinstance(block, str):
                if len(block) <= 400:
                    rows.append(_SPACE.sub("", block))
            else:
                rows.extend(_SPACE.sub("", "".join(row)) for row in block[:12])
        assert view.rows == rows
        for _, text in view.captions:
            assert text and not _SPACE.search(text)


def test_heading_count_and_first_heading_answer_as_defined():
    rng = random.Random(7)
    for _ in range(300):
        view = _View(_document(rng))
        for _ in range(6):
            headings = rng.sample(_HEADINGS, rng.randint(0, 6))
            assert view.heading_count(headings) == _count(view, headings), headings
            assert view.first_heading(headings) == _first(view, headings), headings
