"""Paragraphs across reports: the bundled reference corpus and the corpus-wide duplicate analysis.

Used by PL607 (shared paragraphs), PL608 (boilerplate share) and PL609 (template paragraphs), and
by bench/dup_eval.py, which measures the same code the rules run.
"""

from __future__ import annotations

import gc
import hashlib
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from perflint.model import Report, Span
from perflint.model.span import restore
from perflint.textmatch import presign
from perflint.textmatch.clusters import Clusters, cluster_rows
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.normalize import normalize_many
from perflint.textmatch.phrases import PhraseMatcher, load_data, read_yaml
from perflint.textmatch.pieces import Piece
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

    def candidates(self, block_text: str, pieces: Sequence[Piece]) -> list[int]:
        """The positions of the pieces (paragraphs of `block_text`, in order) that contain an
        anchor: one scan of the whole block first, since most blocks contain none."""
        if not self.anchors.contains_any(block_text):
            return []
        contains_any = self.anchors.contains_any
        return [number for number, piece in enumerate(pieces) if contains_any(piece.text)]

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

#: Span's fields, in the order a `Place` lists their values.
SPAN_FIELDS = ("line", "column", "end_line", "end_column", "quote", "offset", "end_offset", "location")
_SPAN_SET = frozenset(SPAN_FIELDS)
#: Where a collected paragraph (or a report's title) lies: its span's field values, in SPAN_FIELDS
#: order. A tuple rather than a Span: a pydantic object per paragraph (its __dict__ and its own
#: fields set) cost ≈ 1 kB, for the ≈ third of paragraphs a finding is reported on.
Place = tuple[int, int, int, int, str, int | None, int | None, str | None]
_values = itemgetter(*SPAN_FIELDS)
_key = attrgetter("key")


def place_of(span: Span | None) -> Place | None:
    """The field values of `span` (None for None)."""
    return None if span is None else _values(span.__dict__)


def span_at(place: Place | None) -> Span | None:
    """The Span whose field values `place` lists, equal to the one it was taken from (built
    without validation: the values come from a valid span, or were checked as validation would)."""
    if place is None:
        return None
    return restore(Span, dict(zip(SPAN_FIELDS, place, strict=True)), set(_SPAN_SET), None, None)


@dataclass(frozen=True, slots=True)
class CorpusParagraph:
    """One paragraph as the corpus analysis compares it: plain data, so that it crosses processes
    (forked workers, a Dask cluster) and can be stored (a reference corpus in Parquet) as it is."""

    key: int  #: its normalized text's name (perflint.textmatch.stages.text_key)
    norm: str  #: the normalized text that is compared
    anchored: bool  #: it contains an anchor of the reference corpus (a candidate template)
    place: Place | None  #: where a finding about it points (`span`)
    excerpt: str  #: how a finding quotes it

    @property
    def span(self) -> Span | None:
        """Where a finding about it points, built when a finding needs it."""
        return span_at(self.place)


@dataclass(frozen=True, slots=True)
class ReportParagraphs:
    """What the corpus rules keep of one report: its unit, where a report-level finding points,
    and its paragraphs long enough to compare.

    A run over 10,000 reports keeps one of these per report instead of the report (≈ 0.5 MB
    each as a model), and workers send only this back to the parent: pickled as plain rows, and
    unpickled with its normalized texts shared (`_received`).
    """

    unit_name: str | None
    title: Place | None  #: where a report-level finding points (`title_span`)
    paragraphs: tuple[CorpusParagraph, ...]

    @property
    def title_span(self) -> Span | None:
        return span_at(self.title)

    def __reduce__(self) -> tuple:
        rows = [(p.key, p.norm, p.anchored, p.place, p.excerpt) for p in self.paragraphs]
        return (_received, (self.unit_name, self.title, rows))


def _received(unit_name: str | None, title: Place | None, rows: list[tuple]) -> ReportParagraphs:
    """A pickled `ReportParagraphs` (one report's, sent by a worker) rebuilt, its normalized texts
    shared with those already held (`shared_texts`)."""
    texts = shared_texts()
    return ReportParagraphs(unit_name, title, tuple(
        CorpusParagraph(key, norm if texts is None else texts.setdefault(key, norm), anchored, place, excerpt)
        for key, norm, anchored, place, excerpt in rows))


#: The normalized texts collected so far in this run, by key: a paragraph whose text is already
#: here keeps this copy, so the process holding the run holds each distinct text once.
_TEXTS: dict[int, str] = {}


def shared_texts() -> dict[int, str] | None:
    """The table of normalized texts (key → text) that collected paragraphs share, or None in a
    worker process: a worker sends each report's paragraphs away as soon as they are collected,
    so a table there would only hold memory. Emptied when the corpus rules start (`release_texts`)."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.parent_process() is not None:
        return None
    return _TEXTS


def release_texts() -> None:
    """Let the table of shared texts go: the run's paragraphs are all collected (the corpus rules
    are running), and those it holds stay with their paragraphs."""
    _TEXTS.clear()


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


#: What the corpus analysis says of one paragraph: how many other units' reports (or reports,
#: with `same_unit`) share it, the first few of them (report numbers in corpus order), and the
#: kind of reference entry it matches ("template", "prescribed" or None).
Outcome = tuple[int, tuple[int, ...], str | None]


@dataclass(frozen=True)
class AnalysisRequest:
    """Everything the analysis needs besides the reports: plain values, so that a Dask worker
    can rebuild the reference corpus (`reference(*ref_args)`) and run the same stages."""

    settings: LshSettings
    ref_args: tuple
    containment: float
    coverage: float
    same_unit: bool


def unit_keys(reports: Sequence[tuple[Path, ReportParagraphs]]) -> list[str]:
    """Each report's unit: the name it states, else its path (one report is one unit)."""
    return [paragraphs.unit_name or str(path) for path, paragraphs in reports]


