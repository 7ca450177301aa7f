"""Measure the cross-report duplicate finder (PL607) on a corpus from bench/make_corpus.py.

    python bench/make_corpus.py /tmp/corpus -n 10000
    python bench/dup_eval.py /tmp/corpus [--format yaml|txt] [--jobs 2] [--findings] [--json out.json]

Loads every report through perflint's own loaders (in `--jobs` processes), runs the same analysis
the PL607/PL608 rules run, and compares the paragraphs it reports as shared with the manifest's
ground truth:

* a *positive* is a planted copy of a pool paragraph that at least two units' reports received
  (after perturbation: synonyms, a clause more or less, punctuation, numbering);
* *recall* = positives reported / positives; *precision* = reported paragraphs that are
  positives / reported paragraphs (everything else reported, written-for-the-unit paragraphs,
  near misses, the prescribed opening, is a false positive);
* *count exact* = share of true positives whose "shared with N other reports" equals the true
  number of other units that received the same pool paragraph.

Also prints the time and the process's peak memory (ru_maxrss) after loading and after the
analysis. With `--findings` it also runs the PL607 rule itself (findings and messages included).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from perflint.rules.base import CheckContext  # noqa: E402
from perflint.rules.text.common import CorpusOptions  # noqa: E402
from perflint.rules.text.shared_paragraph import (  # noqa: E402
    SharedParagraph,
    collect_paragraphs,
    corpus_analysis,
)
from perflint.textmatch.normalize import normalize_many  # noqa: E402


def rss_mb() -> float:
    """Current resident memory of this process."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load_chunk(paths: list[str]) -> list:
    from perflint.host import create_host

    host = create_host()
    out = []
    for name in paths:
        path = Path(name)
        out.append((path, host.loader_for(path).load(path)))
    return out


def load_reports(paths: list[Path], jobs: int, cache: Path | None = None) -> list:
    """(path, Report) for each file, loaded by perflint's loaders, in `jobs` processes.

    With `cache`, reports pickled there by an earlier run are read back instead (loading 10,000
    YAML files takes minutes; the analysis is what this script measures)."""
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    return _load(paths, jobs)


