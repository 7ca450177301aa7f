"""PL502 empty-section: a heading with nothing under it.

What it checks
    Every narrative section whose body is blank, or says only one of `empty_phrases` (无, 暂无,
    略 …), and that has no sub-sections (a deeper section right after it). The heading is quoted.
    In a raw text, a heading that is neither numbered nor one of the profile's outline headings
    (no role) is only a short line without sentence punctuation: with nothing under it, it is as likely the
    one-line body of the section above (`四、…公开情况` / `按规定申请公开`), so it is not reported.
    Nor is a numbered line that goes on a list the text above it numbers the same way (`1.…。`
    `2.…。` then `3.资金在…范围`): it is that list's next item, short or cut off, not a heading.

Why it matters
    A heading left empty means the template was filled in only partly: the reader cannot tell
    whether there is nothing to report or the unit did not write it. "存在问题 无 / 改进措施 无"
    is a pattern auditors cite (大英县 2023).

Example
    四、绩效自评结果拟应用和公开情况
    （正文为空）                                                    (PL502)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report, Text
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.completeness.heading_numbering import numbering
from perflint.rules.memo import per_options

_NOISE = re.compile(r"[\s。，,.;；:：]")
#: The numbering styles (perflint.rules.completeness.heading_numbering) that number list items.
_LIST_STYLES = frozenset({"1、", "1.", "（1）"})
#: How much of a body's start is looked at first (most bodies say more than an empty phrase in it).
_HEAD = 64


class EmptySectionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    empty_phrases: list[str] = Field(default_factory=lambda: ["无", "暂无", "略", "无。", "/", "-", "—"],
                                     description="bodies that say nothing")


class EmptySection(ReportRule):
    """A section heading has no text under it."""

    code = "PL502"
    name = "empty-section"
    severity = "warning"
    groups = ("completeness",)
    Options = EmptySectionOptions
    messages = {
        "empty": {"zh": "“{title}”下没有内容", "en": "the section “{title}” is empty"},
        "says-nothing": {"zh": "“{title}”下仅写“{body}”，未说明具体情况",
                         "en": "the section “{title}” says only “{body}”"},
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        empty = per_options(ctx.options, "empty", lambda: frozenset(_NOISE.sub("", phrase)
                                                                    for phrase in ctx.options.empty_phrases))
        longest = max(map(len, empty), default=0)
        sections = report.sections
        inferred = report.source_text is not None  # headings read from a raw text, not declared
        if inferred:  # read by perflint.extract, imported then (not by a normalized file's run)
            from perflint.extract.headings import is_numbered
        for index, section in enumerate(sections):
            following = sections[index + 1] if index + 1 < len(sections) else None
            if following is not None and following.level > section.level:
                continue
            if inferred and section.role is None and not is_numbered(section.heading.text):
                continue  # a short unnumbered line: a sub-heading or a one-line body
            above = sections[index - 1].body if index else report.preamble
            if inferred and _next_item(above, section.heading.text):
                continue  # the next item of the list above, read as a heading
            body = section.body.text if section.body is not None else ""
            # noise goes character by character, so what is left of the body's start begins what
            # is left of the body: longer than any empty phrase, the body says something
            if len(_NOISE.sub("", body[:_HEAD])) > longest:
                continue
            bare = _NOISE.sub("", body)
            if bare and bare not in empty:
                continue
            yield ctx.finding(section.heading.span, message_key="says-nothing" if bare else "empty",
                              title=section.heading.text.strip(), body=body.strip(),
                              related=[(section.body.span, "正文")] if bare and section.body else [])


def _next_item(body_above: Text | None, heading: str) -> bool:
    """Whether `heading` is numbered in digits (`3.`, `3、`, `（3）`) as the item after the last
    line of `body_above` (`2.…。` then `3.…`, the same style): a list's item, not a section."""
    number = numbering(heading)
    if number is None or number[0] not in _LIST_STYLES or number[2] < 2 or body_above is None:
        return False
    last_line = body_above.text.rstrip().rsplit("\n", 1)[-1]
    return numbering(last_line) == (number[0], number[1], number[2] - 1)
