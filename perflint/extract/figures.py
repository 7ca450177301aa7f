"""Find the figures written in running text: `11016.94万元`, `不少于24次`, `占比96.96%`, `１２３％`.

One compiled regular expression scans a paragraph once. It has no nested quantifiers, so its run
time is linear in the text, whatever the input. Dates (`2022年12月31日`, `2021年度`) are matched by
the same expression and skipped, so `2022年` is never read as a duration in years. Each figure
keeps the exact source text as its literal; `perflint.numbers.parse_figure` gives its value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import NamedTuple

from perflint.model.quantity import cached_parse_figure
from perflint.numbers import BASE_UNITS, NumberFormatError, ParsedFigure

#: Full-width digits and number punctuation → ASCII, one character for one, so offsets in the
#: translated text are offsets in the source. The full-width comma stays: it is usually a clause
#: separator (`7宗，划拨`), and is read as a thousands separator only before a money unit.
_MATCH_TABLE = str.maketrans("０１２３４５６７８９．％＜＞＝＋－≧≦", "0123456789.%<>=+-≥≤")

_COMPARATORS = (
    "不少于", "不低于", "不小于", "不高于", "不超过", "不大于", "大于等于", "小于等于", "大于或等于",
    "小于或等于", "控制在", "≥", "≤", ">=", "<=", ">", "<", "大于", "小于", "高于", "低于", "超过",
)
_SUFFIXES = ("以上", "以下", "以内")
_MAGNITUDES = ("万", "亿", "千")
_MONEY = ("亿元", "万元", "千元", "元")
_MAX_CELL_FIGURE = 40
#: Characters that, right after a one-character unit, make a word instead (人员, 分析, 年度 …).
_NOT_AFTER = {"人": "员数口均", "项": "目", "次": "数", "件": "数", "户": "数籍", "所": "属有在以",
              "期": "间限", "处": "理室", "名": "单称", "分": "别析配类管期解", "条": "件例款",
              "天": "数", "年": "度底末初", "月": "份底末初", "间": "隔断", "类": "别型", "门": "类户"}


def _unit_words() -> list[str]:
    words = set(BASE_UNITS) | {m + u for m in _MAGNITUDES for u in BASE_UNITS if u not in {"%", "‰"}}
    # 3个批次, 6个月: only units that are not also the first character of a common noun
    # (2个项目 is two projects, not 2 项; 1个所属单位 is one unit)
    words |= {"个" + u for u in ("批次", "月", "小时", "工作日") if u in BASE_UNITS}
    words.discard("km")
    return sorted(words, key=len, reverse=True)


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    """Any of `words`, longest first, as a prefix tree (`万(?:人次|元)?`): the same matches, tried in
    the same order, as `|`.join of the words sorted by length, longest first. The words a text
    starts with form a chain of prefixes, and both forms try that chain longest first; but the
    regex engine tries a flat alternation word by word (two hundred unit words after every number),
    a tree one character per level."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _subtree(tree)


def _subtree(node: dict[str, dict]) -> str:
    """The regex of a prefix tree's node (`""` marks a word's end): its branches, the characters
    that end a word and lead nowhere as one class, all optional (tried first) if a word ends here."""
    children = {char: child for char, child in node.items() if char}
    leaves = sorted(char for char, child in children.items() if child.keys() == {""})
    branches = [re.escape(char) + _subtree(child) for char, child in sorted(children.items())
                if char not in leaves]
    if leaves:
        branches.append(re.escape(leaves[0]) if len(leaves) == 1
                        else "[" + "".join(re.escape(char) for char in leaves) + "]")
    if len(branches) > 1:
        body = "(?:" + "|".join(branches) + ")"
    elif "" in node and not (leaves and len(children) == len(leaves)):
        body = f"(?:{branches[0]})"  # a sequence of characters: grouped before `?` applies
    else:
        body = branches[0]  # one character or one class
    return f"{body}?" if "" in node else body


