"""PL103 execution-rate: a stated 执行率 must equal 全年执行数 / 全年预算数.

What it checks
    Every budget row that states all three figures (a funding source, an expenditure class, a
    unit of a 汇总表, and the total rows): 执行率 = 全年执行数 ÷ 全年预算数 × 100%. A row is
    also what one sentence of the text states for one subject (`项目支出预算数为1500.00万元，
    执行数为1200.00万元，执行率为80.00%`: the extractor's subject rows), so each subject's rate is
    checked against its own figures, never against those of the subject named before it.
    The budget is the adjusted full-year budget (全年预算数 / 调整后预算数), never 年初预算数,
    as the Sichuan template and the MOF 项目支出绩效自评表 define it
    ("预算执行率=预算执行数/调整后预算数"). The quotient is computed on the intervals both
    figures stand for, so 424.5 / 335.33 lies in [126.57%, 126.61%] and accepts 126.59%, while
    283.04 / 193.13 = 146.55% does not accept 126.59%. A rate
    written without a unit is read as a percentage (the `执行率(%)` column convention); a rate
    with a comparator (`>100%`) claims only its side of the bound. Rows where a figure is "-" or
    a word are skipped.

    A budget stated as 0 leaves nothing to divide by, but a stated rate can still be certainly
    wrong: with 预算数 0 and 执行数 5万元 the rate is at least 5 ÷ 0.5 (the most a budget written
    `0` can be) = 1000%, so a stated 100% cannot hold and the row spent money it was not budgeted.
    The finding says so, with no expected rate; a stated rate that allows any rate that high
    (`>100%`) is left alone, and so are a zero budget with nothing spent and a rate of "-". A
    negative 预算数 or 执行数 (on any row that states both) is reported as such, on the figure:
    no rate is computed from it (the other execution rules, PL201 and PL202, leave such rows out).

Why it matters
    The 执行率 is what the 预算执行 score is computed from and what reviewers read first. A rate
    that does not follow from the row's own figures has usually been copied from another row (a
    基本支出 row that repeats the 财政拨款 row's rate).

Example
    资金结构：（1）基本支出  全年预算数 193.13  全年执行数 283.04  执行率 126.59%
    (PL103: 283.04 ÷ 193.13 = 146.55%)
    基本支出预算数为800.00万元，执行数为760.00万元，执行率为95.00%。项目支出预算数为1500.00万元，
    执行数为1200.00万元，执行率为85.00%。                            (PL103: 1200.00 ÷ 1500.00 = 80.00%)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_FLOOR

from perflint import intervals
from perflint.findings import Finding
from perflint.intervals import HUNDRED
from perflint.model import Report
from perflint.rules.arithmetic.common import (
    budget_rows,
    check_ratio,
    compare_rate,
    execution_rates,
    is_number,
    money_unit,
    negative_figure,
    rate_scale,
    row_name,
    unbudgeted_least_rate,
)
from perflint.rules.base import CheckContext, ReportRule


class ExecutionRate(ReportRule):
    """A stated 执行率 is not 全年执行数 / 全年预算数."""

    code = "PL103"
    name = "execution-rate"
    severity = "error"
    groups = ("arithmetic",)
    #: the rate follows from the row's own 执行数 and 预算数, so `perflint fix` may rewrite it
    fixable = True
    messages = {
        "default": {
            "zh": "{row}执行率为{stated}，但执行数{executed}÷预算数{budget}={expected}",
            "en": "execution rate of {row} is stated as {stated} but executed {executed} / "
                  "budget {budget} = {expected}",
        },
        "unbudgeted": {
            "zh": "{row}执行率为{stated}，但预算数为{budget}、执行数为{executed}：没有预算却有支出，"
                  "执行率无法计算，且至少为{least}",
            "en": "execution rate of {row} is stated as {stated} but the budget is {budget} and "
                  "{executed} was spent: money was spent without a budget, so no rate can be "
                  "computed, and it would be at least {least}",
        },
        "negative": {
            "zh": "{row}的{column}为负数（{stated}），执行率无法按执行数÷预算数计算",
            "en": "the {column_en} of {row} is negative ({stated}), so no execution rate can be "
                  "computed from it",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        rates = execution_rates(report)
        for table, row, _ in budget_rows(report):
            if not (is_number(row.budget) and is_number(row.executed)):
                continue
            assert row.budget is not None and row.executed is not None
            sign = negative_figure(row)
            if sign is not None:
                figure, column, column_en = sign
                yield ctx.finding(figure.span, message_key="negative", stated=figure.literal,
                                  row=row_name(table, row), column=column, column_en=column_en)
                continue
            if not is_number(row.rate):
                continue
            assert row.rate is not None
            # only a budget of 0 can be unbudgeted (asked here: the function checks every figure
            # again, and most rows have a budget)
            least = unbudgeted_least_rate(row, money_unit(report)) if row.budget.value == 0 else None
            if least is not None:
                yield ctx.finding(
                    row.rate.span, message_key="unbudgeted", stated=row.rate.literal,
                    row=row_name(table, row), budget=row.budget.literal,
                    executed=row.executed.literal, least=intervals.format_in_unit(
                        least, row.rate.unit or "%", row.rate.decimals, ROUND_FLOOR),
                    related=[(row.executed.span, f"{row.label} 全年执行数"),
                             (row.budget.span, f"{row.label} 全年预算数")])
                continue
            # a percentage is the quotient PL201 and PL202 use too: computed once per row
            result = (compare_rate(row.rate, rates[id(row)])
                      if rate_scale(row.rate) == HUNDRED
                      else check_ratio(row.rate, row.executed, row.budget, money_unit(report)))
            if result is None or result.consistent:
                continue
            yield ctx.finding(
                row.rate.span,
                row=row_name(table, row),
                executed=row.executed.literal,
                budget=row.budget.literal,
                expected=result.expected_text,
                stated=row.rate.literal,
                related=[(row.executed.span, f"{row.label} 全年执行数"),
                         (row.budget.span, f"{row.label} 全年预算数")],
            )
