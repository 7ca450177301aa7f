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

from perflint.analysis.spans import locate
from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.texthits import ends_by_block, phrase_end, sentences_holding
from perflint.textmatch.phrases import matcher
from perflint.textmatch.pieces import Piece, text_view

_CLAUSE_SEPARATOR = re.compile(r"[，,；;]")
_ENDS_WITH_FIGURE = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|‰|[^\d\s，,；;。]{0,3})[。]?$")
_DIGIT = re.compile(r"\d")
#: What follows a measure word that ends a clause (`_clauses`, `_blank_measure`): perhaps spaces
#: and full stops, then a clause separator, a line break or the end of the text; or a full stop
#: after which the next sentence starts.
_CLAUSE_END = r"\s*(?:[，,；;。\n]|$)"


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
        measures, not_measures = tuple(options.measure_suffixes), tuple(options.not_measures)
        view = text_view(report)
        # the view's blocks are the section bodies with text (and, when there is none, the whole
        # raw source, which is no section): its sentences are split once for all the text rules.
        # A blank item is a clause ending with a measure word: only the sentences holding a
        # measure word where a clause can end are looked at, found in one scan of the blocks.
        for block, ends in ends_by_block(view.blocks, phrase_end(measures, _CLAUSE_END)):
            if block.index < 0 or not _may_list(block.text.text, measures):
                continue
            for sentence in sentences_holding(view.sentences(block), ends):
                if not _may_list(sentence.text, measures):
                    continue
                yield from self._blanks(sentence, measures, not_measures, ctx)

    def _blanks(self, sentence: Piece, measures: tuple[str, ...], not_measures: tuple[str, ...],
                ctx: CheckContext) -> Iterator[Finding]:
        text = sentence.text
        clauses = _clauses(text)
        for position, (start, end) in enumerate(clauses):
            clause = text[start:end]
            if clause.endswith("。"):
                clause, end = clause[:-1], end - 1
            if not _blank_measure(clause, measures, not_measures):
                continue
            before = [text[s:e] for s, e in clauses[:position]]
            after = [text[s:e] for s, e in clauses[position + 1:]]
            if not _listed(before, after):
                continue
            yield ctx.finding(locate(sentence.block.text, sentence.start + start, sentence.start + end),
                              item=clause.strip())


def _may_list(text: str, measures: tuple[str, ...]) -> bool:
    """Cheap necessary conditions for a blank item in `text`: two clauses, a figure in one of
    them, and a measure word (most sentences and many bodies fail one of these)."""
    return (_CLAUSE_SEPARATOR.search(text) is not None and _DIGIT.search(text) is not None
            and matcher(measures).contains_any(text))


def _blank_measure(clause: str, measures: tuple[str, ...], not_measures: tuple[str, ...]) -> bool:
    """The clause names a measure (ends with a measure word) and states no figure."""
    text = clause.strip().rstrip("。")
    return (bool(text) and text.endswith(measures) and not text.endswith(not_measures)
            and _DIGIT.search(text) is None)


def _clauses(text: str) -> list[tuple[int, int]]:
    """The non-blank clauses of `text` between separators, whitespace-trimmed: (start, end)."""
    result, start = [], 0
    for match in _CLAUSE_SEPARATOR.finditer(text):
        _add_trimmed(result, text, start, match.start())
        start = match.end()
    _add_trimmed(result, text, start, len(text))
    return result


def _add_trimmed(result: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        result.append((start, start + len(stripped)))


def _has_figure_end(clause: str) -> bool:
    return bool(_ENDS_WITH_FIGURE.search(clause.strip()))


def _listed(before: list[str], after: list[str]) -> bool:
    if before and after:
        return _has_figure_end(before[-1]) and _has_figure_end(after[0])
    if not after and len(before) >= 2:
        return _has_figure_end(before[-1]) and _has_figure_end(before[-2])
    return False
