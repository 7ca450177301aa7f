"""PL604 low-specificity: an evidence section where few sentences state a figure, date or project.

What it checks
    The sections that should carry evidence: effects (履职效果), satisfaction (社会满意度), problems
    (存在问题) and measures (改进措施), known by the role the report's form profile gives their
    headings, so `（二）效益指标完成情况` of a 项目支出 report counts as much as Jiangxi's
    `（二）履职效果情况`; a section without a role (a sub-heading of the report's own, hand-written
    YAML) by its heading's keywords (numbering, （单位） and the rest of the heading ignored).
    For each, the share of its sentences that state a figure (`385.773亩`, `95%`), a date
    (`2021年12月31日`) or a named project or document (`《…》`, `“…”项目`); a bare reporting year
    (`2022年我中心…`) and list numbering do not count. Sub-sections belong to the section above
    them unless they are evidence sections themselves. A section whose share is below the floor is reported,
    with the share.

Why it matters
    Reviewers score a self-evaluation on whether its claims are "明确，有充足的数据或例证支撑"
    (重庆 report-quality scoresheet). An effects section that only says
    "有效促进了…" and a problems section with no figure are what template reports look like.

Options
    roles          evidence sections: name → section roles
    sections       evidence sections: name → heading keywords, for sections without a role
    floor          lowest acceptable share of specific sentences (default 0.3)
    min_sentences  sections with fewer sentences are not judged (default 1)
    min_chars      sentences shorter than this many characters (e.g. list numbers) are not counted

Example
    主要问题及原因分析
    缺乏正确的绩效管理理念。在传统管理理念的约束下…差距。…     (PL604: 0 of 6 sentences, 0%)

    履职效果情况
    已成功报批1个批次，面积17.94亩…；已消化批而未用土地1113.76亩…   (fine)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import Field, field_validator

from perflint.analysis.sections import heading_has, known_roles
from perflint.findings import Finding
from perflint.model import Report, Section
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.text.common import TextOptions, descendants, percent
from perflint.textmatch.pieces import text_view


class LowSpecificityOptions(TextOptions):
    roles: dict[str, list[str]] = Field(default_factory=lambda: {
        "履职效果": ["effects"],
        "社会满意度": ["satisfaction"],
        "存在问题": ["problems", "problems-measures"],
        "改进措施": ["measures"],
    }, description="evidence sections: name → section roles (perflint.profiles.model.ROLES)")
    sections: dict[str, list[str]] = Field(default_factory=lambda: {
        "履职效果": ["履职效果"],
        "社会满意度": ["满意度"],
        "存在问题": ["存在问题", "主要问题", "问题及原因"],
        "改进措施": ["改进措施", "改进的方向", "改进方向", "整改措施", "具体措施"],
    })
    floor: Decimal = Field(Decimal("0.3"), ge=0, le=1)

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for roles in value.values():
            known_roles(roles)
        return value
    min_sentences: int = Field(1, ge=1)
    min_chars: int = Field(6, ge=1)


class LowSpecificity(ReportRule):
    """Few sentences of an evidence section state a figure, a date or a named project."""

    code = "PL604"
    name = "low-specificity"
    severity = "warning"
    groups = ("text",)
    Options = LowSpecificityOptions
    messages = {
        "zh": "“{heading}”部分{total}句中仅{count}句含数字、日期或具名项目（{share}，低于{floor}）",
        "en": "only {count} of {total} sentences under “{heading}” state a figure, a date or a named "
              "project ({share}, below {floor})",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: LowSpecificityOptions = ctx.options
        sections = report.sections
        view = text_view(report)
        by_section = {block.index: block for block in view.blocks}
        known: dict[tuple[str | None, str], str | None] = per_options(options, "labels", dict)
        labels = [_known_label(s, options, known) for s in sections]
        for index, label in enumerate(labels):
            if label is None:
                continue
            total = specific = 0
            for owned in _owned(sections, labels, index):
                block = by_section.get(owned)
                if block is None:
                    continue
                evidence = view.evidence(block)
                for part in view.sentences(block):
                    if len(part.text) < options.min_chars:
                        continue
                    total += 1
                    specific += evidence.has(part.start, part.end)
            if total < options.min_sentences or Decimal(specific) >= options.floor * total:
                continue
            heading = sections[index].heading
            yield ctx.finding(heading.span, heading=heading.text, total=total, count=specific,
                              share=percent(specific, total), floor=percent(int(options.floor * 1000), 1000))


def _known_label(section: Section, options: LowSpecificityOptions,
                 known: dict[tuple[str | None, str], str | None]) -> str | None:
    """`_label`, kept in `known` by role and heading: reports of one form share their headings."""
    key = (section.role, section.heading.text)
    if key not in known:
        if len(known) >= _KNOWN_HEADINGS:
            known.clear()
        known[key] = _label(section, options)
    return known[key]


#: How many (role, heading) labels are kept per options (a bound for a run over many forms).
_KNOWN_HEADINGS = 4096


def _label(section: Section, options: LowSpecificityOptions) -> str | None:
    """The evidence section `section` is, by its role, else (no role) by its heading's keywords."""
    if section.role is not None:
        return next((name for name, roles in options.roles.items() if section.role in roles), None)
    return next((name for name, keys in options.sections.items() if heading_has(section.heading.text, keys)),
                None)


def _owned(sections, labels, index: int) -> Iterator[int]:
    """The section itself and its sub-sections, except those that are evidence sections themselves
    (with everything under them)."""
    yield index
    nested = descendants(sections, index)
    j = nested.start
    while j < nested.stop:
        if labels[j] is not None:
            j = descendants(sections, j).stop
            continue
        yield j
        j += 1
