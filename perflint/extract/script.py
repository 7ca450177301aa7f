"""Script normalization: traditional characters and mirror-site pinyin read as simplified text.

Reports reach auditors as mirror copies in traditional characters (`項目執行率`) and, from some
mirror sites, with the pinyin of a character inserted after it (`項(xiàng)目`, `發(fā)布`).
`normalize_script(text)` returns the text extraction should read and a map from each of its
characters back to `text`, so every span still quotes the source as written:

* pinyin doubling: a `(…)` / `（…）` run of Latin letters carrying a tone mark or a tone digit,
  right after a CJK character, is removed; the map skips the removed characters;
* traditional characters: converted with OpenCC's `t2s` configuration (Apache-2.0, the `opencc`
  wheel ships its dictionaries). Phrase conversion is kept only where it keeps the length of every
  line (it nearly always does); a line it would lengthen or shorten is converted character by
  character instead, so conversion never moves a character and the map stays the identity.
  Conversion runs only when the text is traditional: a regex count of common characters that exist
  only in traditional script must reach `TRADITIONAL_MIN`, so a simplified report costs two regex
  scans with this one (about 0.6 ms per 100 000 characters) and OpenCC is never loaded for it.

`Normalized.offsets` is None when nothing was removed (the map is the identity). The text loader
(perflint.extract.textdoc) scans the normalized text and maps every Piece back with
`Normalized.source_offset`. Other loaders can use the same function on each paragraph or cell
text they read (a .docx run, a PDF text line): the normalized text becomes the Piece's text, and
for a text-mapped Piece its offsets are composed with the map (`[offsets[m] for m in map]`), for
an Office Piece (no offsets) the normalized text is simply the Piece's text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

#: Common characters that occur only in traditional script (their simplified forms differ and
#: they are not used in simplified text): the cheap test of whether a text is traditional.
_TRADITIONAL_MARKERS = (
    "們個這來為說會時國對與過還進發業項預績執實際總經費計劃區關報議資開產務電點無體應當從後"
    "長門問間現將組織設備據專機構範標準監檢規則單價資訊覽導築請務質區縣鄉鎮歲數據億萬員"
    "處級財稅審報統營運維護驗購買權責達預決價證書記錄環衛養險護醫療職農糧節約")
_TRADITIONAL = re.compile("[" + "".join(sorted(set(_TRADITIONAL_MARKERS))) + "]")

#: Occurrences of marker characters from which a text counts as traditional. A simplified report
#: that quotes a traditional name or two stays below it.
TRADITIONAL_MIN = 20

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: `(xiàng)` / `（fā）` / `(xiang4)` right after a CJK character: one syllable (letters with a
#: tone mark, or letters and a tone digit), optional spaces inside the brackets.
#: (The bracket comes first so the regex engine scans for it; the CJK character before it is
#: checked by a lookbehind only there.)
_PINYIN = re.compile(
    rf"[(（](?<=[{_CJK}][(（]) ?(?:[a-zü]*[{_TONED}][a-zü{_TONED}]*|[a-zü]+[1-5]) ?[)）]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """The text to read and the map back to the original."""

    text: str
    #: source offset of each character of `text`; None when it is the identity
    offsets: list[int] | None = None
    converted: bool = False  # traditional characters were converted

    def source_offset(self, index: int) -> int:
        """The original offset of `text[index]` (`index == len(text)` maps past the end)."""
        if self.offsets is None:
            return index
        if index < len(self.offsets):
            return self.offsets[index]
        return self.offsets[-1] + 1 if self.offsets else 0


def is_traditional(text: str, minimum: int = TRADITIONAL_MIN) -> bool:
    """Whether `text` holds at least `minimum` traditional-only characters (stops at the minimum)."""
    for count, _ in enumerate(_TRADITIONAL.finditer(text), 1):
        if count >= minimum:
            return True
    return minimum <= 0


@functools.cache
def _converter() -> Any:
    import opencc  # loaded on first use: simplified reports never pay for it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """`text` in simplified characters, with exactly its length (each character in place)."""
    converter = _converter()
    converted = converter.convert(text)
    if len(converted) == len(text) and converted.count("\n") == text.count("\n"):
        lines = converted.split("\n")
        originals = text.split("\n")
        if all(len(a) == len(b) for a, b in zip(lines, originals, strict=True)):
            return converted
    else:
        lines = [converter.convert(line) for line in text.split("\n")]
        originals = text.split("\n")
    return "\n".join(line if len(line) == len(original) else _by_character(original)
                     for line, original in zip(lines, originals, strict=True))


def _by_character(text: str) -> str:
    """Character-level conversion (a character whose conversion is not one character stays)."""
    table = {}
    for char in set(text):
        converted = _converter().convert(char)
        if len(converted) == 1 and converted != char:
            table[ord(char)] = converted
    return text.translate(table)


def strip_pinyin(text: str) -> Normalized:
    """`text` without pinyin doubling, with the map back (the same object's text when none)."""
    matches = list(_PINYIN.finditer(text))
    if not matches:
        return Normalized(text)
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in matches:
        parts.append(text[position:match.start()])
        offsets.extend(range(position, match.start()))
        position = match.end()
    parts.append(text[position:])
    offsets.extend(range(position, len(text)))
    return Normalized("".join(parts), offsets)


def normalize_script(text: str) -> Normalized:
    """The text extraction reads: pinyin doubling removed, traditional characters simplified.
    A simplified text without pinyin comes back as the same string, with no map."""
    stripped = strip_pinyin(text)
    if not is_traditional(stripped.text):
        return stripped
    return Normalized(to_simplified(stripped.text), stripped.offsets, converted=True)
