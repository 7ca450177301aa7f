"""A report's located texts joined into one, searched once per report and phrase list instead
of once per section body.

Most reports hold none of a rule's phrases (no 资金全部使用 claim, no weight note, few bodies
naming a cause), and one automaton search of one joined text costs far less than one search per
body. `bodies_holding` is exact: each occurrence is given to the body it lies in, and one that
spans a separator lies in none. `every_text` serves as a gate: every text is a substring of it,
so a phrase in any of them is in it (a phrase spanning a separator only makes the gate say yes
for nothing, and the rule then finds nothing, as it would have without the gate).
"""

from __future__ import annotations

from bisect import bisect_right

from perflint.model import Report, Section
from perflint.rules.memo import per_report
from perflint.textmatch.phrases import matcher

#: Between two joined texts.
SEPARATOR = "\n"


def bodies(report: Report) -> str:
    """Every section body of the report, joined, once per report."""
    return per_report(report, "wholetext-bodies", lambda: SEPARATOR.join(
        [section.body.text for section in report.sections if section.body is not None]))


def bodies_holding(report: Report, phrases: tuple[str, ...]) -> list[Section]:
    """The sections whose body contains one of `phrases`, in order: one search of the joined
    bodies, each occurrence given to the body it lies in (one that spans a separator lies in
    none), instead of one search per body."""
    found = matcher(phrases).find(bodies(report))
    if not found:
        return []
    sections, starts = _placed(report)
    held: list[Section] = []
    for start, end, _ in found:
        index = bisect_right(starts, start) - 1
        section = sections[index]
        if end <= starts[index] + len(section.body.text) and (not held or held[-1] is not section):  # type: ignore[union-attr]
            held.append(section)
    return held


def _placed(report: Report) -> tuple[tuple[Section, ...], tuple[int, ...]]:
    """The sections with a body, and where each body starts in `bodies(report)`."""
    def compute() -> tuple[tuple[Section, ...], tuple[int, ...]]:
        sections = [section for section in report.sections if section.body is not None]
        starts, at = [], 0
        for section in sections:
            starts.append(at)
            at += len(section.body.text) + len(SEPARATOR)  # type: ignore[union-attr]
        return tuple(sections), tuple(starts)
    return per_report(report, "wholetext-placed", compute)


def every_text(report: Report) -> str:
    """The title, the preamble and every section heading and body of the report, joined, once
    per report (the order does not matter to a gate)."""
    def compute() -> str:
        texts = [text.text for text in (report.title, report.preamble) if text is not None]
        texts += [section.heading.text for section in report.sections]
        texts.append(bodies(report))
        return SEPARATOR.join(texts)
    return per_report(report, "wholetext-every", compute)
