"""`isolation.Series`: a report's rules under one watchdog timer, each call with its own budget."""

from __future__ import annotations

import _signal
import signal
import time

from perflint.isolation import Failure, Series, watchdog


def _loop_forever() -> None:
    while True:
        pass


def _busy(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_a_call_over_its_budget_is_stopped_and_the_next_runs():
    with watchdog(), Series(0.2) as series:
        stopped = series.call(1, _loop_forever)
        after = series.call(2, lambda: 42)
    assert isinstance(stopped, Failure) and stopped.timed_out and stopped.seconds == 0.2
    assert after == 42


def test_each_call_has_its_own_budget_not_the_series():
    """Four calls of 0.15 s under a budget of 0.3 s: the series outlasts the budget, no call does."""
    with Series(0.3) as series:
        outcomes = [series.call(index, _busy, 0.15) for index in range(4)]
    assert outcomes == ["done"] * 4


def test_a_call_that_raises_or_exits_is_its_failure():
    def exits() -> None:
        raise SystemExit(3)

    with Series(5.0) as series:
        failed = series.call(1, exits)
        assert series.call(2, lambda x: x + 1, 1) == 2
    assert isinstance(failed, Failure) and isinstance(failed.error, SystemExit)


def test_a_call_that_replaces_the_handler_or_stops_the_timer_does_not_disarm_the_next():
    with watchdog(), Series(0.2) as series:
        series.call(1, lambda: signal.signal(signal.SIGALRM, signal.SIG_IGN))
        first = series.call(2, _busy, 1.0)
        series.call(3, lambda: _signal.setitimer(_signal.ITIMER_REAL, 0))
        second = series.call(4, _busy, 1.0)
    assert isinstance(first, Failure) and first.timed_out
    assert isinstance(second, Failure) and second.timed_out


def test_the_timer_and_handler_are_as_found_after_the_series():
    def mine(_signum, _frame) -> None:
        return None

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with Series(5.0) as series:
            assert series.call(1, lambda: 7) == 7
            assert signal.getsignal(signal.SIGALRM) is not mine
        assert signal.getsignal(signal.SIGALRM) is mine
        assert _signal.getitimer(_signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_without_a_budget_calls_are_contained_untimed():
    with Series(None) as series:
        failed = series.call(1, lambda: 1 / 0)
        assert series.call(2, lambda: "ok") == "ok"
    assert isinstance(failed, Failure) and isinstance(failed.error, ZeroDivisionError)
