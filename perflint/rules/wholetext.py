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

from perflint.model import Report, Section
from perflint.rules.memo import per_report
from perflint.rules.texthits import Joined
from perflint.textmatch.phrases import matcher


def bodies(report: Report) -> str:
    """Every section body of the report, joined, once per report."""
    return _bodies(report)[1].text


def bodies_holding(report: Report, phrases: tuple[str, ...]) -> list[Section]:
    """The sections whose body contains one of `phrases`, in order: one search of the joined
    bodies, each occurrence given to the body it lies in (one that spans a separator lies in
    none), instead of one search per body."""
    sections, joined = _bodies(report)
    found = matcher(phrases).find(joined.text)
    held: list[Section] = []
    for start, end, _ in found:
        index = joined.owner(start)
        section = sections[index]
        if end <= joined.starts[index] + len(joined.texts[index]) and (not held or held[-1] is not section):
            held.append(section)
    return held


def _bodies(report: Report) -> tuple[tuple[Section, ...], Joined]:
    """The sections with a body, and their bodies `Joined`, once per report."""
    def compute() -> tuple[tuple[Section, ...], Joined]:
        sections = tuple(section for section in report.sections if section.body is not None)
        return sections, Joined([section.body.text for section in sections])  # type: ignore[union-attr]
    return per_report(report, "wholetext-bodies", compute)


def every_text(report: Report) -> str:
    """The title, the preamble and every section heading and body of the report, joined, once
    per report (the order does not matter to a gate)."""
    def compute() -> str:
        texts = [text.text for text in (report.title, report.preamble) if text is not None]
        texts += [section.heading.text for section in report.sections]
        texts.append(bodies(report))
        return "\n".join(texts)
    return per_report(report, "wholetext-every", compute)
