"""The per-file stage of a run on a Dask cluster: the run's files linted on the workers.

A Dask worker is not forked from the `perflint` process, so it cannot inherit the run's state
the way perflint.pool's workers do (perflint.runner `_WORKER_STATE`). The parent sends a
`Recipe` instead: the command-line options that shape the run's settings, the current
directory, the cache folder, and a token naming the run. A worker turns it into the run's
Resolver with the recipe's `build` (perflint.cli_run.configured_resolver, the function the
parent's own resolver came from, sent by reference) once per run and worker process,
then lints chunks of paths with it (perflint.runner.lint_planned) and returns each file's
`FileResult`, with what the corpus rules collected (plain data, picklable), without the report.

The parent puts the results back in input order, so the output is byte-identical to a run on
this machine; the corpus rules are called in the parent (perflint.runner `_check_corpus`), and
send their analysis to the cluster (perflint.distributed.corpus). The
cache works as on this machine when the workers see the same folder (this machine, a shared
file system): its keys hold the paths as given, and the workers read them from the parent's
current directory.

On a Dask worker the rules run in the worker's threads, not in a process's main thread, so
`limits.rule-seconds` is not enforced: the SIGALRM watchdog can only interrupt the main thread
(perflint.isolation: calls in other threads run without a budget). A rule that raises is still
contained (PL001 on that file) and a loader that fails is still the file's PL000. A worker that
dies while it holds a chunk, again after distributed's retries (`KilledWorker`), costs that
chunk: each of its files gets the PL000 a dead `--jobs` worker gives (perflint.runner.died).

The current directory belongs to the whole worker process, so a worker lints one chunk at a
time (`_LOCK`), in the run's folder, and goes back to its own folder after it: start workers
with one thread each and as many processes as cores (`dask worker ADDRESS --nthreads 1
--nworkers N`).
"""

from __future__ import annotations

import argparse
import os
import pickle
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint.distributed.cluster import ClusterError
from perflint.lang import Message

if TYPE_CHECKING:
    from distributed import Client, Future

    from perflint.activation import ActiveRule
    from perflint.config import Config
    from perflint.resolver import Resolver
    from perflint.results import FileResult

#: The options perflint.cli_run.make_resolver reads: with the current directory, all a worker
#: needs to rebuild the run's settings.
RESOLVER_OPTIONS = ("config", "plugin", "ruleset", "trust_config", "select", "extend_select", "ignore",
                    "fail_on", "lang", "kind", "profile", "exclude", "extend_exclude", "force_exclude",
                    "respect_gitignore")

#: Runs a worker keeps the settings of (two runs from two users may share a cluster).
KEEP_RUNS = 2


@dataclass(frozen=True)
class Recipe:
    """The run's settings as a worker rebuilds them: picklable and small, sent with each chunk.
    `build` turns the options into the run's resolver, its plugins configured: a module-level
    function, pickled by name. `run` is new for every run, so a config edited between two runs
    is read again."""

    build: Callable[[argparse.Namespace], Resolver]
    options: tuple[tuple[str, Any], ...]
    cwd: str
    cache_dir: str | None = None
    run: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def of(cls, build: Callable[[argparse.Namespace], Resolver], args: argparse.Namespace,
           cache_dir: Path | None) -> Recipe:
        """The recipe of a command's run: its options (`check`'s or `review`'s), this directory."""
        options = tuple((name, getattr(args, name)) for name in RESOLVER_OPTIONS if hasattr(args, name))
        return cls(build, options, os.getcwd(), str(cache_dir) if cache_dir is not None else None)

    def namespace(self) -> argparse.Namespace:
        return argparse.Namespace(**dict(self.options))


# --- on a worker ---------------------------------------------------------------------------------

@dataclass
class _Run:
    """A run's settings on one worker: its resolver, and a plan per config (perflint.runner)."""

    resolver: Resolver
    corpus_rules: list[ActiveRule]
    root: Config
    cache_dir: Path | None
    plans: dict[int, tuple] = field(default_factory=dict)

    def lint(self, path: Path) -> FileResult:
        from perflint.config import ConfigError
        from perflint.lang import localized
        from perflint.runner import lint_planned, plan_of

        host = self.resolver.host
        settings = self.resolver.settings_for(path)
        if settings is None:  # the parent could use this config: it changed during the run
            problem = self.resolver.problems[-1] if self.resolver.problems else Message("", "")
            raise ConfigError(f"{path}：检查期间其配置文件无法使用：{localized(problem, 'zh')}",
                              english=f"{path}: its config became unusable during the run: "
                                      f"{localized(problem, 'en')}")
        if id(settings) not in self.plans:
            self.plans[id(settings)] = plan_of(settings, host, self.cache_dir, bool(self.corpus_rules))
        return lint_planned(path, host, self.plans[id(settings)], self.corpus_rules, self.root)

    def pickled(self, results: list[FileResult]) -> bytes:
        """The chunk's results, pickled once, here: a result that cannot be pickled (a corpus
        rule's collected data) is made sendable (perflint.runner.sendable) on its own file,
        instead of failing the whole chunk in Dask's hands."""
        from perflint.runner import sendable

        try:
            return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            results = [sendable(result, self.corpus_rules, self.root.lang) for result in results]
            return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)


