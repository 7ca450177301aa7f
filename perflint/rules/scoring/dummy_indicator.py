"""PL307 dummy-indicator: an indicator that measures nothing must not carry weight or points.

What it checks
    Indicators whose name, 年度指标值 or 全年完成值 says there is nothing to measure: exactly one of
    `dummy_words` (不涉及, 无, 不适用 …) or starting with one of `dummy_prefixes` (不产生, 不涉及 …:
    "不产生经济效益"). Such a row must have no weight and no score (blank, `-` or 0); its points
    belong to the indicators that do measure something.

Why it matters
    赤峰市审计局 lists "设置无效的绩效目标，如指标内容为'不涉及'、'无'，却对应无效指标设置了分值"
    among the common defects of 绩效 management: the points of a dummy row are free points, since
    nothing can fall short. "不产生经济效益" rows dashed out (`-`) are the correct form.

Example
    经济效益指标  不产生经济效益  -  -  分值 -  得分 -        (holds)
    经济效益指标  不涉及          -  -  分值 5  得分 5        (PL307)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Indicator, Quantity, Report
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators
from perflint.rules.scoring.common import ZERO
from perflint.rules.scoring.textspan import normalize_name

DEFAULT_WORDS = ["不涉及", "无", "不适用", "暂无", "无此项"]
DEFAULT_PREFIXES = ["不产生", "不涉及", "不适用", "本年度不涉及"]


class DummyIndicatorOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dummy_words: list[str] = Field(default_factory=lambda: list(DEFAULT_WORDS),
                                   description="a name/target/actual equal to one of these is a dummy")
    dummy_prefixes: list[str] = Field(default_factory=lambda: list(DEFAULT_PREFIXES),
                                      description="a name/target/actual starting with one of these is a "
                                                  "dummy")


def _carries(quantity: Quantity | None) -> bool:
    return quantity is not None and quantity.value is not None and quantity.value > ZERO


class DummyIndicator(ReportRule):
    """An indicator that measures nothing (不涉及, 不产生…效益) still carries weight or points."""

    code = "PL307"
    name = "dummy-indicator"
    severity = "error"
    groups = ("scoring",)
    Options = DummyIndicatorOptions
    messages = {
        "zh": "指标“{label}”内容为“{dummy}”，不应设置分值或得分（分值{weight}，得分{score}）",
        "en": "indicator “{label}” says “{dummy}” and should carry no weight or score "
              "(weight {weight}, score {score})",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for node in all_indicators(report):
            if node.children:
                continue
            dummy = self._dummy_text(node, ctx.options)
            if dummy is None or not (_carries(node.weight) or _carries(node.score)):
                continue
            primary = node.weight if _carries(node.weight) else node.score
            related = [(q.span, label) for q, label in ((node.weight, "分值"), (node.score, "得分"))
                       if q is not None and q is not primary]
            related.append((dummy[1], "内容"))
            yield ctx.finding(
                primary.span, label=node.name.text, dummy=dummy[0],
                weight=node.weight.literal if node.weight else "-",
                score=node.score.literal if node.score else "-",
                stated=primary.literal, expected="-", related=related,
            )

    @staticmethod
    def _dummy_text(node: Indicator, options: DummyIndicatorOptions):
        candidates = [(node.name.text, node.name.span)]
        for quantity in (node.target, node.actual):
            if quantity is not None and quantity.value is None and not quantity.nil:
                candidates.append((quantity.literal, quantity.span))
        for text, span in candidates:
            bare = normalize_name(text)
            if bare in options.dummy_words or any(bare.startswith(p) for p in options.dummy_prefixes):
                return bare, span
        return None
