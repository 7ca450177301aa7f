"""A progress bar on stderr for big folders, and nothing at all otherwise.

It appears only when stderr is a terminal and the run covers enough files to be worth watching,
so pipes, CI logs and pre-commit output stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

#: Below this many files a bar is noise.
MIN_FILES = 50


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """Yields (on_discovered(total), advance(n)) callbacks for `runner.run`."""
    if not enabled or not sys.stderr.isatty():
        yield (lambda _total: None), (lambda _n: None)
        return
    progress = Progress(TextColumn("perflint"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=Console(file=sys.stderr), transient=True)
    task = None

    def on_discovered(total: int) -> None:
        nonlocal task
        if total >= MIN_FILES:
            progress.start()
            task = progress.add_task("lint", total=total)

    def advance(count: int) -> None:
        if task is not None:
            progress.advance(task, count)

    try:
        yield on_discovered, advance
    finally:
        progress.stop()
