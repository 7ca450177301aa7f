"""PL601 empty-content: a problems or measures section that says only 无 / 暂无 / 不涉及.

What it checks
    Sections that analyse problems or state measures and whose whole text, without punctuation and
    spaces, is one of the empty-content phrases (无, 暂无, 无问题, 不涉及, 没有 …). Which sections
    those are, the report's form profile says: the sections with the role `problems`, `measures`
    or `problems-measures` (`三、存在的问题及原因分析` of a 项目支出 report as much as Jiangxi's
    `（一）主要问题及原因分析`). A section without a role (a sub-heading of the report's own,
    hand-written YAML) is checked when its heading names problems, their causes or the measures
    taken (存在问题, 主要问题, 原因分析, 改进措施, 整改措施 …, numbering ignored). A section with no
    text at all is a completeness matter (PL5xx), not this rule's.

Why it matters
    The self-evaluation must analyse what fell short and say what will change. Auditors cite
    reports whose 存在问题 and 改进措施 read "无" or "暂无" (大英县 2023) as
    evaluations that were not really done, especially when indicators missed their targets.

Options
    phrases         the empty-content phrases (default: the bundled list, phrases.yaml)
    extra_phrases   phrases added to the default list by a ruleset
    roles           section roles checked
    headings        heading keywords of the sections checked when a section has no role

Example
    主要问题及原因分析
    无。                                   (PL601)

    主要问题及原因分析
    档案数字化完成率82%，低于年度指标值90%，原因是…   (fine)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field, field_validator

from perflint.analysis.sections import PROBLEMS_MEASURES, known_roles, section_is
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_options
from perflint.rules.text.common import TextOptions
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.phrases import phrase_list
from perflint.textmatch.pieces import locate


class EmptyContentOptions(TextOptions):
    phrases: list[str] = Field(default_factory=lambda: phrase_list("empty_content"))
    extra_phrases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=lambda: list(PROBLEMS_MEASURES),
                             description="section roles checked (perflint.profiles.model.ROLES)")
    headings: list[str] = Field(default_factory=lambda: [
        "存在问题", "主要问题", "问题及原因", "原因分析", "改进措施", "改进的方向", "改进方向", "整改措施",
        "具体措施", "整改情况"])

    _known_roles = field_validator("roles")(known_roles)


class EmptyContent(ReportRule):
    """A problems or measures section says only 无 / 暂无 / 不涉及."""

    code = "PL601"
    name = "empty-content"
    severity = "warning"
    groups = ("text",)
    Options = EmptyContentOptions
    messages = {
        "zh": "“{heading}”部分只写了“{text}”，没有分析问题或提出措施",
        "en": "the section “{heading}” says only “{text}”: no problem analysed, no measure stated",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: EmptyContentOptions = ctx.options
        empty = per_options(options, "empty", lambda: frozenset(
            normalize_many([*options.phrases, *options.extra_phrases])) - {""})
        roles, headings = frozenset(options.roles), tuple(options.headings)
        for section in report.sections:
            if section.body is None or not section_is(section, roles, headings):
                continue
            raw = section.body.text
            body = raw.strip()
            if not body or len(body) > 40:
                continue
            if normalize_many([body])[0] in empty:
                start = raw.index(body)
                span = locate(section.body, start, start + len(body)) or section.heading.span
                yield ctx.finding(span, heading=section.heading.text, text=body,
                                  related=[(section.heading.span, "标题")])
