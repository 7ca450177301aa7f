"""PL301 weight-sum: indicator weights must add up, to each parent's weight and to the full score.

What it checks
    For every indicator with children that all state a weight, the children's weights must add
    up to the parent's (管理指标30 = 6+8+2+4+6+1+3; 产出指标25 = 9+9+4+3). Dashed rows (`-`,
    "不产生经济效益") count as 0. The top level must add up to the stated 满分 (`evaluation.max_score`)
    or, when none is stated, to `total` (default 100).
    When the report states its 一级 indicators with their weights, a wrong top-level sum is an
    error. When it states only lower levels (a narrative that gives "数量指标（指标分数27分）…" but
    no 一级 table), the stated weights cannot be checked against a full table, so a sum that cannot
    reach the full score is reported as a warning: 27+27+8+20+2+5 = 89 leaves 11 points unaccounted.
    Whole-number points are exact; points with decimals stand for their stated precision (three
    rows of 3.33 may add up to 10).
    When the report's form scores a budget row inside the total (the profile's `scoring.funds_row`:
    the national 项目支出绩效自评表 gives 预算执行率 10 of the 100 points in its 年度资金总额 row), that
    row's 分值 (else the form's usual one) counts with the top level: 产出50 + 效益30 + 满意度10 +
    预算执行率10 = 100. A table whose indicators alone already reach the full score while its funds
    row states points of its own is reported as a warning (the form counts those points in the
    total; a region's own form may not).

Why it matters
    Weights that do not add up make every score meaningless: a unit can reach 优 on a table worth
    less than 100 points, or hide a 一级 indicator by leaving it out. 重庆's report-quality score
    sheet deducts for "分值计算散总一致" errors.

Example
    管理指标 30分: 预算编审管理6 + 预算执行管理8 + … + 资产管理3 = 30           (holds)
    数量27 + 质量27 + 时效8 + 社会效益20 + 生态效益2 + 满意度5 = 89 ≠ 100     (PL301, warning)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Indicator, Report, Span
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.common import ZERO, effective_weight, fmt, form_full_score, funds_points, points


class WeightSumOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: Decimal | None = Field(None, description="full score the top-level weights must reach "
                                  "when the report states no 满分; default: the profile's (100)")


class WeightSum(ReportRule):
    """Indicator weights do not add up to the parent's weight or to the full score."""

    code = "PL301"
    name = "weight-sum"
    severity = "error"
    groups = ("scoring",)
    Options = WeightSumOptions
    messages = {
        "children": {
            "zh": "{label}的分值为{stated}，但其下级指标分值合计为{expected}（{parts}）",
            "en": "{label} has weight {stated} but its sub-indicators' weights add up to {expected} "
                  "({parts})",
        },
        "top": {
            "zh": "一级指标分值合计为{computed}（{parts}），应等于总分{expected}",
            "en": "the top-level weights add up to {computed} ({parts}); they should add up to {expected}",
        },
        "partial": {
            "zh": "报告所列指标分值合计仅为{computed}（{parts}），无法达到总分{expected}，"
                  "有{gap}分未说明去向",
            "en": "the weights the report states add up to {computed} ({parts}) and cannot reach the "
                  "full score {expected}; {gap} points are unaccounted for",
        },
        "funds_extra": {
            "zh": "一级指标分值合计已为{full}（{parts}），{funds}另有分值{weight}，"
                  "合计{computed}超过总分{full}",
            "en": "the top-level weights already add up to {full} ({parts}) and the {funds} row "
                  "has a weight of {weight} of its own: {computed} exceeds the full score {full}",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for root in report.indicators:
            for node in root.walk():
                yield from self._children(node, ctx)
        yield from self._top(report, ctx)

    def _children(self, node, ctx: CheckContext) -> Iterator[Finding]:
        if not node.children or node.weight is None or node.weight.nil:
            return
        stated = points(node.weight)
        parts = [points(child.weight) for child in node.children]
        if stated is None or any(part is None for part in parts):
            return
        computed = intervals.total(parts)
        if computed.intersects(stated):
            return
        yield ctx.finding(
            node.weight.span, message_key="children", label=node.name.text,
            stated=node.weight.literal, expected=fmt(computed),
            parts=" + ".join(f"{c.name.text} {c.weight.literal}" for c in node.children),
            related=[(c.weight.span, c.name.text) for c in node.children],
        )

    def _top(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        roots = report.indicators
        if not roots:
            return
        weights = [effective_weight(root) for root in roots]
        if any(weight is None for weight in weights):
            return
        max_score = report.evaluation.max_score if report.evaluation else None
        expected = points(max_score) if max_score is not None else None
        if expected is None:
            expected = intervals.Interval.exact(form_full_score(ctx.options.total, ctx.profile))
        computed = intervals.total(weights)
        funds = funds_points(report, ctx)
        if computed.intersects(expected):
            if funds is not None and funds.weight_stated and funds.weight.lo > ZERO:
                row = funds.row
                yield ctx.finding(
                    row.weight.span, message_key="funds_extra", severity="warning",
                    full=fmt(expected), parts=_parts(roots, weights), funds=funds.label(ctx.lang),
                    weight=row.weight.literal, computed=fmt(intervals.total([computed, funds.weight])),
                    stated=row.weight.literal, related=_related(roots))
            return
        with_funds = None
        if funds is not None and funds.weight is not None:
            with_funds = intervals.total([computed, funds.weight])
            if with_funds.intersects(expected):
                return
        # a finding from here on: its parts and related figures are written out only now
        parts, related = _parts(roots, weights), _related(roots)
        span = max_score.span if max_score is not None else related[0][0]
        if with_funds is not None:
            computed = with_funds
            parts += f" + {funds.label(ctx.lang)} {fmt(funds.weight)}"
            if funds.weight_stated:
                related.append((funds.row.weight.span, funds.label(ctx.lang)))
        complete = all(root.level == 1 and root.weight is not None and root.weight.value is not None
                       for root in roots)
        short = computed.hi < expected.lo
        gap = fmt(intervals.Interval(expected.lo - computed.hi, expected.hi - computed.lo))
        yield ctx.finding(
            span, message_key="partial" if short and not complete else "top",
            severity=None if complete else "warning",
            computed=fmt(computed), expected=fmt(expected), stated=fmt(computed), parts=parts, gap=gap,
            related=related,
        )


def _parts(roots: list[Indicator], weights: list[intervals.Interval]) -> str:
    """The top-level weights as a message lists them (`产出指标 50 + 效益指标 30`)."""
    return " + ".join(f"{root.name.text} {fmt(weight)}" for root, weight in zip(roots, weights, strict=True))


def _related(roots: list[Indicator]) -> list[tuple[Span | None, str]]:
    """Each top-level indicator's weight (or the indicator, when it states none), by name."""
    return [(root.weight.span if root.weight else root.span, root.name.text) for root in roots]