def reference_kinds(keys: Sequence[int], norms: Sequence[str], request: AnalysisRequest) -> dict[int, str]:
    """The reference entry kind each anchored text (key → norm) matches, for those that match."""
    ref = reference(*request.ref_args)
    if not len(ref.entries) or not keys:
        return {}
    found = ref.match(norms, request.containment, request.coverage)
    return {key: match[0].kind for key, match in zip(keys, found, strict=True) if match is not None}


def analyze(reports: Sequence[tuple[Path, ReportParagraphs]],
            request: AnalysisRequest) -> list[list[Outcome]]:
    """Each report's paragraphs' outcomes, in one process (perflint.textmatch.stages over the
    whole corpus as one partition; perflint.distributed.corpus runs the same stages on Dask).

    The cyclic garbage collector is paused meanwhile: the analysis allocates hundreds of
    thousands of small objects (none in cycles) next to every report's paragraphs, and every
    automatic collection would walk all of them again (measured: a third of the time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyze(reports, request)
    finally:
        if enabled:
            gc.enable()


def _analyze(reports: Sequence[tuple[Path, ReportParagraphs]],
             request: AnalysisRequest) -> list[list[Outcome]]:
    every = [p for _, paragraphs in reports for p in paragraphs.paragraphs]
    counts = Counter(map(_key, every))
    # each key's text as its first paragraph has it (built from the last: the first one written wins)
    texts: dict[int, str] = {p.key: p.norm for p in reversed(every)}
    anchored: dict[int, str] = {p.key: p.norm for p in reversed(every) if p.anchored}
    del every
    chosen = sorted(anchored)
    kinds = reference_kinds(chosen, [anchored[k] for k in chosen], request)
    outcomes: list[list[Outcome]] = [
        [(0, (), kinds.get(p.key)) for p in paragraphs.paragraphs] if kinds else
        [(0, (), None)] * len(paragraphs.paragraphs) for _, paragraphs in reports]
    if len(reports) < 2:
        return outcomes  # nothing to share with (and no numpy to import: perflint.textmatch.stages)
    signed = presign.take(request.settings)  # what the parent of a parallel run signed meanwhile
    clusters = _kept_clusters(texts, counts, request.settings, signed) if _STORE else \
        _clustered(texts, counts, request.settings, signed)
    del signed
    del texts
    units = unit_keys(reports)
    labels = clusters.labels
    # a text met once and clustered with none is shared with no report: only the others are grouped
    grouped = {key: key for key, count in counts.items() if count > 1}
    grouped.update(labels)
    groups: dict[int, list[tuple[int, int, str]]] = {}
    for index, (_, paragraphs) in enumerate(reports):
        unit = units[index]
        for number, paragraph in enumerate(paragraphs.paragraphs):
            label = grouped.get(paragraph.key)
            if label is not None:
                groups.setdefault(label, []).append((index, number, unit))
    for rows in groups.values():
        if rows[0][0] == rows[-1][0]:
            continue  # met in one report only: shared with none
        for report, number, count, listed in cluster_rows(rows, request.same_unit):
            outcomes[report][number] = (count, listed, outcomes[report][number][2])
    return outcomes


#: Where the run keeps its clustering (`clusters_kept_by`): a `perflint.cache.Cache`, or nothing.
_STORE: list = []


@contextmanager
def clusters_kept_by(store: Any) -> Iterator[None]:
    """For the block (a run's corpus rules, with `--cache`): the clustering of the run's distinct
    texts is read from `store` (`get_value`/`put_value`) when the same texts, counted the same, were
    clustered with the same settings before, and stored there otherwise. It is the corpus rules'
    largest cost on a warm run, and a function of exactly that key, so the findings are the same."""
    _STORE[:] = [store]
    try:
        yield
    finally:
        _STORE.clear()


def _clustered(texts: dict[int, str], counts: dict[int, int], settings: LshSettings,
               signed: presign.Signed | None) -> Clusters:
    """perflint.textmatch.stages `cluster_texts` (imported here: it imports numpy)."""
    from perflint.textmatch.stages import cluster_texts

    return cluster_texts(texts, counts, settings, signed)


def _kept_clusters(texts: dict[int, str], counts: dict[int, int], settings: LshSettings,
                   signed: presign.Signed | None) -> Clusters:
    store, name = _STORE[0], clusters_name(counts, settings)
    labels = _labels(store.get_value(name))
    if labels is not None:
        return Clusters(labels)
    clusters = _clustered(texts, counts, settings, signed)
    store.put_value(name, [[key, label] for key, label in clusters.labels.items()])
    return clusters


def clusters_name(counts: dict[int, int], settings: LshSettings) -> str:
    """What the clustering of distinct texts is a function of: the settings, and each text's key
    (the hash of its normalized text) with its count (which orders the leaders)."""
    digest = hashlib.sha256(repr(settings).encode())
    digest.update(array("q", [value for item in sorted(counts.items()) for value in item]).tobytes())
    return f"clusters-{digest.hexdigest()}"


def _labels(value: Any) -> dict[int, int] | None:
    """Stored labels ([[key, label], …], 64-bit integers) as a dict, or None for anything else."""
    if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and type(pair[0]) is int and type(pair[1]) is int
            for pair in value):
        return None
    return {key: label for key, label in value}


_LAST: list = []  # [(reports, key, analysis)]: the analysis of the run in progress


def cached_analysis(reports: Sequence[tuple[Path, ReportParagraphs]], key: tuple,
                    compute: Callable[[], list[list[Outcome]]]) -> list[list[Outcome]]:
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
    release_texts()
    presign.drop()
