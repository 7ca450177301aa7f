"""PL101 breakdown-sum: a stated total must equal the sum of its stated parts.

What it checks
    Every "X合计…其中 A…, B…" statement the report makes: 资产 = 流动资产 + 非流动资产,
    负债 = 流动负债 + 非流动负债, 预算数 = 基本支出 + 项目支出, 收入 = 财政拨款 + 年初结转和结余,
    32宗 = 出让7宗 + 划拨25宗, 供应收入10.923亿元 = 10.512亿元 + 4110.78万元, the named project
    amounts against the project total, staff counts against their categories. Units are converted
    exactly (亿元/万元/元). Each figure stands for the interval its decimals allow, so 57.6 = 12.1 +
    45.4 holds while 340.29 = 320.09 + 21.20 does not. Parts stated as "-" count as zero. When the
    report lists only some parts ("其中", `complete: false`), only parts that together exceed the
    total are reported, with one exception: a list of three or more parts that ends its sentence
    with its last part (`其中：A…，B…，C…。`, no `等`, `Breakdown.closed`) reads as every part, so
    parts that fall short of the total are reported too, as a warning (the report may have left
    a part out rather than mis-stated the total). Whole counts (宗, 人, 个 …) are exact. Shares
    stated next to the parts (占比96.96%) are PL104's; budget tables with 预算数/执行数 columns
    are PL102's.

    Only breakdowns the text states are checked (see perflint/extract/narrative.py): a named
    total, `其中`, then named parts in the total's unit family up to where the list ends. Figures
    that merely follow one another (flattened table rows, a scoring rubric's points, an income
    sentence run into a spending one, a grade distribution after a count) are no breakdown.

Why it matters
    A total that does not match its parts means one of the figures is wrong, and every rate or
    share computed from it is wrong too. Reviewers check these sums first.

Example
    资产合计11016.94万元，其中流动资产10681.52万元，非流动资产335.42万元   (holds)
    供应土地32宗，其中出让用地7宗，划拨用地24宗                           (PL101: 7 + 24 = 31)
    收入全年预算数340.29万元，其中本年财政拨款收入320.09万元，年初结转和结余21.20万元
                                                                          (PL101: 应为341.29)
    下达资金500万元，其中：道路120万元，桥梁200万元，排水170万元。       (PL101 warning: 490)
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.findings import Finding
from perflint.model import Breakdown, Report
from perflint.rules.arithmetic.common import (
    CLOSED_PARTS,
    SumCheck,
    breakdowns_of,
    check_sum,
    falls_short,
    labelled_breakdowns,
    money_unit,
)
from perflint.rules.arithmetic.money_unit import certain_slips, slip_key
from perflint.rules.base import CheckContext, ReportRule

__all__ = ["BreakdownSum", "breakdowns_of"]

def _falls_short(breakdown: Breakdown, result: SumCheck) -> bool:
    """An uncounted list presented as every part (`Breakdown.closed`, three or more parts) whose
    sum is certainly below the total."""
    return (not breakdown.complete and breakdown.closed and len(breakdown.parts) >= CLOSED_PARTS
            and falls_short(result))


class BreakdownSum(ReportRule):
    """A stated total does not equal the sum of its stated parts."""

    code = "PL101"
    name = "breakdown-sum"
    severity = "error"
    groups = ("arithmetic",)
    messages = {
        "default": {
            "zh": "{label}为{stated}，但其各组成部分之和为{expected}（{parts}）",
            "en": "{label} is stated as {stated} but its parts add up to {expected} ({parts})",
        },
        "short": {
            "zh": "{label}为{stated}，但所列{count}项之和为{listed}，少于总数；若所列为全部组成部分，"
                  "则总数或某一项有误（{parts}）",
            "en": "{label} is stated as {stated} but the {count} parts listed add up to {listed}, "
                  "less than the total; if they are all its parts, a figure is wrong ({parts})",
        },
        "incomplete": {
            "zh": "{label}为{stated}，但其中列出的部分之和已达{expected}，超过总数（{parts}）",
            "en": "{label} is stated as {stated} but the parts listed already add up to {expected}, "
                  "more than the total ({parts})",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        slipped: frozenset[object] | None = None  # read at the first total, once per report
        for label, breakdown in labelled_breakdowns(report):
            if breakdown.total is None:
                continue
            if slipped is None:
                slipped = certain_slips(report)
            if slip_key(breakdown.total) in slipped:
                continue  # a total whose unit slipped: PL109 reports it, with the right unit
            parts = [part.value for part in breakdown.parts]
            result = check_sum(breakdown.total, parts, money_unit(report), complete=breakdown.complete)
            if result is None:
                continue
            key = "default" if breakdown.complete else "incomplete"
            if result.consistent and _falls_short(breakdown, result):
                key = "short"
            elif result.consistent:
                continue
            yield ctx.finding(
                breakdown.total.span,
                message_key=key,
                severity="warning" if key == "short" else None,
                count=len(parts),
                listed=result.expected_text,
                label=label,
                # a short list may have left a part out: its sum is no correction of the total
                expected=None if key == "short" else result.expected_text,
                stated=breakdown.total.literal,
                parts=" + ".join(f"{p.label} {p.value.literal}" for p in breakdown.parts),
                related=[(p.value.span, p.label) for p in breakdown.parts],
            )
