"""Does the report explain a deviation of its 执行率? Conservative detection of stated reasons.

The execution rules (PL201, PL202) always report the rate; this module only decides which
message they use. It errs on the side of "no reason given", because claiming that a report
explains something it does not would hide the defect a reviewer most needs to see.

What counts as a reason, in this order:

1. the row's own 偏差原因 (`BudgetRow.reason`), unless it is empty or a placeholder such as
   无 / 暂无 / 无偏差 / - / /;
2. the 偏差原因 of a budget-execution indicator (预算执行率, 预算完成率, 整体支出完成率 …), with the
   same exclusions;
3. one sentence of a narrative section (split at 。；！, line breaks and table-cell tabs) that
   contains all three of: a cause marker (原因, 由于, 因为, 系因, 导致, 致使); words that name the
   deviation, either on their own (over: 追加, 调增, 超支; under: 结余, 结转, 未支付, 未执行, 滞后 …)
   or as a comparison with the plan (超出/超过/高于 or 低于/未达/不足, together with 预算/计划/年初);
   and a word about money (预算, 支出, 执行, 资金, 经费, 拨款, 决算, 收入).

Nothing else counts: a figure's mere repetition in the text, a reason given for a different
indicator, or a sentence that names a cause without saying the budget was over- or under-spent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from perflint.model import Report, Span, Text
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.textspan import contains_any
from perflint.rules.wholetext import bodies_holding

PLACEHOLDERS = frozenset({
    "", "无", "暂无", "没有", "无偏差", "无偏差原因", "不涉及", "无原因", "-", "—", "--", "——", "/", "／",
    "未说明", "xx", "××", "XX",
})
CAUSE_MARKERS = ("原因", "由于", "因为", "系因", "导致", "致使")
#: A deviation is named either by a word that says it on its own (追加, 结余 …) or by a comparison
#: word together with what was exceeded or missed (超出 … 预算). "资金增加" alone is not enough: it
#: is how reasons for other indicators are written too.
OVER_WORDS = ("追加", "调增", "超预算", "超支")
OVER_COMPARISONS = ("超出", "超过", "高于", "大于", "多于")
UNDER_WORDS = ("结余", "结转", "未支付", "未执行", "未拨付", "未使用", "未到位", "滞后", "延迟", "推迟",
               "调减")
UNDER_COMPARISONS = ("低于", "未达", "未完成", "不足", "少于")
PLANNED = ("预算", "计划", "年初")
MONEY_WORDS = ("预算", "支出", "执行", "资金", "经费", "拨款", "决算", "收入")

BUDGET_INDICATOR_NAMES = ("预算执行率", "预算完成率", "支出完成率", "支出执行率", "资金执行率")
#: Any of `BUDGET_INDICATOR_NAMES`, in one search of a name rather than one test per name.
_BUDGET_INDICATOR = re.compile("|".join(map(re.escape, BUDGET_INDICATOR_NAMES)))

_SENTENCE_END = re.compile(r"[。；;！!？?\n\t]+")  # a tab separates table cells in raw text
_STRIP = re.compile(r"[\s。，,；;：:、.．]+")

Direction = Literal["over", "under"]


@dataclass(frozen=True)
class Explanation:
    """Where the report explains a deviation: in the row itself, or elsewhere (an indicator's
    偏差原因 or a narrative sentence, which may or may not be about this row)."""

    source: Literal["row", "elsewhere"]
    text: str
    span: Span | None


def is_placeholder(text: str | None) -> bool:
    return text is None or _STRIP.sub("", text) in PLACEHOLDERS


def _sentences(text: str) -> Iterator[str]:
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if sentence:
            yield sentence


def names_deviation(text: str, direction: Direction) -> bool:
    """The text says the budget was over- (or under-) spent: 追加 / 结余 …, or 超出 / 低于 … 预算."""
    words, comparisons = (OVER_WORDS, OVER_COMPARISONS) if direction == "over" else (UNDER_WORDS,
                                                                                      UNDER_COMPARISONS)
    if contains_any(text, words):
        return True
    return contains_any(text, comparisons) and contains_any(text, PLANNED)


def explains(sentence: str, direction: Direction) -> bool:
    """A sentence names a cause of an over- (or under-) execution of money. Asked of whole
    section bodies too, so each word list is one automaton search (`contains_any`)."""
    return (contains_any(sentence, CAUSE_MARKERS) and names_deviation(sentence, direction)
            and contains_any(sentence, MONEY_WORDS))


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _narratives(report: Report) -> Iterable[tuple[str, Span | None]]:
    """The texts that may explain: the section bodies holding a cause marker (the first thing
    `explains` asks; one search of the bodies joined finds them), or the whole text."""
    for section in bodies_holding(report, CAUSE_MARKERS):
        yield section.body.text, section.body.span  # type: ignore[union-attr]
    if not report.sections and report.source_text:
        yield report.source_text, None


def find_explanation(report: Report, row_reason: Text | None, direction: Direction) -> Explanation | None:
    """The report's explanation of a deviating 执行率, or None (see the module docstring)."""
    return Explainer(report, direction).explain(row_reason)


class Explainer:
    """`find_explanation` for the rows of one report: what the report says elsewhere (an
    indicator's 偏差原因, a narrative sentence) does not depend on the row, so it is looked up
    once, when a row without a reason of its own first needs it."""

    def __init__(self, report: Report, direction: Direction) -> None:
        self.report = report
        self.direction = direction
        self._elsewhere: Explanation | None = None
        self._looked = False

    def explain(self, row_reason: Text | None) -> Explanation | None:
        if row_reason is not None and not is_placeholder(row_reason.text):
            return Explanation("row", shorten(row_reason.text), row_reason.span)
        if not self._looked:
            self._elsewhere = _elsewhere(self.report, self.direction)
            self._looked = True
        return self._elsewhere


def _elsewhere(report: Report, direction: Direction) -> Explanation | None:
    for indicator in all_indicators(report):
        reason = indicator.reason
        if reason is not None and _BUDGET_INDICATOR.search(indicator.name.text) is not None \
                and not is_placeholder(reason.text):
            return Explanation("elsewhere", shorten(f"{indicator.name.text}：{reason.text}"), reason.span)
    for text, span in _narratives(report):
        if not explains(text, direction):
            continue  # a sentence that explains makes its whole text explain: none of it can
        for sentence in _sentences(text):
            if explains(sentence, direction):
                return Explanation("elsewhere", shorten(_from_deviation(sentence, direction)), span)
    return None


def _from_deviation(sentence: str, direction: Direction) -> str:
    """The sentence from the clause that names the deviation on (what a reader needs to see)."""
    clauses = re.split(r"(?<=[，,])", sentence)
    for index in range(len(clauses)):
        if names_deviation(clauses[index], direction):
            return "".join(clauses[index:])
    return sentence
