"""PL505 satisfaction-basis: a satisfaction section must state a figure and how it was measured.

What it checks
    Each satisfaction section, together with its sub-sections, must state
    - a satisfaction figure: a percentage (满意度95%), and
    - a method: one of `method_words` (问卷, 抽样, 调查, 测评, 回访 …).
    A satisfaction section is one with the role `satisfaction` in the report's form profile
    (`社会满意度`, `满意度指标完成情况` …); a section without a role (a sub-heading of the report's
    own, hand-written YAML) is one whose heading names satisfaction (`keywords`: 满意度).
    Headings are not searched for the figure ("社会满意度指标（指标分数5分，实际得分5分）" states the
    points, not the satisfaction). Nested satisfaction headings are checked once, as a whole.

Why it matters
    满意度 is usually worth 5 to 10 points and is the easiest to claim: "赢得了各级领导和办事群众的
    肯定和赞誉，按年度绩效指标值完成" states neither how satisfied anyone was nor how that
    was found out. The 满意度 formula (满意人数 / 有效调查人数) presupposes a survey; 满意度无调查支撑
    is a finding finance bureaus give. It is a warning: the method may be in an attachment.

Example
    "通过问卷调查的方式…进行满意度测评，满意度90%"          (holds)
    "赢得了各级领导和办事群众的肯定和赞誉"                  (PL505: no figure, no method)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from perflint.analysis.sections import known_roles, section_is
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.textspan import subtree

_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*[%％]")
DEFAULT_METHODS = ["问卷", "调查", "调研", "抽样", "抽查", "测评", "样本", "回访", "走访", "座谈", "评议",
                   "访谈", "征求意见", "电话", "评价器", "好差评"]


class SatisfactionBasisOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: list[str] = Field(default_factory=lambda: ["satisfaction"],
                             description="section roles of satisfaction sections")
    keywords: list[str] = Field(default_factory=lambda: ["满意度"],
                                description="heading words that make a section without a role a "
                                            "satisfaction section")
    method_words: list[str] = Field(default_factory=lambda: list(DEFAULT_METHODS),
                                    description="words that say how satisfaction was measured")

    _known_roles = field_validator("roles")(known_roles)


class SatisfactionBasis(ReportRule):
    """A satisfaction section states no satisfaction figure, or not how it was measured."""

    code = "PL505"
    name = "satisfaction-basis"
    severity = "warning"
    groups = ("completeness",)
    Options = SatisfactionBasisOptions
    messages = {
        "neither": {"zh": "“{title}”未给出满意度数值，也未说明调查方式",
                    "en": "“{title}” gives no satisfaction figure and no survey method"},
        "no-figure": {"zh": "“{title}”未给出满意度数值", "en": "“{title}” gives no satisfaction figure"},
        "no-method": {"zh": "“{title}”给出了满意度数值，但未说明调查方式或样本",
                      "en": "“{title}” gives a satisfaction figure but not how it was measured"},
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        covered: set[int] = set()
        roles = frozenset(options.roles)
        for index, section in enumerate(report.sections):
            if index in covered or not section_is(section, roles, options.keywords):
                continue
            parts = subtree(report, index)
            covered.update(range(index, index + len(parts)))
            body = "\n".join(part.body.text for part in parts if part.body is not None)
            heading_text = "\n".join(part.heading.text for part in parts)
            has_figure = bool(_PERCENT.search(body))
            has_method = any(word in body or word in heading_text for word in options.method_words)
            if has_figure and has_method:
                continue
            key = "no-method" if has_figure else "no-figure" if has_method else "neither"
            related = [(part.body.span, "正文") for part in parts if part.body is not None]
            yield ctx.finding(section.heading.span, message_key=key,
                              title=section.heading.text.strip(), related=related)