#: One chunk at a time per worker process: the current directory is the process's (see above).
_LOCK = threading.Lock()
_RUNS: dict[str, _Run] = {}


def lint_chunk(recipe: Recipe, paths: list[Path]) -> bytes:
    """The Dask task: lint `paths` with the run's settings, in the run's folder; the results
    pickled (`_Run.pickled`), which Dask sends as they are."""
    with _LOCK, _in_folder(recipe.cwd):
        run = _run_of(recipe)
        results = [run.lint(path) for path in paths]
    return run.pickled(results)


def _run_of(recipe: Recipe) -> _Run:
    """The run's settings on this worker, built on its first chunk."""
    if recipe.run not in _RUNS:
        from perflint.rules.base import CorpusRule

        resolver = recipe.build(recipe.namespace())
        root, _problems = resolver.root_settings()  # the parent reports the run's problems
        corpus_rules = [r for r in root.rules if issubclass(r.rule, CorpusRule)]
        while len(_RUNS) >= KEEP_RUNS:
            del _RUNS[next(iter(_RUNS))]
        _RUNS[recipe.run] = _Run(resolver, corpus_rules, root.config,
                                 Path(recipe.cache_dir) if recipe.cache_dir is not None else None)
    return _RUNS[recipe.run]


@contextmanager
def _in_folder(folder: str) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


# --- in the parent -------------------------------------------------------------------------------

#: What a dead worker's files are told (perflint.runner.died puts it in their PL000).
_KILLED = Message("Dask 工作进程多次意外终止（KilledWorker）", "a Dask worker died repeatedly (KilledWorker)")


@dataclass
class ClusterLint:
    """perflint.runner's `RemoteLint` on a Dask cluster: `run(..., remote=ClusterLint(...))`."""

    client: Client
    recipe: Recipe

    def __call__(self, paths: list[Path], progress: Callable[[int], None] | None,
                 done: dict[int, FileResult], lang: str) -> None:
        """Lint `paths` in chunks on the workers, each result in `done` at its file's index and
        counted in `progress` as its chunk arrives; chunks not done when the run stops (the
        user's Ctrl-C, a failure) are cancelled."""
        from distributed import as_completed

        workers = sum(self.client.nthreads().values()) or 1
        size = max(1, min(16, len(paths) // (workers * 16)))  # as perflint.runner's `--jobs`
        chunks: dict[Future, range] = {}
        for start in range(0, len(paths), size):
            indexes = range(start, min(start + size, len(paths)))
            future = self.client.submit(lint_chunk, self.recipe, [paths[i] for i in indexes],
                                        key=f"perflint-lint-{self.recipe.run}-{start}")
            chunks[future] = indexes
        try:
            for future in as_completed(list(chunks), loop=self.client.loop):
                indexes = chunks.pop(future)
                results = self._results(future, [paths[i] for i in indexes], lang)
                future.release()  # nothing of a chunk stays on the cluster once it is here
                for index, result in zip(indexes, results, strict=True):
                    done[index] = result
                    if progress:
                        progress(1)
        except BaseException:
            self.client.cancel(list(chunks))
            raise

    def _results(self, future: Future, paths: list[Path], lang: str) -> list[FileResult]:
        """A chunk's results; for a chunk whose worker died, each file's PL000. Any other failure
        of the task (perflint not installed on the workers, the scheduler lost) ends the run."""
        from distributed import KilledWorker

        from perflint.pool import Stop
        from perflint.runner import died

        try:
            return pickle.loads(future.result())  # pickled by perflint on the run's own workers
        except KilledWorker:
            return [died(path, Stop(None, False, _KILLED), lang) for path in paths]
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise ClusterError(f"Dask 工作进程未能检查文件：{reason}（工作进程需要安装同样的 perflint "
                               "和插件，并能读到这些文件）",
                               f"the Dask workers could not lint the files: {reason} (they need the "
                               "same perflint and plugins installed, and access to the files)") from None
