"""PL104 share: a part's stated share (占比) must equal part / total.

What it checks
    Every part of a breakdown that states its share of the total: 流动资产10681.52万元，占比96.96%
    against 资产合计11016.94万元; 流动资产合计11.44万元，占总资产14.42% against 资产合计79.33万元;
    the staff categories, the project amounts, the land parcels of a 供应 total. The quotient is
    computed on the intervals the part and the total stand for, so a correctly rounded share
    always passes (10681.52 / 11016.94 lies in [96.9553%, 96.9556%], which meets 96.96% =
    [96.955%, 96.965%]). It runs also when the breakdown lists only some parts (`complete: false`),
    because a share is relative to the stated total either way. A share written without a unit
    is read as a percentage. Parts or totals stated as "-" or in a different kind of unit are
    skipped. Whether the shares add up to 100% is not checked here: shares of an incomplete
    breakdown need not, and for a complete one PL101 already checks the amounts.

Why it matters
    Shares are what readers quote from a report ("流动资产占96.96%"); a share that does not follow
    from the amounts next to it means either the amount or the share was copied from elsewhere.

Example
    资产合计79.33万元，其中流动资产合计11.44万元，占总资产14.42%   (holds: 11.44 ÷ 79.33 = 14.42%)
    资产合计79.33万元，其中流动资产合计11.44万元，占总资产14.24%   (PL104: 应为14.42%)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.arithmetic.common import check_ratio, is_number, labelled_breakdowns, money_unit
from perflint.rules.base import CheckContext, ReportRule


class Share(ReportRule):
    """A stated share of a total is not part / total."""

    code = "PL104"
    name = "share"
    severity = "error"
    groups = ("arithmetic",)
    #: the share follows from the part and the total, so `perflint fix` may rewrite it
    fixable = True
    messages = {
        "zh": "{part}占{label}的比例为{stated}，但{value}÷{total}={expected}",
        "en": "the share of {part} in {label} is stated as {stated} but {value} / {total} = {expected}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for label, breakdown in labelled_breakdowns(report):
            total = breakdown.total
            if not is_number(total):
                continue
            assert total is not None
            for part in breakdown.parts:
                if part.share is None or not is_number(part.share):
                    continue
                result = check_ratio(part.share, part.value, total, money_unit(report))
                if result is None or result.consistent:
                    continue
                yield ctx.finding(
                    part.share.span,
                    part=part.label,
                    label=label,
                    value=part.value.literal,
                    total=total.literal,
                    expected=result.expected_text,
                    stated=part.share.literal,
                    related=[(part.value.span, part.label), (total.span, label)],
                )
