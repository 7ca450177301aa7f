"""PL402 completion-claim: a sentence claiming every target was met, while an indicator row missed one.

What it checks
    Narrative sentences that contain a completion claim (`claim_phrases`: "任务按计划100%完成",
    "其他指标均按年度绩效指标值完成", "均达到年度指标值" …), against the indicator rows whose actual
    misses the target (comparator-aware, see PL305; a completion rate (完成率) with no stated
    target aims at 100%; an actual stated as an inequality (`>100%`) is not counted).
    - Scope: when the clause with the claim names an indicator group ("其他数量指标均按…",
      `group_keywords` + 指标), only the rows under the indicators of that name count; when the
      group names no indicator in the table, the sentence is skipped. A claim that names no
      group ("任务按计划100%完成") covers every row.
    - Exceptions: rows named in the same sentence ("除了“土地开发补充耕地面积”未达…，其他…均按…完成")
      are excluded; so are rows the narrative itself admits elsewhere as missed (a sentence that
      names the row and contains one of `unmet_markers`), unless `ignore_acknowledged` is false.
    The finding quotes the claim and points at each contradicting row's actual.

Why it matters
    A summary sentence is what most readers take away. When it says everything was completed and
    the table says 区域规划方案完成率 50%, the report contradicts itself, and the reviewer has to
    decide which one to believe (reference §2.3: 二/三 naming an indicator as met while the table
    shows it missed). The claim is found by phrase, so the finding is a warning.

Example
    "资金拨付及时，任务按计划100%完成。"  +  区域规划方案完成率 100% → 50%      (PL402)
    "除了“土地开发补充耕地面积”未达年度绩效指标值，其他数量指标均按年度绩效指标值完成"  (holds)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Indicator, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators, per_options
from perflint.rules.scoring.common import DirectionOptions, outcomes, span_or_row, target_text
from perflint.rules.scoring.textspan import (
    Sentence,
    contains_any,
    normalize_name,
    sentences,
    strip_name_noise,
)
from perflint.rules.wholetext import bodies_holding

DEFAULT_CLAIMS = ["任务按计划100%完成", "按计划100%完成", "均按年度绩效指标值完成", "均按年度绩效指标完成",
                  "均按年度指标值完成", "均已按年度绩效指标值完成", "均达到年度绩效指标值",
                  "均达到年度指标值", "全部完成年度绩效指标", "全面完成年度绩效目标", "各项指标均已完成",
                  "各项绩效指标均已完成", "各项任务均已完成", "全部按计划完成", "均已全部完成"]
DEFAULT_GROUPS = ["数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续影响", "满意度",
                  "产出", "效果", "效益", "管理"]
DEFAULT_UNMET = ["未达", "未完成", "未按", "没有完成", "尚未完成"]

_CLAUSE = re.compile(r"[，,：:]")


class CompletionClaimOptions(DirectionOptions):
    model_config = ConfigDict(extra="forbid")

    claim_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_CLAIMS),
                                     description="phrases that claim every target was met")
    group_keywords: list[str] = Field(default_factory=lambda: list(DEFAULT_GROUPS),
                                      description="group names (followed by 指标) that scope a claim")
    unmet_markers: list[str] = Field(default_factory=lambda: list(DEFAULT_UNMET),
                                     description="words by which the narrative admits a row was missed")
    ignore_acknowledged: bool = Field(True, description="skip rows the narrative admits as missed")


class CompletionClaim(ReportRule):
    """A sentence claims every target was met while an indicator row shows a miss."""

    code = "PL402"
    name = "completion-claim"
    severity = "warning"
    groups = ("crossref",)
    Options = CompletionClaimOptions
    messages = {
        "zh": "“{claim}”称均已完成，但{rows}未达到年度指标值",
        "en": "“{claim}” claims every target was met, but {rows_en} missed its target",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        # the claims first: a phrase search of the bodies, while the misses compare every
        # indicator row, and most reports claim nothing
        claims = _claims(report, tuple(p for p in options.claim_phrases if p))
        if not claims:
            return
        misses = self._misses(report, options)
        if not misses:
            return
        if options.ignore_acknowledged:
            texts = _admissions(report, options.unmet_markers)
            misses = [node for node in misses if not _acknowledged(texts, node)]
        for sentence, phrase in claims:
            scope = _scope(report, sentence, phrase, _group_markers(options))
            if scope is None:
                continue
            named = normalize_name(sentence.text)
            rows = [node for node in misses
                    if id(node) in scope and normalize_name(node.name.text) not in named]
            if not rows:
                continue
            details = "、".join(f"{n.name.text}（指标值{target_text(n)}，完成值{n.actual.literal}）"
                               for n in rows)
            details_en = ", ".join(f"{n.name.text} (target {target_text(n, 'en')}, actual "
                                   f"{n.actual.literal})" for n in rows)
            yield ctx.finding(sentence.span_of(phrase), claim=phrase, rows=details, rows_en=details_en,
                              related=[(span_or_row(n.actual, n), n.name.text) for n in rows])

    @staticmethod
    def _misses(report: Report, options: CompletionClaimOptions) -> list[Indicator]:
        found = []
        known = outcomes(report, options)
        for node in all_indicators(report):
            result = known.of(node)
            if result is None or not result.missed:
                continue
            if result.certain or (node.actual.value is not None and node.actual.comparator is None):
                found.append(node)
        return found


def _claims(report: Report, phrases: tuple[str, ...]) -> list[tuple[Sentence, str]]:
    """The narrative's sentences that contain a claim phrase, with the first listed phrase each
    contains (bodies without any phrase are not split into sentences)."""
    found = []
    for section in bodies_holding(report, phrases):  # most reports: none
        for sentence in sentences(section.body):
            phrase = next((p for p in phrases if p in sentence.text), None)
            if phrase is not None:
                found.append((sentence, phrase))
    return found


def _admissions(report: Report, markers: list[str]) -> list[str]:
    """The narrative's sentences (names normalized) that contain one of the `markers`: the only
    ones that can admit a miss. A body whose normalized text contains no marker has none."""
    wanted = tuple(markers)
    found = []
    for section in report.sections:
        body = section.body
        if body is None or not body.text:
            continue
        if not contains_any(strip_name_noise(body.text), wanted):
            continue
        for sentence in sentences(body):
            text = normalize_name(sentence.text)
            if contains_any(text, wanted):
                found.append(text)
    return found


def _acknowledged(texts: list[str], node: Indicator) -> bool:
    """Whether a sentence admitting a miss (`texts`, names normalized) names the row."""
    name = normalize_name(node.name.text)
    if not name:
        return False
    return any(name in text for text in texts)


def _group_markers(options: CompletionClaimOptions) -> tuple[tuple[str, str], ...]:
    """Each group keyword with the marker that names its group in a claim (`质量指标`), longest
    keyword first: made once per run, not for every claim."""
    return per_options(options, "group-markers", lambda: tuple(
        (keyword, f"{keyword}指标") for keyword in sorted(options.group_keywords, key=len, reverse=True)))


def _scope(report: Report, sentence: Sentence, phrase: str,
           markers: tuple[tuple[str, str], ...]) -> set[int] | None:
    """Ids of the indicator nodes the claim covers; None when its group is not in the table."""
    text = sentence.text
    at = text.find(phrase)
    start = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    end_match = _CLAUSE.search(text, at + len(phrase))
    clause = text[start:end_match.start() if end_match else len(text)]
    keyword = next((keyword for keyword, marker in markers if marker in clause), None)
    if keyword is None:
        return {id(node) for node in all_indicators(report)}
    scope: set[int] = set()
    for node in all_indicators(report):
        if keyword in normalize_name(node.name.text) and node.children:
            scope.update(id(item) for item in node.walk())
    return scope or None
