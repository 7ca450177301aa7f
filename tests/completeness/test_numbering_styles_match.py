"""PL508 reads a line's numbering with one match of all the styles: the style it finds is the
one that trying each style's pattern in turn finds, for any line."""

from __future__ import annotations

import itertools
import random

from perflint.rules.completeness.heading_numbering import _STYLES, chinese_number, numbering


def _one_style_at_a_time(text: str) -> tuple[str, int, int] | None:
    """`numbering` as it was written: each style's pattern tried in turn."""
    stripped = text.strip()
    for style, level, pattern in _STYLES:
        match = pattern.match(stripped)
        if match is None:
            continue
        if not style:
            return None
        raw = match.group(1)
        number = int(raw) if raw.isdigit() else chinese_number(raw)
        return (style, level, number) if number else None
    return None


def _lines() -> list[str]:
    heads = ["", " ", "　", "第一部分", "第十二章", "第三节", "一、", "十一．", "二.", "（一）", "(三)",
             "（ 四 ）", "1、", "12 、", "3.", "4．", "5.6", "1.2.3", "(1)", "（12）", "0、", "十十、",
             "100、", "2.5%",
             "一二三四、", "第、", "（）", "1.2%", "(", "第一", "12.", "9.9万元"]
    tails = ["", "部门概况", " 项目基本情况", "、", ".5", "。", "1", "（一）", "%"]
    found = [head + tail for head, tail in itertools.product(heads, tails)]
    rng = random.Random(11)
    alphabet = "第一二三四五六七八九十部分章节、.．（()）1234567890 %"
    found += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(4000)]
    return found


def test_one_match_finds_the_style_each_pattern_in_turn_finds() -> None:
    lines = _lines()
    assert sum(numbering(line) is not None for line in lines) > 300
    for line in lines:
        assert numbering(line) == _one_style_at_a_time(line), line
