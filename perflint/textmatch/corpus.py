"""Paragraphs across reports: the bundled reference corpus and the corpus-wide duplicate analysis.

Used by PL607 (shared paragraphs), PL608 (boilerplate share) and PL609 (template paragraphs), and
by bench/dup_eval.py, which measures the same code the rules run.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from perflint.model import Report, Span
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.phrases import PhraseMatcher, load_data, read_yaml
from perflint.textmatch.pieces import Piece, text_view
from perflint.textmatch.reference_index import ReferenceIndex, RefMatch


def unit_name(report: Report) -> str | None:
    return report.unit.name.text.strip() if report.unit and report.unit.name else None


# --- the reference corpus -----------------------------------------------------------------------

ANCHOR_CHARS = 8


def _runs(clause: str) -> list[str]:
    """A clause cut into consecutive runs of ANCHOR_CHARS characters (the last run ends the
    clause); clauses of 6 or 7 characters are one run, shorter ones none."""
    if len(clause) < 6:
        return []
    if len(clause) <= ANCHOR_CHARS:
        return [clause]
    runs = [clause[i:i + ANCHOR_CHARS] for i in range(0, len(clause) - ANCHOR_CHARS + 1, ANCHOR_CHARS)]
    runs.append(clause[-ANCHOR_CHARS:])
    return runs

_CLAUSE_SPLIT = re.compile(r"[，,。；;：:、！？!?（）()“”《》\s]+")
_DIGIT = re.compile(r"\d")
_SHINGLE_CHUNK = 20000  # distinct texts shingled per vectorized pass

@dataclass(frozen=True)
class ReferenceEntry:
    id: str
    kind: str  #: "template" or "prescribed"
    text: str
    source: str = ""
    section: str = ""


@dataclass(frozen=True)
class Reference:
    """Known paragraphs with their shingle index, and anchors to find candidates fast.

    The anchors are pieces of the entries' clauses (text between punctuation marks, cut into
    runs of `ANCHOR_CHARS` characters, without figures). A near copy of an entry keeps most of
    those runs word for word, so only paragraphs containing an anchor need to be normalized and
    compared: one Aho-Corasick pass over a report's text finds them.
    """

    entries: tuple[ReferenceEntry, ...]
    index: ReferenceIndex
    anchors: PhraseMatcher

    def candidates(self, block_text: str, pieces: Sequence[Piece]) -> list[Piece]:
        """The pieces (paragraphs of `block_text`, in order) that contain an anchor."""
        if not self.anchors.contains_any(block_text):
            return []
        return [p for p in pieces if self.anchors.contains_any(p.text)]

    def match(self, norms: Sequence[str], containment: float,
              coverage: float) -> list[tuple[ReferenceEntry, RefMatch] | None]:
        """For each normalized paragraph, the reference entry it (nearly) contains or is (nearly)
        part of."""
        out: list[tuple[ReferenceEntry, RefMatch] | None] = []
        for found in self.index.best_many(norms):
            if found is not None and (found.containment >= containment or found.coverage >= coverage):
                out.append((self.entries[found.index], found))
            else:
                out.append(None)
        return out


#: the keys an entry of a corpus file may have; `id` and `text` are required
ENTRY_KEYS = frozenset({"id", "kind", "section", "source", "basis", "text"})
KINDS = ("template", "prescribed")


def parse_corpus(data: Any, where: str) -> tuple[ReferenceEntry, ...]:
    """The entries of a corpus file's parsed YAML (templates.yaml's format: a mapping with one key,
    `paragraphs`, a list of entries). Anything else is a ValueError naming `where` and the entry."""
    if data is None:
        return ()
    if not isinstance(data, dict) or set(data) - {"paragraphs"}:
        raise ValueError(f"{where}: a corpus file is a mapping with one key, paragraphs")
    paragraphs = data.get("paragraphs") or []
    if not isinstance(paragraphs, list):
        raise ValueError(f"{where}: paragraphs must be a list of entries")
    entries: list[ReferenceEntry] = []
    seen: set[str] = set()
    for number, entry in enumerate(paragraphs):
        here = f"{where}: paragraphs[{number}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{here}: an entry is a mapping (id, kind, section, source, basis, text)")
        unknown = sorted(str(k) for k in set(entry) - ENTRY_KEYS)
        if unknown:
            allowed = ", ".join(sorted(ENTRY_KEYS))
            raise ValueError(f"{here}: unknown key {', '.join(unknown)} (allowed: {allowed})")
        ident, text, kind = entry.get("id"), entry.get("text"), entry.get("kind", "template")
        if not isinstance(ident, str | int) or not str(ident).strip():
            raise ValueError(f"{here}: id is required")
        here = f"{where}: entry {ident}"
        if str(ident) in seen:
            raise ValueError(f"{here}: id used twice")
        seen.add(str(ident))
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{here}: text is required")
        if kind not in KINDS:
            raise ValueError(f"{here}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        for key in ("section", "source", "basis"):
            if not isinstance(entry.get(key, ""), str | int | float):
                raise ValueError(f"{here}: {key} must be text")
        entries.append(ReferenceEntry(id=str(ident), kind=kind, text=text.strip(),
                                      source=str(entry.get("source", "")),
                                      section=str(entry.get("section", ""))))
    return tuple(entries)


def bundled_entries() -> tuple[ReferenceEntry, ...]:
    """perflint's own corpus (perflint/data/boilerplate/templates.yaml): only paragraphs from
    sourced national material; a region's paragraphs ship with its plugin (`extra_corpus`)."""
    return parse_corpus(load_data("templates.yaml"), "perflint/data/boilerplate/templates.yaml")


