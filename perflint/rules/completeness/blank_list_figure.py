"""PL504 blank-list-figure: one item of a list of figures has lost its figure.

What it checks
    Narrative sentences that list results as "名称+数字" clauses separated by "，" or "；". A clause
    that names a measure (ends with one of `measure_suffixes`: 率, 占比, 次数, 数量 …, but not with
    one of `not_measures`: 效率, 频率 …) and states no figure, between two clauses that each end with
    a figure, has lost its value:
        "…机房运行正确率100%，全年会议保障、办公设备运维故障处理率，国土空间基础信息平台数据处理合格率100%。"
    A last clause counts when the two clauses before it end with figures. The blank clause is
    quoted, at the place the figure is missing (PL503 may report the same indicator's missing
    actual at its target).

Why it matters
    A blank in a list of results reads as "this one was not measured" or "this one failed", and
    usually the 自评表 gives the same indicator full marks. It is the text form of a missing actual.
    It is found by the shape of the sentence, so the finding is a warning.

Example
    机房运行正确率100%，故障处理率，数据处理合格率100%                       (PL504)
    机房运行正确率100%，故障处理率100%，数据处理合格率100%                   (holds)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.textspan import narrative_sentences, sub_span

_CLAUSE_SEPARATOR = re.compile(r"[，,；;]")
_ENDS_WITH_FIGURE = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|‰|[^\d\s，,；;。]{0,3})[。]?$")
_DIGIT = re.compile(r"\d")


class BlankListFigureOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    measure_suffixes: list[str] = Field(
        default_factory=lambda: ["率", "占比", "比例", "次数", "数量", "面积", "金额", "人数", "件数"],
        description="a clause ending with one of these names a measure")
    not_measures: list[str] = Field(default_factory=lambda: ["效率", "频率", "概率", "税率", "汇率"],
                                    description="endings that are not measures to report")


class BlankListFigure(ReportRule):
    """An item in a list of figures has no figure."""

    code = "PL504"
    name = "blank-list-figure"
    severity = "warning"
    groups = ("completeness",)
    Options = BlankListFigureOptions
    messages = {
        "zh": "“{item}”在数值列举中缺少数值",
        "en": "“{item}” is listed among figures but states none",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        for _, sentence in narrative_sentences(report):
            clauses = _clauses(sentence.text)
            for position, (start, end) in enumerate(clauses):
                clause = sentence.text[start:end]
                if clause.endswith("。"):
                    clause, end = clause[:-1], end - 1
                if not self._blank_measure(clause, options):
                    continue
                before = [sentence.text[s:e] for s, e in clauses[:position]]
                after = [sentence.text[s:e] for s, e in clauses[position + 1:]]
                if not _listed(before, after):
                    continue
                yield ctx.finding(sub_span(sentence.source, sentence.start + start, sentence.start + end),
                                  item=clause.strip())

    @staticmethod
    def _blank_measure(clause: str, options: BlankListFigureOptions) -> bool:
        text = clause.strip().rstrip("。")
        if not text or _DIGIT.search(text):
            return False
        if any(text.endswith(word) for word in options.not_measures):
            return False
        return any(text.endswith(suffix) for suffix in options.measure_suffixes)


def _clauses(text: str) -> list[tuple[int, int]]:
    result, start = [], 0
    for match in _CLAUSE_SEPARATOR.finditer(text):
        result.append((start, match.start()))
        start = match.end()
    result.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for s, e in result if text[s:e].strip()]


def _has_figure_end(clause: str) -> bool:
    return bool(_ENDS_WITH_FIGURE.search(clause.strip()))


def _listed(before: list[str], after: list[str]) -> bool:
    if before and after:
        return _has_figure_end(before[-1]) and _has_figure_end(after[0])
    if not after and len(before) >= 2:
        return _has_figure_end(before[-1]) and _has_figure_end(before[-2])
    return False