def _load(paths: list[Path], jobs: int) -> list:
    if jobs <= 1:
        return _load_chunk([str(p) for p in paths])
    size = max(1, min(200, len(paths) // (jobs * 4) or 1))
    chunks = [[str(p) for p in paths[i:i + size]] for i in range(0, len(paths), size)]
    reports = []
    with ProcessPoolExecutor(jobs) as pool:
        for part in pool.map(_load_chunk, chunks):
            reports.extend(part)
    return reports


def evaluate(reports: list, manifest: dict, options: CorpusOptions) -> dict:
    """Run the analysis on loaded reports and score it against the manifest."""
    started = time.perf_counter()
    collected = [(path, collect_paragraphs(report, options)) for path, report in reports]
    outcomes = corpus_analysis(collected, options)
    seconds = time.perf_counter() - started
    pool_units = {item["id"]: item["units"] for item in manifest["pool"]}
    # planted paragraphs are recognized by their normalized text (as the analysis compares them);
    # a planted paragraph shorter than `min_chars` (after normalization) is out of the finder's
    # scope by configuration: not a positive, and counted apart
    truth: dict[str, dict[str, dict]] = {}
    short = 0
    for entry in manifest["reports"]:
        planted = entry["planted"]
        norms = normalize_many([p["text"] for p in planted], self_name=entry["unit"],
                               mask_figures=options.mask_figures)
        for p, norm in zip(planted, norms, strict=True):
            if p.get("shared") and len(norm) < options.min_chars:
                p["shared"] = False
                short += 1
            truth.setdefault(entry["id"], {})[norm] = p
    positives = sum(1 for entry in manifest["reports"] for p in entry["planted"] if p.get("shared"))
    tp = fp = 0
    found: set[tuple[str, int]] = set()
    fp_kinds: Counter = Counter()
    count_exact = count_close = 0
    for (path, kept), mine in zip(collected, outcomes, strict=True):
        planted = truth.get(Path(path).stem, {})
        for paragraph, (count, _, kind) in zip(kept.paragraphs, mine, strict=True):
            if kind == "prescribed" or count + 1 < options.min_units:
                continue
            entry = planted.get(paragraph.norm)
            if entry is not None and entry.get("shared"):
                tp += 1
                found.add((Path(path).stem, id(entry)))
                true_count = pool_units[entry["pool"]] - 1
                count_exact += count == true_count
                count_close += abs(count - true_count) <= 0.1 * true_count
            else:
                fp += 1
                fp_kinds[entry["kind"] if entry else "written-for-the-unit"] += 1
    missed: Counter = Counter()
    for entry in manifest["reports"]:
        for p in entry["planted"]:
            if p.get("shared") and (entry["id"], id(p)) not in found:
                missed["+".join(sorted({e.split(":")[0] for e in p["edits"]})) or "verbatim"] += 1
    paragraphs = sum(len(kept.paragraphs) for _, kept in collected)
    distinct = len({paragraph.key for _, kept in collected for paragraph in kept.paragraphs})
    return {
        "reports": len(reports), "paragraphs_compared": paragraphs, "planted_shorter_than_min_chars": short,
        "distinct_texts": distinct,
        "positives": positives, "reported": tp + fp, "true_positives": tp, "false_positives": fp,
        "recall": tp / positives if positives else 1.0, "precision": tp / (tp + fp) if tp + fp else 1.0,
        "count_exact": count_exact / tp if tp else 1.0, "count_within_10pct": count_close / tp if tp else 1.0,
        "missed_by_edit": dict(missed),
        "false_positives_by_kind": dict(fp_kinds), "analysis_seconds": round(seconds, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--format", choices=("yaml", "txt"), default="yaml")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="loader processes")
    parser.add_argument("--limit", type=int, default=None, help="only the first N reports")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="a PL607 option, e.g. threshold=0.8 (repeatable)")
    parser.add_argument("--findings", action="store_true", help="also time the PL607 rule's findings")
    parser.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the loaded reports (reused)")
    args = parser.parse_args(argv)

    manifest = json.loads((args.corpus / "manifest.json").read_text(encoding="utf-8"))
    paths = sorted((args.corpus / args.format).glob(f"*.{args.format}"))[: args.limit]
    if args.limit:
        keep = {p.stem for p in paths}
        manifest["reports"] = [r for r in manifest["reports"] if r["id"] in keep]
        units: dict[str, set] = {}
        for r in manifest["reports"]:
            for p in r["planted"]:
                if p["kind"] == "shared":
                    units.setdefault(p["pool"], set()).add(r["unit"])
        for item in manifest["pool"]:
            item["units"] = len(units.get(item["id"], ()))
        for r in manifest["reports"]:
            for p in r["planted"]:
                p["shared"] = p["kind"] == "shared" and len(units.get(p["pool"], ())) >= 2
    options = CorpusOptions.model_validate(dict(o.split("=", 1) for o in args.option))

    started = time.perf_counter()
    reports = load_reports(paths, args.jobs, args.cache)
    load_seconds = time.perf_counter() - started
    rss_loaded, peak_loaded = rss_mb(), peak_mb()
    result = evaluate(reports, manifest, options)
    result.update(format=args.format, load_seconds=round(load_seconds, 1),
                  loaded_from="cache" if args.cache is not None and args.cache.exists() else "files",
                  rss_after_load_mb=round(rss_loaded), peak_after_load_mb=round(peak_loaded),
                  peak_mb=round(peak_mb()),
                  analysis_extra_mb=round(max(0.0, peak_mb() - rss_loaded)),
                  options={k: str(v) for k, v in options.model_dump().items()
                           if k not in ("extra_templates", "extra_prescribed")})
    if args.findings:
        rule = SharedParagraph()
        ctx = CheckContext(rule=rule, options=options)
        started = time.perf_counter()
        result["findings"] = sum(1 for _ in rule.check_reports(reports, ctx))
        result["findings_seconds"] = round(time.perf_counter() - started, 2)
        result["peak_mb"] = round(peak_mb())
    r = result
    print(f"{r['reports']} reports ({args.format}), {r['paragraphs_compared']} paragraphs compared, "
          f"{r['distinct_texts']} distinct")
    print(f"recall    {r['recall']:.4f}  ({r['true_positives']} of {r['positives']} planted shared "
          "paragraphs found)")
    print(f"precision {r['precision']:.4f}  ({r['false_positives']} false of {r['reported']} reported)")
    print(f"counts    {r['count_exact']:.4f} of true positives name the exact number of other units, "
          f"{r['count_within_10pct']:.4f} within 10%")
    print(f"missed by edit: {r['missed_by_edit']}  false positives: {r['false_positives_by_kind']}")
    print(f"time      load {r['load_seconds']} s ({args.jobs} processes), analysis {r['analysis_seconds']} s"
          + (f", PL607 findings {r['findings_seconds']} s" if args.findings else ""))
    print(f"memory    {r['rss_after_load_mb']} MB after loading, peak {r['peak_mb']} MB "
          f"(analysis adds ≤ {r['analysis_extra_mb']} MB)")
    if args.cache is not None and not args.cache.exists():  # after measuring: pickling costs memory
        with args.cache.open("wb") as handle:
            pickle.dump(reports, handle, protocol=pickle.HIGHEST_PROTOCOL)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