def read_corpus(path: str | Path) -> tuple[ReferenceEntry, ...]:
    """The entries of a corpus file, checked; a missing or malformed file is a ValueError."""
    return parse_corpus(read_yaml(path), str(path))


@lru_cache(maxsize=32)
def corpus_file(path: str, digest: str = "") -> tuple[ReferenceEntry, ...]:
    """`read_corpus`, once per file content (`digest` is its SHA-256, as the options recorded it)."""
    return read_corpus(path)


@lru_cache(maxsize=16)
def reference(shingle: int = 3, bundled: bool = True, extra_templates: tuple[str, ...] = (),
              extra_prescribed: tuple[str, ...] = (), mask_figures: bool = False,
              extra_corpus: tuple[tuple[str, str], ...] = ()) -> Reference:
    """The reference corpus (bundled entries, then the entries of each `extra_corpus` file, given
    as (path, SHA-256), then a ruleset's inline additions), indexed once per process. It may be
    empty: the rules then have nothing to match and stay silent."""
    entries = list(bundled_entries()) if bundled else []
    for path, digest in extra_corpus:
        entries += corpus_file(path, digest)
    entries += [ReferenceEntry(f"extra-{i + 1}", "template", t, "ruleset")
                for i, t in enumerate(extra_templates)]
    entries += [ReferenceEntry(f"extra-prescribed-{i + 1}", "prescribed", t, "ruleset")
                for i, t in enumerate(extra_prescribed)]
    norms = normalize_many([e.text for e in entries], mask_figures=mask_figures)
    anchors = {run for e in entries for clause in _CLAUSE_SPLIT.split(e.text) for run in _runs(clause)
               if not _DIGIT.search(run)}
    return Reference(tuple(entries), ReferenceIndex(norms, shingle), PhraseMatcher(sorted(anchors)))


# --- corpus-wide analysis -----------------------------------------------------------------------

