"""The watchdog installed once per run (`isolation.watchdog`) keeps every timed call's budget,
even after a call replaced the SIGALRM handler, and leaves the handler as it found it."""

from __future__ import annotations

import signal

from perflint.isolation import Failure, contain, watchdog


def _loop_forever() -> None:
    while True:
        pass


def test_a_call_over_its_budget_is_stopped_inside_the_watchdog():
    with watchdog():
        outcome = contain(_loop_forever, seconds=0.2)
    assert isinstance(outcome, Failure) and outcome.timed_out


def test_a_call_that_replaces_the_handler_does_not_disarm_the_next_one():
    with watchdog():
        assert contain(lambda: signal.signal(signal.SIGALRM, signal.SIG_IGN), seconds=5.0) is not None
        outcome = contain(_loop_forever, seconds=0.2)
    assert isinstance(outcome, Failure) and outcome.timed_out


def test_the_handler_found_is_put_back_after_the_run():
    def mine(_signum, _frame) -> None:
        return None

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with watchdog():
            assert contain(lambda: 42, seconds=5.0) == 42
            assert signal.getsignal(signal.SIGALRM) is not mine
        assert signal.getsignal(signal.SIGALRM) is mine
        assert contain(lambda: 7, seconds=5.0) == 7  # outside a run: per call, and put back
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)
