"""PL101 breakdown-sum: a stated total must equal the sum of its stated parts.

What it checks
    Every "X合计…其中 A…, B…" statement the report makes: 资产 = 流动资产 + 非流动资产,
    负债 = 流动负债 + 非流动负债, 32宗 = 出让7宗 + 划拨25宗, 供应收入10.923亿元 = 10.512亿元 +
    4110.78万元, the named project amounts against the project total. Units are converted exactly
    (亿元/万元/元). Each figure stands for the interval its decimals allow, so 57.6 = 12.1 + 45.4 holds
    while 340.29 = 320.09 + 21.20 does not. When the report lists only some parts ("其中"), only
    parts that exceed the total are reported.

Why it matters
    A total that does not match its parts means one of the figures is wrong, and every rate or
    share computed from it is wrong too. Reviewers check these sums first.

Example
    资产合计11016.94万元，其中流动资产10681.52万元，非流动资产335.42万元   (holds)
    供应土地32宗，其中出让用地7宗，划拨用地24宗                           (PL101: 7 + 24 = 31)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Breakdown, Report
from perflint.rules.arithmetic.common import check_sum
from perflint.rules.base import CheckContext, ReportRule


def breakdowns_of(report: Report) -> Iterator[Breakdown]:
    """Every total-with-parts the report states, wherever the model keeps it."""
    yield from report.staffing
    for sheet in report.balance_sheets:
        yield from (b for b in (sheet.assets, sheet.liabilities, sheet.net_assets) if b is not None)
    yield from report.breakdowns


class BreakdownSum(ReportRule):
    """A stated total does not equal the sum of its stated parts."""

    code = "PL101"
    name = "breakdown-sum"
    severity = "error"
    groups = ("arithmetic",)
    messages = {
        "zh": "{label}为{stated}，但其各组成部分之和为{expected}（{parts}）",
        "en": "{label} is stated as {stated} but its parts add up to {expected} ({parts})",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for breakdown in breakdowns_of(report):
            if breakdown.total is None:
                continue
            parts = [part.value for part in breakdown.parts]
            result = check_sum(breakdown.total, parts, report.money_unit, complete=breakdown.complete)
            if result is None or result.consistent:
                continue
            yield ctx.finding(
                breakdown.total.span,
                label=breakdown.label,
                expected=result.expected_text,
                stated=breakdown.total.literal,
                parts=" + ".join(f"{p.label} {p.value.literal}" for p in breakdown.parts),
                related=[(p.value.span, p.label) for p in breakdown.parts],
            )