@dataclass
class Analysis:
    """Where each report's paragraphs recur in the corpus.

    `occurrences[r]` lists report r's paragraphs as (piece, text id); `cluster[t]` is the
    near-duplicate cluster of text t; `cluster_reports[c]` lists the distinct reports (corpus
    order) with a paragraph in cluster c and `cluster_unit_count[c]` how many distinct units they
    belong to (clusters seen in one report only are left out); `reference[t]` is text t's
    reference match.
    """

    occurrences: list[list[tuple[Piece, int]]]
    norm_lengths: list[int]
    cluster: list[int]
    cluster_reports: dict[int, list[int]]
    cluster_unit_count: dict[int, int]
    unit_keys: list[str]
    reference: list[tuple[ReferenceEntry, RefMatch] | None] = field(default_factory=list)

    def others(self, report: int, text: int, *, same_unit: bool = False,
               listed: int = 8) -> tuple[int, list[int]]:
        """How many other units' reports share text `text` of `report`, and the first few of them
        (report indices, corpus order, one per unit). With `same_unit`, every other report counts,
        including the same unit's (e.g. other years)."""
        group = self.cluster[text]
        reports = self.cluster_reports.get(group)
        if reports is None:
            return 0, []
        own = self.unit_keys[report]
        if same_unit:
            return len(reports) - 1, [r for r in reports[: listed + 1] if r != report][:listed]
        found: list[int] = []
        seen = {own}
        for other in reports:
            unit = self.unit_keys[other]
            if unit not in seen:
                seen.add(unit)
                found.append(other)
                if len(found) == listed:
                    break
        return self.cluster_unit_count[group] - 1, found

    def shared(self, report: int, text: int, *, min_units: int = 2, same_unit: bool = False) -> bool:
        count, _ = self.others(report, text, same_unit=same_unit)
        return count + 1 >= min_units


@dataclass(frozen=True, slots=True)
class CorpusParagraph:
    """One paragraph as the corpus analysis compares it."""

    piece: Piece  #: its text and place (a finding's span is computed only if one is reported)
    norm: str  #: the normalized text that is compared
    anchored: bool  #: it contains an anchor of the reference corpus (a candidate template)


@dataclass(frozen=True, slots=True)
class ReportParagraphs:
    """What the corpus rules keep of one report: its unit, where a report-level finding points,
    and its paragraphs long enough to compare.

    A run over 10,000 reports keeps one of these per report instead of the report (≈ 0.5 MB
    each as a model), and workers send only this back to the parent.
    """

    unit_name: str | None
    title_span: Span | None
    paragraphs: tuple[CorpusParagraph, ...]


def report_paragraphs(report: Report, min_chars: int, ref: Reference | None = None,
                      mask_figures: bool = False) -> ReportParagraphs:
    """The paragraphs of one report that `analyze` compares, normalized (same options, same
    result: PL607 and PL608 share one per report, see `shared_paragraphs`)."""
    name = unit_name(report)
    view = text_view(report)
    pieces = [p for block in view.blocks for p in view.paragraphs(block)]
    use_ref = ref is not None and len(ref.entries) > 0
    anchored = ({(p.block.index, p.start) for block in view.blocks
                 for p in ref.candidates(block.text.text, view.paragraphs(block))} if use_ref else set())
    norms = normalize_many([p.text for p in pieces], self_name=name, mask_figures=mask_figures)
    kept = tuple(CorpusParagraph(piece, norm, (piece.block.index, piece.start) in anchored)
                 for piece, norm in zip(pieces, norms, strict=True) if len(norm) >= min_chars)
    title = report.title.span if report.title is not None else None
    return ReportParagraphs(name, title, kept)


_LAST_PARAGRAPHS: list = []  # [(report, key, paragraphs)]: the last report's, for the next rule


def shared_paragraphs(report: Report, key: tuple,
                      compute: Callable[[], ReportParagraphs]) -> ReportParagraphs:
    """`compute()` for this report and key, or the object the previous corpus rule got for the
    same report and key: the same object, so PL607 and PL608 hold (and workers send) it once and
    `cached_analysis` sees that both rules were given the same paragraphs."""
    if _LAST_PARAGRAPHS and _LAST_PARAGRAPHS[0][0] is report and _LAST_PARAGRAPHS[0][1] == key:
        return _LAST_PARAGRAPHS[0][2]
    found = compute()
    _LAST_PARAGRAPHS[:] = [(report, key, found)]
    return found


