"""Paragraph normalization: what is left of a paragraph once the differences between two units'
copies of one template are removed (see perflint.textmatch.similarity for why these).

Kept apart from the MinHash code so that rules that only compare normalized text (PL603, PL605,
PL609) do not import numpy: a one-file run in a pre-commit hook should not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: How units refer to themselves; all become 本 so that copies from different units compare equal.
SELF_REFERENCES = (
    "我单位", "本单位", "我中心", "本中心", "我局", "本局", "分局", "我部门", "本部门", "我委", "本委",
    "我办", "本办", "我院", "本院", "我所", "本所", "我站", "本站", "我馆", "本馆", "我校", "本校",
    "我队", "本队", "我处", "本处", "我厅", "本厅", "我会", "本会", "单位",
)


def _grouped(words: Sequence[str]) -> str:
    """`我(?:单位|中心|局)|本(?:…)`: alternatives grouped by first character, longest first, so the
    regex engine rejects a position that cannot start any of them at once."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())


_SELF = re.compile(_grouped(SELF_REFERENCES))
#: Dropped: list numbering at the start of a paragraph (`1、`, `（2）`), then every character that
#: is not a letter, digit or CJK character (punctuation, symbols, spaces, `_`), except the line
#: break that separates paragraphs in a batch. Three passes, each simple enough for the regex
#: engine's fast paths (one regex with the three as alternatives took twice as long): numbering
#: matches only at a line start, and the other two remove single characters whatever surrounds
#: them, so the passes remove what one scan with the alternatives in this order would. The
#: spaces before numbering stop at the line break: a blank paragraph (`\u2003\u2003`) before a
#: numbered one must not join it (the batch would have one text fewer than it was given).
#: Numbering is matched with the line break before it (the batch is given one in front), which
#: the engine finds with a fast scan for that character, where `^` is tested at every position.
_NUMBERING = re.compile(r"\n[^\S\n]*(?:[（(]\d{1,2}[)）]|\d{1,2}[、.．](?!\d))")
_NON_WORD = re.compile(r"[^\w\n]")
#: Years (2021年, 2021年度) are masked.
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
_ALL_DIGITS = re.compile(r"\d+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAS_FULLWIDTH = re.compile("[０-９]")


def normalize_many(texts: Sequence[str], *, self_name: str | None = None,
                   mask_figures: bool = False) -> list[str]:
    """Normalize many paragraphs in one pass of each regular expression (not one per paragraph).

    Spaces, punctuation and list numbering go, self-references and the unit's own name become 本,
    years become 0; other figures are kept unless `mask_figures` (then every digit run is 0).
    One text comes back per text given, each what `normalize` gives it alone: nothing matches
    across the line breaks that join the batch (a unit name written over two lines matches no
    paragraph, whose own line breaks are spaces here, so it is not looked for).
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") >= len(texts):  # a text's own line breaks (paragraphs have none) are spaces
        joined = "\n".join(t.replace("\n", " ") for t in texts)
    if _HAS_FULLWIDTH.search(joined):
        joined = joined.translate(_FULLWIDTH_DIGITS)
    if self_name and len(self_name) >= 2 and "\n" not in self_name:
        joined = joined.replace(self_name, "本")
    joined = _SELF.sub("本", joined)
    joined = _NON_WORD.sub("", _NUMBERING.sub("\n", "\n" + joined)[1:]).replace("_", "")
    joined = (_ALL_DIGITS if mask_figures else _YEAR).sub("0", joined).lower()
    return joined.split("\n")


def normalize(text: str, *, self_name: str | None = None, mask_figures: bool = False) -> str:
    """The comparable core of one paragraph (see `normalize_many`)."""
    return normalize_many([text], self_name=self_name, mask_figures=mask_figures)[0]
