"""The worker processes of a parallel run (`--jobs N`), built so that one file or one rule can
stop a worker but never the run.

concurrent.futures' pool breaks as a whole when one worker dies (every pending file fails with
BrokenProcessPool, and which file killed it is unknown) and cannot stop a worker stuck in one
rule. This pool is small and explicit instead:

- each worker is a forked process with its own pipe (a dying worker cannot corrupt a queue the
  others share) and a slot in shared memory where it publishes the file it holds and the hard
  deadline and tag of the rule it runs (perflint.isolation.share_slot);
- a worker that dies (a signal, the out-of-memory killer, `os._exit` in a plugin) is replaced;
  the file it held is handed to `stopped` (the runner makes it a PL000, or relints it without a
  rule that overran), the files it had not finished go back to the queue;
- a worker whose rule is past its hard deadline (C code no signal can interrupt, a rule that
  swallows every stop) is killed by the parent and handled the same way;
- the parent lints too, taking files one at a time from the back of the queue while workers
  take chunks from the front, and services the workers between its own files;
- chunks shrink as the queue empties (guided scheduling): a worker holds at most two chunks, so
  when the queue runs out the parent waits for a file or two, not for two full chunks (at 1,000
  `.txt` reports and `--jobs 2` that wait was ≈ 0.2 s, 4 % of the run's wall time).

Results come back keyed by the file's index, so the output never depends on which process
linted what.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import connection, get_context
from typing import Any

from perflint import isolation
from perflint.lang import Message

#: Chunks a worker is given ahead, so that it never waits for the parent between chunks.
PREFETCH = 2

#: A chunk holds at most the queue's length over this many times the number of processes: the
#: chunks left are then enough for every process to take several, however the work is shared.
GUIDED = 8

#: Seconds the parent waits for workers when it has nothing of its own to lint.
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Task:
    """One file to lint (`index` in the run's file list), without the rule codes in
    `excluded` (rules that overran in a worker that had to be killed)."""

    index: int
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Stop:
    """Why a worker stopped while it held a file: `code` of the rule it was running (None: none,
    or not a rule), whether that rule was past its hard deadline, and how the process ended."""

    code: str | None
    overran: bool
    how: Message


@dataclass
class _Worker:
    slot: int
    process: Any
    conn: Any
    tasks: dict[int, Task] = field(default_factory=dict)


class Pool:
    """`workers` forked processes linting `Task`s with `lint`, the parent linting alongside.

    `stopped(task, stop)` decides what a file held by a stopped worker becomes: a result, or a
    task to lint again. `sendable(result, error)` makes a result that could not be pickled into
    one that can. `results` holds what is done, by index (also after an interruption)."""

    def __init__(self, workers: int, lint: Callable[[Task], Any],
                 stopped: Callable[[Task, Stop], Any], sendable: Callable[[Any, Exception], Any],
                 tag_code: Callable[[int], str | None]) -> None:
        self.lint, self.stopped, self.sendable, self.tag_code = lint, stopped, sendable, tag_code
        self.context = get_context("fork")
        self.deadlines = self.context.RawArray("d", workers)
        self.tags = self.context.RawArray("i", [-1] * workers)
        self.held = self.context.RawArray("l", [-1] * workers)
        self.count = workers
        self.workers: list[_Worker] = []
        self.queue: deque[Task] = deque()
        self.results: dict[int, Any] = {}
        self.chunk_size = 1
        self.fruitless_deaths = 0

    def run(self, chunks: list[list[Task]], progress: Callable[[int], None] | None = None) -> dict[int, Any]:
        """Lint every task of `chunks` (in that order; the longest chunk is the largest a worker
        is sent); the results by index."""
        self.queue.extend(task for chunk in chunks for task in chunk)
        self.chunk_size = max(len(chunk) for chunk in chunks) if chunks else 1
        try:
            for slot in range(self.count):
                self.workers.append(self._start(slot))
            while self.queue or any(w.tasks for w in self.workers):
                self._feed()
                if self.queue:  # what is left after the workers are fed
                    task = self.queue.pop()
                    self.results[task.index] = self.lint(task)
                    if progress:
                        progress(1)
                    self._service(0, progress)
                else:
                    self._service(POLL_SECONDS, progress)
            self._finish()
        except BaseException:
            self._kill_all()
            raise
        return self.results

    # --- workers -------------------------------------------------------------------------------

    def _start(self, slot: int) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        others = [parent_end, *(w.conn for w in self.workers if w.slot != slot)]
        self.deadlines[slot], self.tags[slot], self.held[slot] = 0.0, -1, -1
        process = self.context.Process(target=self._worker_main, args=(child_end, slot, others),
                                       daemon=True)
        process.start()
        child_end.close()
        return _Worker(slot, process, parent_end)

    def _worker_main(self, conn: Any, slot: int, others: list[Any]) -> None:
        """A worker's life: lint the tasks it is sent, send each result back (pickled here, sent
        by a thread so that a slow parent never stalls the linting), until told to stop or the
        parent is gone."""
        for other in others:  # the parent's ends of every pipe: EOF when the parent is gone
            other.close()
        isolation.ignore_ctrl_c()
        isolation.share_slot(self.deadlines, self.tags, slot)
        outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        sender = threading.Thread(target=_send_all, args=(conn, outbox), daemon=True)
        sender.start()
        parent = os.getppid()
        while True:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    os._exit(0)
                continue
            try:
                tasks = conn.recv()
            except (EOFError, OSError):
                break
            if tasks is None:
                break
            for task in tasks:
                self.held[slot] = task.index
                try:
                    result = self.lint(task)
                except BaseException:  # perflint's own bug: the parent says which file
                    os._exit(70)
                outbox.put(self._pickled(task, result))
                self.held[slot] = -1
        outbox.put(None)
        sender.join()

    def _pickled(self, task: Task, result: Any) -> bytes:
        try:
            return pickle.dumps((task.index, result), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # a plugin's collected data that cannot cross processes
            return pickle.dumps((task.index, self.sendable(result, error)), protocol=pickle.HIGHEST_PROTOCOL)

    def _guided_size(self) -> int:
        """The size of the next chunk: `chunk_size` while the queue is long, down to one file."""
        return max(1, min(self.chunk_size, len(self.queue) // (GUIDED * (self.count + 1))))

    def _feed(self) -> None:
        for worker in self.workers:
            while self.queue and len(worker.tasks) < PREFETCH * (size := self._guided_size()):
                chunk = [self.queue.popleft() for _ in range(min(size, len(self.queue)))]
                try:
                    worker.conn.send(chunk)
                except OSError:  # it died: its death is handled when the parent services it
                    self.queue.extendleft(reversed(chunk))
                    break
                worker.tasks.update((task.index, task) for task in chunk)

    def _service(self, timeout: float, progress: Callable[[int], None] | None) -> None:
        """Take the results that arrived, replace workers that died, kill those past a hard
        deadline."""
        if not self.workers:
            return
        waits = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        ready = set(connection.wait(waits, timeout))
        for worker in list(self.workers):
            if worker.conn in ready:
                self._receive(worker, progress)
            if worker.process.sentinel in ready or not worker.process.is_alive():
                self._receive(worker, progress)
                self._replace(worker)
        self._watch_deadlines()

    def _receive(self, worker: _Worker, progress: Callable[[int], None] | None) -> None:
        with contextlib.suppress(EOFError, OSError):
            while worker.conn.poll():
                index, result = pickle.loads(worker.conn.recv_bytes())
                worker.tasks.pop(index, None)
                self.results[index] = result
                self.fruitless_deaths = 0
                if progress:
                    progress(1)

    def _watch_deadlines(self) -> None:
        now = time.monotonic()
        for worker in self.workers:
            deadline = self.deadlines[worker.slot]
            if deadline and now > deadline + 1.0 and worker.process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.process.pid, signal.SIGKILL)

    def _replace(self, worker: _Worker) -> None:
        """A worker died: its held file goes to `stopped`, its other files back to the queue, and
        a new worker takes its slot (unless workers keep dying without linting anything: then
        the parent lints the rest alone)."""
        worker.process.join(1)
        slot = worker.slot
        held, tag, deadline = self.held[slot], self.tags[slot], self.deadlines[slot]
        exitcode = worker.process.exitcode
        overran = exitcode == isolation.ABANDONED_EXIT or (deadline and time.monotonic() >= deadline)
        code = self.tag_code(tag) if tag >= 0 else None
        requeue = []
        for task in worker.tasks.values():
            if task.index == held:
                outcome = self.stopped(task, Stop(code, bool(overran) and code is not None, _how(exitcode)))
                if isinstance(outcome, Task):
                    requeue.append(outcome)
                else:
                    self.results[task.index] = outcome
            else:
                requeue.append(task)
        self.queue.extendleft(reversed(requeue))
        with contextlib.suppress(OSError):
            worker.conn.close()
        self.workers.remove(worker)
        self.fruitless_deaths += held < 0
        if self.fruitless_deaths <= 2 * self.count:
            self.workers.append(self._start(slot))
            self.workers.sort(key=lambda w: w.slot)

    def _finish(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(5)
        self._kill_all()

    def _kill_all(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.process.pid, signal.SIGKILL)
                worker.process.join(1)
            with contextlib.suppress(OSError):
                worker.conn.close()
        self.workers = []


def _send_all(conn: Any, outbox: queue.SimpleQueue) -> None:
    while (data := outbox.get()) is not None:
        try:
            conn.send_bytes(data)
        except OSError:  # the parent is gone
            os._exit(0)


def _how(exitcode: int | None) -> Message:
    """How a worker ended, in words: a signal by name, an exit status, or the watchdog."""
    if exitcode == isolation.ABANDONED_EXIT:
        return Message("规则超时后仍不停止，进程被结束",
                       "a rule did not stop after its time budget; process ended")
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = "，可能是内存不足" if name == "SIGKILL" else ""
        hint_en = ", perhaps out of memory" if name == "SIGKILL" else ""
        return Message(f"进程被信号 {name} 终止{hint}", f"process killed by {name}{hint_en}")
    return Message(f"进程意外退出（退出码 {exitcode}）", f"process exited unexpectedly (status {exitcode})")
