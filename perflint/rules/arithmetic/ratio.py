"""PL105 ratio: a stated rate must equal the numerator and denominator the report gives for it.

What it checks
    Every rate the report states together with the figures it is computed from: 划拨用地占总供应
    土地比例78.13% = 25宗 / 32宗, 区域规划方案完成率50% = 2 / 4, 在职人员控制率 = 在职人数 / 编制数,
    整体支出完成率126.59% = 424.5 / 335.33 in the narrative, 满意度 = 满意人数 / 有效调查人数.
    The quotient is computed on the intervals the figures stand for; whole counts (宗, 人, 个 …)
    are exact, so 25 / 32 = 78.125% exactly and 78.13% (half up) holds while 78.12% does not.
    Numerator and denominator must be in the same kind of unit (万元 and 亿元 convert); when only
    one of them states a unit, the other is read in it. A rate written without a unit is read as
    a percentage, ‰ is honoured, and a comparator (`不低于90%`) claims only its side of the bound.

Why it matters
    Indicator values are what a 自评表 is scored on. A rate that does not follow from the counts
    the same report gives is either a typing error or a value written to fit the target.

Example
    经开区全年共供应土地32宗，其中…划拨用地25宗。划拨用地占总供应土地比例78.13%   (holds)
    完成了2个，2个尚在编制工作中，区域规划方案完成率40%                              (PL105: 50%)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.arithmetic.common import check_ratio, money_unit
from perflint.rules.base import CheckContext, ReportRule


class RatioRule(ReportRule):
    """A stated rate is not its stated numerator / denominator."""

    code = "PL105"
    name = "ratio"
    severity = "error"
    groups = ("arithmetic",)
    #: the rate follows from its numerator and denominator, so `perflint fix` may rewrite it
    fixable = True
    messages = {
        "zh": "{label}为{stated}，但{numerator}÷{denominator}={expected}",
        "en": "{label} is stated as {stated} but {numerator} / {denominator} = {expected}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for ratio in report.ratios:
            result = check_ratio(ratio.stated, ratio.numerator, ratio.denominator, money_unit(report))
            if result is None or result.consistent:
                continue
            yield ctx.finding(
                ratio.stated.span,
                label=ratio.label,
                numerator=ratio.numerator.literal,
                denominator=ratio.denominator.literal,
                expected=result.expected_text,
                stated=ratio.stated.literal,
                related=[(ratio.numerator.span, "分子" if ctx.lang == "zh" else "numerator"),
                         (ratio.denominator.span, "分母" if ctx.lang == "zh" else "denominator")],
            )
