"""Issue 19's benchmark: a corpus of reports through both corpus stages on a Dask cluster.

    python bench/corpus_dask.py CORPUS [CORPUS …] [--workers 2] [--memory-limit 2GiB] [--json OUT]

Each CORPUS is a folder written by `bench/make_corpus.py` (its `txt/` reports are read). For each
one a fresh `distributed.LocalCluster` (one thread per worker process, Dask's memory limit per
worker, so that Dask spills to disk rather than grow) runs:

1. **stage 1**, per report, on the workers: load, every rule of the default ruleset, and what
   PL607/PL608 collect (perflint.distributed.lint's worker-side run), kept on the workers as a
   dask DataFrame of paragraph occurrences; only each chunk's count of findings comes back;
2. **stage 2**, the corpus analysis (perflint.distributed.corpus.corpus_outcomes): texts counted,
   signed and bucketed, candidate pairs verified, clusters labelled, each occurrence's outcome;
   only the number of PL607 findings comes back.

Printed per corpus: reports, paragraphs, seconds per stage, reports per second, and the peak
resident memory of every process (this one, the scheduler, each worker, sampled every 0.2 s).
Nothing of the corpus is gathered in this process. `--json` writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import dask
import dask.dataframe as dd
import pandas as pd
import psutil
from distributed import LocalCluster

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from perflint.cli import _build_parser  # noqa: E402
from perflint.cli_run import configured_resolver  # noqa: E402
from perflint.distributed.corpus import OCCURRENCES, SHUFFLE, _empty, corpus_outcomes  # noqa: E402
from perflint.distributed.lint import Recipe, _in_folder, _run_of  # noqa: E402
from perflint.rules.text.common import CorpusOptions  # noqa: E402
from perflint.textmatch.corpus import AnalysisRequest  # noqa: E402

CHUNK = 250  # reports per stage-1 task


def stage_one(recipe: Recipe, first: int, paths: list[str]) -> tuple[pd.DataFrame, int]:
    """Lint a chunk of reports on a worker: its occurrences (as perflint.distributed.corpus reads
    them) and how many findings its reports got from the per-file rules."""
    rows, findings = [], 0
    with _in_folder(recipe.cwd):
        run = _run_of(recipe)
        for offset, path in enumerate(paths):
            result = run.lint(Path(path))
            findings += len(result.findings)
            kept = result.collected.get("PL607")
            if kept is None:
                continue
            unit = kept.unit_name or path
            rows += [(first + offset, number, p.key, p.norm, p.anchored, unit)
                     for number, p in enumerate(kept.paragraphs)]
    frame = pd.DataFrame(rows, columns=list(OCCURRENCES)).astype(OCCURRENCES) if rows else _empty(OCCURRENCES)
    return frame, findings


def reported(part: pd.DataFrame, min_units: int) -> pd.DataFrame:
    """PL607's findings among a partition of outcomes (prescribed text is never reported)."""
    shown = (part["count"] + 1 >= min_units) & (part["kind"].fillna("") != "prescribed")
    return pd.DataFrame({"findings": [int(shown.sum())]})


class PeakMemory:
    """Peak resident memory of this process and its descendants (the cluster's), by process."""

    def __init__(self) -> None:
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for process in [me, *me.children(recursive=True)]:
                try:
                    rss = process.memory_info().rss
                    forked = "--multiprocessing-fork" in process.cmdline()  # a worker or its nanny
                    name = f"worker process {process.pid}" if forked else " ".join(process.cmdline())[-60:]
                except psutil.Error:
                    continue
                _, peak = self.peaks.get(process.pid, ("", 0))
                self.peaks[process.pid] = (name, max(peak, rss))
            self._stop.wait(0.2)


def measure(corpus: Path, workers: int, memory_limit: str) -> dict:
    paths = sorted(str(p) for p in (corpus / "txt").glob("*.txt"))
    args = _build_parser().parse_args(["check", str(corpus / "txt")])
    recipe = Recipe.of(configured_resolver, args, None)
    options = CorpusOptions()
    request = AnalysisRequest(options.settings(), options.reference_args(), float(options.containment),
                              float(options.coverage), options.same_unit)
    cluster_options = {"n_workers": workers, "threads_per_worker": 1, "processes": True,
                       "memory_limit": memory_limit, "dashboard_address": None}
    with PeakMemory() as memory, LocalCluster(**cluster_options) as cluster, cluster.get_client() as client, \
            dask.config.set({"dataframe.shuffle.method": SHUFFLE}):
        started = time.perf_counter()
        parts = [dask.delayed(stage_one, nout=2)(recipe, start, paths[start:start + CHUNK])
                 for start in range(0, len(paths), CHUNK)]
        occurrences = client.persist(dd.from_delayed([p[0] for p in parts], meta=_empty(OCCURRENCES),
                                                     verify_meta=False))
        file_findings = sum(client.compute([p[1] for p in parts], sync=True))
        paragraphs = int(client.compute(occurrences.shape[0]).result())
        stage1 = time.perf_counter() - started
        started = time.perf_counter()
        outcomes = corpus_outcomes(client, occurrences, request)
        counted = outcomes.map_partitions(reported, options.min_units, meta=pd.DataFrame({"findings": [0]}))
        pl607 = int(client.compute(counted["findings"].sum()).result())
        stage2 = time.perf_counter() - started
    main_pid = os.getpid()
    peaks = sorted(((pid == main_pid, name, rss) for pid, (name, rss) in memory.peaks.items()),
                   key=lambda p: -p[2])
    return {"corpus": str(corpus), "reports": len(paths), "paragraphs": paragraphs,
            "file_findings": file_findings, "pl607_findings": pl607,
            "stage1_seconds": round(stage1, 1), "stage2_seconds": round(stage2, 1),
            "seconds": round(stage1 + stage2, 1),
            "reports_per_second": round(len(paths) / (stage1 + stage2), 1),
            "peak_mb": [{"process": "this (client)" if own else name, "mb": round(rss / 2**20)}
                        for own, name, rss in peaks if rss > 50 * 2**20]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GiB", help="Dask's memory limit per worker")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = []
    for corpus in args.corpora:
        result = measure(corpus, args.workers, args.memory_limit)
        results.append(result)
        peaks = ", ".join(f"{p['process']} {p['mb']} MB" for p in result["peak_mb"])
        print(f"{result['reports']} reports, {result['paragraphs']} paragraphs: "
              f"stage 1 {result['stage1_seconds']} s, stage 2 {result['stage2_seconds']} s, "
              f"{result['reports_per_second']} reports/s; PL607 {result['pl607_findings']}, "
              f"per-file findings {result['file_findings']}; peak {peaks}",
              flush=True)
    if len(results) >= 2:
        small, large = results[0], results[-1]
        print(f"t({large['reports']})/t({small['reports']}) = {large['seconds'] / small['seconds']:.2f}"
              f" (reports ×{large['reports'] / small['reports']:.0f})")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
