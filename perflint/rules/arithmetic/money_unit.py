"""PL109 money-unit: a money figure written in 元 (or with no unit) whose own parts say 万元.

What it checks
    A money total stated in 元, or with no unit at all, whose parts are all stated with an
    explicit larger money unit (万元, 亿元) and add up to the total only when the total is read
    in that unit:

    * a stated breakdown (`补助资金471.23元，其中中央补助189.63万元、省级补助281.60万元`):
      189.63 + 281.60 = 471.23, so the total means 471.23万元;
    * a sentence that lists a bare total and then its parts (`执行数1032849.44（含中央资金
      689139.31万元，地方资金332524.99万元，其他资金11185.14万元）`): the parts add up to
      1032849.44万元, so the total lacks its unit;
    * a budget row whose 执行数 (or 预算数) is in 元 while the row's other money figures are in
      万元, and whose stated 执行率 holds only when the figure is read in 万元.

    It is an error only when the arithmetic is certain: read in the parts' unit the figure agrees
    with them within stated precision (the sum of its parts, or its own 预算数 and 执行率), read as
    stated it does not (a bare figure among figures that all carry 万元 states no amount). When
    the parts are in 万元 and do not add up to the figure in either reading, but the stated figure
    is off from their sum by a factor of 1000 or more, it is a warning (a possible unit slip). A
    元 total whose parts are in 元, or a small 元 figure next to 万元 figures that are not its
    parts, is left alone. PL101 still reports a breakdown whose total is such a slip (its parts
    exceed the total); `breakdown_unit_slip` tells which breakdowns this rule explains.

Why it matters
    A missing 万 turns 471.23万元 into 471.23元, one ten-thousandth of the amount; every rate or
    share computed from the figure is then wrong by the same factor. The audit counts it as a
    unit defect, and the fix is the unit, not the number.

Example
    补助资金471.23万元，其中中央补助189.63万元、省级补助281.60万元             (holds)
    补助资金471.23元，其中中央补助189.63万元、省级补助281.60万元
        (PL109: “471.23元”应为万元：其分项以万元计，合计为471.23万元)
    执行数1032849.44（含中央资金689139.31万元，地方资金332524.99万元，其他资金11185.14万元）
        (PL109: “1032849.44”应为万元)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from perflint import intervals
from perflint.findings import Finding
from perflint.model import Breakdown, Quantity, Report, Span
from perflint.numbers import NumberFormatError, split_unit
from perflint.rules import figures
from perflint.rules.arithmetic.common import (
    MONEY_COLUMNS,
    breakdowns_of,
    budget_rows,
    check_ratio,
    is_number,
    labelled_breakdowns,
    money_unit,
    row_name,
)
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import per_report

if TYPE_CHECKING:
    from perflint.document import TextSource

__all__ = ["MoneyUnit", "UnitSlip", "breakdown_unit_slip", "certain_slips", "slip_key", "table_unit_slip"]

SLIP_FACTOR = Decimal(1000)
"""How far (either way) a figure must be from its parts' sum to be called a possible unit slip."""

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
#: What follows a bare total whose parts come next: `（含`, `(含`, `，其中`, `其中：`.
_OPENS_PARTS = re.compile(r"\s*(?:[（(]\s*(?:含|其中|包括)|[，,]?\s*其中)")
#: The words of `_OPENS_PARTS`: a stretch of text without one holds no bare total.
_PARTS_WORD = re.compile("含|其中|包括")
#: How a figure without a unit ends (a digit, full-width ones included, or `以上`/`以下`/`以内`)
#: followed by `_OPENS_PARTS`: a stretch without this holds no bare total, whatever its figures.
_BARE_OPENER = re.compile(r"(?:\d|以[上下内])" + _OPENS_PARTS.pattern)


@dataclass(frozen=True)
class UnitSlip:
    """A figure that agrees with its parts only in `unit` (`certain`), or is ≥1000× off them."""

    unit: str
    certain: bool
    #: the figure written in `unit` (None when the slip is only suspected)
    expected: str | None
    #: the sum of the parts, in `unit`
    parts_sum: str
    #: the figure as stated
    total: str


def _money_scale(quantity: Quantity) -> Decimal | None:
    """The multiplier to 元 of an explicit money unit larger than 元 (万元 → 10000), else None."""
    if quantity.unit is None:
        return None
    try:
        base, scale = split_unit(quantity.unit)
    except NumberFormatError:
        return None
    return scale if base == "元" and scale > 1 else None


def _slip_candidate(quantity: Quantity | None) -> bool:
    """A stated number in 元 or with no unit: the figures this rule may find a 万 missing from.
    (The unit is tested first: most figures are in 万元, and it is the cheapest test.)"""
    return quantity is not None and quantity.unit in (None, "元") and quantity.comparator is None \
        and is_number(quantity)


