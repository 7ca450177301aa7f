"""PL107 debt-ratio: a stated 资产负债率 must equal 负债合计 / 资产合计.

What it checks
    Each balance sheet that states its 资产负债率 together with its assets and liabilities
    totals: 资产负债率 = 负债合计 ÷ 资产合计 × 100%, on the intervals the figures stand for
    (7986.88 / 11016.94 = 72.4964%, so 72.5% holds; 72.4% and 72.6% do not). Liabilities
    stated as "-" count as zero, so the ratio must then be 0%. A ratio written without a unit is
    read as a percentage. The check does not run when either total is missing or not a number.

    The severity is error although whether 资产负债率 belongs in a report depends on the form:
    what is checked here is not whether the indicator belongs in the report but the definition
    of the ratio (负债总额 / 资产总额), which is the same in every accounting text.

Why it matters
    A 资产负债率 that does not follow from the report's own totals is usually copied from the
    previous year's report, and the narrative's "资产运行情况较好" then rests on a wrong figure.

Example
    资产合计11016.94万元…负债合计7986.88万元…资产负债率为72.5%   (holds)
    资产合计11016.94万元…负债合计7986.88万元…资产负债率为75.2%   (PL107: 应为72.5%)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Quantity, Report
from perflint.rules import figures
from perflint.rules.arithmetic.common import check_ratio, is_number, money_unit, rate_scale, with_entity
from perflint.rules.base import CheckContext, ReportRule


class DebtRatio(ReportRule):
    """A stated 资产负债率 is not 负债合计 / 资产合计."""

    code = "PL107"
    name = "debt-ratio"
    severity = "error"
    groups = ("arithmetic",)
    #: the ratio follows from 负债合计 and 资产合计, so `perflint fix` may rewrite it
    fixable = True
    messages = {
        "zh": "{label}为{stated}，但负债合计{liabilities}÷资产合计{assets}={expected}",
        "en": "{label} is stated as {stated} but liabilities {liabilities} / assets {assets} = {expected}",
    }

    @staticmethod
    def _expected(stated: Quantity, liabilities: Quantity, assets: Quantity,
                  unit: str | None) -> str | None:
        """The ratio the totals give, written like the stated one; None when they agree or
        cannot be compared."""
        if liabilities.nil:  # "-": no liabilities, so the ratio is exactly zero
            if rate_scale(stated) is None or intervals.ZERO in figures.claim(stated, stated.unit or "%"):
                return None
            return intervals.format_in_unit(intervals.ZERO, stated.unit, stated.decimals)
        result = check_ratio(stated, liabilities, assets, unit)
        return None if result is None or result.consistent else result.expected_text

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for sheet in report.balance_sheets:
            stated = sheet.debt_ratio
            assets = sheet.assets.total if sheet.assets else None
            liabilities = sheet.liabilities.total if sheet.liabilities else None
            if not (is_number(stated) and is_number(assets)) or liabilities is None:
                continue
            assert stated is not None and assets is not None
            expected = self._expected(stated, liabilities, assets, money_unit(report))
            if expected is None:
                continue
            yield ctx.finding(
                stated.span,
                label=with_entity(sheet.entity, "资产负债率"),
                liabilities=liabilities.literal,
                assets=assets.literal,
                expected=expected,
                stated=stated.literal,
                related=[(liabilities.span, with_entity(sheet.entity, "负债合计")),
                         (assets.span, with_entity(sheet.entity, "资产合计"))],
            )
