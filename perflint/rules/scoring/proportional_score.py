"""PL306 proportional-score: a missed quantitative target scores at most its share of the weight.

What it checks
    Indicators that missed a numeric target and lost some, but not all, of their points. Under
    the proportional rule a "≥" target scores at most 分值 × 完成值 / 指标值, and a "≤" target
    at most 分值 × 指标值 / 完成值. The bound is computed on stated-precision intervals and the
    rule reports only a score above every value the bound can take: with target 100%, actual
    72.74% and weight 2 the bound reaches 1.46, so a score of 1.45 holds and 1.6 does not.
    Full scores on a missed target are PL305's; actuals stated as inequalities (`>100%`) are
    skipped, since no proportion can be computed from them.

Why it matters
    The proportional rule is how 财预〔2020〕10号 says a missed quantitative indicator is scored
    ("未完成指标值的，按照完成值与指标值的比例记分"), restated with its direction in local 自评表
    notes. A more generous partial score still inflates the total. The article is known only from
    restatements and some regions score by bands instead ("每低于5%扣2分"), so this is a warning;
    a ruleset that scores by bands should switch it off.

Example
    区域规划方案完成率  100%  50%  分值4  得分2      (holds: 4 × 50% = 2)
    区域规划方案完成率  100%  50%  分值4  得分3      (PL306: at most 2)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import ConfigDict

from perflint import intervals
from perflint.findings import Finding
from perflint.intervals import Interval
from perflint.model import Report
from perflint.rules import figures
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import ZERO, DirectionOptions, fmt, is_deducted, outcomes, points

ONE = Decimal(1)


class ProportionalScoreOptions(DirectionOptions):
    model_config = ConfigDict(extra="forbid")


class ProportionalScore(ReportRule):
    """A partly deducted score is higher than the proportional rule allows."""

    code = "PL306"
    name = "proportional-score"
    severity = "warning"
    groups = ("scoring",)
    Options = ProportionalScoreOptions
    messages = {
        "zh": "{label}完成值{actual}、指标值{target}，按完成比例最多得{expected}分，实际得分{stated}",
        "en": "{label}: actual {actual} against target {target} earns at most {expected} points in "
              "proportion, but scores {stated}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        known = outcomes(report, ctx.options)
        for node in all_indicators(report):
            if not is_deducted(node) or node.score.nil:
                continue
            result = known.of(node)
            if result is None or not result.missed or result.direction == "word":
                continue
            if node.target is None or node.actual.comparator is not None:
                continue
            bound = _bound(node, result.direction)
            score = points(node.score)
            if bound is None or score is None or score.lo <= bound.hi:
                continue
            yield ctx.finding(
                node.score.span, label=node.name.text, actual=node.actual.literal,
                target=node.target.literal, expected=fmt(_rounded(bound)), stated=node.score.literal,
                related=[(node.target.span, "年度指标值"), (node.actual.span, "全年完成值"),
                         (node.weight.span, "分值")],
            )


def _bound(node, direction: str) -> Interval | None:
    if direction not in (">=", ">", "<=", "<"):
        return None
    target, actual = figures.interval(node.target), figures.interval(node.actual)
    if target.lo <= ZERO or actual.lo < ZERO:
        return None
    ratio = actual / target if direction in (">=", ">") else target / actual
    if ratio is None:
        return None
    ratio = Interval(min(ratio.lo, ONE), min(ratio.hi, ONE))
    weight = points(node.weight)
    return weight * ratio if weight is not None else None


def _rounded(bound: Interval) -> Interval:
    """The bound's upper end as a reader would write it (two decimals)."""
    return Interval.exact(intervals.round_to(bound.hi, 2))