_UNIT = f"(?:{_alternation(_unit_words())})"
#: A date: `2022年`, `2022年3月5日`, `3月5日`, or `2022.3.5` / `2022-03` with a real month (and day),
#: never followed by money, a percent or another digit: `2021.50万元` and `1944.00万元` are amounts.
_DATE = (r"(?:19|20)\d{2}\s?(?:年(?:度)?(?:\s?\d{1,2}\s?月(?:份|底|末|初)?(?:\s?\d{1,2}\s?[日号])?)?"
         r"|[./-](?:0?[1-9]|1[0-2])(?:[./-](?:0?[1-9]|[12]\d|3[01]))?(?![\d.])"
         rf"(?!\s?(?:{_alternation(_MONEY)}|万|亿|%|％)))"
         r"|\d{1,2}\s?月(?:份|底|末|初)?\s?\d{1,2}\s?[日号]")
#: Digit runs are bounded (a figure has at most 15 integer and 10 decimal digits): a longer run is
#: an identifier or garbage, and bounded runs keep the scan linear on any input. A grouped number
#: (`1，234`, `1,234`) is tried only where its separator follows the first digits (a lookahead the
#: alternative needs anyway): most numbers are not grouped, and each grouped alternative otherwise
#: backtracks through its three first-digit lengths before it fails.
_NUMBER = (rf"(?=\d{{1,3}}，)\d{{1,3}}(?:，\d{{3}}){{1,4}}(?:\.\d{{1,10}}|)(?=\s?(?:{_alternation(_MONEY)}))"
           r"|(?=\d{1,3},)\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,10}|)(?![\d,])"
           r"|\d{1,15}(?:\.\d{1,10}|)(?![\d.])")
#: An optional part is written `(?:X|)`, not `(?:X)?`: the same attempts in the same order (X, then
#: nothing), but the engine runs a group's `?` through its general repeat, and a branch is cheaper.
_FIGURE = re.compile(
    rf"(?P<date>(?<![\d.]){_DATE})"
    rf"|(?:(?P<cmp>{_alternation(_COMPARATORS)})\s?|)(?<![\d.])(?P<number>{_NUMBER})"
    rf"(?:\s?(?P<unit>{_UNIT}(?:/{_UNIT})?)|)(?:(?P<suffix>{_alternation(_SUFFIXES)})|)"
)


#: A character that `_MATCH_TABLE` changes: most paragraphs have none, and `str.translate` is
#: slow on Chinese text, so it runs only when needed.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _MATCH_TABLE))) + "]")


def _start() -> str:
    """Where a figure can start: a digit, a comparator that is a symbol (`>`, `≤`), or the first
    character of a comparator word that is there whole and followed by a number (`不低于 90`).

    The scan tries the full expression only there, because Python's regex engine cannot skip ahead
    on an expression that starts with a lookbehind and tries it at every position of the text. The
    expression starts with one character class, so the engine skips ahead to its characters, and
    checks the rest of the word after it: 不, 高, 大, 小 and 控 begin many words (不断, 提高), and
    each was an attempt of the whole expression that failed."""
    rests: dict[str, list[str]] = {}
    for word in _COMPARATORS:
        rests.setdefault(word[0], []).append(word[1:])
    alone = "".join(sorted(first for first, after in rests.items() if "" in after))
    words = [rf"(?<={re.escape(first)})(?={_alternation(after)}\s?\d)"
             for first, after in sorted(rests.items()) if "" not in after]
    firsts = re.escape("".join(sorted(rests)))
    return rf"[\d{firsts}](?:(?<=[\d{re.escape(alone)}])|{'|'.join(words)})"


_START = re.compile(_start())
#: Every alternative of `_FIGURE` (a date or a number) holds a `\d`, so a text without one holds no
#: figure: half the paragraphs of a report have none, and the scan below would still try the
#: expression at each comparator's first character (不, 大, 小 … are common words).
_DIGIT = re.compile(r"\d")


def match_text(text: str) -> str:
    """The text as the figure scanner sees it (full-width digits as ASCII, same length)."""
    return text.translate(_MATCH_TABLE) if _TRANSLATED.search(text) else text


