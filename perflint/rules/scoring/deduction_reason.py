"""PL304 deduction-reason: points taken off an indicator must come with a deviation reason.

What it checks
    Every indicator whose stated 得分 is below its 分值 needs a 偏差原因: its own reason cell, a
    reason on one of its sub-indicators, or a narrative sentence that names the indicator and
    explains the miss (contains one of `explanation_markers`: 未达, 未完成, 原因, 由于 …). A section
    whose heading names the indicator ("数量指标（指标分数27分，实际得分24分）") counts when its text
    contains such a marker. A reason that is only a placeholder or a generic phrase (`generic_reasons`:
    无, 暂无, -, 无偏差 …) does not count. A reason where nothing was deducted is fine.
    A group is reported only when none of its sub-indicators shows the deduction itself (those are
    reported one by one instead).

Why it matters
    财预〔2020〕10号 asks that 未完成绩效目标或偏离绩效目标较大的 items be analysed and explained
    (restated in local notes: "请在'未完成原因分析'中说明偏离目标、不能完成的原因"), and every
    自评表 has a column for it. An unexplained deduction tells the reviewer nothing about what
    went wrong or what will change. The article is known only from restatements, so this is a
    warning by default.

Example
    公用经费控制率  分值2 得分0  偏差原因: 由于给交易中心拨付政府采购资金增加   (holds)
    成本节约率      分值3 得分0  偏差原因: 无                               (PL304)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Indicator, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import is_deducted
from perflint.rules.scoring.textspan import narrative_sentences, normalize_name, sentences, subtree

DEFAULT_GENERIC_REASONS = ["无", "暂无", "-", "—", "/", "无偏差", "没有偏差", "不涉及", "无原因", "见说明",
                           "详见报告", "已完成", "完成", "正常"]
DEFAULT_MARKERS = ["未达", "未完成", "未按", "没有完成", "原因", "由于", "因为", "导致", "偏差", "扣",
                   "不足", "减少", "延迟", "滞后"]

_PUNCTUATION = re.compile(r"[\s。，、,.;；:：!！?？()（）\"“”'‘’]")


class DeductionReasonOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    generic_reasons: list[str] = Field(
        default_factory=lambda: list(DEFAULT_GENERIC_REASONS),
        description="reasons that explain nothing (compared after removing spaces and punctuation)")
    explanation_markers: list[str] = Field(
        default_factory=lambda: list(DEFAULT_MARKERS),
        description="words that make a narrative sentence naming the indicator count as its reason")


def is_generic(text: str, generic: list[str]) -> bool:
    bare = _PUNCTUATION.sub("", text)
    return not bare or bare in {_PUNCTUATION.sub("", phrase) for phrase in generic}


class DeductionReason(ReportRule):
    """Points were deducted from an indicator but no deviation reason is given."""

    code = "PL304"
    name = "deduction-reason"
    severity = "warning"
    groups = ("scoring",)
    Options = DeductionReasonOptions
    messages = {
        "missing": {
            "zh": "{label}得分{score}低于分值{weight}，但未说明偏差原因",
            "en": "{label} scores {score} of {weight} but no deviation reason is given",
        },
        "generic": {
            "zh": "{label}得分{score}低于分值{weight}，偏差原因仅为“{reason}”，未说明扣分原因",
            "en": "{label} scores {score} of {weight}; the deviation reason “{reason}” explains nothing",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        for node in all_indicators(report):
            if not is_deducted(node):
                continue
            if any(is_deducted(d) for child in node.children for d in child.walk()):
                continue
            if _explained(report, node, options):
                continue
            reason = node.reason
            generic = reason is not None and reason.text.strip() != ""
            related = [(node.weight.span, "分值")]
            if reason is not None:
                related.append((reason.span, "偏差原因"))
            yield ctx.finding(
                node.score.span, message_key="generic" if generic else "missing",
                label=node.name.text, score=node.score.literal, weight=node.weight.literal,
                reason=reason.text.strip() if reason is not None else "", related=related,
            )


def _explained(report: Report, node: Indicator, options: DeductionReasonOptions) -> bool:
    for item in node.walk():
        if item.reason is not None and not is_generic(item.reason.text, options.generic_reasons):
            return True
    names = {normalize_name(item.name.text) for item in node.walk()}
    names.discard("")
    markers = options.explanation_markers
    for index, section in enumerate(report.sections):
        heading = normalize_name(section.heading.text)
        if any(name in heading for name in names):
            for part in subtree(report, index):
                for sentence in sentences(part.body):
                    if any(marker in sentence.text for marker in markers):
                        return True
    for _, sentence in narrative_sentences(report):
        text = normalize_name(sentence.text)
        if any(name in text for name in names) and any(marker in text for marker in markers):
            return True
    return False
