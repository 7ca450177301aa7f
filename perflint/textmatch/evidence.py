"""What makes a sentence specific: a figure, a date, or a named project.

Auditors ask that a self-evaluation "有充足的数据或例证支撑" (重庆 report-quality scoresheet,
regulations.md §4). The cheapest honest proxy is whether a sentence states a figure (`385.773亩`,
`95%`), a date (`2021年12月31日`), or names a project or document (`《…规划》`, `“国土资源云”建设
工程项目`). A bare reporting year (`2022年我中心…`) and list numbering (`1、`, `（2）`) are not
evidence. One regular expression scans a whole body once; sentences then look their markers up by
offset, so the cost does not grow with the number of patterns or sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_MARKERS = re.compile(
    r"(?=[\d《“（(])"  # every marker starts with one of these: other positions fail at once
    r"(?:(?P<date>\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"|(?P<year>(?:19|20)\d{2}年度?)"
    r"|(?P<enum>(?<![\d.])\d{1,2}[、．.](?!\d)|[（(]\d{1,2}[)）])"
    r"|(?P<project>《[^》\n]{1,60}》|“[^”\n]{1,40}”[^“”，。；、\n]{0,10}?项目)"
    r"|(?P<figure>\d+(?:\.\d+)?))"
)
_EVIDENCE_KINDS = frozenset({"date", "project", "figure"})


def markers(text: str) -> list[tuple[int, str]]:
    """(offset, kind) of every evidence marker in `text`, in order; kind is date/project/figure."""
    return [(m.start(), m.lastgroup) for m in _MARKERS.finditer(text) if m.lastgroup in _EVIDENCE_KINDS]


class Evidence:
    """The evidence markers of one text, queried by range."""

    __slots__ = ("_kinds", "_offsets")

    def __init__(self, text: str) -> None:
        found = markers(text)
        self._offsets = [offset for offset, _ in found]
        self._kinds = [kind for _, kind in found]

    def kinds(self, start: int, end: int) -> set[str]:
        """Kinds of evidence that start within text[start:end]."""
        i = bisect_left(self._offsets, start)
        j = bisect_left(self._offsets, end)
        return set(self._kinds[i:j])

    def has(self, start: int, end: int) -> bool:
        i = bisect_left(self._offsets, start)
        return i < len(self._offsets) and self._offsets[i] < end


def has_figure(text: str) -> bool:
    """True when `text` states a figure or a date (not just a year or list numbering)."""
    return any(kind in ("figure", "date") for _, kind in markers(text))
