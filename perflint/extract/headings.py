"""Recognize section headings, numbered (`一、` `（一）` `1、` `（1）`) or not.

Text exported from Word often loses the numbering, so a heading is also recognized by matching
the outline of the report's form profile fuzzily (`perflint.profiles.outline.OutlineIndex`: with or
without `（单位）`, `当年`, punctuation and a trailing `：从…方面反映…` explanation). The outline
also gives the heading its role. Other short title-like lines (no sentence punctuation, no figures
that read as a statement) count as lower-level headings, because reports add their own
sub-headings (`区公共资源交易中心`, `数量方面`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perflint.profiles.outline import MAX_REMEMBERED, OutlineIndex

#: Section numbers and the level each gives, tried in this order: the first that matches decides.
_NUMBERS: tuple[tuple[str, int], ...] = (
    (r"第[一二三四五六七八九十]{1,3}(?:部分|章)\s*[、.．：:]?\s*", 1),
    (r"第[一二三四五六七八九十]{1,3}节\s*[、.．：:]?\s*", 2),
    (r"\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d%.])\s*", 3),
    (r"\d{1,2}\.\d{1,2}(?![\d%.])\s*", 2),
    (r"[一二三四五六七八九十]{1,3}\s*[、.．]\s*", 1),
    (r"[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*[、.．]?\s*", 2),
    (r"\d{1,2}\s*(?:[、．]|\.(?!\d))\s*", 3),
    (r"[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?\s*", 4),
)
#: `_NUMBERS` as one expression, each a group of its own in the same order: an alternation takes
#: its first alternative that matches, as trying the numbers in order does, in one call.
_NUMBERED = re.compile("|".join(f"({pattern})" for pattern, _ in _NUMBERS))
_LEVELS = (0, *(level for _, level in _NUMBERS))  # by the number of the group that matched (from 1)
_SENTENCE_END = re.compile(r"[。；;，,：:！？!?]$")
_DATE_ONLY = re.compile(r"[\d\s年月日号.\-/（）()]+")
#: `_title_like`'s patterns, compiled once: it runs on every short paragraph.
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")
_NOT_IN_TITLE = re.compile(r"[。；;：:\d]")
_MAX_TITLE = 30
#: Where a numbered heading can start: a paragraph that starts otherwise skips `_NUMBERED`.
_NUMBER_START = re.compile(r"[第\d一二三四五六七八九十（(]")
#: The longest paragraph whose answer `detect` remembers: headings are short, and a long paragraph
#: (prose, unique to its report) is decided in a few tests without filling the memory.
MAX_REMEMBERED_TEXT = 80
UNKNOWN = object()  # not yet worked out (None is an answer: no heading)


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognized heading: its level, where its title starts (after the number) and how."""

    level: int
    title_start: int
    kind: str  # "numbered", "outline" or "title"
    outline: str | None = None  # the outline heading it matched, if any
    role: str | None = None  # that heading's role in the profile


def _title_like(title: str) -> bool:
    if not title or len(title) > _MAX_TITLE or _SENTENCE_END.search(title):
        return False
    if _DATE_ONLY.fullmatch(title):
        return False
    # a heading may name an indicator with its points (数量指标（指标分数27分，实际得分24分）)
    bare = _PARENTHESES.sub("", title)
    return bool(bare) and not _NOT_IN_TITLE.search(bare)


def is_numbered(text: str) -> bool:
    """Whether a heading's text starts with a section number (`三、`, `（二）`, `2.`, `第一部分`)."""
    stripped = text.strip()
    return bool(_NUMBER_START.match(stripped)) and _NUMBERED.match(stripped) is not None


def detect(text: str, outline: OutlineIndex, *, has_next: bool = True) -> Heading | None:
    """Whether a paragraph is a heading, given the profile's outline. `has_next` is False for the
    last block (a closing signature line is not a heading).

    The answer depends on the text and the outline only (and `has_next`, for the last block): the
    answers for short texts, which are the headings every report of a form repeats, are
    remembered with the outline (`OutlineIndex.headings`), so each is worked out once per run."""
    if not has_next or len(text) > MAX_REMEMBERED_TEXT:
        return _detect(text, outline, has_next)
    known = outline.headings
    found = known.get(text, UNKNOWN)
    if found is UNKNOWN:
        if len(known) >= MAX_REMEMBERED:
            known.clear()
        found = known[text] = _detect(text, outline, True)
    return found  # type: ignore[return-value]


def _detect(text: str, outline: OutlineIndex, has_next: bool) -> Heading | None:
    stripped = text.strip()
    if not stripped:
        return None
    match = _NUMBERED.match(stripped) if _NUMBER_START.match(stripped) else None
    if match is not None:
        level = _LEVELS[match.lastindex or 0]
        title = stripped[match.end():]
        if not title:
            return None
        found = outline.match(title)
        # the numbering says how deep: `1.社会满意度` under `（三）…` is level 3, and another
        # province's chapter `五、存在的主要问题及原因分析` is level 1 though worded like a sub-section
        if found is not None:
            return Heading(level, match.end(), "outline", found.title, found.role)
        if _title_like(title):
            return Heading(level, match.end(), "numbered")
        return None
    if len(stripped) > max(2 * outline.longest + 40, _MAX_TITLE):
        return None  # too long for an outline heading (below) and for a title (`_title_like`)
    found = outline.match(stripped)
    if found is not None and len(stripped) <= 2 * len(found.title) + 40:
        return Heading(found.level, 0, "outline", found.title, found.role)
    if has_next and _title_like(stripped):
        return Heading(0, 0, "title")
    return None
