"""Values several rules derive from the same report, computed once per report; and values a rule
derives from its options, computed once per run.

The report rules run one after the other on one report, and many of them start by deriving the
same things from it: the list of its indicator rows, its 执行率 statements. `per_report` keeps
such values for the last few reports (a bounded cache: a run over 10,000 reports holds no more
than `KEPT` reports' values). An entry holds its report, so the id it is keyed by cannot be
reused by another report while the entry lives. Rules never modify a report, so a value derived
from it stays valid as long as the report object does; what is cached must not be modified by
its users either (tuples, frozen dataclasses).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from perflint.model import Indicator, Report

T = TypeVar("T")

#: How many reports' values are kept (the rules of one report run together).
KEPT = 4
_MEMOS: OrderedDict[int, tuple[Report, dict[Hashable, Any]]] = OrderedDict()


#: The entry of the report asked about last (also in `_MEMOS`, its most recent): the rules of
#: one report ask ≈ 30 times in a row, and this spares them the ordered dict's look-up and move.
_LAST: tuple[Report | None, dict[Hashable, Any]] = (None, {})


def per_report(report: Report, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it returned for the same report object and key before."""
    global _LAST
    last = _LAST  # read once: another thread may replace it meanwhile
    if last[0] is report:
        values = last[1]
    else:
        entry = _MEMOS.get(id(report))
        if entry is None or entry[0] is not report:
            entry = _MEMOS[id(report)] = (report, {})
            while len(_MEMOS) > KEPT:
                _MEMOS.popitem(last=False)
        elif len(_MEMOS) > 1:
            _MEMOS.move_to_end(id(report))
        _LAST = entry
        values = entry[1]
    if key in values:
        return values[key]
    value = values[key] = compute()
    return value


#: How many options objects' values are kept: a run validates each rule's options once, so there
#: is one per rule and config in use.
KEPT_OPTIONS = 64
_PREPARED: OrderedDict[int, tuple[object, dict[Hashable, Any]]] = OrderedDict()


def per_options(options: object, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it returned for the same options object and key before: what a
    rule makes of its options (word lists compiled, patterns combined) is made once per run, not
    for every report. An entry holds its options, so their id cannot be reused while it lives;
    the options are never modified once validated."""
    entry = _PREPARED.get(id(options))
    if entry is None or entry[0] is not options:
        entry = _PREPARED[id(options)] = (options, {})
        while len(_PREPARED) > KEPT_OPTIONS:
            _PREPARED.popitem(last=False)
    values = entry[1]
    if key in values:
        return values[key]
    value = values[key] = compute()
    return value


def all_indicators(report: Report) -> tuple[Indicator, ...]:
    """Every node of the indicator tree in order, as `Report.all_indicators()` yields them."""
    return per_report(report, "all_indicators", lambda: tuple(report.all_indicators()))