def _parts_unit(parts: Sequence[Quantity]) -> str | None:
    """The one explicit larger money unit every part is stated in, else None."""
    numbers = [p for p in parts if not p.nil]
    if not numbers or any(not is_number(p) or _money_scale(p) is None for p in numbers):
        return None
    units = {p.unit for p in numbers}
    return units.pop() if len(units) == 1 else None


def _slip(total: Quantity, parts: Sequence[Quantity], default_unit: str | None, *,
          exact_only: bool = False, complete: bool = True) -> UnitSlip | None:
    """Whether `total` (in 元 or bare) is a unit slip against `parts` (all in one 万-like unit)."""
    if not _slip_candidate(total):
        return None
    unit = _parts_unit(parts)
    if unit is None:
        return None
    numbers = [p for p in parts if not p.nil]
    several = len(numbers) >= 2  # a sum of one part is no evidence of a unit
    scale = split_unit(unit)[1]
    computed = intervals.total(figures.interval(p) for p in numbers)
    exact = sum((p.value * scale for p in numbers if p.value is not None), start=intervals.ZERO)
    assert total.value is not None
    reread = total.model_copy(update={"unit": unit})
    # a bare figure among figures that all carry 万元 states no amount, so it never holds as stated
    as_stated_holds = total.unit is not None and computed.intersects(figures.interval(total))
    if several and computed.intersects(figures.interval(reread)) and not as_stated_holds:
        figure = intervals.format_in_unit(total.value, unit, total.decimals)
        return UnitSlip(unit, True, figure, _written(exact / scale, unit, total), total.literal)
    stated = total.value * figures.base(total, default_unit or "元")[1]
    if exact_only or exact <= 0 or stated <= 0:
        return None
    ratio = stated / exact
    # a partial list (其中 …) may be far smaller than its total, never far larger
    if (complete and ratio >= SLIP_FACTOR) or ratio <= 1 / SLIP_FACTOR:
        return UnitSlip(unit, False, None, _written(exact / scale, unit, total), total.literal)
    return None


def _written(value: Decimal, unit: str, like: Quantity) -> str:
    """The parts' sum written in their unit to the total's decimals (only for a slip found)."""
    return intervals.format_in_unit(value, unit, like.decimals)


@dataclass(frozen=True)
class _Hit:
    """One figure this rule reports: where, why, and the figures it was compared with."""

    figure: Quantity
    slip: UnitSlip
    label: str
    related: tuple[tuple[Span | None, str | None], ...]


def _breakdown_hits(report: Report, default_unit: str | None) -> Iterator[_Hit]:
    for label, breakdown in labelled_breakdowns(report):
        total = breakdown.total
        if total is None:
            continue
        slip = _slip(total, [p.value for p in breakdown.parts], default_unit,
                     complete=breakdown.complete)
        if slip is not None:
            yield _Hit(total, slip, label, tuple((p.value.span, p.label) for p in breakdown.parts))


def _table_hits(report: Report, default_unit: str | None) -> Iterator[_Hit]:
    """A budget table's total cell in 元 (or bare) whose rows, all in 万元, add up to it: the
    prose `执行数为701元，其中…万元…` is read as such a table."""
    for table in report.budget_tables:
        total = table.total
        if total is None or not table.rows:
            continue
        for column, column_label in MONEY_COLUMNS:
            stated = getattr(total, column)
            if not _slip_candidate(stated):
                continue  # most totals carry 万元: no slip, whatever the rows (`_slip` asks it first)
            cells = [getattr(row, column) for row in table.rows]
            if any(cell is None for cell in cells):
                continue
            slip = _slip(stated, cells, default_unit, complete=table.complete)
            if slip is not None:
                yield _Hit(stated, slip, f"{row_name(table, total)}{column_label}",
                           tuple((cell.span, row.label) for row, cell in zip(table.rows, cells, strict=True)))


def table_unit_slip(report: Report, stated: Quantity) -> bool:
    """Whether a budget table's total cell is a certain unit slip, which PL109 reports and
    explains (the hook for PL102 to leave that column to PL109)."""
    return slip_key(stated) in certain_slips(report)


def certain_slips(report: Report) -> frozenset[object]:
    """The `slip_key`s of the figures that are certain unit slips: PL101 and PL102 ask it once
    per report and test each total against it."""
    return per_report(report, "money-unit-certain",
                      lambda: frozenset(slip_key(h.figure) for h in _hits(report) if h.slip.certain))


