"""Where a collected paragraph lies: the per-block `_Places` of perflint.textmatch.paragraph_pass gives
exactly what `place_at` (one `Span.slice_values` per paragraph) gives, on seeded texts shaped like a
report's section bodies (several lines, indented and blank ones, full-width spaces), whatever the
block's span (first line or not, offsets or none, a location), for ranges inside a line and across
lines, and when the span does not quote the text (the `locate` path) or is missing."""

from __future__ import annotations

import random

import pytest

from perflint.model import Span, Text
from perflint.textmatch.paragraph_pass import _Places, place_at
from perflint.textmatch.pieces import Block, paragraphs

_WORDS = ["按月调度资金拨付进度", "压实项目单位主体责任", "2021年", "完成率100%", "，", "。", "；", "“项目”",
          "（一）", "1、", " ", "\u3000", "abc", "预算执行率为98.5%"]


def _body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 7)):
        lead = rng.choice(["", "  ", "\u3000\u3000", "\t"])
        words = "".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 6)))
        lines.append(lead + words + rng.choice(["", " ", "\u3000"]))
    return "\n".join(lines)


def _text(body: str, rng: random.Random, quote: str | None = None) -> Text:
    line, column = rng.randint(1, 40), rng.randint(1, 9)
    offset = rng.choice([None, rng.randint(0, 5000)])
    quoted = body if quote is None else quote
    rows = quoted.split("\n")
    span = Span(line=line, column=column, end_line=line + len(rows) - 1,
                end_column=(column if len(rows) == 1 else 1) + len(rows[-1]), quote=quoted, offset=offset,
                end_offset=None if offset is None else offset + len(quoted),
                location=rng.choice([None, "表2 第3行 第4列"]))
    return Text(text=body, span=span)


@pytest.mark.parametrize("seed", range(6))
def test_places_of_a_block_are_those_of_place_at(seed):
    rng = random.Random(seed)
    compared = 0
    for _ in range(300):
        body = _body(rng)
        text = _text(body, rng)
        places = _Places(text)
        for piece in paragraphs(Block(text)):  # what report_paragraphs asks for: each line, in order
            assert places.at(piece.start, piece.end, piece.text) == place_at(text, piece.start, piece.end)
            compared += 1
        for _ in range(4):  # any range, in any order, across lines too
            start = rng.randint(0, len(body))
            end = rng.randint(start, len(body))
            assert places.at(start, end, body[start:end]) == place_at(text, start, end), (body, start, end)
    assert compared > 500


def test_a_block_whose_span_does_not_quote_its_text_is_placed_by_locate():
    rng = random.Random(1)
    body = "压实项目单位主体责任。\n按月调度资金拨付进度。"
    quoted = '"压实项目单位主体责任。\\n按月调度资金拨付进度。"'
    text = _text(body, rng, quote=quoted)
    places = _Places(text)
    for piece in paragraphs(Block(text)):
        assert places.at(piece.start, piece.end, piece.text) == place_at(text, piece.start, piece.end)
    no_span = Text(text=body, span=None)
    assert _Places(no_span).at(0, 5, body[:5]) is None
