"""An outline as extraction and PL501 use it: heading keys, and a lookup from a heading to its entry.

A heading is compared by its *key*: the text without numbering (`一、` `（一）` `1.` `第二部分`),
without the words a region adds or drops (`（单位）`, `当年`) and without punctuation or spaces. This
module is the one place that defines the key, so detection, extraction and PL501 agree on what
"the same heading" means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from perflint.profiles.model import OutlineEntry

_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}(?:\.\d{1,2}){0,2}(?:\s*[、.．)）]|\s+)(?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
#: The punctuation a key drops wherever it stands (whitespace too, which `_NOISE` writes `\s`).
_PUNCTUATION = "，,、：:。.．;；“”\"'‘’（）()"
_NOISE = re.compile(f"[（(]单位[）)]|当年|[\\s{re.escape(_PUNCTUATION)}]")
#: The last characters of the words `_NOISE` drops (`当年`, `（单位）` without its bracket): a heading
#: ending in one may end its key with another character.
_NOISE_WORD_ENDS = "年位"
_COLON = re.compile(r"[：:]")


#: How many headings `heading_key`, an outline's `match` and its `headings` remember (bounded
#: memory on any input).
MAX_REMEMBERED = 16384


@lru_cache(maxsize=MAX_REMEMBERED)
def heading_key(text: str) -> str:
    """The comparable form of a heading: no numbering, no `（单位）`/`当年`, no punctuation, and
    nothing after a colon (`履职完成情况：从数量、质量…反映` names 履职完成情况)."""
    text = _NUMBERING.sub("", text, count=1)
    colon = _COLON.search(text)
    if colon is not None:
        text = text[:colon.start()]
    return _NOISE.sub("", text)


@dataclass(frozen=True, slots=True)
class OutlineHit:
    """The outline heading a paragraph names: its canonical title, depth and role."""

    level: int
    title: str
    role: str | None


class OutlineIndex:
    """Every title and alias of an outline, keyed for fuzzy lookup.

    Two keys match when equal, or when one ends with the other and the shorter has six or more
    characters (`部门基本概况` ↔ `基本概况`, `主要职责职能组织架构…` ↔ `部门主要职责职能组织架构…`).
    Keys are grouped by their last character, so a paragraph is compared with one or two keys.
    """

    def __init__(self, outline: list[OutlineEntry] | tuple[OutlineEntry, ...]) -> None:
        entries: list[tuple[str, OutlineHit]] = []

        def add(entry: OutlineEntry, level: int, role: str | None) -> None:
            hit = OutlineHit(level, entry.title, entry.role or role)
            for wording in (entry.title, *entry.aliases):
                key = heading_key(wording)
                if key:
                    entries.append((key, hit))
            for child in entry.children:
                add(child, level + 1, None)

        for entry in outline:
            add(entry, 1, None)
        self.entries = tuple(entries)
        by_last: dict[str, list[tuple[str, OutlineHit]]] = {}
        for key, hit in entries:
            by_last.setdefault(key[-1], []).append((key, hit))
        self._by_last = {last: tuple(items) for last, items in by_last.items()}
        #: what a paragraph's last kept character must be for its key to end like an outline key:
        #: `_may_name`'s test, which spares `match` and its memory the sentences of the prose
        self._ends = frozenset(by_last).union(_NOISE_WORD_ENDS)
        #: the longest wording: a paragraph much longer than this is no outline heading
        self.longest = max((len(key) for key, _ in entries), default=0)
        #: `match`'s answers: every paragraph of every report read with this outline is looked up
        #: (the same headings in each), bounded as `heading_key`'s cache is
        self._known: dict[str, OutlineHit | None] = {}
        #: `perflint.extract.headings.detect`'s answers for the paragraphs read with this outline
        #: (a paragraph's text → its Heading or None), kept here so they live as long as the outline
        self.headings: dict[str, object] = {}

    def match(self, title: str) -> OutlineHit | None:
        """The outline heading `title` names (fuzzily), if any."""
        if not self._may_name(title):
            return None
        known = self._known
        if title in known:
            return known[title]
        if len(known) >= MAX_REMEMBERED:
            known.clear()
        hit = known[title] = self._lookup(title)
        return hit

    def _may_name(self, title: str) -> bool:
        """False when `title`'s key cannot end with the last character of any outline key, decided
        without building the key: the key's last character is the last one before the first
        colon that is neither punctuation nor whitespace (numbering only starts a key, and only
        `当年`/`（单位）`, whose ends `_ends` holds, drop a character that is neither). Most
        sentences of a report end with a character no heading ends with."""
        head = title.partition("：")[0].partition(":")[0]
        end = len(head)
        while end and (head[end - 1] in _PUNCTUATION or head[end - 1].isspace()):
            end -= 1
        return end > 0 and head[end - 1] in self._ends

    def _lookup(self, title: str) -> OutlineHit | None:
        key = heading_key(title)
        if len(key) < 4:
            return None
        for outline_key, hit in self._by_last.get(key[-1], ()):
            shorter = min(len(key), len(outline_key))
            if key == outline_key or (shorter >= 6 and (key.endswith(outline_key)
                                                        or outline_key.endswith(key))):
                return hit
        return None

    def __bool__(self) -> bool:
        return bool(self.entries)
