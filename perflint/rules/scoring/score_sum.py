"""PL303 score-sum: a stated group score and the stated 总分 must equal the sum of the scores below.

What it checks
    For every indicator that states a score and whose children all state one (or can be summed
    from their own children), the children's scores must add up to it. The stated 自评总分
    (`evaluation.total_score`) must equal the sum of the top-level scores, each taken as stated or
    summed from below: 28 + 22 + 35 + 10 = 95 holds. Dashed scores (`-`) count as 0. Whole
    points are exact; points with decimals stand for their stated precision.
    When the report states no 一级 indicators (only lower levels), a total that differs from their
    sum may come from groups the narrative leaves out, so that case is a warning.
    When the report's form scores a budget row inside the total (the profile's `scoring.funds_row`:
    the national 项目支出绩效自评表's 预算执行率, 分值 10, 得分 in the 年度资金总额 row), that row's
    得分 is one of the parts: 产出50 + 效益29 + 满意度10 + 预算执行率9.5 = 98.5. Whether the row
    counts follows from the weights: it does when the indicators' weights leave its points to reach
    the full score (90 + 10 = 100), it does not when they reach the full score alone. When the
    weights do not say, the form's word is taken, and a total that matches only without the row is
    a warning. When the row counts but its 得分 is not stated, the total is not checked.

Why it matters
    The total decides the grade (优/良/中/差) and is what the 汇总表 and the finance bureau record.
    A total that is not the sum of its scores cannot be traced back to the indicators it claims
    to summarise (重庆 score sheet: "评价计分正确、分值计算散总一致").

Example
    管理28 + 产出22 + 效果35 + 满意度10 = 95, 总分 95              (holds)
    数量指标 得分9, but 4.5 + 3.5 = 8                             (PL303)
    产出50 + 效益29 + 满意度10 + 预算执行率9.5 = 98.5, 总分 99.5     (PL303, expected 98.5)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Indicator, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import (
    effective_score,
    fmt,
    form_full_score,
    full_score,
    funds_points,
    points,
    top_weights,
)


class ScoreSum(ReportRule):
    """A stated group score or total score is not the sum of the scores below it."""

    code = "PL303"
    name = "score-sum"
    severity = "error"
    groups = ("scoring",)
    messages = {
        "group": {
            "zh": "{label}得分为{stated}，但其下级指标得分合计为{expected}（{parts}）",
            "en": "{label} scores {stated} but its sub-indicators' scores add up to {expected} ({parts})",
        },
        "total": {
            "zh": "自评总分为{stated}，但各指标得分合计为{expected}（{parts}）",
            "en": "the total score is {stated} but the indicators' scores add up to {expected} ({parts})",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for node in all_indicators(report):
            yield from self._group(node, ctx)
        yield from self._total(report, ctx)

    def _group(self, node: Indicator, ctx: CheckContext) -> Iterator[Finding]:
        if not node.children or node.score is None or node.score.nil:
            return
        stated = points(node.score)
        parts = [effective_score(child) for child in node.children]
        if stated is None or any(part is None for part in parts):
            return
        computed = intervals.total(parts)
        if computed.intersects(stated):
            return
        yield ctx.finding(
            node.score.span, message_key="group", label=node.name.text, stated=node.score.literal,
            expected=fmt(computed), parts=_parts(node.children, parts),
            related=[(c.score.span if c.score else c.span, c.name.text) for c in node.children],
        )

    def _total(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        evaluation = report.evaluation
        if evaluation is None or evaluation.total_score is None or not report.indicators:
            return
        stated = points(evaluation.total_score)
        parts = [effective_score(root) for root in report.indicators]
        if stated is None or evaluation.total_score.nil or any(part is None for part in parts):
            return
        computed = intervals.total(parts)
        complete = all(root.level == 1 for root in report.indicators)
        severity = None if complete else "warning"
        funds = funds_points(report, ctx)
        counted = None  # the funds row, when its points are in the total
        if funds is not None:
            weights = top_weights(report)
            full = full_score(report, form_full_score(None, ctx.profile))
            if weights is None or not weights.intersects(full):  # the row's points are in the total
                if funds.score is None:
                    return  # its 得分 is not stated: the total cannot be checked
                without = computed
                computed = intervals.total([computed, funds.score])
                counted = funds
                by_weights = weights is not None and funds.weight is not None and \
                    intervals.total([weights, funds.weight]).intersects(full)
                if not by_weights and without.intersects(stated):
                    severity = "warning"  # only the form, not the table, says the row counts
        if computed.intersects(stated):
            return
        # a finding: its parts and related figures are written out only now
        text = _parts(report.indicators, parts)
        related = [(r.score.span if r.score else r.span, r.name.text) for r in report.indicators]
        if counted is not None:
            text += f" + {counted.label(ctx.lang)} {fmt(counted.score)}"
            related.append((counted.row.score.span, counted.label(ctx.lang)))
        yield ctx.finding(
            evaluation.total_score.span, message_key="total", stated=evaluation.total_score.literal,
            expected=fmt(computed), parts=text, severity=severity, related=related,
        )


def _parts(nodes: list[Indicator], values: list) -> str:
    return " + ".join(f"{node.name.text} {fmt(value)}" for node, value in zip(nodes, values, strict=True))