def _matches(text: str) -> Iterator[re.Match[str]]:
    """`_FIGURE.finditer(text)`, trying the expression only where a figure can start.

    Same matches: `finditer` moves one character on after a failed attempt and to the end of a
    match after a match; this skips the positions where an attempt cannot succeed. Lookbehinds see
    the text before `pos`, so `match(text, pos)` is the attempt `finditer` makes at `pos`.
    """
    search, match = _START.search, _FIGURE.match
    position = 0
    while (start := search(text, position)) is not None:
        found = match(text, start.start())
        if found is None:
            position = start.start() + 1
        else:
            yield found
            position = found.end()


class Figure(NamedTuple):
    """A figure found at `start:end` of a text; `literal` is the source text there. A tuple: a
    report has dozens, and a tuple is built in one call (a frozen dataclass sets each field
    through `object.__setattr__`)."""

    start: int
    end: int
    literal: str
    parsed: ParsedFigure

    @property
    def unit(self) -> str | None:
        return self.parsed.unit


#: `Figure(*values)` in one C call: a NamedTuple's own `__new__` is a Python function over it.
_figure = tuple.__new__


def _found(text: str, bounds: list[int]) -> list[list[Figure]]:
    """Every figure in `text`, in order, dates left out, in one list per part of `text`: `bounds`
    are the offsets where the parts start (the first at 0), and each figure's offsets are relative
    to its part's start. One loop over the matches fills the lists (no generator of pairs to unpack
    per figure): a report has about fifty figures and every step per figure counts."""
    found: list[list[Figure]] = [[] for _ in bounds]
    index, base = 0, 0
    following = bounds[1] if len(bounds) > 1 else len(text) + 1
    part = found[0]
    for match in _matches(match_text(text)):
        date, unit, suffix = match.group("date", "unit", "suffix")
        if date is not None:
            continue
        start, end = match.span()
        if unit and not suffix:
            after = text[end:end + 1]
            if after and after in _NOT_AFTER.get(unit[-1], ""):
                continue  # `1.2 人员及资产`, `2个项目`: the character begins a word, it is not a unit
        literal = text[start:end]
        try:
            parsed = cached_parse_figure(literal)
        except NumberFormatError:
            continue
        if start >= following:  # the figures come in order: move on to the part holding this one
            index = bisect_right(bounds, start) - 1
            base = bounds[index]
            following = bounds[index + 1] if index + 1 < len(bounds) else len(text) + 1
            part = found[index]
        part.append(_figure(Figure, (start - base, end - base, literal, parsed)))
    return found


def scan(text: str) -> list[Figure]:
    """Every figure in `text`, in order, dates left out."""
    if _DIGIT.search(text) is None:
        return []
    return _found(text, [0])[0]


#: What `scan_each` puts between two texts: a character no part of `_FIGURE` matches (not a digit,
#: not a space, in no unit or comparator). A match never contains it, and every lookaround sees it
#: as it sees the end or the start of a text: `(?![\d.])` and `(?<![\d.])` hold, `(?=\s?万元)` fails.
_JOINT = "\x00"


def scan_each(texts: list[str]) -> list[list[Figure]]:
    """`[scan(text) for text in texts]`, in one scan of the texts joined by `_JOINT`: a document's
    paragraphs are scanned once, and every stage that needs a paragraph's figures takes them from
    here. No figure can span a joint and each lookaround sees a joint as the text's end, so each
    text gets exactly the figures (same offsets, literals and values) that scanning it alone finds
    (tests/extract/test_figure_table.py)."""
    joined = _JOINT.join(texts)
    if _DIGIT.search(joined) is None:
        return [[] for _ in texts]
    return _found(joined, list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0)))


def parse_cell(text: str) -> ParsedFigure | None:
    """A table cell read as one figure (`239.56`, `>100%`, `-`). Words (`是`, `预算编审管理（6分）`)
    give a value-less result; a number in a unit perflint does not know, or a cell too long to be
    one figure, gives None."""
    text = text.strip()
    if len(text) > _MAX_CELL_FIGURE:
        return None  # a long cell holds words, not one figure
    try:
        return cached_parse_figure(text, True)
    except NumberFormatError:
        return None
