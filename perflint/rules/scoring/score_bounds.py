"""PL302 score-bounds: a score must lie between 0 and the weight of its row, group or table.

What it checks
    Every indicator row and group that states both 分值 and 得分: 0 ≤ 得分 ≤ 分值. A dashed weight
    (`-`) is 0, so a dashed row that still scores points is reported. The stated 总分 must lie
    between 0 and the stated 满分 (100 unless `evaluation.max_score` says otherwise). Points are
    awarded, not measured, so the stated values are compared exactly (4.6 of 4.5 is out of bounds).
    The budget row a form scores inside the total (the national project form's 预算执行率, in its
    年度资金总额 row) is held to the same bounds when it states both 分值 and 得分.

Why it matters
    A score above its weight inflates the total without any rule allowing it; a negative score is
    a typing error. Either way the total and the grade built on it are wrong.

Example
    办理审批服务类事项  分值 4.5  得分 4.5    (holds)
    支付进度率          分值 2    得分 3      (PL302: 3 > 2)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Quantity, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import ZERO, form_full_score, funds_points


def _value(quantity: Quantity | None) -> Decimal | None:
    if quantity is None:
        return None
    if quantity.nil:
        return ZERO
    return quantity.value


class ScoreBoundsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: Decimal | None = Field(None, description="full score when the report states no 满分; "
                                  "default: the profile's (100)")


class ScoreBounds(ReportRule):
    """A score is negative or higher than the weight it is scored out of."""

    code = "PL302"
    name = "score-bounds"
    severity = "error"
    groups = ("scoring",)
    Options = ScoreBoundsOptions
    messages = {
        "above": {
            "zh": "{label}得分{stated}超过其分值{weight}",
            "en": "{label} scores {stated}, more than its weight {weight}",
        },
        "negative": {
            "zh": "{label}得分{stated}为负数",
            "en": "{label} has a negative score {stated}",
        },
        "total": {
            "zh": "自评总分{stated}超过满分{weight}",
            "en": "the total score {stated} exceeds the full score {weight}",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for node in all_indicators(report):
            score, weight = _value(node.score), _value(node.weight)
            if score is None or node.score.nil:
                continue
            label = node.name.text
            if score < ZERO:
                yield ctx.finding(node.score.span, message_key="negative", label=label,
                                  stated=node.score.literal, expected="≥ 0")
            elif weight is not None and score > weight:
                yield ctx.finding(node.score.span, message_key="above", label=label,
                                  stated=node.score.literal, weight=node.weight.literal,
                                  expected=f"≤ {node.weight.literal}",
                                  related=[(node.weight.span, "分值")])
        funds = funds_points(report, ctx)
        row = funds.row if funds is not None else None
        if row is not None and row.score is not None and row.score.value is not None:
            label = (f"{row.label}（{funds.label(ctx.lang)}）" if ctx.lang == "zh"
                     else f"{row.label} ({funds.label(ctx.lang)})")
            score, weight = row.score.value, _value(row.weight)
            if score < ZERO:
                yield ctx.finding(row.score.span, message_key="negative", label=label,
                                  stated=row.score.literal, expected="≥ 0")
            elif weight is not None and row.weight.value is not None and score > weight:
                yield ctx.finding(row.score.span, message_key="above", label=label,
                                  stated=row.score.literal, weight=row.weight.literal,
                                  expected=f"≤ {row.weight.literal}", related=[(row.weight.span, "分值")])
        evaluation = report.evaluation
        if evaluation is None or evaluation.total_score is None:
            return
        total = evaluation.total_score.value
        if total is None:
            return
        if total < ZERO:
            yield ctx.finding(evaluation.total_score.span, message_key="negative", label="自评总分",
                              stated=evaluation.total_score.literal, expected="≥ 0")
            return
        maximum = evaluation.max_score
        stated_max = maximum is not None and maximum.value is not None
        limit = maximum.value if stated_max else form_full_score(ctx.options.total, ctx.profile)
        if total > limit:
            yield ctx.finding(evaluation.total_score.span, message_key="total",
                              stated=evaluation.total_score.literal,
                              weight=maximum.literal if stated_max else str(limit),
                              expected=f"≤ {limit}",
                              related=[(maximum.span if maximum is not None else None, "满分")])
