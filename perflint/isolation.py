"""Running code perflint does not control (a plugin's rule, hook, loader or formatter) so that
nothing it does takes the run down.

`contain(call)` runs `call` and turns *any* exception it raises into a `Failure`, not only
`Exception`: a plugin calling `sys.exit(0)` (SystemExit), a generator closed oddly
(GeneratorExit), a MemoryError. Today's one exception is the user's own Ctrl-C: while a run has
`ctrl_c_recorded()` installed, a KeyboardInterrupt that came from SIGINT stops the run (exit 130),
and one that a plugin raised itself is that plugin's failure. Without the recorder (library use)
every KeyboardInterrupt is taken for the user's.

With `seconds`, the call has a time budget, kept by a watchdog in the process that runs it: a
real-time interval timer (`signal.setitimer`) whose handler raises `RuleTimeout` inside the call,
a BaseException a rule's `except Exception` cannot swallow, and raises it again every
`REPEAT_SECONDS` while the call goes on (a rule that swallows `BaseException` once is hit again).
A call still running `hard_seconds(seconds)` after it started is abandoned: in a worker the
process exits and the parent (perflint.pool) reports the rule; in the main process the run ends
with a message naming the rule and exit 2, never hangs.

What no signal handler can interrupt is C code that holds the interpreter (a catastrophic `re`
pattern, arithmetic on a huge integer): the handler runs only when that code returns. In a worker
the parent's hard deadline kills the worker (its deadline is in shared memory: `share_slot`); in
the main process the run waits for the C call to return, then the rule is reported as over its
budget. Only the main thread can take signals: in another thread, calls run without a budget.

A report's rules are many short calls one after the other: `Series` runs them under one timer
armed once for the whole series (each call still has its own budget, checked by the handler
when the timer fires), so a call costs two clock reads, not three system calls.
"""

from __future__ import annotations

import _signal
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from perflint.lang import Message

T = TypeVar("T")

#: While a call stays over its budget, the watchdog raises again this often.
REPEAT_SECONDS = 0.25

#: Exit status of a worker that abandoned a call (perflint.pool tells it from a crash).
ABANDONED_EXIT = 86


class RuleTimeout(BaseException):  # a signal to stop, not an error: no "Error" in its name
    """Raised inside a call that ran over its time budget; a BaseException so that a rule's
    `except Exception` cannot swallow it."""


@dataclass(frozen=True)
class Failure:
    """How contained code failed: the exception it raised (`error`), or, with `seconds` set, the
    time budget it ran over."""

    error: BaseException | None = None
    seconds: float | None = None

    @property
    def timed_out(self) -> bool:
        return self.seconds is not None

    def reason(self) -> Message:
        """What went wrong, in words a reviewer reads (never an exception name alone)."""
        if self.seconds is not None:
            return Message(f"运行超过 limits.rule-seconds = {self.seconds:g} 秒，已停止",
                           f"ran over limits.rule-seconds = {self.seconds:g} s and was stopped")
        return describe(self.error)


def describe(error: BaseException | None) -> Message:
    """An exception as a short reason: `sys.exit(0)` for a SystemExit, else `Type: detail` (the
    form PL001 messages have always had)."""
    if isinstance(error, SystemExit):
        return Message(f"调用了 sys.exit({error.code!r})", f"called sys.exit({error.code!r})")
    if isinstance(error, MemoryError):
        return Message("内存不足（MemoryError）", "ran out of memory (MemoryError)")
    if isinstance(error, KeyboardInterrupt):
        return Message("自行引发了 KeyboardInterrupt", "raised KeyboardInterrupt itself")
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return Message(text, text)


def formatter_failure(output: object, name: str, formatter: object) -> Message | None:
    """Why a format's output (`contain`ed) cannot be written, naming the format and the module
    it comes from (perhaps a plugin's), or None: it failed, or returned neither text nor bytes."""
    if not isinstance(output, Failure) and isinstance(output, str | bytes):
        return None
    module = getattr(formatter, "__module__", None) or repr(formatter)
    if isinstance(output, Failure):
        reason = output.reason()
        zh, en = f"出错：{reason}", f"failed: {reason.text('en')}"
    else:
        kind = type(output).__name__
        zh, en = f"返回了 {kind}，不是文本或字节", f"returned a {kind}, not text or bytes"
    return Message(f"输出格式 {name}（{module}）{zh}", f"format {name} ({module}) {en}")


# --- the user's Ctrl-C -------------------------------------------------------------------------

_ctrl_c = {"installed": False, "pressed": False}


def _on_sigint(_signum: int, _frame: Any) -> None:
    _ctrl_c["pressed"] = True
    raise KeyboardInterrupt


