"""PL605 copy-paste-label: a section's summary sentence names another indicator family than its heading.

What it checks
    Sections headed by one indicator family (数量, 质量, 时效, 成本, 经济效益, 社会效益, 生态效益,
    可持续影响, 满意度 — e.g. "质量指标（指标分数27分…）", "2、质量指标", "质量方面"). The summary
    sentence is the last sentence of the section's text that names a family ("…质量指标中，…，
    其他数量指标均按年度绩效指标值完成"). When the last family it names is not the heading's, and
    the heading's family does not appear in the same clause, the label was most likely copied
    from the previous section and not changed. Headings naming several families are skipped.

Why it matters
    A 质量 section that concludes about "其他数量指标" tells the reviewer the paragraph was pasted
    from the 数量 section and not re-read, so its claim of completion is not about the indicators
    it stands under.

Options
    families   family name → the words that name it in a heading (…指标 / …方面 follow them)

Example
    质量指标（指标分数27分，实际得分24分）
    …2022年我中心整体支出质量指标中，除了“耕地验收质量完成率”未达年度绩效指标值，其他数量指标均按年度绩效指标值完成。
                                                                    (PL605)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.text.common import TextOptions, clip, heading_core
from perflint.textmatch.phrases import PhraseMatcher, matcher
from perflint.textmatch.pieces import Block, sentences

_SUFFIXES = ("指标", "方面", "情况", "类指标")
_CLAUSE = re.compile(r"[，,；;：:]")


class FamilyLabelOptions(TextOptions):
    families: dict[str, list[str]] = Field(default_factory=lambda: {
        "数量": ["数量"], "质量": ["质量"], "时效": ["时效"], "成本": ["成本"],
        "经济效益": ["经济效益"], "社会效益": ["社会效益"], "生态效益": ["生态效益"],
        "可持续影响": ["可持续影响", "可持续性影响"],
        "满意度": ["满意度", "社会满意度", "服务对象满意度", "群众满意度", "社会公众满意度"],
    })


class FamilyLabel(ReportRule):
    """A section's summary sentence names another indicator family than its heading."""

    code = "PL605"
    name = "copy-paste-label"
    severity = "warning"
    groups = ("text",)
    Options = FamilyLabelOptions
    messages = {
        "zh": "“{heading}”部分的小结句说的是“{mention}”，与标题不符（疑为复制粘贴）：{sentence}",
        "en": "the summary sentence under “{heading}” is about “{mention}”, not the heading's "
              "family (copy-paste?): {sentence}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: FamilyLabelOptions = ctx.options
        families = per_options(options, _Families, lambda: _Families.of(options))
        aliases, find = families.aliases, families.mentions.find
        for index, section in enumerate(report.sections):
            if section.body is None:
                continue
            family = families.of_heading(section.heading.text)
            if family is None:
                continue
            found = find(section.body.text)
            if not found:
                continue
            block = Block(section.body, section.heading, section.level, index)
            summary = _summary(sentences(block), found)
            if summary is None:
                continue
            sentence, mentions = summary
            last_start, _, last_word = mentions[-1]
            last_family = aliases[last_word[:-2]]
            if last_family == family:
                continue
            clause_start, clause_end = _clause(sentence.text, last_start - sentence.start)
            clause = sentence.text[clause_start:clause_end]
            if any(alias in clause for alias, fam in aliases.items() if fam == family):
                continue
            yield ctx.finding(sentence.span(), heading=section.heading.text, mention=last_word,
                              sentence=clip(sentence.text, 80), related=[(section.heading.span, "标题")])


class _Families(NamedTuple):
    """The options' families made ready once per run (`memo.per_options`): each alias's family,
    the matcher of the mentions (`…指标`), and the family of each heading met so far (reports of
    one form share their headings)."""

    aliases: dict[str, str]
    mentions: PhraseMatcher
    headings: dict[str, str | None]

    @classmethod
    def of(cls, options: FamilyLabelOptions) -> _Families:
        aliases = {alias: family for family, words in options.families.items() for alias in words}
        return cls(aliases, matcher(tuple(f"{alias}指标" for alias in aliases)), {})

    def of_heading(self, heading: str) -> str | None:
        """`_heading_family` of `heading`, kept."""
        known = self.headings
        if heading not in known:
            if len(known) >= _KNOWN_HEADINGS:
                known.clear()
            known[heading] = _heading_family(heading, self.aliases)
        return known[heading]


#: How many headings' families are kept per options (a bound for a run over many forms).
_KNOWN_HEADINGS = 4096


def _heading_family(heading: str, aliases: dict[str, str]) -> str | None:
    """The family a heading names when it is nothing but a family (`2、质量指标（…）`, `质量方面`)."""
    core = heading_core(heading)
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and core[: -len(suffix)] in aliases:
            return aliases[core[: -len(suffix)]]
    return aliases.get(core)


def _summary(parts, found):
    """The last sentence that names a family, with the family mentions inside it."""
    for sentence in reversed(parts):
        inside = [m for m in found if sentence.start <= m[0] < sentence.end]
        if inside:
            # keep the longest mention at each end position (社会满意度指标 over 满意度指标)
            inside.sort(key=lambda m: (m[1], m[0]))
            kept: list[tuple[int, int, str]] = []
            for m in inside:
                if kept and kept[-1][1] == m[1]:
                    continue
                kept.append(m)
            return sentence, kept
    return None


def _clause(text: str, position: int) -> tuple[int, int]:
    """The clause of `text` (between commas/semicolons/colons) around `position`."""
    start = 0
    for match in _CLAUSE.finditer(text):
        if match.start() >= position:
            return start, match.start()
        start = match.end()
    return start, len(text)