def analyze(reports: Sequence[tuple[Path, ReportParagraphs]], settings: LshSettings,
            ref: Reference | None = None, ref_containment: float = 0.75,
            ref_coverage: float = 0.9) -> Analysis:
    """Cluster the paragraphs of all reports by near-duplicate text.

    Exact copies (after normalization) share one text id, so a template pasted into thousands of
    reports is hashed once; near copies are joined by `cluster`. Reports are units: a unit key is
    the unit's name when the report states one, else the file path.

    The cyclic garbage collector is paused meanwhile: the analysis allocates hundreds of
    thousands of small objects (none in cycles) next to every report's paragraphs, and every
    automatic collection would walk all of them again (measured: a third of the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyze(reports, settings, ref, ref_containment, ref_coverage)
    finally:
        if enabled:
            gc.enable()


def _analyze(reports: Sequence[tuple[Path, ReportParagraphs]], settings: LshSettings,
             ref: Reference | None, ref_containment: float, ref_coverage: float) -> Analysis:
    text_ids: dict[str, int] = {}
    norms: list[str] = []
    occurrences: list[list[tuple[Piece, int]]] = []
    unit_keys: list[str] = []
    use_ref = ref is not None and len(ref.entries) > 0
    ref_candidates: set[int] = set()  # texts containing an anchor of the reference corpus
    for path, report in reports:
        unit_keys.append(report.unit_name or str(path))
        mine = []
        for paragraph in report.paragraphs:
            tid = text_ids.get(paragraph.norm)
            if tid is None:
                tid = text_ids[paragraph.norm] = len(norms)
                norms.append(paragraph.norm)
            if paragraph.anchored:
                ref_candidates.add(tid)
            mine.append((paragraph.piece, tid))
        occurrences.append(mine)
    del text_ids
    clusters = _clusters(norms, settings) if len(reports) > 1 else list(range(len(norms)))
    first_report: dict[int, int] = {}
    cluster_reports: dict[int, list[int]] = {}
    for index, mine in enumerate(occurrences):
        for _, tid in mine:
            group = clusters[tid]
            first = first_report.setdefault(group, index)
            if first == index and group not in cluster_reports:
                continue
            members = cluster_reports.setdefault(group, [first])
            if members[-1] != index:
                members.append(index)
    del first_report
    cluster_unit_count = {group: len({unit_keys[r] for r in members})
                          for group, members in cluster_reports.items()}
    matches: list[tuple[ReferenceEntry, RefMatch] | None] = [None] * len(norms)
    if use_ref and ref_candidates:
        chosen = sorted(ref_candidates)
        for tid, match in zip(chosen, ref.match([norms[t] for t in chosen], ref_containment, ref_coverage),
                              strict=True):
            matches[tid] = match
    return Analysis(occurrences, [len(n) for n in norms], clusters, cluster_reports, cluster_unit_count,
                    unit_keys, matches)


def _clusters(norms: list[str], settings: LshSettings) -> list[int]:
    """Each distinct text's near-duplicate cluster (MinHash LSH, perflint.textmatch.similarity).

    Imported here, not at the top: it needs numpy (≈ 0.2 s to import), and a one-report run,
    where nothing can be shared with another report, never gets this far."""
    from perflint.textmatch.similarity import cluster, shingle_sets

    sets = []
    for start in range(0, len(norms), _SHINGLE_CHUNK):
        sets.extend(shingle_sets(norms[start:start + _SHINGLE_CHUNK], settings.shingle))
    return cluster(sets, settings)


_LAST: list = []  # [(reports, key, analysis)]: the analysis of the run in progress


def cached_analysis(reports: Sequence[tuple[Path, ReportParagraphs]], key: tuple,
                    compute: Callable[[], Analysis]) -> Analysis:
    """The analysis of `reports` for `key`, computed once per run.

    PL607 and PL608 look at the same clusters; both rules are given the same paragraph objects
    (`shared_paragraphs`), so the second rule reuses the first one's analysis instead of redoing
    it. One entry is kept (it holds the paragraphs, so their identities cannot be reused meanwhile).
    """
    if _LAST and _LAST[0][1] == key and _same(_LAST[0][0], reports):
        return _LAST[0][2]
    _LAST.clear()
    analysis = compute()
    _LAST.append((list(reports), key, analysis))
    return analysis


Collected = Sequence[tuple[Path, ReportParagraphs]]


def _same(kept: Collected, given: Collected) -> bool:
    return len(kept) == len(given) and all(
        a[0] == b[0] and a[1] is b[1] for a, b in zip(kept, given, strict=True))


def clear_cache() -> None:
    _LAST.clear()
    _LAST_PARAGRAPHS.clear()