@contextmanager
def ctrl_c_recorded() -> Iterator[None]:
    """Tell the user's Ctrl-C (SIGINT) from a KeyboardInterrupt a plugin raises, for the block.
    Only the main thread can install a handler; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread() or _ctrl_c["installed"]:
        yield
        return
    previous = signal.signal(signal.SIGINT, _on_sigint)
    _ctrl_c.update(installed=True, pressed=False)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _ctrl_c["installed"] = False


def ignore_ctrl_c() -> None:
    """In a worker: the parent handles the user's Ctrl-C; a worker keeps going until told."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _ctrl_c.update(installed=True, pressed=False)


def _is_users(error: BaseException) -> bool:
    return isinstance(error, KeyboardInterrupt) and (_ctrl_c["pressed"] or not _ctrl_c["installed"])


# --- the watchdog ------------------------------------------------------------------------------

@dataclass
class _Armed:
    """The call being timed: when it is over its budget (`deadline`) and abandoned
    (`hard_deadline`), both `time.monotonic()`; infinite between the calls of a `Series`."""

    hard_deadline: float
    seconds: float
    abandon: Callable[[], str] | None
    deadline: float = 0.0


#: for the C-level calls of the hot path (`_signal`: the `signal` module's wrappers convert enums)
_SIGALRM, _ITIMER_REAL = getattr(signal, "SIGALRM", None), getattr(signal, "ITIMER_REAL", None)

#: "armed": the call being timed; "slot": a worker's shared arrays (`share_slot`); "installed":
#: `watchdog()` has put `_on_alarm` in place for the whole run.
_state: dict[str, Any] = {"armed": None, "slot": None, "installed": False}


@contextmanager
def watchdog() -> Iterator[None]:
    """Keep the watchdog's SIGALRM handler installed for the block (a run): a timed `contain`
    then only starts and stops the timer. Installing a handler (`signal.signal`) costs more than
    the rest of `contain` together, and a run makes one timed call per rule and report.
    Only the main thread can install a handler; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread() or _state["installed"]:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _state["installed"] = True
    try:
        yield
    finally:
        _state["installed"] = False
        signal.signal(signal.SIGALRM, previous)


def hard_seconds(seconds: float) -> float:
    """When a call over its budget is abandoned: twice the budget, and at least 2 s after it."""
    return seconds + max(2.0, seconds)


def share_slot(deadlines: Any, tags: Any, index: int) -> None:
    """In a worker: publish each contained call's hard deadline (`time.monotonic()`, which is
    system-wide) and tag in the shared arrays at `index`, for the parent's watchdog."""
    _state["slot"] = (deadlines, tags, index)


def _publish(deadline: float, tag: int) -> None:
    slot = _state["slot"]
    if slot is not None:
        deadlines, tags, index = slot
        tags[index] = tag
        deadlines[index] = deadline


def _on_alarm(_signum: int, _frame: Any) -> None:
    armed: _Armed | None = _state["armed"]
    if armed is None:
        return
    now = time.monotonic()
    if now >= armed.hard_deadline:
        _abandon(armed)
    if now < armed.deadline:  # a `Series` timer set before this call started: wait for its own deadline
        if armed.deadline != math.inf:
            _signal.setitimer(_ITIMER_REAL, armed.deadline - now, REPEAT_SECONDS)
        return
    raise RuleTimeout


def _abandon(armed: _Armed) -> None:
    """The call swallowed every RuleTimeout: a worker exits (the parent reports the rule); the
    main process says which rule it was and ends the run with exit 2."""
    if _state["slot"] is not None:
        os._exit(ABANDONED_EXIT)
    text = armed.abandon() if armed.abandon else "a plugin's code did not stop when asked"
    try:
        sys.stderr.write(f"perflint: {text}\n")
        sys.stderr.flush()
    finally:
        os._exit(2)


def contain(call: Callable[[], T], *, seconds: float | None = None, tag: int = -1,
            abandon: Callable[[], str] | None = None) -> T | Failure:
    """`call()`, or the `Failure` it ended in. `seconds`: its time budget (None: none); `tag`:
    what the parent's watchdog is told is running (perflint.pool); `abandon`: the line printed
    if the main process must give up on the call."""
    timed = seconds is not None and _state["armed"] is None and \
        threading.current_thread() is threading.main_thread()
    if not timed:
        _publish(0.0, tag)
        try:
            return call()
        except BaseException as error:  # the point: nothing escapes but the user's Ctrl-C
            if _is_users(error):
                raise
            return Failure(error)
        finally:
            _publish(0.0, -1)
    start = time.monotonic()
    armed = _Armed(start + hard_seconds(seconds), seconds, abandon, start + seconds)
    previous = None if _state["installed"] else signal.getsignal(signal.SIGALRM)
    try:
        return _timed(call, seconds, armed, tag)
    except RuleTimeout:  # the last tick landed in the cleanup itself
        return Failure(seconds=seconds)
    finally:
        _disarm(previous)


