"""PL501 required-sections: the report must have the sections its form requires.

What it checks
    The section headings against the outline the report's form profile marks as required
    (`required: true` in the profile's `outline`), or against `outline` when a ruleset sets it.
    National profiles require nothing: provinces word their outlines differently, so a missing
    chapter is certain only against a region's own template. A region's profile says which
    headings its template requires; the Jiangxi plugin's 部门整体 profile, for instance, requires
        一、部门（单位）概况 — (一) 主要职责职能，组织架构、人员及资产等基本情况; (二) 履职总体目标、
            工作任务; (三) 年度整体支出绩效目标; (四) 预算绩效管理开展情况; (五) 预算及执行情况
        二、部门（单位）整体支出绩效实现情况 — (一) 履职完成情况; (二) 履职效果情况; (三) 社会满意度
        三、部门整体支出绩效中存在问题及改进措施 — (一) 主要问题及原因分析; (二) 改进的方向和具体措施
        四、绩效自评结果拟应用和公开情况
    Headings match fuzzily, as reports really write them: numbering (一、 （一） 1、 (1)) and
    "（单位）"/"部门"/"当年" are optional, punctuation and spaces are ignored, a heading may add words
    ("部门基本概况", "履职完成情况：从数量、质量…归纳反映…") or drop a leading word ("主要职责职能，
    组织架构…"), may use one of the profile's other wordings (`aliases`), and otherwise must be at
    least `similarity` alike (difflib ratio).
    A missing 一级 section is an error; when some of its 二级 sections are present the 一级 heading
    is only missing in wording, so that is a warning, and a missing 二级 section is a warning.
    The rule runs on reports with narrative sections (department, project and transfer reports),
    never on a bare table.

Why it matters
    Provinces ship the outline as the report template (Jiangxi's 附件7); reviewers read the
    report section by section, and a missing 存在问题 or 公开 section is the omission they note
    first (重庆 score sheet: "评价报告每缺失一项内容…扣1分").

Example
    一、部门（单位）概况 … 四、绩效自评结果拟应用和公开情况                        (holds)
    no "存在问题及改进措施" section, under a profile that requires it            (PL501 error)
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report, Section, Span
from perflint.profiles import Profile
from perflint.profiles.model import OutlineEntry
from perflint.profiles.outline import heading_key
from perflint.rules.base import CheckContext, ReportRule


class Heading(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    aliases: list[str] = Field(default_factory=list, description="other wordings of the heading")
    children: list[str | Heading] = Field(default_factory=list)


Heading.model_rebuild()


class RequiredSectionsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outline: list[Heading] | None = Field(None, description="一级 headings with their 二级 headings, "
                                          "in order; default: what the report's form profile requires")
    optional_words: list[str] = Field(default_factory=lambda: ["（单位）", "(单位)", "当年", "部门"],
                                      description="words a heading may leave out or add")
    similarity: float = Field(0.8, ge=0, le=1, description="difflib ratio for headings otherwise worded")


def required_outline(profile: Profile | None) -> list[Heading]:
    """The headings a profile requires, as PL501's outline: required 一级 entries with their
    required 二级 entries, each with its other wordings."""
    if profile is None:
        return []

    def heading(entry: OutlineEntry) -> Heading:
        return Heading(title=entry.title, aliases=list(entry.aliases),
                       children=[heading(child) for child in entry.children if child.required])

    return [heading(entry) for entry in profile.outline if entry.required]




def normalize_heading(text: str, optional_words: list[str]) -> str:
    return _normalize_heading(text, tuple(optional_words))


@lru_cache(maxsize=16384)
def _normalize_heading(text: str, optional_words: tuple[str, ...]) -> str:
    """`normalize_heading`, cached: reports share most of their headings. The heading key
    (perflint.profiles.outline) with the optional words left out too."""
    for word in sorted(optional_words, key=len, reverse=True):
        text = text.replace(word, "")
    return heading_key(text)


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(char in chars for char in short)


def heading_matches(required: str, heading: str, options: RequiredSectionsOptions) -> bool:
    return _normalized_match(normalize_heading(required, options.optional_words),
                             normalize_heading(heading, options.optional_words), options.similarity)


@lru_cache(maxsize=16384)
def _normalized_match(want: str, have: str, similarity: float) -> bool:
    """`heading_matches` on headings already normalized (each is normalized once per report).
    Cached: the outline is fixed and reports share most of their headings, so the same pairs
    recur from report to report."""
    if not want or not have:
        return False
    if want in have:
        return True
    if have in want and len(have) >= 0.6 * len(want):
        return True
    if _subsequence(want, have) and len(want) >= 0.5 * len(have):
        return True
    matcher = SequenceMatcher(None, want, have)
    # real_quick_ratio and quick_ratio are upper bounds of ratio: below the threshold, ratio is too
    return (matcher.real_quick_ratio() >= similarity and matcher.quick_ratio() >= similarity
            and matcher.ratio() >= similarity)


class RequiredSections(ReportRule):
    """A section of the prescribed report outline is missing."""

    code = "PL501"
    name = "required-sections"
    severity = "error"
    groups = ("completeness",)
    applies_to = frozenset({"department-report", "project-report", "transfer-report"})
    Options = RequiredSectionsOptions
    messages = {
        "top": {
            "zh": "缺少一级标题“{title}”",
            "en": "the section “{title}” is missing",
        },
        "top-heading": {
            "zh": "缺少一级标题“{title}”（其下级内容存在，但未见该标题）",
            "en": "the heading “{title}” is missing (its sub-sections are present)",
        },
        "sub": {
            "zh": "“{parent}”下缺少二级标题“{title}”",
            "en": "the sub-section “{title}” of “{parent}” is missing",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        outline = options.outline
        if outline is None:
            outline = required_outline(ctx.profile_for(self.applies_to))
        if not report.sections or not outline:
            return
        anchor = self._default_anchor(report)
        headings = [(normalize_heading(s.heading.text, options.optional_words), s) for s in report.sections]
        for heading in outline:
            top = self._find(headings, heading, options)
            children = [Heading(title=c) if isinstance(c, str) else c for c in heading.children]
            present = [(child.title, self._find(headings, child, options)) for child in children]
            found_children = [s for _, s in present if s is not None]
            if top is not None:
                anchor = top.heading.span or anchor
            elif not found_children:
                yield ctx.finding(anchor, message_key="top", title=heading.title)
                continue
            else:
                yield ctx.finding(found_children[0].heading.span or anchor, message_key="top-heading",
                                  title=heading.title, severity="warning")
            for child, section in present:
                if section is not None:
                    anchor = section.heading.span or anchor
                    continue
                yield ctx.finding(anchor, message_key="sub", title=child, parent=heading.title,
                                  severity="warning")

    @staticmethod
    def _find(headings: list[tuple[str, Section]], heading: Heading,
              options: RequiredSectionsOptions) -> Section | None:
        wants = [normalize_heading(w, options.optional_words) for w in (heading.title, *heading.aliases)]
        return next((s for have, s in headings
                     if any(_normalized_match(want, have, options.similarity) for want in wants)), None)

    @staticmethod
    def _default_anchor(report: Report) -> Span | None:
        if report.title is not None and report.title.span is not None:
            return report.title.span
        return report.sections[0].heading.span
