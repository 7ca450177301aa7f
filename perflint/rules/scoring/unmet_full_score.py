"""PL305 unmet-full-score: an indicator that missed its target must not get full points.

What it checks
    Every indicator with a 年度指标值, a 全年完成值 and full points (得分 = 分值 > 0). The actual is
    compared with the target under the target's comparator (不少于/≥, 不超过/≤, >, <, =); a plain
    target ("6800亩", "100%") is a value to reach. Figures are compared on their stated-precision
    intervals (a rounded figure stands for a half-open interval), so 99.6% meets a target of
    100% but 99% does not, nor does 0亩 meet 6800亩.
    - error: two exact figures, and the actual misses the target: "不少于6800亩", actual "0亩",
      full score. Also an actual that says so in words (`unmet_words`: 未完成, 未达到 …) and a
      yes/no target answered the other way (是 → 否).
    - warning: a completion rate (`completion_rates`: 完成率 …) with no stated target and an
      actual below 100%.
    - warning: the miss rests on a judgement: the actual is an inequality (`<5%`), the target's
      direction is implied by the indicator's name (`lower_is_better`: 控制率, 变动率 …), or the
      actual is a partial-completion word (`partial_words`: 基本完成 …).
    - warning: a "capped" rate (`capped`: 执行率, 预算完成率 …) that overshoots its target with full
      points: 政府采购执行率 target 100%, actual ">100%", 1/1. Spending past a plan is a deviation
      too, but local scoring rules for it differ, so it is not an error.

Why it matters
    财预〔2020〕10号 (as restated in local notes) scores a missed quantitative target in proportion
    to what was achieved; full points for a missed target is the "指标未完成却满分" pattern auditors
    list first, and the MOF notice forbids "刻意抬高分数". Findings quote the score and point at the
    target and the actual.

Example
    土地开发补充耕地面积  不少于6800亩  0亩  分值3 得分3      (PL305 error)
    政府采购执行率        100%         >100%  分值1 得分1      (PL305 warning)
    公用经费控制率        100%         >100%  分值2 得分0      (holds: points were deducted)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ConfigDict

from perflint.findings import Finding
from perflint.model import Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import (
    DirectionOptions,
    is_full_score,
    outcomes,
    span_or_row,
    target_text,
)


class UnmetFullScoreOptions(DirectionOptions):
    model_config = ConfigDict(extra="forbid")


class UnmetFullScore(ReportRule):
    """An indicator that missed (or overshot a capped) target still gets full points."""

    code = "PL305"
    name = "unmet-full-score"
    severity = "error"
    groups = ("scoring",)
    Options = UnmetFullScoreOptions
    messages = {
        "missed": {
            "zh": "{label}未达到年度指标值（指标值{target}，完成值{actual}），却得满分{stated}/{weight}",
            "en": "{label} missed its target (target {target}, actual {actual}) but scores full "
                  "points {stated}/{weight}",
        },
        "over-cap": {
            "zh": "{label}完成值{actual}超过年度指标值{target}，属于偏离目标，却得满分{stated}/{weight}",
            "en": "{label} overshoots its target (target {target}, actual {actual}), a deviation, "
                  "but scores full points {stated}/{weight}",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        known = outcomes(report, ctx.options)
        for node in all_indicators(report):
            if not is_full_score(node):
                continue
            result = known.of(node)
            if result is None or not result.deviates:
                continue
            missed = result.missed
            severity = None if missed and result.certain else "warning"
            yield ctx.finding(
                node.score.span, message_key="missed" if missed else "over-cap", severity=severity,
                label=node.name.text, target=target_text(node, ctx.lang), actual=node.actual.literal,
                stated=node.score.literal, weight=node.weight.literal,
                expected=f"< {node.weight.literal}",
                related=[(node.target.span if node.target else None, "年度指标值"),
                         (span_or_row(node.actual, node), "全年完成值"), (node.weight.span, "分值")],
            )
