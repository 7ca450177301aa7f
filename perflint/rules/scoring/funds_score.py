"""PL310 funds-score: the 预算执行率 score should be 执行率 × 分值 (at most the 分值).

What it checks
    The budget row a form scores inside the indicator total (the profile's `scoring.funds_row`: the
    national 项目支出绩效自评表's 年度资金总额 row with 分值 10 and 得分): its stated 得分 against
    min(执行率, 100%) × 分值. The rate is the row's stated 执行率, and also the one its own figures
    give (全年执行数 ÷ 全年预算数); a score that matches either is accepted, since a wrong rate is
    PL103's finding. Every figure stands for its stated precision, the score too (a score of 9.5
    accepts 95.37% × 10 = 9.537). Rows whose rate, weight or score is a dash or a word are skipped.
    This is a warning: the formula is practice restated by local forms,
    and some regions score 预算执行率 in bands instead (`enabled: false` for those).

Why it matters
    The 预算执行率 score is the only score of the form that follows from figures alone; one that
    does not follow from the row's own rate was typed, not computed, and carries the total and the
    grade with it.

Example
    年度资金总额  全年预算数 520.00  全年执行数 494.00  分值 10  执行率 95.00%  得分 9.5   (holds)
    年度资金总额  全年预算数 520.00  全年执行数 494.00  分值 10  执行率 95.00%  得分 10    (PL310: 9.5)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint import intervals
from perflint.findings import Finding
from perflint.intervals import HUNDRED, Interval
from perflint.model import Quantity, Report
from perflint.rules import figures
from perflint.rules.arithmetic.common import display_rate, is_number, report_execution_rate
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.common import fmt, funds_points


class FundsScoreOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="false for forms that score 预算执行率 in bands "
                                            "(每低于5%扣2分) rather than in proportion")


def _percent(quantity: Quantity | None) -> Interval | None:
    if not is_number(quantity) or quantity.comparator is not None or quantity.unit not in (None, "%"):
        return None
    return figures.interval(quantity, "%")


def _capped(rate: Interval) -> Interval:
    """min(rate, 100%) as a fraction of one."""
    lo, hi = min(rate.lo, HUNDRED), min(rate.hi, HUNDRED)
    return Interval(lo / HUNDRED, hi / HUNDRED, rate.lo_open and lo < HUNDRED, rate.hi_open and hi < HUNDRED)


class FundsScore(ReportRule):
    """The 预算执行率 score is not 执行率 × 分值."""

    code = "PL310"
    name = "funds-score"
    severity = "warning"
    groups = ("scoring",)
    Options = FundsScoreOptions
    messages = {
        "zh": "{row}得分为{stated}，但按执行率{rate}×分值{weight}应为{expected}",
        "en": "{row} scores {stated} but execution rate {rate} × weight {weight} gives {expected}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        if not ctx.options.enabled:
            return
        funds = funds_points(report, ctx)
        if funds is None or funds.row is None or funds.weight is None:
            return
        row = funds.row
        score = row.score
        if not is_number(score) or score.comparator is not None or score.unit not in (None, "分"):
            return
        stated_rate = _percent(row.rate)
        computed = report_execution_rate(report, row)
        rates = [rate for rate in (stated_rate, computed.interval if computed is not None else None)
                 if rate is not None]
        if not rates:
            return
        claim = figures.interval(score)
        expected = [_capped(rate) * funds.weight for rate in rates]
        if any(value.intersects(claim) for value in expected):
            return
        rate_text = row.rate.literal if stated_rate is not None else display_rate(computed.point)
        related = [(row.rate.span if stated_rate is not None else None, "执行率")]
        if funds.weight_stated:
            related.append((row.weight.span, "分值"))
        yield ctx.finding(
            score.span, row=row.label, stated=score.literal, rate=rate_text,
            weight=fmt(funds.weight), expected=_round_like(expected[0], score), related=related,
        )


def _round_like(value: Interval, like: Quantity) -> str:
    """The expected score at the stated score's precision (at least one decimal)."""
    decimals = max(like.decimals, 1)
    return intervals.format_in_unit(value.midpoint, None, decimals)
