"""PL510 missing-rate: the scored funds row gives 分值 and 得分 but leaves 执行率 blank.

What it checks
    The budget row the form scores (the profile's `scoring.funds_row`: the national 项目支出绩效
    自评表's 年度资金总额 row, found as in PL310) when it states 全年预算数 and 全年执行数 and a
    分值 or 得分, but no 执行率 at all: the cell is empty, not `-` and not a word. A table whose
    cells arrive separated by spaces shows the blank by its count of figures (one fewer than its
    columns, none of them a percentage: perflint.extract.spaced).

Why it matters
    The 执行率 is what the row's 得分 is computed from (执行率 × 分值), and the one figure of the form
    a reader checks first; a blank leaves the score unsupported, and usually means the cell was
    never filled in. The rate the row's own figures give is named in the message, so the unit
    can fill it in. The blank is seen in the table's layout, so the finding is a warning.

Example
    年度资金总额  640  640  560  10  (执行率空)  8.75    (PL510: 应为87.50%)
    年度资金总额  640  640  560  10  87.50%  8.75        (holds)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.arithmetic.common import is_number, money_unit, quotient
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.common import funds_points


class MissingRate(ReportRule):
    """The scored funds row states 预算数, 执行数 and points but no 执行率."""

    code = "PL510"
    name = "missing-rate"
    severity = "warning"
    groups = ("completeness",)
    messages = {
        "zh": "{row}填了全年预算数{budget}、全年执行数{executed}和分值/得分，但执行率未填"
              "（按所列数字应为{rate}）",
        "en": "{row} states 全年预算数 {budget}, 全年执行数 {executed} and its points but no 执行率 "
              "(its figures give {rate})",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        funds = funds_points(report, ctx)
        if funds is None or funds.row is None:
            return
        row = funds.row
        if row.rate is not None or not (is_number(row.budget) and is_number(row.executed)):
            return
        assert row.budget is not None and row.executed is not None
        rate = quotient(row.executed, row.budget, money_unit(report))
        if rate is None:
            return
        shown = intervals.format_in_unit(rate.point, "%", 2)
        yield ctx.finding(row.span, row=row.label, budget=row.budget.literal,
                          executed=row.executed.literal, rate=shown,
                          related=[(row.budget.span, "全年预算数"), (row.executed.span, "全年执行数")])
