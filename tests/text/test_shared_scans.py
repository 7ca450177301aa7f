"""Scans that several places of a rule share find what the per-place tests found: PL602's one
phrase search of a report's blocks joined, PL509's look-behinds for counted measure words, and
PL606's last characters read without cleaning. On generated text in the shape of the bench
corpus, with each shortcut's edge cases: phrases at a block's edges or across two blocks,
measure words that end others (米 of 平方米, 元 of 万元) after numerals, clauses ending in
unusual punctuation."""

from __future__ import annotations

import random
import re

from perflint.model import Text
from perflint.rules.completeness import missing_count
from perflint.rules.text import repeated_sentence, template_phrase
from perflint.rules.texthits import ends_by_block, phrase_end
from perflint.textmatch.phrases import matcher
from perflint.textmatch.pieces import Block, sentences

PHRASES = ["效果明显", "进一步加强", "有效提升", "达成预期指标", "按年度绩效指标完成", "均按年度绩效指标完成",
           "管理\n制度"]
FILLER = ["项目资金", "按时拨付", "2022年", "完成率100%", "，", "。", "；", "\n", " ", "管理", "制度",
          "强", "效果", "明显", "（一）", "……", "～", "_"]
MEASURES = ["座", "处", "人次", "次", "公里", "平方米", "米", "万元", "元", "个"]
BEFORE = ["", "3", "十二", "道路", "改造", "万", "资金", "  ", "（ ）", "平方"]
AFTER = ["，", "。", "", "\n", " ；", "建设", "！", "米", "次"]


def _text(rng: random.Random, words: list[str], pieces: int) -> str:
    return "".join(rng.choice(words) for _ in range(pieces))


def test_pl602_phrases_by_block_are_those_of_a_search_of_each_block():
    rng = random.Random(602)
    find = matcher(tuple(PHRASES)).find
    found = 0
    for _ in range(400):
        texts = [_text(rng, PHRASES + FILLER * 3, rng.randint(0, 12)) for _ in range(rng.randint(1, 6))]
        blocks = [Block(Text(text=text), None, 1, index) for index, text in enumerate(texts)]
        each = [(block, find(block.text.text)) for block in blocks if find(block.text.text)]
        assert list(template_phrase._by_block(blocks, find)) == each
        found += sum(len(matches) for _, matches in each)
    assert found > 300


def test_pl509_counted_measure_words_are_ruled_out_as_the_numeral_test_does():
    rng = random.Random(509)
    options = missing_count.MissingCountOptions(measure_words=MEASURES)
    words = missing_count._Words.of(options)
    assert words.numeral_rules_out
    every = phrase_end(tuple(MEASURES), missing_count._AFTER.pattern)
    kept = 0
    for _ in range(2000):
        text = "".join(rng.choice(BEFORE) + rng.choice(MEASURES) + rng.choice(AFTER) for _ in range(4))
        ends = [m.start() for m in every.finditer(text)
                if not missing_count._after_numeral(text, m.start(), words)]
        assert [m.start() for m in words.measure_ends.finditer(text)
                if not missing_count._after_numeral(text, m.start(), words)] == ends
        kept += len(ends)
    assert kept > 1000


CLAUSES = ["按时下拨养护经费", "确保道路畅通", "按时 下拨养护经费", "加强日常巡查管护", "项目已完工", "是",
           "A级", "资金管理：按时下拨养护经费", "完成率100%"]
ENDS = ["；", "。", "，", ";", "", "）。", "～", "”；", "_；", "\u3000；", "……", "\n", "。\n"]


def _old_runs(pieces, min_chars):
    """PL606's runs as they were found before: every clause joined to the previous one cleaned."""
    noise, cjk = repeated_sentence._NOISE, repeated_sentence._CJK
    start = end = count = 0
    key, previous, previous_key = "", None, None
    for piece in pieces:
        joined = previous is not None and "\n" not in piece.block.text.text[previous.end:piece.start]
        current = noise.sub("", piece.text) if joined else ""
        if count and joined and current == key:
            end, count = piece.end, count + 1
        else:
            if count > 1:
                yield start, end, count
            count = 0
            if previous is not None and joined and len(current) >= min_chars:
                if previous_key is None:
                    previous_key = noise.sub("", previous.text)
                if previous_key.endswith(current) and len(cjk.findall(current)) >= min_chars:
                    offset = repeated_sentence._tail_start(previous, previous_key, current)
                    if offset is not None:
                        start, end, count, key = offset, piece.end, 2, current
        previous, previous_key = piece, current if joined else None
    if count > 1:
        yield start, end, count


def test_pl606_runs_are_those_found_by_cleaning_every_clause():
    rng = random.Random(606)
    runs = 0
    for _ in range(1500):
        clause = rng.choice(CLAUSES)
        text = "".join((clause if rng.random() < 0.6 else rng.choice(CLAUSES)) + rng.choice(ENDS)
                       for _ in range(rng.randint(1, 7)))
        pieces = sentences(Block(Text(text=text)))
        for min_chars in (2, 6):
            found = list(repeated_sentence._runs(pieces, min_chars))
            assert found == list(_old_runs(pieces, min_chars))
            runs += len(found)
    assert runs > 300


def test_pl606_last_characters_are_those_cleaning_keeps():
    rng = random.Random(66)
    noise = re.compile(r"[^\w]+")
    chars = "按时下拨经费A9_。；，;：”）)…— \t\u3000\xa0～·、!?％%"
    for _ in range(5000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 24)))
        cleaned = noise.sub("", text)
        last = repeated_sentence._last_kept(text)
        assert last is None or last == cleaned[-1:]
        assert repeated_sentence._tail(text) == noise.sub("", text[-16:])[-repeated_sentence._TAIL:]
    assert not noise.sub("", repeated_sentence._TRAILING)  # cleaning drops every trailing character


def test_ends_by_block_finds_in_one_scan_what_a_scan_of_each_block_finds():
    rng = random.Random(504)
    words = missing_count._Words.of(missing_count.MissingCountOptions(measure_words=MEASURES))
    patterns = [words.measure_ends, phrase_end(("率", "占比", "面积"), r"\s*(?:[，,；;。\n]|$)"),
                phrase_end(("率\n",), "")]  # a phrase ending in a line break: none between blocks
    pieces = [m + a for m in [*MEASURES, "率", "占比"] for a in AFTER] + BEFORE + [" ", "\n", "\r", "\r\n"]
    found = 0
    for _ in range(600):
        texts = [_text(rng, pieces, rng.randint(0, 8)) for _ in range(rng.randint(1, 5))]
        blocks = [Block(Text(text=text), None, 1, index) for index, text in enumerate(texts)]
        for pattern in patterns:
            each = {index: [m.start() for m in pattern.finditer(text)] for index, text in enumerate(texts)}
            joined = {block.index: ends for block, ends in ends_by_block(blocks, pattern)}
            assert list(joined) == sorted(joined)  # blocks in order
            for index, text in enumerate(texts):
                if text.endswith("\r"):  # the line break after it may end a phrase: more, never less
                    assert set(each[index]) <= set(joined.get(index, []))
                else:
                    assert joined.get(index, []) == each[index]
                found += len(each[index])
    assert found > 1000
