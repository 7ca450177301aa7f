"""PL603 vague-target: an indicator's target is a word such as 提高 or 明显, with no figure.

What it checks
    Every indicator whose 年度指标值 states no number and contains one of the vague words
    (提高, 改善, 明显, 较好, 有效, 显著, 提升 by default): "服务质量 明显提高", "有效改善".
    Targets that are a yes/no (是, 按时完成) or a figure with a comparator (≥95%) are not vague.

Why it matters
    A target with no figure cannot be missed, so the indicator scores full marks whatever
    happened. Auditors list "指标值模糊、难以衡量，比如有些指标值表述为'改善'、'提高'等" among the
    common defects of performance targets (赤峰市审计局 2023).

Options
    words        the vague words (default: the bundled list, phrases.yaml)
    extra_words  words added by a ruleset

Example
    三级指标 群众办事便利度   年度指标值 明显提高          (PL603)
    三级指标 群众满意度       年度指标值 ≥90%              (fine)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators, per_options
from perflint.rules.text.common import TextOptions
from perflint.textmatch.phrases import PhraseMatcher, matcher, phrase_list


class VagueTargetOptions(TextOptions):
    words: list[str] = Field(default_factory=lambda: phrase_list("vague_target_words"))
    extra_words: list[str] = Field(default_factory=list)


class VagueTarget(ReportRule):
    """An indicator target is a vague word with no figure."""

    code = "PL603"
    name = "vague-target"
    severity = "warning"
    groups = ("text",)
    Options = VagueTargetOptions
    messages = {
        "zh": "指标“{indicator}”的年度指标值“{stated}”没有可衡量的数值（“{word}”）",
        "en": "the target of indicator “{indicator}” is “{stated}”, with no measurable figure (“{word}”)",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options: VagueTargetOptions = ctx.options
        find = per_options(options, PhraseMatcher,
                           lambda: matcher(tuple(dict.fromkeys([*options.words, *options.extra_words])))).find
        for indicator in all_indicators(report):
            target = indicator.target
            if target is None or target.value is not None or target.nil:
                continue
            found = find(target.literal)
            if found:
                words = "”“".join(dict.fromkeys(word for _, _, word in found))
                yield ctx.finding(target.span, stated=target.literal, indicator=indicator.name.text,
                                  word=words)
