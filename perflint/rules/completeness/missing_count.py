"""PL509 missing-count: a count's number left out before its measure word.

What it checks
    Narrative sentences that state a result as verb, object, number and measure word ("完成道路
    改造3座", "培训农民200人次"). Where the number was deleted or never filled in, the measure word
    is left glued to the verb phrase, or a blank stands where the number was:
        "…保质保量完成道路改造座，…", "全年共培训人次。", "新建公厕  处，", "完成____座"
    A measure word (`measure_words`: 座, 处, 项, 人次, 公里, 平方米 …; the longest that fits) is
    reported when
    - a verb of doing work (`verbs`: 建设, 改造, 完成, 培训, 发放 …) comes before it, directly or
      with the verb's object in between: at most `max_object_chars` characters, without a digit
      or numeral (一二三…十百千万两), a space, punctuation, or one of `object_breaks` (至, 并, 已 …:
      another phrase starts there);
    - nothing right before it stands for a number (`number_words`: 多, 若干, 各 …);
    - the word it ends is not a noun that ends in a measure word's character (`not_counts`:
      讲座, 办事处, 专项, 市场, 平台, 场所, 玉米 …);
    - punctuation follows it (perhaps after spaces), or the line ends there and the line is prose
      (a clause mark before the phrase) or the blank is explicit (underscores, brackets).
    A verb glued to the measure word with no object ("培训人次") is usually an indicator's name,
    so it counts only after a word of a total (`total_words`: 共, 累计 …) or before a blank. A
    blank is spaces, underscores or empty brackets between the verb phrase and the measure word.
    The finding quotes the phrase from the verb to the measure word; its related span is the
    measure word, or the blank slot, where the number belongs. The word lists are data
    (perflint/data/boilerplate/measure_words.yaml), the defaults of the options of the same names.

Why it matters
    "完成道路改造座" states a result without its size: the reader cannot tell whether one bridge
    or ten was built, nor check the 产出 against the 数量指标 of the 自评表. It is the narrative
    form of a missing actual. It is found by the shape of the text, so the finding is a warning.

Example
    保质保量完成道路改造座，按时投入使用。                    (PL509)
    新建公厕  处，改造农村道路3.2公里。                       (PL509: 处)
    保质保量完成道路改造3座，按时投入使用。                   (holds)
    开展专题讲座，完成专项资金拨付。                          (holds: nouns)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from perflint.analysis.spans import locate
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.texthits import ends_by_block, phrase_end, sentences_holding
from perflint.textmatch.phrases import PhraseMatcher, bundled_lists, matcher
from perflint.textmatch.pieces import Piece, text_view

_DATA = "measure_words.yaml"

#: A number in figures or in Chinese numerals (also financial numerals): any of these between the
#: verb and the measure word means the count is there.
_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两零〇壹贰叁肆伍陆柒捌玖拾佰仟]")
#: What a verb's object may consist of: CJK ideographs and Latin letters (LED路灯), nothing that
#: would end the phrase or carry a number.
_OBJECT = re.compile(r"[\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ]*")
_SPACE = " \t\u3000\xa0"
#: What a blank where the number was consists of: spaces or underscores, perhaps in brackets.
_BLANK = frozenset(_SPACE + "_＿")
_BRACKETS = {"）": "（", ")": "(", "】": "【", "]": "["}
#: A slot of underscores or brackets is a blank however its line ends; spaces alone are one only
#: where punctuation follows or the line is prose.
_EXPLICIT = re.compile(r"[_＿（(【\[]")
#: What follows a measure word that ends its phrase, after optional spaces: punctuation (group 1)
#: or the end of the line (group 2).
_AFTER = re.compile(f"[{_SPACE}]*(?:([，,。．.；;、！!？?…）)”’」』》])|(\r?\n|$))")
#: A clause mark before the phrase: the line is prose, so its end ends the statement.
_PROSE = re.compile(r"[，,、：:；;。]")


def _bundled(key: str) -> list[str]:
    """A list of perflint/data/boilerplate/measure_words.yaml (a copy: each default is the options' own)."""
    return list(bundled_lists(_DATA).get(key, ()))


class MissingCountOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verbs: list[str] = Field(default_factory=lambda: _bundled("verbs"),
                             description="verbs of doing work whose result is counted")
    measure_words: list[str] = Field(default_factory=lambda: _bundled("measure_words"),
                                     description="measure words and units of a count")
    number_words: list[str] = Field(default_factory=lambda: _bundled("number_words"),
                                    description="words that stand for a number (多, 若干, 各)")
    total_words: list[str] = Field(default_factory=lambda: _bundled("total_words"),
                                   description="words of a total (共, 累计) that make a verb glued to a "
                                               "measure word a statement rather than a name")
    object_breaks: list[str] = Field(default_factory=lambda: _bundled("object_breaks"),
                                     description="characters that cannot be inside a verb's object (至, 并)")
    not_counts: list[str] = Field(default_factory=lambda: _bundled("not_counts"),
                                  description="nouns ending in a measure word's character (讲座, 市场)")
    max_object_chars: int = Field(12, ge=0,
                                  description="longest object between the verb and the measure word")


class _Words(NamedTuple):
    """The options' word lists made ready to match, once per run (`memo.per_options`)."""

    measures: PhraseMatcher
    #: where a measure word may end a phrase: the last character of one, punctuation or a line end after
    #: (`_without_counted` when a numeral before a measure word rules it out)
    measure_ends: re.Pattern[str]
    #: the measure words by their last character, longest first
    by_last: dict[str, tuple[str, ...]]
    #: whether a numeral right before a measure word rules it out (`_after_numeral`)
    numeral_rules_out: bool
    verbs: PhraseMatcher
    longest_verb: int
    max_object_chars: int
    number_words: tuple[str, ...]
    total_words: tuple[str, ...]
    object_breaks: tuple[str, ...]
    not_counts: tuple[str, ...]

    @classmethod
    def of(cls, options: MissingCountOptions) -> _Words:
        measures = tuple(options.measure_words)
        by_last: dict[str, list[str]] = {}
        for measure in sorted(filter(None, measures), key=len, reverse=True):
            by_last.setdefault(measure[-1], []).append(measure)
        # a numeral before the measure word is inside the verb's object, unless a verb ends with one;
        # measure words of letters and ideographs only never reach across a sentence's start
        numeral_rules_out = (not any(_NUMERAL.search(verb[-1:]) for verb in options.verbs)
                             and all(_OBJECT.fullmatch(measure) for measure in measures))
        ends = phrase_end(measures, _AFTER.pattern)
        return cls(matcher(measures), _without_counted(ends, measures) if numeral_rules_out else ends,
                   {last: tuple(words) for last, words in by_last.items()}, numeral_rules_out,
                   matcher(tuple(options.verbs)),
                   max(map(len, options.verbs), default=0), options.max_object_chars,
                   tuple(options.number_words), tuple(options.total_words), tuple(options.object_breaks),
                   tuple(word for word in options.not_counts if word))


def _without_counted(ends: re.Pattern[str], measures: tuple[str, ...]) -> re.Pattern[str]:
    """`ends` without the places where a numeral comes right before a measure word that no other
    one ends with (so the longest ending there: `_after_numeral` rules the place out), in the
    same scan: a look-behind per such word. Most places where a measure word ends a clause are a
    stated count ("3座，"), each of which `_after_numeral` tested in Python; it still tests the
    few left, for the measure words that end others (米 of 平方米)."""
    longest = sorted({m for m in measures if m and not any(o != m and o.endswith(m) for o in measures)})
    if not longest:
        return ends
    return re.compile(ends.pattern + "".join(f"(?<!{_NUMERAL.pattern}{re.escape(m)})" for m in longest))


class _Missing(NamedTuple):
    """A measure word without its number: offsets in the sentence of the phrase's start (the
    verb), the blank slot or the measure word (where the number belongs), and the phrase's end."""

    start: int
    slot: int
    measure: int
    end: int


class MissingCount(ReportRule):
    """A measure word follows a verb phrase without the number it counts."""

    code = "PL509"
    name = "missing-count"
    severity = "warning"
    groups = ("completeness",)
    Options = MissingCountOptions
    messages = {
        "default": {
            "zh": "“{phrase}”中量词“{measure}”前缺少数量",
            "en": "“{phrase}”: the number before the measure word “{measure}” is missing",
        },
        "blank": {
            "zh": "“{phrase}”中量词“{measure}”前的数量未填写",
            "en": "“{phrase}”: the number before the measure word “{measure}” is left blank",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        words = per_options(ctx.options, _Words, lambda: _Words.of(ctx.options))
        view = text_view(report)
        # a count's phrase ends at a measure word that punctuation or a line end follows
        # (`_ending`), after a verb: only the sentences holding both are looked at, found in
        # one scan of the blocks
        for block, found in ends_by_block(view.blocks, words.measure_ends):
            text = block.text.text
            ends = [end for end in found
                    if not (words.numeral_rules_out and _after_numeral(text, end, words))]
            if not ends:
                continue
            for sentence in sentences_holding(view.sentences(block), ends):
                if not words.verbs.contains_any(sentence.text):
                    continue
                for missing in _missing(sentence, words):
                    yield _finding(sentence, missing, ctx)


def _after_numeral(text: str, last: int, words: _Words) -> bool:
    """Whether the longest measure word whose last character is at `last` comes right after a
    numeral, or none ends there: its count is stated (`"49人。"`, `"5人次，"`), or there is no
    measure word. (`_outermost` keeps that longest one, and a numeral before it is the end of
    the verb's object, which must have none.)"""
    end = last + 1
    for measure in words.by_last.get(text[last], ()):  # longest first
        if text.endswith(measure, 0, end):
            start = end - len(measure)
            return start > 0 and _NUMERAL.match(text, start - 1) is not None
    return True


def _missing(sentence: Piece, words: _Words) -> Iterator[_Missing]:
    """The measure words of the sentence that end a verb phrase without their number."""
    text = sentence.text
    prose = _PROSE.search(text)
    for start, end in _outermost(words.measures.find(text)):
        ending = _ending(sentence.block.text.text, sentence.start + end)
        if ending is None:
            continue  # tested first: most measure words run on into more text
        slot_start = _slot_start(text, start)
        slot = text[slot_start:start]
        if (ending == _LINE_END and _EXPLICIT.search(slot) is None
                and (prose is None or prose.start() >= start)):
            continue  # a line end ends the phrase only after a blank or in prose
        if not slot and _is_noun(text, end, words):
            continue
        verb = _verb_before(text, slot_start, bool(slot), words)
        if verb is not None:
            yield _Missing(verb, slot_start, start, end)


def _finding(sentence: Piece, missing: _Missing, ctx: CheckContext) -> Finding:
    """The finding on the phrase, with the blank slot or the measure word as its related span."""
    text, block, base = sentence.text, sentence.block.text, sentence.start
    blank = missing.slot < missing.measure
    where = (locate(block, base + missing.slot, base + missing.measure, fallback=False) if blank
             else locate(block, base + missing.measure, base + missing.end, fallback=False))
    return ctx.finding(locate(block, base + missing.start, base + missing.end),
                       message_key="blank" if blank else "default",
                       related=[(where, "数量空缺处" if blank else "量词")],
                       phrase=text[missing.start:missing.end],
                       measure=text[missing.measure:missing.end])


def _outermost(matches: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The measure-word matches not inside a longer one (平方米, not its 米; 人次, not its 次), as
    (start, end). `matches` come by start, longest first, so a match is inside another when an
    earlier one reaches as far."""
    found, reach = [], -1
    for start, end, _ in matches:
        if end > reach:
            found.append((start, end))
            reach = end
    return found


def _slot_start(text: str, end: int) -> int:
    """Where the blank slot ending at `end` starts (spaces or underscores, or brackets holding
    nothing else); `end` when there is none."""
    start = end
    if start and text[start - 1] in _BRACKETS:
        opening = _BRACKETS[text[start - 1]]
        start -= 1
        while start and text[start - 1] in _BLANK:
            start -= 1
        return start - 1 if start and text[start - 1] == opening else end
    while start and text[start - 1] in _BLANK:
        start -= 1
    return start


#: How a measure word's phrase ends (`_ending`): at punctuation, or at the end of its line.
_PUNCTUATION, _LINE_END = "punctuation", "line end"


def _ending(block_text: str, end: int) -> str | None:
    """Whether punctuation follows the measure word ending at `end` of the block's text (after
    optional spaces), or the end of its line, or neither (None): a measure word that runs on
    into more text ("平台建设", "处理") is a noun or a verb, not a count."""
    after = _AFTER.match(block_text, end)
    if after is None:
        return None
    return _PUNCTUATION if after.group(1) is not None else _LINE_END


def _is_noun(text: str, end: int, words: _Words) -> bool:
    """The text up to `end` ends with a noun of `not_counts` (讲座, 市场)."""
    return text.endswith(words.not_counts, 0, end)


def _verb_before(text: str, end: int, blank: bool, words: _Words) -> int | None:
    """Where the earliest verb phrase ending at `end` starts: a verb of `verbs`, then an object of
    at most `max_object_chars` characters without a number; None when there is none. A verb with
    no object counts after a word of a total, or before a blank slot."""
    window = text[max(0, end - words.max_object_chars - words.longest_verb):end]
    offset = end - len(window)
    for verb_start, verb_end, _ in words.verbs.find(window):
        start, object_end = offset + verb_start, offset + verb_end
        obj = text[object_end:end]
        if (len(obj) > words.max_object_chars or _OBJECT.fullmatch(obj) is None
                or _NUMERAL.search(obj) or obj.endswith(words.number_words)
                or any(word in obj for word in words.object_breaks)):
            continue
        if obj or blank or text.endswith(words.total_words, 0, start):
            return start
    return None
