"""The parallel pool's chunks shrink as its queue empties (perflint.pool: guided scheduling), so
that when the parent runs out of files a worker holds a file or two, not two full chunks; and
every file is linted once, whatever the sizes."""

from __future__ import annotations

from perflint.pool import PREFETCH, Pool, Task, _Worker


class _Pipe:
    """A worker's pipe that only records the chunks sent."""

    def __init__(self) -> None:
        self.sent: list[list[Task]] = []

    def send(self, chunk: list[Task]) -> None:
        self.sent.append(chunk)


def _pool(workers: int, files: int, chunk: int) -> Pool:
    pool = Pool(workers, lambda task: task.index, lambda task, stop: None, lambda result, error: result,
                lambda tag: None)
    pool.queue.extend(Task(index) for index in range(files))
    pool.chunk_size = chunk
    pool.workers = [_Worker(slot, None, _Pipe()) for slot in range(workers)]
    return pool


def test_a_worker_holds_a_file_or_two_when_the_parent_runs_out():
    """Workers and parent lint at the same pace: each step every worker finishes its oldest file
    and the parent lints one from the back, until the queue is empty."""
    for workers, files in ((1, 1000), (1, 97), (3, 1000)):
        pool = _pool(workers, files, 16)
        linted = []
        while pool.queue:
            pool._feed()
            for worker in pool.workers:
                if worker.tasks:
                    linted.append(worker.tasks.pop(next(iter(worker.tasks))).index)
            if pool.queue:
                linted.append(pool.queue.pop().index)
        held = [len(worker.tasks) for worker in pool.workers]
        assert max(held) <= PREFETCH, held
        linted += [index for worker in pool.workers for index in worker.tasks]
        assert sorted(linted) == list(range(files))
        sizes = [len(chunk) for worker in pool.workers for chunk in worker.conn.sent]
        assert max(sizes) == min(16, max(1, files // (8 * (workers + 1)))) and sizes[-1] == 1


def test_a_chunk_is_never_larger_than_the_longest_given():
    pool = _pool(1, 10_000, 5)
    assert pool._guided_size() == 5
    pool.queue.clear()
    assert pool._guided_size() == 1