def _timed(call: Callable[[], T], seconds: float, armed: _Armed, tag: int) -> T | Failure:
    _publish(armed.hard_deadline, tag)
    if _signal.getsignal(_SIGALRM) is not _on_alarm:  # the C call: `signal.getsignal` costs 10×
        signal.signal(signal.SIGALRM, _on_alarm)
    _state["armed"] = armed
    try:
        _signal.setitimer(_ITIMER_REAL, seconds, REPEAT_SECONDS)
        return call()
    except RuleTimeout:
        return Failure(seconds=seconds)
    except BaseException as error:
        if _is_users(error):
            raise
        return Failure(error)
    finally:
        _disarm(None)


def _disarm(previous: Any) -> None:
    """Stop the watchdog: first the flag (from then on a late tick does nothing), then the timer;
    outside `watchdog()`, the SIGALRM handler the call found is put back; inside, `_on_alarm` stays
    (and is put back if the call replaced it)."""
    _state["armed"] = None
    _signal.setitimer(_ITIMER_REAL, 0)
    if _state["installed"]:
        if _signal.getsignal(_SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
    elif previous is not None:
        signal.signal(signal.SIGALRM, previous)
    _publish(0.0, -1)


class Series:
    """Contained calls one after another, each with the budget `seconds` (None: none), under one
    watchdog timer: a report's rules. The timer is armed once on entry and stopped on exit; each
    call only notes its deadlines, and the handler, when the timer fires before the running
    call's deadline, sets it again for that deadline. `abandon(tag)` is the line printed if the
    main process must give up on the call of that tag. Used as a context manager; outside the main
    thread, inside another timed call, or without `seconds`, calls run as `contain` runs them
    untimed."""

    def __init__(self, seconds: float | None, abandon: Callable[[int], str] | None = None) -> None:
        self.seconds, self.abandon, self.tag = seconds, abandon, -1
        self._hard = hard_seconds(seconds) if seconds is not None else math.inf
        self._armed: _Armed | None = None
        self._previous: Any = None

    def __enter__(self) -> Series:
        if self.seconds is None or _state["armed"] is not None or \
                threading.current_thread() is not threading.main_thread():
            return self
        self._previous = None if _state["installed"] else signal.getsignal(signal.SIGALRM)
        if _signal.getsignal(_SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
        self._armed = _state["armed"] = _Armed(math.inf, self.seconds, self._abandon_text, math.inf)
        _signal.setitimer(_ITIMER_REAL, self.seconds, REPEAT_SECONDS)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._armed is not None:
            self._armed = None
            _disarm(self._previous)

    def _abandon_text(self) -> str:
        return self.abandon(self.tag) if self.abandon else "a plugin's code did not stop when asked"

    def call(self, tag: int, function: Callable[..., T], *args: Any) -> T | Failure:
        """`function(*args)`, or the `Failure` it ended in; `tag` as for `contain`. Called once
        per rule and report: the publishing (only in a worker) and the check that the call left
        the watchdog as it found it are written out here; `_settle` runs only when it did not."""
        armed = self._armed
        if armed is None:
            return contain(lambda: function(*args), tag=tag)
        slot = _state["slot"]
        try:
            self.tag = tag
            start = time.monotonic()
            armed.deadline, armed.hard_deadline = start + armed.seconds, start + self._hard
            if slot is not None:
                _publish(armed.hard_deadline, tag)
            try:
                return function(*args)
            except RuleTimeout:
                return Failure(seconds=armed.seconds)
            except BaseException as error:  # the point: nothing escapes but the user's Ctrl-C
                if _is_users(error):
                    raise
                return Failure(error)
            finally:  # no deadline until the next call (a late tick does nothing); the watchdog
                # as it was if the call replaced the handler or stopped the timer
                armed.deadline = armed.hard_deadline = math.inf
                if _signal.getsignal(_SIGALRM) is not _on_alarm or \
                        _signal.getitimer(_ITIMER_REAL)[1] != REPEAT_SECONDS:
                    self._settle(armed)
                if slot is not None:
                    _publish(0.0, -1)
        except RuleTimeout:  # the last tick landed in the cleanup itself
            self._settle(armed)
            _publish(0.0, -1)
            return Failure(seconds=armed.seconds)

    def _settle(self, armed: _Armed) -> None:
        """After a call: no deadline until the next, and the watchdog as it was if the call
        replaced the handler or stopped the timer."""
        armed.deadline = armed.hard_deadline = math.inf
        if _signal.getsignal(_SIGALRM) is not _on_alarm:
            signal.signal(signal.SIGALRM, _on_alarm)
        if _signal.getitimer(_ITIMER_REAL)[1] != REPEAT_SECONDS:
            _signal.setitimer(_ITIMER_REAL, armed.seconds, REPEAT_SECONDS)
