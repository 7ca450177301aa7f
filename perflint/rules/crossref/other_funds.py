"""PL403 other-funds-cited: the table shows no other funds, while a reason cites other income.

What it checks
    Budget rows for other funding (`fund_labels`: 其他资金, 其他收入 …) that state nothing: their
    全年预算数 and 全年执行数 are blank, `-` or 0. When a deviation reason (an indicator's or a
    budget row's) or a narrative sentence cites other income as a cause (`income_phrases`:
    其他收入, 其他资金收入 …, followed in the same clause by one of `change_words`: 增加, 增长 …),
    the table and the text contradict each other. The finding quotes the empty figure and points
    at each citation.

Why it matters
    A 整体支出 table that lists "（2）其他资金 - -", yet 成本节约率's reason is "其他收入和转移支付增加"
    and the 成本 paragraph says "原因是其他资金收入增加": either the table leaves out money the unit
    received, or the reason given for the overspend is not true. Both matter for a reviewer who
    has to judge whether the 126.59% execution is explained. The citation is found by phrase, so
    the finding is a warning.

Example
    其他资金  -  -   +  "实际支出超出预算支出，原因是其他资金收入增加"     (PL403)
    其他资金  12.5  12.5  +  the same sentence                               (holds)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import BudgetRow, Quantity, Report, Span, Text
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.textspan import contains_any, sentences, sub_span

DEFAULT_LABELS = ["其他资金", "其他收入"]
DEFAULT_PHRASES = ["其他资金收入", "其他收入", "其他资金"]
DEFAULT_CHANGES = ["增加", "增长", "增多", "追加", "上升"]
_CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")


class OtherFundsOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fund_labels: list[str] = Field(default_factory=lambda: list(DEFAULT_LABELS),
                                   description="budget row labels that mean other (non-appropriation) funds")
    income_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_PHRASES),
                                      description="phrases by which a text cites other income")
    change_words: list[str] = Field(default_factory=lambda: list(DEFAULT_CHANGES),
                                    description="words that make the citation a cause (其他收入增加)")


def _empty(quantity: Quantity | None) -> bool:
    return quantity is None or quantity.nil or (quantity.value is not None and quantity.value == 0)


def _stated_empty(row: BudgetRow) -> Quantity | None:
    """The figure to quote when the row states no other funds (None when it states some)."""
    figures = [row.budget, row.executed]
    if not all(_empty(q) for q in figures):
        return None
    stated = [q for q in (row.executed, row.budget) if q is not None]
    return stated[0] if stated else None


class OtherFundsCited(ReportRule):
    """Other funds are blank in the table while a reason cites other income."""

    code = "PL403"
    name = "other-funds-cited"
    severity = "warning"
    groups = ("crossref",)
    Options = OtherFundsOptions
    messages = {
        "zh": "{label}在表中为“{stated}”（未列其他资金），但{count}处说明以“{citation}”为原因",
        "en": "{label} is “{stated}” in the table (no other funds), but {count} explanation(s) "
              "cite “{citation}”",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        rows = [(row, q) for table in report.budget_tables for row in [*table.rows, table.total]
                if row is not None and any(label in row.label for label in options.fund_labels)
                and (q := _stated_empty(row)) is not None]
        if not rows:
            return
        citations = list(self._citations(report, options))
        if not citations:
            return
        for row, quantity in rows:
            yield ctx.finding(
                quantity.span, label=row.label, stated=quantity.literal, count=len(citations),
                citation=citations[0][1], expected="> 0",
                related=[(span, "原因") for span, _ in citations],
            )

    def _citations(self, report: Report, options: OtherFundsOptions) -> Iterator[tuple[Span | None, str]]:
        texts: list[Text] = [node.reason for node in all_indicators(report) if node.reason is not None]
        texts += [row.reason for table in report.budget_tables for row in [*table.rows, table.total]
                  if row is not None and row.reason is not None]
        texts += [section.body for section in report.sections if section.body is not None]
        phrases = tuple(options.income_phrases)
        for text in texts:
            if not contains_any(text.text, phrases):
                continue  # no sentence of it can cite other income
            for sentence in sentences(text):
                found = _citation(sentence.text, options)
                if found is not None:
                    start, end = found
                    yield (sub_span(text, sentence.start + start, sentence.start + end),
                           sentence.text[start:end])


def _citation(text: str, options: OtherFundsOptions) -> tuple[int, int] | None:
    """[start, end) of "其他收入…增加" within one clause of `text`, or None."""
    for phrase in sorted(options.income_phrases, key=len, reverse=True):
        index = text.find(phrase)
        while index >= 0:
            clause_end = _CLAUSE_END.search(text, index)
            stop = clause_end.start() if clause_end else len(text)
            clause = text[index:stop]
            change = min((clause.find(w) + len(w) for w in options.change_words if w in clause),
                         default=-1)
            if change > 0:
                return index, index + change
            index = text.find(phrase, index + 1)
    return None
