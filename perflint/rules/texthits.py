"""Which sentences of a block can hold what a rule looks for, from one pass over the blocks' text.

A text rule used to test every sentence of every block with its phrase matcher, although its
finding needs a phrase of its list *and* something right after it (punctuation, a clause's end),
and most sentences have neither. One scan of all the blocks' text for the places where a phrase
can end so (`phrase_end`, `ends_by_block`) tells which sentences can hold a finding, and the
rule looks only at those. Its per-sentence check is its own, unchanged, so the findings are
the same: this only skips sentences that cannot have any.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from perflint.textmatch.pieces import Block, Piece


class Joined:
    """Texts joined by line breaks, and where each starts: one search of the joined `text` costs
    one call where a search per text costs one per text, most of which hold nothing; each place
    found is then given back to its text (`owner`). Shared by the rules that search a report's
    blocks or section bodies so (here, perflint.rules.text.template_phrase,
    perflint.rules.wholetext)."""

    __slots__ = ("starts", "text", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.starts: list[int] = []
        base = 0
        for text in texts:
            self.starts.append(base)
            base += len(text) + 1
        self.text = "\n".join(texts)

    def owner(self, offset: int) -> int:
        """The index of the text whose start is the last at or before `offset` (a place on the
        line break after a text is that text's: the caller checks against its length)."""
        return bisect_right(self.starts, offset) - 1


#: The last list of blocks joined, and them joined (`joined_blocks`).
_LAST_JOINED: list[tuple[Sequence[Block], Joined] | None] = [None]


def joined_blocks(blocks: Sequence[Block]) -> Joined:
    """The texts of `blocks` (a report's `TextView.blocks`) `Joined`, made once for that list:
    PL602, PL504 and PL509 each search a report's blocks joined, one after the other. The last
    list is kept (the entry holds it, so its identity cannot be reused meanwhile; the entry is
    read once, so a rule in another thread can only replace it, never mix two)."""
    last = _LAST_JOINED[0]
    if last is not None and last[0] is blocks:
        return last[1]
    joined = Joined([block.text.text for block in blocks])
    _LAST_JOINED[0] = (blocks, joined)
    return joined


def ends_by_block(blocks: Sequence[Block], pattern: re.Pattern[str]) -> Iterator[tuple[Block, list[int]]]:
    """Each block in which `pattern` (a `phrase_end`) matches, in order, with where its matches
    start in the block, from one scan of the blocks `Joined`. A `phrase_end` pattern whose
    `after` takes a line break wherever it takes the end of the text finds in a block alone what
    it finds there in the joined text (the line break before a block is no phrase character and
    no numeral for a look-behind); what it might find more (a block ending in a carriage return)
    only makes a rule look at one more sentence."""
    joined = joined_blocks(blocks)
    found: dict[int, list[int]] = {}
    for match in pattern.finditer(joined.text):
        offset = match.start()
        index = joined.owner(offset)
        start = joined.starts[index]
        if offset - start < len(joined.texts[index]):  # not on a line break between blocks
            found.setdefault(index, []).append(offset - start)
    for index, offsets in found.items():
        yield blocks[index], offsets


def sentences_holding(parts: Sequence[Piece], offsets: Sequence[int]) -> list[Piece]:
    """The sentences of `parts` (one block's, in order) inside which one of `offsets` lies, in
    order, each once."""
    starts = [part.start for part in parts]
    chosen: dict[int, None] = {}
    for offset in offsets:
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < parts[index].end:
            chosen[index] = None
    return [parts[index] for index in sorted(chosen)]


@lru_cache(maxsize=64)
def phrase_end(phrases: tuple[str, ...], after: str) -> re.Pattern[str]:
    """A regular expression matching the last character of every place where one of `phrases`
    may end with `after` (a regular expression) following it: any character a phrase ends with.
    One scan of a block's text in C, where finding the phrases themselves costs Python work for
    each of the many occurrences that `after` then rules out; the places it finds are a superset
    of those, which the rule's own check then narrows."""
    last = sorted({phrase[-1] for phrase in phrases if phrase})
    if not last:
        return _NEVER
    return re.compile(f"[{''.join(re.escape(char) for char in last)}](?={after})")


_NEVER = re.compile(r"(?!)")

