"""PL102 budget-table-sum: a budget table's total row must equal the sum of its rows, column by column.

What it checks
    Every table of 预算数 / 执行数 rows that has a total row: the 收入 and 支出 tables
    (收入合计 = 本年财政拨款 + 其他资金 + 年初结转和结余), the 资金来源 / 资金结构 block of a
    部门整体支出绩效自评表, the 年度资金总额 block of a 项目支出绩效自评表, and the 合计 row of a
    主管部门's 自评情况汇总表 against its unit rows. Each money column is checked on its own:
    年初预算数, 全年预算数 and 全年执行数 (决算数). A cell stated as "-" counts as zero. Score
    columns (自评分数, 复核分数) are never summed, and 执行率 is PL103's. A column is skipped when
    a row leaves its cell out entirely (the report does not say what it holds), and a row that
    states no money figure at all (a heading row) is ignored. For a table marked
    `complete: false` only rows that together exceed the total are reported, unless the text
    stated its rows as a `其中` list of three or more that ends its sentence (`closed`, as in
    PL101): rows short of the total are then a warning.

    Tolerance is the stated precision: 335.33 = 239.56 + 95.77 holds, and so does 424.5 =
    287.97 + 136.53 (424.5 stands for [424.45, 424.55]).

Why it matters
    The total row is what the finance bureau adds up across departments; a total that is not
    the sum of its rows either hides a missing row or carries a typing error, and every 执行率
    computed from it inherits the error.

Example
    收入        全年预算数 340.29   决算数 340.29
      本年财政拨款         320.09          320.09
      年初结转和结余        21.20           21.20
    (PL102 twice: 320.09 + 21.20 = 341.29, for the 全年预算数 and the 决算数 column)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import BudgetRow, BudgetTable, Report
from perflint.rules.arithmetic.common import (
    CLOSED_PARTS,
    MONEY_COLUMNS,
    check_sum,
    falls_short,
    money_unit,
    row_name,
)
from perflint.rules.arithmetic.money_unit import table_unit_slip
from perflint.rules.base import CheckContext, ReportRule


def _states_money(row: BudgetRow) -> bool:
    return any(getattr(row, column) is not None for column, _ in MONEY_COLUMNS)


class BudgetTableSum(ReportRule):
    """A budget table's total row does not equal the sum of its rows in a money column."""

    code = "PL102"
    name = "budget-table-sum"
    severity = "error"
    groups = ("arithmetic",)
    #: not fixable: a 合计 that differs from its rows is as likely right as any row (seed 001's
    #: 收入合计 340.29 equals its 支出合计; the 21.20 is the likelier typo), so rewriting the
    #: total would make a report wrong as often as right
    fixable = False
    messages = {
        "default": {
            "zh": "{row}的{column}为{stated}，但各行之和为{expected}（{parts}）",
            "en": "{column} of {row} is stated as {stated} but the rows add up to "
                  "{expected} ({parts})",
        },
        "short": {
            "zh": "{row}的{column}为{stated}，但所列{count}行之和为{listed}，少于合计；若所列为全部组成部分，"
                  "则合计或某一行有误（{parts}）",
            "en": "{column} of {row} is stated as {stated} but the {count} rows listed add up to "
                  "{listed}, less than the total; if they are all its parts, a figure is wrong ({parts})",
        },
        "incomplete": {
            "zh": "{row}的{column}为{stated}，但所列各行之和已达{expected}，超过合计（{parts}）",
            "en": "{column} of {row} is stated as {stated} but the rows listed already "
                  "add up to {expected}, more than the total ({parts})",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for table in report.budget_tables:
            if table.total is None:
                continue
            yield from self._check_table(report, table, money_unit(report), ctx)

    def _check_table(self, report: Report, table: BudgetTable, unit: str | None,
                     ctx: CheckContext) -> Iterator[Finding]:
        assert table.total is not None
        rows = [row for row in table.rows if _states_money(row)]
        if not rows:
            return
        for column, column_label in MONEY_COLUMNS:
            stated = getattr(table.total, column)
            cells = [getattr(row, column) for row in rows]
            if stated is None or any(cell is None for cell in cells) or table_unit_slip(report, stated):
                continue  # a total whose unit slipped: PL109 reports it, with the right unit
            result = check_sum(stated, cells, unit, complete=table.complete)
            if result is None:
                continue
            key = "default" if table.complete else "incomplete"
            if result.consistent and table.closed and len(rows) >= CLOSED_PARTS and falls_short(result):
                key = "short"
            elif result.consistent:
                continue
            pairs = list(zip(rows, cells, strict=True))
            finding = ctx.finding(
                stated.span,
                message_key=key,
                severity="warning" if key == "short" else None,
                count=len(rows),
                listed=result.expected_text,
                row=row_name(table, table.total),
                column=column_label,
                # a short list may have left a row out: its sum is no correction of the total
                expected=None if key == "short" else result.expected_text,
                stated=stated.literal,
                parts=" + ".join(f"{row.label} {cell.literal}" for row, cell in pairs),
                related=[(cell.span, f"{row.label} {column_label}") for row, cell in pairs if not cell.nil],
            )
            yield finding
