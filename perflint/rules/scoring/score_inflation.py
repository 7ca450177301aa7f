"""PL309 score-inflation: full marks on every indicator while the report admits a target was missed.

What it checks
    A heuristic over the whole table: every scored row (the lowest indicators stating both 分值
    and 得分; at least `min_rows` of them) has full points, and yet the report shows a miss:
    - an indicator whose actual misses its target (comparator-aware, as in PL305), or
    - a narrative sentence admitting one (`admission_phrases`: 未达年度指标值, 未按年度绩效指标值完成 …).
    The finding quotes the stated 总分 (or the first score when none is stated) and points at the
    evidence. A table with any deduction is left alone: that report did score its misses.

Why it matters
    The MOF notice on self-evaluation requires "确保数据准确、分值合理、结果客观，严禁刻意抬高分数";
    a table of uniform full marks next to a text that lists unmet indicators ("…未达年度指标值") is
    the pattern finance bureaus send back. It is a warning: the text may refer to something the
    table does not score.

Example
    all rows full, 总分100; §三: "群众满意度绩效指标未达年度指标值"      (PL309)
    总分95, 公用经费控制率 0/2, 成本节约率 0/3                         (holds: misses were scored)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report, Span
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import (
    DirectionOptions,
    is_full_score,
    leaves_with_points,
    outcomes,
    span_or_row,
)
from perflint.rules.scoring.textspan import narrative_sentences

DEFAULT_ADMISSIONS = ["未达年度指标值", "未达年度绩效指标值", "未达到年度指标值", "未达到年度绩效指标值",
                      "未按年度绩效指标值完成", "未按年度绩效指标完成", "未完成年度绩效指标",
                      "未完成年度指标", "未达到预期目标", "未完成绩效目标"]


class ScoreInflationOptions(DirectionOptions):
    model_config = ConfigDict(extra="forbid")

    min_rows: int = Field(3, ge=1, description="fewest scored rows for the heuristic to apply")
    admission_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_ADMISSIONS),
                                         description="narrative phrases that admit a missed target")
    max_related: int = Field(5, ge=1, description="how many pieces of evidence a finding points at")


class ScoreInflation(ReportRule):
    """Every indicator has full marks although the report shows a missed target."""

    code = "PL309"
    name = "score-inflation"
    severity = "warning"
    groups = ("scoring",)
    Options = ScoreInflationOptions
    messages = {
        "zh": "全部{rows}项指标均得满分（{total}），但报告显示有指标未完成：{evidence}",
        "en": "all {rows} indicators score full points ({total}), yet the report shows a missed "
              "target: {evidence}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        rows = leaves_with_points(report.indicators)
        if len(rows) < options.min_rows or not all(is_full_score(row) for row in rows):
            return
        evidence: list[tuple[Span | None, str]] = []
        known = outcomes(report, options)
        for node in all_indicators(report):
            result = known.of(node)
            if result is not None and result.missed:
                evidence.append((span_or_row(node.actual, node), f"{node.name.text} {node.actual.literal}"))
        for _, sentence in narrative_sentences(report):
            phrase = next((p for p in options.admission_phrases if p in sentence.text), None)
            if phrase is not None:
                text = sentence.text
                evidence.append((sentence.span(), text if len(text) <= 40 else text[:40] + "…"))
        if not evidence:
            return
        evaluation = report.evaluation
        if evaluation is not None and evaluation.total_score is not None:
            span, total = evaluation.total_score.span, "总分" + evaluation.total_score.literal
        else:
            span, total = rows[0].score.span, f"{rows[0].score.literal}/{rows[0].weight.literal}"
        evidence = evidence[: options.max_related]
        yield ctx.finding(
            span, rows=len(rows), total=total, evidence="；".join(label for _, label in evidence),
            related=[(s, "未完成") for s, _ in evidence],
        )
