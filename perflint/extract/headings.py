"""Recognize section headings, numbered (`一、` `（一）` `1、` `（1）`) or not.

Text exported from Word often loses the numbering (seeds 000 and 004), so a heading is also
recognized by matching the outline of a 部门整体支出绩效自评报告 (regulations.md §2.3, the Jiangxi
template) fuzzily: with or without `（单位）`, `部门`, `当年`, punctuation and a trailing
`：从…方面反映…` explanation. Other short title-like lines (no sentence punctuation, no figures
that read as a statement) count as lower-level headings, because reports add their own
sub-headings (`区公共资源交易中心`, `数量方面`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The Jiangxi outline: (level, heading). Keys are matched after `_key` normalization.
OUTLINE: tuple[tuple[int, str], ...] = (
    (1, "部门（单位）概况"),
    (1, "部门基本概况"),
    (2, "部门（单位）主要职责职能，组织架构、人员及资产等基本情况"),
    (2, "当年部门（单位）履职总体目标、工作任务"),
    (2, "当年部门（单位）年度整体支出绩效目标"),
    (2, "部门（单位）预算绩效管理开展情况"),
    (2, "当年部门（单位）预算及执行情况"),
    (1, "部门（单位）整体支出绩效实现情况"),
    (2, "履职完成情况"),
    (2, "履职效果情况"),
    (2, "社会满意度及可持续性影响"),
    (2, "社会满意度"),
    (1, "部门整体支出绩效中存在问题及改进措施"),
    (2, "主要问题及原因分析"),
    (2, "改进的方向和具体措施"),
    (1, "绩效自评结果拟应用和公开情况"),
)

_NUMBERED: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"第[一二三四五六七八九十]{1,3}(?:部分|章)\s*[、.．：:]?\s*"), 1),
    (re.compile(r"第[一二三四五六七八九十]{1,3}节\s*[、.．：:]?\s*"), 2),
    (re.compile(r"\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d%.])\s*"), 3),
    (re.compile(r"\d{1,2}\.\d{1,2}(?![\d%.])\s*"), 2),
    (re.compile(r"[一二三四五六七八九十]{1,3}\s*[、.．]\s*"), 1),
    (re.compile(r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*[、.．]?\s*"), 2),
    (re.compile(r"\d{1,2}\s*(?:[、．]|\.(?!\d))\s*"), 3),
    (re.compile(r"[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?\s*"), 4),
)
_NOISE = re.compile(r"[（(]单位[）)]|当年|[\s，,、：:。；;（）()“”\"'‘’]")
_COLON = re.compile(r"[：:]")
_SENTENCE_END = re.compile(r"[。；;，,：:！？!?]$")
_DATE_ONLY = re.compile(r"[\d\s年月日号.\-/（）()]+")
_MAX_TITLE = 30
#: Where a numbered heading can start: a paragraph that starts otherwise skips `_NUMBERED`.
_NUMBER_START = re.compile(r"[第\d一二三四五六七八九十（(]")
#: An unnumbered paragraph longer than this is not an outline heading (see `detect`).
_MAX_OUTLINE_PARAGRAPH = 2 * max(len(heading) for _, heading in OUTLINE) + 40


def _key(text: str) -> str:
    return _NOISE.sub("", text)


_OUTLINE_KEYS: tuple[tuple[str, int, str], ...] = tuple((_key(h), level, h) for level, h in OUTLINE)
#: The outline keys by their last character, in outline order: equal keys and keys where one
#: ends with the other share their last character, so only these can match (a paragraph is
#: compared with one or two keys instead of all of them).
_KEYS_BY_LAST: dict[str, tuple[tuple[str, int, str], ...]] = {
    last: tuple(entry for entry in _OUTLINE_KEYS if entry[0][-1] == last)
    for last in {entry[0][-1] for entry in _OUTLINE_KEYS}}


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognized heading: its level, where its title starts (after the number) and how."""

    level: int
    title_start: int
    kind: str  # "numbered", "outline" or "title"
    outline: str | None = None  # the outline heading it matched, if any


def outline_match(title: str) -> tuple[int, str] | None:
    """The outline heading `title` names (fuzzily), with its level."""
    colon = _COLON.search(title)
    head = title[:colon.start()] if colon else title
    key = _key(head)
    if len(key) < 4:
        return None
    for outline_key, level, heading in _KEYS_BY_LAST.get(key[-1], ()):
        shorter = min(len(key), len(outline_key))
        if key == outline_key or (shorter >= 6 and (key.endswith(outline_key)
                                                    or outline_key.endswith(key))):
            return level, heading
    return None


def _title_like(title: str) -> bool:
    if not title or len(title) > _MAX_TITLE or _SENTENCE_END.search(title):
        return False
    if _DATE_ONLY.fullmatch(title):
        return False
    # a heading may name an indicator with its points (数量指标（指标分数27分，实际得分24分）)
    bare = re.sub(r"[（(][^）)]*[）)]", "", title)
    return bool(bare) and not re.search(r"[。；;：:\d]", bare)


def detect(text: str, *, has_next: bool = True) -> Heading | None:
    """Whether a paragraph is a heading. `has_next` is False for the last block (a closing
    signature line is not a heading)."""
    stripped = text.strip()
    if not stripped:
        return None
    for pattern, level in _NUMBERED if _NUMBER_START.match(stripped) else ():
        match = pattern.match(stripped)
        if match is None:
            continue
        title = stripped[match.end():]
        if not title:
            return None
        found = outline_match(title)
        if found is not None:  # `1.社会满意度` under `（三）…`: the numbering says how deep
            return Heading(max(found[0], level), match.end(), "outline", found[1])
        if _title_like(title):
            return Heading(level, match.end(), "numbered")
        return None
    if len(stripped) > _MAX_OUTLINE_PARAGRAPH:
        return None  # too long for an outline heading (below) and for a title (`_title_like`)
    found = outline_match(stripped)
    if found is not None and len(stripped) <= 2 * len(found[1]) + 40:
        return Heading(found[0], 0, "outline", found[1])
    if has_next and _title_like(stripped):
        return Heading(0, 0, "title")
    return None
