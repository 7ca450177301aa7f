"""PL508 heading-numbering: a heading number repeats or goes backwards.

What it checks
    The leading numbering of every section heading (`一、` `（一）` `1.` `1、` `（1）` `第一部分` …,
    the styles perflint.extract.headings reads) and of numbered paragraphs in section bodies
    (`1.数量指标。…`, list items that read as run-in headings). Numbers are compared only within
    one numbering style, at the same level, under the same parent: a heading or item of a higher
    level starts a new sequence, and unnumbered headings in between do not break one. Reported:
    a heading whose number is not greater than the previous heading's (`4.成本指标 … 4.社会效益
    指标`, `（三） … （二）`), quoting it and naming the number expected. For numbered body
    paragraphs only a repeated number or a step back to a number other than 1 is reported (a
    second list in the same section starts again at 1). A gap (`1.` `2.` `4.`) is not reported.

Why it matters
    A repeated or backward number means the structure of the report is wrong: an item was
    pasted twice, renamed without renumbering, or one in between is missing.

Example
    4.成本指标
    4.社会效益指标                                                  (PL508, expected 5)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from perflint.analysis.spans import locate
from perflint.findings import Finding
from perflint.model import Report, Span
from perflint.rules.base import CheckContext, ReportRule

_CN = "一二三四五六七八九十"
_CN_DIGIT = {c: i for i, c in enumerate(_CN[:9], 1)}
#: Numbering styles: (style, numbering level as in perflint.extract.headings, pattern capturing
#: the number). Decimal outlines (`1.2`, `1.2.3`) are matched first and left out of sequences.
_STYLES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("第部分", 1, re.compile(rf"第([{_CN}]{{1,3}})(?:部分|章)")),
    ("第节", 2, re.compile(rf"第([{_CN}]{{1,3}})节")),
    ("", 0, re.compile(r"\d{1,2}\.\d{1,2}(?![\d%])")),
    ("一、", 1, re.compile(rf"([{_CN}]{{1,3}})\s*[、.．]")),
    ("（一）", 2, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    ("1、", 3, re.compile(r"(\d{1,2})\s*、")),
    ("1.", 3, re.compile(r"(\d{1,2})\s*(?:．|\.(?!\d))")),
    ("（1）", 4, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
)
#: What every style of `_STYLES` starts with: one test rules out the unnumbered lines (most of a
#: body's) before the styles are tried one by one.
_NUMBERED_START = re.compile(rf"[第（(\d{_CN}]")
#: A body line whose first character but spaces can start a numbering: the match ends after it.
_NUMBERED_LINE = re.compile(rf"(?m)^[^\S\n]*[第（(\d{_CN}]")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int, or None (`十十`)."""
    if text in _CN_DIGIT:
        return _CN_DIGIT[text]
    match = re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", text)
    if match is None:
        return None
    tens, ones = match.groups()
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _chinese(number: int) -> str:
    tens, ones = divmod(number, 10)
    if not tens:
        return _CN[ones - 1]
    return ("" if tens == 1 else _CN[tens - 1]) + "十" + (_CN[ones - 1] if ones else "")


def _any_style() -> tuple[re.Pattern[str], dict[int, int]]:
    """`_STYLES` as one pattern, each style's pattern an alternative in a group of its own, and
    the number of each such group's style. Alternatives are tried in order where the match
    starts, so the first style that matches is the one a match of each pattern in turn finds."""
    alternatives, styles, group = [], {}, 1
    for index, (_, _, pattern) in enumerate(_STYLES):
        alternatives.append(f"({pattern.pattern})")
        styles[group] = index
        group += 1 + pattern.groups
    return re.compile("|".join(alternatives)), styles


_ANY_STYLE, _STYLE_OF_GROUP = _any_style()


def numbering(text: str) -> tuple[str, int, int] | None:
    """(style, numbering level, number) of a heading's leading numbering, or None."""
    stripped = text.strip()
    if _NUMBERED_START.match(stripped) is None:
        return None
    match = _ANY_STYLE.match(stripped)
    if match is None:
        return None
    style, level, _ = _STYLES[_STYLE_OF_GROUP[match.lastindex]]
    if not style:
        return None
    raw = match.group(match.lastindex + 1)  # the style's own group: the number
    number = int(raw) if raw.isdigit() else chinese_number(raw)
    return (style, level, number) if number else None


class _Item(NamedTuple):
    level: int
    numbered: tuple[str, int, int] | None
    heading: bool
    text: str
    span: Span | None


class HeadingNumbering(ReportRule):
    """A heading's number repeats or goes backwards within its sequence."""

    code = "PL508"
    name = "heading-numbering"
    severity = "warning"
    groups = ("completeness",)
    messages = {
        "zh": "编号“{number}”与上一个同级编号“{previous}”重复或顺序倒退，此处应为“{expected}”"
              "（结构有误或缺项）：{heading}",
        "en": "the number “{number}” repeats or goes back from the previous one at this level "
              "(“{previous}”); expected “{expected}”: {heading}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        # each open item: (level, its id); sequences by (parent id, style, level)
        stack: list[tuple[int, int]] = []
        last: dict[tuple[int, str, int], _Item] = {}
        for index, (level, item) in enumerate(_items(report)):
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else -1
            stack.append((level, index))
            if item is None or item.numbered is None:
                continue
            style, _, number = item.numbered
            key = (parent, style, item.level)
            previous = last.get(key)
            last[key] = item
            if previous is None:
                continue
            before = previous.numbered[2]
            if item.heading and previous.heading:
                wrong = number <= before
            else:
                wrong = number == before or 1 < number < before
            if not wrong:
                continue
            show = str if "1" in style else _chinese
            yield ctx.finding(item.span, number=show(number), previous=show(before),
                              expected=show(before + 1), heading=item.text[:40],
                              related=[(previous.span, "上一项" if ctx.lang == "zh" else "previous")])


def _items(report: Report) -> Iterator[tuple[int, _Item | None]]:
    """Section headings and numbered body paragraphs in reading order, each with its level; an
    unnumbered heading only places the items after it (as their parent), so it is no `_Item`."""
    for section in report.sections:
        heading = section.heading.text
        numbered = _heading_numbering(heading)
        yield section.level, (None if numbered is None
                              else _Item(section.level, numbered, True, heading.strip(), section.span))
        body = section.body
        if body is None:
            continue
        text = body.text
        # one scan for the lines that can be numbered (`_NUMBERED_START` after the spaces), not a
        # test of every line
        for match in _NUMBERED_LINE.finditer(text):
            end = text.find("\n", match.start())
            line = text[match.start():end if end >= 0 else len(text)]
            found = numbering(line)
            if found is None:
                continue
            yield found[1], _Item(found[1], found, False, line.strip(),
                                  locate(body, match.end() - 1, match.start() + len(line)))


#: `numbering` of a heading, kept: reports of one form share their headings (not their body lines).
_heading_numbering = lru_cache(maxsize=4096)(numbering)
