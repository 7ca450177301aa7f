"""PL111 unchecked-figure: a figure written with more digits than perflint checks.

What it checks
    Every figure of the report (budget tables, breakdowns, balance sheets, ratios, indicators,
    facts, scores) written with more than 24 digits from its first significant digit to its last
    decimal (`perflint.numbers.CHECKED_DIGITS`): `1111…1.5` with 70 digits, or a rate with 30
    decimals. The arithmetic and execution-rate checks (PL1xx, PL2xx) leave such a figure out
    instead of computing with it, and this warning says so, quoting it (cut to its first and last
    digits when it is long) with its number of digits. The other figures of the report are
    checked as usual.

Why it matters
    No real report needs that many digits: Excel keeps 15, and a trillion 元 written to the 分 is
    16. A figure that long is a typing slip (a column of figures run together, a pasted account
    number) or a forged file, and a check on it would claim a precision nobody wrote. Saying it
    was not checked keeps "no finding" meaning "checked and consistent".

Example
    全年预算数 111111111111111111111111111111.50万元
    (PL111: 数字“111111111111111111111111111111.50万元”有32位，超出可核对的24位)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Quantity, Report
from perflint.numbers import CHECKED_DIGITS, written_digits
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.figures import is_number
from perflint.rules.quantities import report_figures

#: A literal longer than this is quoted in the message by its first and last characters.
_SHOWN = 40


def figures(report: Report) -> tuple[Quantity, ...]:
    """Every Quantity anywhere in the report, in model order (the walk PL401 shares,
    `perflint.rules.quantities`)."""
    return report_figures(report).every


def shortened(literal: str) -> str:
    """The literal as a message quotes it: whole up to `_SHOWN` characters, else its start and
    end around an ellipsis."""
    if len(literal) <= _SHOWN:
        return literal
    return f"{literal[:_SHOWN // 2]}…{literal[-_SHOWN // 4:]}"


class UncheckedFigure(ReportRule):
    """A figure is written with more digits than perflint can check."""

    code = "PL111"
    name = "unchecked-figure"
    severity = "warning"
    groups = ("arithmetic",)
    messages = {
        "zh": "数字“{figure}”有{digits}位，超出可核对的{limit}位，算术与执行率检查均未使用它",
        "en": "the figure “{figure}” has {digits} digits, more than the {limit} perflint can check; "
              "no arithmetic or execution-rate check uses it",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        seen: set[object] = set()
        for quantity in figures(report):
            if quantity.nil or quantity.value is None or is_number(quantity):
                continue
            span = quantity.span
            key = (span.line, span.column, span.offset, quantity.literal) if span else id(quantity)
            if key in seen:
                continue  # the same figure kept in two places of the model (a fact and a table)
            seen.add(key)
            figure = shortened(quantity.literal)
            yield ctx.finding(span, stated=figure, figure=figure, limit=CHECKED_DIGITS,
                              digits=written_digits(quantity.value, quantity.decimals))
