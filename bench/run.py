"""perflint's benchmark: reports per second, peak memory and start-up, next to a raw baseline.

    python bench/run.py                      # N = 100 and 1,000, every format, --jobs 1 and 2
    python bench/run.py --sizes 10000        # the 10,000-report run (about 10 minutes)
    python bench/run.py --profile yaml       # where the time goes, per phase and per rule

For each format (`txt`: narrative layouts; `txt-table`: seed 004's flattened forms; `docx`;
`yaml`: normalized) and each N, the corpus (bench/corpus_formats.py, seeded, cached under the
temp directory) is linted by `perflint check DIR --format json --jobs J --no-progress` in a child
process. Measured: wall time (reports/s), the peak RSS of the largest process (wait4's
ru_maxrss, what `/usr/bin/time -v` reports) and of the whole process tree (sampled from /proc
every 20 ms), and the same run's baseline: reading every file and running one compiled regex
over its text (for .docx: reading the zip member word/document.xml), in one process. The ratio
perflint / baseline is the figure that holds on a loaded or slower machine. The JSON output of
--jobs 1 and --jobs 2 is compared byte for byte.

Start-up is `perflint check FILE` on one small YAML file (the pre-commit hook's command: default
text output, not a terminal), the median of several runs, after a warm-up run so that Python's
bytecode cache exists (as it does in any installed copy: PYTHONDONTWRITEBYTECODE is removed from
the child's environment).

The table is printed and, with --write (the default), the figures and the exact command replace
the block between the markers in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
FORMATS = ("txt", "txt-table", "docx", "yaml")
SEED = 7

#: The targets of issue 9 (2-core machine).
TXT_PER_CORE = 500
TXT_BASELINE_RATIO = 10
YAML_PER_CORE = 300
JOBS_SPEEDUP = 1.7
MEMORY_10K_MB = 2048
STARTUP_S = 0.5

#: The baseline's one regex: a figure with an optional unit, as a naive extractor would look for.
BASELINE_REGEX = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元|%|人|件|次|分)?")


#: `--perflint CMD` replaces this (e.g. to measure another checkout of perflint).
COMMAND: list[str] = []


def perflint_command() -> list[str]:
    if COMMAND:
        return list(COMMAND)
    exe = Path(sys.executable).with_name("perflint")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "perflint"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed perflint has its bytecode cached
    env.pop("GITHUB_ACTIONS", None)
    return env


# --- the corpus ----------------------------------------------------------------------------------

def _generator_key() -> str:
    """Corpora are reused while the generator's sources and perflint's version are unchanged (the
    YAML is written by perflint's extractor: delete the corpus folder after changing what it
    extracts)."""
    from perflint import __version__

    digest = hashlib.sha256(__version__.encode())
    for path in (BENCH / "corpus_formats.py", BENCH / "make_corpus.py",
                 ROOT / "fixtures" / "make_office_fixtures.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def corpus(n: int, root: Path, jobs: int, formats: list[str] | tuple[str, ...] = FORMATS) -> Path:
    """The N-report corpus folder with (at least) `formats` written; generated once and reused.
    Formats are generated on demand (the .docx are the slowest to write)."""
    folder = root / f"n{n}-seed{SEED}-{_generator_key()}"
    missing = [f for f in formats if not (folder / f".{f}.done").exists()]
    if not missing:
        return folder
    sys.path.insert(0, str(BENCH))
    from corpus_formats import write_corpus

    started = time.perf_counter()
    print(f"generating {n} reports in {', '.join(missing)} under {folder} …", file=sys.stderr, flush=True)
    for name in missing:
        shutil.rmtree(folder / name, ignore_errors=True)
    write_corpus(folder, n, SEED, tuple(missing), jobs=jobs)
    for name in missing:
        (folder / f".{name}.done").touch()
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return folder


# --- measuring a child process -------------------------------------------------------------------

def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (0 when gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float  #: user + system time of the child and its workers
    max_rss_mb: float  #: the largest single process (ru_maxrss of the child and its waited children)
    tree_rss_mb: float  #: the largest sampled sum over the process tree (parent + workers)
    exit_code: int
    output: bytes


def measure(command: list[str], cwd: Path | None = None) -> Measured:
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=child_env(), cwd=cwd)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss_kb(process.pid))
                stop.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(command)} failed with exit code {process.returncode}:\n"
                         f"{stderr.decode(errors='replace')[-2000:]}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak / 1024,
                    process.returncode, output)


def baseline(folder: Path) -> float:
    """CPU seconds to read every file and run one compiled regex over its text (CPU time, like
    the perflint side of the ratio, so that other load on the machine cancels out)."""
    paths = sorted(p for p in folder.iterdir() if p.is_file())
    started = time.process_time()
    matches = 0
    for path in paths:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                text = package.read("word/document.xml").decode("utf-8")
        else:
            text = path.read_bytes().decode("utf-8")
        matches += sum(1 for _ in BASELINE_REGEX.finditer(text))
    elapsed = time.process_time() - started
    assert matches
    return elapsed


def startup(repeat: int, perflint: list[str] | None = None) -> tuple[float, float]:
    """Median wall time of `perflint check FILE` (what the pre-commit hook runs) on one small file,
    and of a bare `python -c pass`."""
    small = ROOT / "fixtures" / "seed_001.yaml"
    command = [*(perflint or perflint_command()), "check", str(small)]
    measure(command)  # warm-up: writes the bytecode cache
    checks = [measure(command).seconds for _ in range(repeat)]
    python = [measure([sys.executable, "-c", "pass"]).seconds for _ in range(repeat)]
    return statistics.median(checks), statistics.median(python)


# --- the run -------------------------------------------------------------------------------------

@dataclass
class Row:
    format: str
    n: int
    jobs: int
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    tree_rss_mb: float
    baseline_seconds: float
    identical: bool | None

    @property
    def per_second(self) -> float:
        """Reports per second of wall time, start-up included."""
        return self.n / self.seconds

    @property
    def per_cpu_second(self) -> float:
        """Reports per second of CPU time (all processes): the per-core rate, robust to load."""
        return self.n / self.cpu_seconds

    @property
    def ratio(self) -> float:
        """perflint's CPU time over the baseline's, for the same files."""
        return self.cpu_seconds / self.baseline_seconds


def run(sizes: list[int], formats: list[str], jobs_list: list[int], repeat: int, corpus_root: Path,
        gen_jobs: int, perflint: list[str] | None = None) -> list[Row]:
    rows = []
    for n in sizes:
        folder = corpus(n, corpus_root, gen_jobs, formats)
        for fmt in formats:
            target = folder / fmt
            base = min(baseline(target) for _ in range(max(repeat, 5)))
            outputs: dict[int, bytes] = {}
            for jobs in jobs_list:
                command = [*(perflint or perflint_command()), "check", str(target), "--format", "json",
                           "--jobs", str(jobs), "--no-progress"]
                runs = [measure(command) for _ in range(repeat)]
                best = min(runs, key=lambda m: m.seconds)
                outputs[jobs] = best.output
                identical = None if len(outputs) == 1 else len(set(outputs.values())) == 1
                row = Row(fmt, n, jobs, best.seconds, best.cpu_seconds, max(m.max_rss_mb for m in runs),
                          max(m.tree_rss_mb for m in runs), base, identical)
                rows.append(row)
                print(f"  {fmt:<9} N={n:<6} jobs={jobs}  {row.per_second:8.1f} reports/s  "
                      f"{row.per_cpu_second:8.1f} per CPU-s  "
                      f"{row.ratio:6.1f}× baseline  max RSS {row.max_rss_mb:6.0f} MB  "
                      f"tree {row.tree_rss_mb:6.0f} MB", file=sys.stderr, flush=True)
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| format | N | jobs | wall s | reports/s (wall) | reports per CPU-second | baseline per "
             "CPU-second | perflint / baseline (CPU) | peak RSS, largest process | peak RSS, all "
             "processes | speed-up vs jobs 1 (wall) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    single = {(r.format, r.n): r for r in rows if r.jobs == 1}
    for r in rows:
        one = single.get((r.format, r.n))
        speedup = f"{one.seconds / r.seconds:.2f}×" if one and r.jobs > 1 else ""
        lines.append(f"| {r.format} | {r.n:,} | {r.jobs} | {r.seconds:.1f} | {r.per_second:,.0f} | "
                     f"{r.per_cpu_second:,.0f} | {r.n / r.baseline_seconds:,.0f} | {r.ratio:,.0f}× | "
                     f"{r.max_rss_mb:,.0f} MB | {r.tree_rss_mb:,.0f} MB | {speedup} |")
    return "\n".join(lines)


def targets(rows: list[Row], start: float | None) -> list[str]:
    def verdict(ok: bool) -> str:
        return "holds" if ok else "**missed**"

    out = []
    for fmt in ("txt", "txt-table", "docx"):
        for r in (r for r in rows if r.format == fmt and r.jobs == 1 and r.n == max(x.n for x in rows)):
            out.append(f"- extract+check {fmt}, N={r.n:,}: {r.per_cpu_second:,.0f} reports per CPU-second "
                       f"(target ≥ {TXT_PER_CORE} per core: {verdict(r.per_cpu_second >= TXT_PER_CORE)}, "
                       f"{r.per_cpu_second / TXT_PER_CORE:.2f} of it); {r.ratio:,.0f}× the read+regex "
                       "baseline "
                       f"(target ≤ {TXT_BASELINE_RATIO}×: {verdict(r.ratio <= TXT_BASELINE_RATIO)})")
    for r in (r for r in rows if r.format == "yaml" and r.jobs == 1 and r.n == max(x.n for x in rows)):
        out.append(f"- normalized YAML, N={r.n:,}: {r.per_cpu_second:,.0f} reports per CPU-second "
                   f"(target ≥ {YAML_PER_CORE} per core: {verdict(r.per_cpu_second >= YAML_PER_CORE)}, "
                   f"{r.per_cpu_second / YAML_PER_CORE:.2f} of it)")
    single = {(r.format, r.n): r for r in rows if r.jobs == 1}
    for r in rows:
        one = single.get((r.format, r.n))
        if r.jobs == 2 and one and r.n >= 1000:
            speedup = one.seconds / r.seconds
            out.append(f"- --jobs 2 on {r.n:,} {r.format}: {speedup:.2f}× --jobs 1 "
                       f"(target ≥ {JOBS_SPEEDUP}×: {verdict(speedup >= JOBS_SPEEDUP)})")
    for r in rows:
        if r.n >= 10000:
            ok = verdict(r.tree_rss_mb < MEMORY_10K_MB)
            out.append(f"- peak memory, {r.n:,} {r.format}, jobs {r.jobs}: {r.tree_rss_mb:,.0f} MB "
                       f"all processes (target < {MEMORY_10K_MB} MB: {ok})")
    if start is not None:
        out.append(f"- start-up: {start:.2f} s (target < {STARTUP_S} s: {verdict(start < STARTUP_S)})")
    mismatched = [f"{r.format} N={r.n}" for r in rows if r.identical is False]
    out.append("- JSON output identical for every --jobs: " + ("yes" if not mismatched else
                                                               "**no** (" + ", ".join(mismatched) + ")"))
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"load average {load[0]:.1f} at the end of the run")


def write_results(block: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else f"# Benchmark\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    RESULTS.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


# --- profile -------------------------------------------------------------------------------------

def profile(fmt: str, n: int, corpus_root: Path, gen_jobs: int, limit: int = 20) -> str:
    """CPU milliseconds per report in each phase (load+extract, each rule, corpus rules: their
    per-report `collect` under the rule's code and the corpus step as "(corpus)", render), in this
    process, over the N-report corpus of one format."""
    from perflint import ruleset
    from perflint.config import Config
    from perflint.host import create_host
    from perflint.runner import activate_rules, discover, rare_gc

    folder = corpus(n, corpus_root, gen_jobs, [fmt]) / fmt
    config = Config()
    host = create_host([])
    ruleset.apply(ruleset.resolve(ruleset.DEFAULT_RULESET, host, None), config, host)
    rules, _ = activate_rules(host, config)
    paths = list(discover([folder], host))
    with rare_gc():  # as `perflint check` runs
        timing = _phases(paths, host, config, rules)
    total = sum(timing.values())
    lines = [f"{fmt}, N={len(paths)}: {total / len(paths) * 1000:.2f} ms per report in this process",
             "| phase | ms/report | share |", "|---|---:|---:|"]
    for name, seconds in sorted(timing.items(), key=lambda item: -item[1])[:limit]:
        lines.append(f"| {name} | {seconds / len(paths) * 1000:.2f} | {seconds / total:.0%} |")
    return "\n".join(lines)


def _phases(paths, host, config, rules) -> dict[str, float]:
    """As the runner does it: each report is linted, then each corpus rule collects what it
    needs of it and the report is let go; the corpus rules run at the end on what was collected."""
    from collections import defaultdict

    from perflint.output.json_format import render
    from perflint.rules.base import ReportRule
    from perflint.runner import FileResult, RunResult, _context

    timing: dict[str, float] = defaultdict(float)
    results = []
    corpus_rules = [active for active in rules if not issubclass(active.rule, ReportRule)]
    collected: dict[str, list] = {active.rule.code: [] for active in corpus_rules}
    for path in paths:
        started = time.process_time()
        report = host.loader_for(path).load(path)
        timing["load + extract"] += time.process_time() - started
        result = FileResult(path)
        for active in rules:
            ctx = _context(active, config, path)
            started = time.process_time()
            if issubclass(active.rule, ReportRule):
                result.findings.extend(ctx.rule.check(report, ctx))
            else:
                collected[active.rule.code].append((path, ctx.rule.collect(report, ctx)))
            timing[active.rule.code] += time.process_time() - started
        results.append(result)
    for active in corpus_rules:
        ctx = _context(active, config, None)
        started = time.process_time()
        list(ctx.rule.check_corpus(collected[active.rule.code], ctx))
        timing[f"{active.rule.code} (corpus)"] += time.process_time() - started
    started = time.process_time()
    render(RunResult(results), lang="zh", color=False, rules=host.rules)
    timing["render json"] += time.process_time() - started
    return timing


# --- main ----------------------------------------------------------------------------------------

def source_tree(revision: str, root: Path) -> list[str]:
    """The command running perflint as it was at `revision` (`git archive` into `root`, imported
    ahead of the installed copy; the installed plugins and `perflint.rulesets` stay today's)."""
    target = root / f"src-{revision}"
    if not (target / "perflint").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    code = f"import sys; sys.path.insert(0, {str(target)!r}); from perflint.cli import main; sys.exit(main())"
    return [sys.executable, "-c", code]


def cache_ratio(folder: Path, perflint: list[str] | None = None) -> tuple[float, float]:
    """CPU seconds of a cold `--cache` run (writing the cache) and of the warm run after it, on
    the same folder with a fresh cache folder."""
    with tempfile.TemporaryDirectory() as cache:
        command = [*(perflint or perflint_command()), "check", str(folder), "--format", "json",
                   "--no-progress", "--cache", "--cache-dir", str(Path(cache) / "c")]
        cold = measure(command)
        warm = measure(command)
    return cold.cpu_seconds, warm.cpu_seconds


def comparison(before: list[Row], now: list[Row], startups: dict[str, tuple[float, float]],
               caches: dict[str, tuple[float, float]], revision: str) -> list[str]:
    """Issue 18's table: each measure before (`revision`) and now, from the same run."""
    lines = [f"| measure | before ({revision}) | now | target |", "|---|---:|---:|---|"]
    old = {(r.format, r.n, r.jobs): r for r in before}
    for r in now:
        b = old.get((r.format, r.n, r.jobs))
        if b is None:
            continue
        lines.append(f"| {r.format}, N={r.n:,}, jobs {r.jobs}: reports per CPU-second | "
                     f"{b.per_cpu_second:,.0f} | {r.per_cpu_second:,.0f} "
                     f"(CPU ÷ {b.cpu_seconds / r.cpu_seconds:.2f}) | "
                     f"{TARGETS_18.get(r.format, '')} |")
        lines.append(f"| {r.format}, N={r.n:,}, jobs {r.jobs}: CPU ÷ read+regex baseline | "
                     f"{b.ratio:,.0f}× | {r.ratio:,.0f}× | ≤ 30× (txt) |")
        lines.append(f"| {r.format}, N={r.n:,}, jobs {r.jobs}: peak RSS, all processes | "
                     f"{b.tree_rss_mb:,.0f} MB | {r.tree_rss_mb:,.0f} MB | 10k: ≤ 500 MB |")
    for label, rows in (("before", before), ("now", now)):
        single = {(r.format, r.n): r for r in rows if r.jobs == 1}
        for r in rows:
            one = single.get((r.format, r.n))
            if r.jobs == 2 and one:
                lines.append(f"| {r.format}, N={r.n:,}: --jobs 2 ÷ --jobs 1 (wall), {label} | "
                             f"{'' if label == 'now' else f'{one.seconds / r.seconds:.2f}×'} | "
                             f"{'' if label == 'before' else f'{one.seconds / r.seconds:.2f}×'} | ≥ 1.85× |")
    (b_start, b_python), (n_start, n_python) = startups["before"], startups["now"]
    lines.append(f"| start-up `perflint check FILE` ÷ `python -c pass` | {b_start / b_python:.1f}× "
                 f"({b_start:.2f} s) | {n_start / n_python:.1f}× ({n_start:.2f} s) | ≤ 5× |")
    if caches:
        (b_cold, b_warm), (n_cold, n_warm) = caches["before"], caches["now"]
        lines.append(f"| warm cache run ÷ cold run (CPU) | {b_warm / b_cold:.2f} | "
                     f"{n_warm / n_cold:.2f} | ≤ 0.1 |")
    return lines


#: Issue 18's per-format targets (reports per CPU-second, 2-core machine).
TARGETS_18 = {"txt": "≥ 500", "txt-table": "≥ 500", "yaml": "≥ 500", "docx": "≥ 200"}


def _ints(text: str) -> list[int]:
    return [int(x.replace(",", "").replace("_", "")) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_ints, default=[100, 1000],
                        help="comma-separated numbers of reports (default 100,1000; 10000 on request)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"of: {', '.join(FORMATS)}")
    parser.add_argument("--jobs", type=_ints, default=[1, 2], help="--jobs values to measure (default 1,2)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "perflint-bench",
                        help="where generated corpora are kept and reused")
    parser.add_argument("--gen-jobs", type=int, default=os.cpu_count() or 1,
                        help="processes for generating a corpus")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--perflint", metavar="CMD", help="the command to run instead of the venv's "
                        "perflint (e.g. another checkout, to compare)")
    parser.add_argument("--profile", metavar="FORMAT", help="print where the time goes for one format "
                        "(in-process, N = the first of --sizes) and exit")
    parser.add_argument("--before", metavar="REV", help="also measure perflint as it was at this git "
                        "revision, in the same run, and print issue 18's before/now table")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown formats {unknown}")
    if args.perflint:
        COMMAND[:] = shlex.split(args.perflint)
    if args.profile:
        print(profile(args.profile, args.sizes[0], args.corpus_dir, args.gen_jobs))
        return 0
    command = shlex.join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    start, python_start = startup(args.startup_runs)
    print(f"start-up: perflint check on one file {start:.3f} s (python -c pass {python_start:.3f} s)",
          file=sys.stderr)
    rows = run(args.sizes, formats, args.jobs, args.repeat, args.corpus_dir, args.gen_jobs)
    compared: list[str] = []
    if args.before:
        old = source_tree(args.before, args.corpus_dir)
        print(f"before ({args.before}):", file=sys.stderr)
        startups = {"before": startup(args.startup_runs, old), "now": (start, python_start)}
        before_rows = run(args.sizes, formats, args.jobs, args.repeat, args.corpus_dir, args.gen_jobs, old)
        folder = corpus(args.sizes[0], args.corpus_dir, args.gen_jobs, formats) / formats[0]
        caches = {"before": cache_ratio(folder, old), "now": cache_ratio(folder)}
        compared = ["", f"Before and now, same run (issue 18; cache: {formats[0]}, N={args.sizes[0]:,}):",
                    "", *comparison(before_rows, rows, startups, caches, args.before)]
    block = "\n".join([
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        "perflint: `perflint check DIR --format json --jobs J --no-progress`"
        "; baseline: read each file (for .docx the member word/document.xml) and run one compiled regex "
        "over it, in one process",
        "",
        table(rows),
        "",
        f"Start-up (`perflint check FILE`, the pre-commit hook's command, on one small YAML file; "
        f"median of {args.startup_runs}): "
        f"{start:.2f} s; a bare `python -c pass`: {python_start:.2f} s.",
        "",
        "Targets:",
        "",
        *targets(rows, start),
        *compared,
    ])
    print(block)
    if not args.no_write:
        write_results(block)
        print(f"\nupdated {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