def _sentence_hits(report: Report, default_unit: str | None) -> Iterator[_Hit]:
    """A bare or 元 figure followed, in its sentence, by parts in 万元 that add up to it."""
    text = report.source_text
    if not text:
        return
    if not _any_candidate(report, text):
        return
    located = sorted(_located_figures(report).values(), key=lambda item: item[0].span.offset)  # type: ignore[union-attr]
    for i, (total, label) in enumerate(located):
        if not _slip_candidate(total):
            continue
        run: list[tuple[Quantity, str]] = []
        end = total.span.end_offset  # type: ignore[union-attr]
        start = end
        for j in range(i + 1, len(located)):  # not a copy of the rest of the list per candidate
            nxt, nxt_label = located[j]
            span = nxt.span
            if end is None or span is None or span.offset is None or span.offset < end \
                    or _ends_sentence(text, start, end, span.offset) or _money_scale(nxt) is None:
                break
            run.append((nxt, nxt_label))
            end = span.end_offset
        for n in range(len(run), 1, -1):
            slip = _slip(total, [q for q, _ in run[:n]], default_unit, exact_only=True)
            if slip is not None:
                yield _Hit(total, slip, label, tuple((q.span, part) for q, part in run[:n]))
                break


def _any_candidate(report: Report, text: str) -> bool:
    """Whether a figure `_located_figures` may keep is a `_slip_candidate`, the only figures a
    sentence hit starts from. Most reports have none (every figure carries 万元, %, 个 …), and
    this test is cheaper than locating and sorting the figures; it may say yes for a figure
    `_located_figures` then drops, never no for one it keeps."""
    if any(_slip_candidate(fact.value) for fact in report.facts):
        return True
    for breakdown in breakdowns_of(report):
        if _slip_candidate(breakdown.total) or any(_slip_candidate(part.value) for part in breakdown.parts):
            return True
    return next(_bare_totals(text), None) is not None


def _ends_sentence(text: str, start: int, end: int, until: int) -> bool:
    """Whether the sentence ends between `end` and `until`: at `。`, a line break, or a `；` that
    is not inside a parenthesis opened since `start` (`（含中央资金…；省级资金…）` is one list)."""
    for stop in _SENTENCE_END.finditer(text, end, until):
        if stop.group() not in "；;":
            return True
        segment = text[start:stop.start()]
        if segment.count("（") + segment.count("(") <= segment.count("）") + segment.count(")"):
            return True
    return False


