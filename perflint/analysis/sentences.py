"""What a sentence is in report prose: the one definition every reader of narrative text uses.

A sentence ends at a full stop, a question or exclamation mark, a semicolon (each clause of a
"一是…；二是…" list is a claim of its own) or a line break (headings, list items, table rows of
raw text). Its closing punctuation stays with it, and so do closing quotes and brackets
(`…完成“宣传”。”`). Surrounding spaces (ideographic and no-break spaces too) are not part of it.
"""

from __future__ import annotations

import re

#: One sentence: a run without sentence ends, its ends, then closing quotes or brackets.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*[”’」』）)]*")
#: What is trimmed around a sentence or a paragraph (no line breaks: they end both).
SPACE = " \t\r\f\v\u3000\xa0"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """`text[start:end]` without the `SPACE` around it, as (start, end); empty when blank."""
    segment = text[start:end]
    stripped = segment.strip(SPACE)
    if not stripped:
        return start, start
    start += len(segment) - len(segment.lstrip(SPACE))
    return start, start + len(stripped)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank sentence of `text`, in order."""
    bounds = []
    for match in SENTENCE.finditer(text):
        start, end = trimmed(text, match.start(), match.end())
        if end > start:
            bounds.append((start, end))
    return bounds
