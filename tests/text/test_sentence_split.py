"""`perflint.textmatch.pieces.sentences` splits a block in one loop, trimming a sentence only
when it has a space at either end; its pieces must be exactly those of
`perflint.analysis.sentences.sentence_bounds`, the one definition of a sentence, on prose in the
bench corpus's shape with every kind of space, stop, closing quote and blank sentence."""

from __future__ import annotations

import random

from perflint.analysis.sentences import sentence_bounds
from perflint.model import Text
from perflint.textmatch.pieces import Block, Piece, sentences

CLAUSES = ["为贯彻落实有关规定", "完成道路养护里程462公里", "群众满意度89%", "资金拨付及时",
           "按照“查问题、找原因”的思路", "（一）主要做法", "1、定期开展分析", "A", "执行率为88.23%"]
STOPS = ["。", "；", ";", "！", "？", "!", "?", "。。", "；；", "\n", "\n\n", "", "，"]
CLOSERS = ["", "", "”", "）", ")", "」", "』", "’", "”）"]
SPACES = ["", "", " ", "\u3000", "\xa0", "\t", "  ", "\r", "\f", "\v", " \u3000 "]


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 14)):
        parts.append(rng.choice(SPACES))
        if rng.random() < 0.85:
            parts.append(rng.choice(CLAUSES))
        parts.append(rng.choice(SPACES) + rng.choice(STOPS) + rng.choice(CLOSERS) + rng.choice(SPACES))
    return "".join(parts)


def _expected(block: Block) -> list[Piece]:
    text = block.text.text
    return [Piece(text[start:end], start, end, block) for start, end in sentence_bounds(text)]


def test_sentences_are_those_of_sentence_bounds():
    rng = random.Random(18)
    texts = [_text(rng) for _ in range(3000)]
    texts += ["", " ", "。", "\u3000。\u3000", "  \n  ", "甲。 ", " 乙", "丙\u3000\n丁", "”。", "；  ；"]
    trimmed = 0
    for text in texts:
        block = Block(Text(text=text))
        found = sentences(block)
        assert found == _expected(block), repr(text)
        trimmed += sum(piece.text != text[piece.start:piece.end].strip() for piece in found)
        trimmed += sum(text[start:end] != text[start:end].strip() for start, end in sentence_bounds(text))
    assert trimmed == 0  # every piece is its own trimmed text, as sentence_bounds gives it