def _opening_stretches(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each `。`-bounded stretch of `text` that holds a word opening a list of
    parts (`含`, `其中`, `包括`), in order; a stretch ends before the next `。` or at the text's end.

    Only these stretches can hold a figure `_OPENS_PARTS` follows, and scanning them alone finds
    exactly the figures a scan of the whole text finds there: no figure contains `。`, and every
    lookaround of the figure expression sees `。` as it sees the start or end of a text (not a
    digit, a dot, a space or the start of a unit). Most of a report's text holds no such word, and
    the whole-text scan was most of the time of PL101 and PL109.
    """
    end = 0
    for word in _PARTS_WORD.finditer(text):
        if word.start() < end:
            continue  # in the stretch just given
        end = text.find("。", word.end())
        if end == -1:
            end = len(text)
        yield text.rfind("。", 0, word.start()) + 1, end


def _bare_totals(text: str) -> Iterator[tuple[Quantity, str]]:
    """Bare figures that open a list of parts (`执行数358.39（含…`, `到位358.39，其中…`), wherever
    the extraction left them: a bare number after a verb (`到位`, `下达`) names no concept, so it
    is no fact, but it is the total the parts add up to."""
    source: TextSource | None = None
    for begin, end in _opening_stretches(text):
        if _BARE_OPENER.search(text, begin, end) is None:
            continue  # most stretches: every figure before `其中` or `（含` carries its unit
        # here, not at the top: most texts have no such stretch, and the figure scanner (with
        # perflint.extract) costs a one-file run (a pre-commit hook's) more than this rule
        from perflint.document import TextSource
        from perflint.extract.figures import scan
        from perflint.extract.located import make_quantity

        for figure in scan(text[begin:end]):
            if figure.unit is not None or figure.parsed.value is None:
                continue
            start, stop = begin + figure.start, begin + figure.end
            if _OPENS_PARTS.match(text, stop) is None:
                continue
            line_start = text.rfind("\n", 0, start) + 1
            label = text[max(line_start, start - 12):start].strip()
            source = source or TextSource(text)
            yield make_quantity(figure.literal, figure.parsed, source.span(start, stop)), label


def _located_figures(report: Report) -> dict[int, tuple[Quantity, str]]:
    """Every figure of the text with its label, by offset: the facts and the figures the
    extraction put in breakdowns (a sentence may run on past the parts a breakdown kept), and
    bare figures that open a list of parts (`_bare_totals`)."""
    found: dict[int, tuple[Quantity, str]] = {}

    def keep(quantity: Quantity | None, label: str) -> None:
        if quantity is not None and quantity.span is not None and quantity.span.offset is not None:
            found.setdefault(quantity.span.offset, (quantity, label))

    for fact in report.facts:
        keep(fact.value, fact.concept)
    for label, breakdown in labelled_breakdowns(report):
        keep(breakdown.total, label)
        for part in breakdown.parts:
            keep(part.value, part.label)
    if report.source_text:
        for quantity, label in _bare_totals(report.source_text):
            keep(quantity, label)
    return found


def _hits(report: Report) -> list[_Hit]:
    """Every slip of the report, one per figure, a certain one before a suspected one."""
    def compute() -> list[_Hit]:
        default_unit = money_unit(report)
        chosen: dict[object, _Hit] = {}
        for hit in [*_breakdown_hits(report, default_unit), *_table_hits(report, default_unit),
                    *_sentence_hits(report, default_unit)]:
            key = slip_key(hit.figure)
            if key not in chosen or (hit.slip.certain and not chosen[key].slip.certain):
                chosen[key] = hit
        return list(chosen.values())
    return per_report(report, "money-unit-slips", compute)


def slip_key(quantity: Quantity) -> object:
    """Where a figure is, as `certain_slips` names it (a figure read twice is one figure)."""
    span = quantity.span
    return id(quantity) if span is None else (span.line, span.column, span.offset)


def breakdown_unit_slip(report: Report, breakdown: Breakdown) -> bool:
    """Whether the breakdown's total is a certain unit slip, which PL109 reports and explains
    (the hook for PL101 to leave such a breakdown to PL109)."""
    return breakdown.total is not None and slip_key(breakdown.total) in certain_slips(report)


class MoneyUnit(ReportRule):
    """A money figure in 元 (or with no unit) agrees with its 万元 parts only when read in 万元."""

    code = "PL109"
    name = "money-unit"
    severity = "error"
    groups = ("arithmetic",)
    messages = {
        "default": {
            "zh": "“{stated}”应为{unit}：其分项以{unit}计，合计为{parts_sum}",
            "en": "“{stated}” should be in {unit}: its parts are in {unit} and add up to {parts_sum}",
        },
        "rate": {
            "zh": "“{stated}”应为{unit}：{label}的其他金额以{unit}计，按{unit}读其执行率为{rate}，"
                  "与所述一致",
            "en": "“{stated}” should be in {unit}: the other amounts of {label} are in {unit}, and "
                  "read in {unit} its 执行率 is {rate}, as stated",
        },
        "suspect": {
            "zh": "“{stated}”可能漏写或错写单位：其分项以{unit}计，合计为{parts_sum}，相差千倍以上",
            "en": "“{stated}” may have a wrong or missing unit: its parts are in {unit} and add up "
                  "to {parts_sum}, a thousand times or more away",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for hit in _hits(report):
            slip = hit.slip
            yield ctx.finding(
                hit.figure.span,
                message_key="default" if slip.certain else "suspect",
                severity=None if slip.certain else "warning",
                stated=slip.total,
                expected=slip.expected,
                unit=slip.unit,
                parts_sum=slip.parts_sum,
                label=hit.label,
                related=hit.related,
            )
        yield from self._rows(report, ctx, money_unit(report))

    def _rows(self, report: Report, ctx: CheckContext, default_unit: str | None) -> Iterator[Finding]:
        """A row's 执行数 or 预算数 in 元 whose stated 执行率 holds only when it is read in 万元."""
        for table, row, _ in budget_rows(report):
            if not is_number(row.rate):
                continue
            for figure, other in ((row.executed, row.budget), (row.budget, row.executed)):
                if figure is None or other is None or not _slip_candidate(figure):
                    continue
                scale = _money_scale(other)
                if scale is None or other.unit is None:
                    continue
                reread = figure.model_copy(update={"unit": other.unit})
                num, den = (reread, other) if figure is row.executed else (other, reread)
                as_num, as_den = (figure, other) if figure is row.executed else (other, figure)
                good = check_ratio(row.rate, num, den, default_unit)  # type: ignore[arg-type]
                bad = check_ratio(row.rate, as_num, as_den, default_unit)  # type: ignore[arg-type]
                if good is None or not good.consistent or bad is None or bad.consistent:
                    continue
                expected = intervals.format_in_unit(figure.value, other.unit, figure.decimals)  # type: ignore[arg-type]
                yield ctx.finding(
                    figure.span, message_key="rate", stated=figure.literal, expected=expected,
                    unit=other.unit, label=row_name(table, row), rate=row.rate.literal,  # type: ignore[union-attr]
                    related=[(other.span, None), (row.rate.span, "执行率")],  # type: ignore[union-attr]
                )
