"""PL503 missing-actual: an indicator with a target must state what was achieved.

What it checks
    Every indicator row (no sub-indicators) with a 年度指标值:
    - error: the 全年完成值 of a scored row (one with a 分值) is missing, blank or a dash; for an
      indicator the report states only in its narrative ("…故障处理率，" in a list of
      figures, where the figure was never filled in) the same is a warning, because the text may give the
      result in words;
    - warning: the target is a figure but the actual is prose ("完成", "较好"), which cannot be
      compared with it. Inequalities (">100%") are figures and are left to the scoring rules.
    Rows whose target is a dash or says there is nothing to measure (`no_target_words`: 不涉及 …)
    are skipped.

Why it matters
    The MOF self-evaluation notice asks units to "对照年初预算设定的绩效目标及指标值，对应填报年度
    实际完成值". A target without a result cannot be scored or checked, yet such rows usually
    still get their points.

Example
    会议保障、办公设备运维故障处理率  100%  （空）                      (PL503 error)
    事项办结率                       100%  完成                         (PL503 warning)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Indicator, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import span_or_row
from perflint.rules.scoring.textspan import normalize_name


class MissingActualOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    no_target_words: list[str] = Field(default_factory=lambda: ["不涉及", "无", "不适用", "不产生"],
                                       description="targets (by prefix) that set nothing to achieve")


def needs_actual(node: Indicator, options: MissingActualOptions) -> bool:
    """A row with a real target."""
    target = node.target
    if node.children or target is None or target.nil or not target.literal.strip():
        return False
    bare = normalize_name(target.literal)
    return not any(bare.startswith(word) for word in options.no_target_words)


def lacks_actual(node: Indicator) -> bool:
    actual = node.actual
    return actual is None or actual.nil or not actual.literal.strip()


class MissingActual(ReportRule):
    """An indicator states a target but no actual result (or only words for a figure)."""

    code = "PL503"
    name = "missing-actual"
    severity = "error"
    groups = ("completeness",)
    Options = MissingActualOptions
    messages = {
        "missing": {
            "zh": "指标“{label}”有年度指标值{target}，但未填写全年完成值",
            "en": "indicator “{label}” has a target {target} but no actual value",
        },
        "prose": {
            "zh": "指标“{label}”的年度指标值为数值{target}，全年完成值却为文字“{actual}”，无法比较",
            "en": "indicator “{label}” has a numeric target {target} but its actual is the phrase "
                  "“{actual}”, which cannot be compared",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for node in all_indicators(report):
            if not needs_actual(node, ctx.options):
                continue
            target, actual = node.target, node.actual
            if lacks_actual(node):
                span = actual.span if actual is not None and actual.span is not None else None
                span = span or span_or_row(target, node)
                related = [(target.span, "年度指标值")] if span is not target.span else []
                # A scored row of a 自评表 with an empty 完成值 cell is certain; an indicator read
                # from narrative may state its result in words the extractor does not attribute.
                severity = None if node.weight is not None else "warning"
                yield ctx.finding(span, message_key="missing", label=node.name.text,
                                  target=target.literal, related=related, severity=severity)
            elif target.value is not None and actual.value is None:
                yield ctx.finding(span_or_row(actual, node), message_key="prose", severity="warning",
                                  label=node.name.text, target=target.literal, actual=actual.literal,
                                  related=[(target.span, "年度指标值")])
