"""PL110 cross-footing: a combined breakdown must equal its blocks' breakdowns, part by part.

What it checks
    Funds are often stated as a combined block followed (or preceded) by one block per programme
    or fund, each split the same way:

        资金合计 612.40，其中：中央补助 380.00，市级资金 152.00，本级资金 80.40
        甲项目   415.60，其中：中央补助 260.00，市级资金 96.60，本级资金 59.00
        乙项目   196.80，其中：中央补助 120.00，市级资金 54.40，本级资金 21.40

    When a breakdown named as a total (`合计`, `总计`, `汇总` in its label or caption) is followed
    (or preceded) by two or more consecutive breakdowns that name the same parts, and their totals
    add up to its total, the combined block is their sum. A breakdown not so named is a combined
    block only at the start or the end of a run of same-shaped breakdowns whose other members'
    totals all add up to its total (blocks written without captions, the total first). Then
    each of its parts must be the sum of the blocks' parts of the same name (a table's column
    totals, 横向与纵向合计). Here 市级资金 152.00 ≠ 96.60 + 54.40 = 151.00. The totals' sum is
    what shows the structure; breakdowns whose totals do not add up are not compared (PL101
    checks each breakdown on its own).

Why it matters
    A combined line that disagrees with its blocks means a figure was changed in one place and
    not the other; the share of central, provincial and local money the report states is then
    wrong somewhere, and every rate computed from it. The structure is inferred from the figures
    (equal totals, equal part names), so the finding is a warning.

Example
    合计 100，其中：中央 60，市级 40；甲 70，其中：中央 40，市级 30；乙 30，其中：中央 20，市级 10
                                                                              (holds)
    … 乙 30，其中：中央 19，市级 11                            (PL110: 中央 60 ≠ 40 + 19 = 59)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from perflint.findings import Finding
from perflint.model import Breakdown, Report
from perflint.rules.arithmetic.common import check_sum, money_unit
from perflint.rules.base import CheckContext, ReportRule

#: How many blocks at most make up one combined breakdown.
_MAX_BLOCKS = 8


def _names(breakdown: Breakdown) -> tuple[str, ...]:
    return tuple(part.label for part in breakdown.parts)


#: A combined block names itself a total: `资金合计(万元)`, `…汇总`. Equal sums alone are not
#: enough: with whole numbers, one programme's total often equals two others' by chance.
_COMBINED = re.compile(r"合计|总计|汇总")


def _usable(breakdown: Breakdown) -> bool:
    names = _names(breakdown)
    return breakdown.total is not None and len(names) >= 2 and len(set(names)) == len(names)


def _blocks_of(combined: Breakdown, candidates: Sequence[Breakdown], unit: str | None) -> list[Breakdown]:
    """The shortest run (two or more) of `candidates`, in order, that names the same parts as
    `combined` and whose totals add up to its total; empty when there is none."""
    names = _names(combined)
    run: list[Breakdown] = []
    for candidate in candidates[:_MAX_BLOCKS]:
        if not _usable(candidate) or _names(candidate) != names:
            return []
        run.append(candidate)
        if len(run) < 2:
            continue
        assert combined.total is not None
        result = check_sum(combined.total, [b.total for b in run if b.total is not None], unit)
        if result is not None and result.consistent:
            return run
    return []


def _run_around(breakdowns: Sequence[Breakdown], index: int) -> tuple[int, int]:
    """The run of consecutive breakdowns naming the same parts as `breakdowns[index]`: (first,
    end) indexes."""
    names = _names(breakdowns[index])
    first, end = index, index + 1
    while first > 0 and _usable(breakdowns[first - 1]) and _names(breakdowns[first - 1]) == names:
        first -= 1
    while end < len(breakdowns) and _usable(breakdowns[end]) and _names(breakdowns[end]) == names:
        end += 1
    return first, end


def _unnamed_blocks(breakdowns: Sequence[Breakdown], index: int, unit: str | None) -> list[Breakdown]:
    """The blocks of a combined breakdown that does not name itself a total: it must stand at an
    end of its run of same-shaped breakdowns, and every other breakdown of the run must be its
    block (their totals add up to its total). A total in the middle of a run that equals some of
    the others is a coincidence, not a combination."""
    first, end = _run_around(breakdowns, index)
    if end - first < 3 or index not in (first, end - 1):
        return []
    blocks = [b for i, b in enumerate(breakdowns[first:end], start=first) if i != index]
    combined = breakdowns[index]
    assert combined.total is not None
    result = check_sum(combined.total, [b.total for b in blocks if b.total is not None], unit)
    return blocks if result is not None and result.consistent and len(blocks) <= _MAX_BLOCKS else []


class CrossFooting(ReportRule):
    """A combined breakdown's part is not the sum of the same part in its blocks."""

    code = "PL110"
    name = "cross-footing"
    severity = "warning"
    groups = ("arithmetic",)
    messages = {
        "zh": "{combined}中{part}为{stated}，但其下{count}个分块的{part}之和为{expected}"
              "（合计数{total}等于各分块合计之和；{parts}）",
        "en": "{part} of {combined} is {stated} but the {part} of its {count} blocks adds up to "
              "{expected} (its total {total} is the sum of the blocks' totals; {parts})",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        unit = money_unit(report)
        breakdowns = list(report.breakdowns)
        for index, combined in enumerate(breakdowns):
            if not _usable(combined):
                continue
            if _COMBINED.search(combined.label):
                blocks = (_blocks_of(combined, breakdowns[index + 1:], unit)
                          or _blocks_of(combined, breakdowns[:index][::-1], unit))
            else:
                blocks = _unnamed_blocks(breakdowns, index, unit)
            for position, part in enumerate(combined.parts):
                block_parts = [block.parts[position] for block in blocks]
                result = check_sum(part.value, [p.value for p in block_parts], unit)
                if result is None or result.consistent:
                    continue
                assert combined.total is not None
                yield ctx.finding(
                    part.value.span,
                    combined=combined.label,
                    part=part.label,
                    count=len(blocks),
                    total=combined.total.literal,
                    expected=result.expected_text,
                    stated=part.value.literal,
                    parts=" + ".join(f"{b.label} {p.value.literal}" for b, p in zip(blocks, block_parts,
                                                                                   strict=True)),
                    related=[(p.value.span, f"{b.label} {p.label}") for b, p in zip(blocks, block_parts,
                                                                                     strict=True)],
                )
