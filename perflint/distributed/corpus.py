"""The corpus analysis of PL607/PL608 (stage 2) on a Dask cluster: the same outcomes as
perflint.textmatch.corpus `analyze`, with nothing of the corpus held in one process.

The analysis is perflint.textmatch.stages run over dask DataFrames, rows shuffled by the value
the next step groups on; every per-partition step calls the function of `stages` that the
in-process analysis calls, so the two cannot drift apart:

1. *texts*: occurrences (report, paragraph, key, norm, anchored, unit) counted per partition,
   shuffled by key and counted again: each distinct text with its number of occurrences and
   whether any occurrence is anchored;
2. *candidate pairs*: each partition of texts signs its texts (`signature_matrix`) and cuts the
   signatures into buckets (`bucket_rows`); rows shuffled by bucket, where each partition pairs
   every bucket's leader (most frequent text, then smallest key) with its other members
   (`candidate_pairs`);
3. *edges*: the pairs joined with both texts (two shuffles by key); each partition re-signs its
   texts (cheaper than shipping 512-byte signatures through two shuffles) and verifies the pairs
   (`matches`);
4. *labels*: the connected components of the edges, by label propagation (each key takes the
   smallest label among itself and its neighbours until none changes): the component's
   smallest key, as `components` gives it, without the edges ever meeting in one process;
5. *outcomes*: occurrences joined with their text's label and reference kind
   (`reference_kinds`, run where the anchored texts are), shuffled by label; each partition turns
   each cluster into outcomes (`cluster_rows`).

Shuffles use the "tasks" method: the run's client is not Dask's default client (see
perflint.distributed.cluster), so Dask would otherwise pick its single-machine disk shuffle.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa

from perflint.distributed.cluster import ClusterError
from perflint.textmatch import stages
from perflint.textmatch.clusters import cluster_rows
from perflint.textmatch.corpus import AnalysisRequest, Outcome, ReportParagraphs, reference_kinds, unit_keys
from perflint.textmatch.similarity import shingle_sets

if TYPE_CHECKING:
    from distributed import Client

    from perflint.textmatch.lsh import LshSettings

#: how Dask moves rows between partitions (see the module's docstring)
SHUFFLE = "tasks"
#: occurrences per partition when `analyze_on` cuts the reports it is given (≈ 100 MB of rows)
ROWS_PER_PARTITION = 100_000
#: links (two per edge) per partition in label propagation (≈ 16 MB of pairs)
LINKS_PER_PARTITION = 1_000_000
#: label propagation gives up after this many rounds: a chain of near-duplicates longer than this
MAX_ROUNDS = 64

_STRING = pd.StringDtype("pyarrow")
_LISTED = pd.ArrowDtype(pa.list_(pa.int64()))
OCCURRENCES = {"report": "int64", "paragraph": "int64", "key": "int64", "norm": _STRING,
               "anchored": "bool", "unit": _STRING}
OUTCOMES = {"report": "int64", "paragraph": "int64", "count": "int64", "listed": _LISTED, "kind": _STRING}
_TEXTS = {"key": "int64", "norm": _STRING, "count": "int64", "anchored": "bool"}
_BANDS = {"bucket": "int64", "key": "int64", "count": "int64"}
_EDGES = {"a": "int64", "b": "int64"}
_LINKS = {"src": "int64", "dst": "int64"}
_LABELS = {"node": "int64", "label": "int64"}
_KINDS = {"key": "int64", "kind": _STRING}


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


# --- the reports a run holds → occurrences ------------------------------------------------------

def occurrence_rows(reports: Sequence[tuple[Path, ReportParagraphs]], first: int,
                    units: Sequence[str]) -> pd.DataFrame:
    """The occurrences of consecutive reports, numbered from `first` in corpus order."""
    rows = [(first + index, number, p.key, p.norm, p.anchored, units[index])
            for index, (_, kept) in enumerate(reports) for number, p in enumerate(kept.paragraphs)]
    if not rows:
        return _empty(OCCURRENCES)
    frame = pd.DataFrame(rows, columns=list(OCCURRENCES))
    return frame.astype(OCCURRENCES)


def occurrence_frame(client: Client, reports: Sequence[tuple[Path, ReportParagraphs]],
                     partitions: int | None = None) -> dd.DataFrame:
    """The reports' occurrences as a dask DataFrame: runs of consecutive reports, one per partition,
    scattered to the workers (the graph carries only their futures)."""
    units = unit_keys(reports)
    total = sum(len(p.paragraphs) for _, p in reports)
    count = max(1, min(len(reports), partitions or math.ceil(total / ROWS_PER_PARTITION)))
    bounds = np.linspace(0, len(reports), count + 1).round().astype(int).tolist()
    parts = [occurrence_rows(reports[start:end], start, units[start:end])
             for start, end in itertools.pairwise(bounds)]
    # keys of their own (`hash=False`): two runs scattering equal data must not share (and
    # release) one key while the other still needs it
    futures = client.scatter(parts, hash=False)
    return dd.from_delayed(futures, meta=_empty(OCCURRENCES), verify_meta=False)


def analyze_on(client: Client, reports: Sequence[tuple[Path, ReportParagraphs]], request: AnalysisRequest,
               partitions: int | None = None) -> list[list[Outcome]]:
    """Each report's paragraphs' outcomes, computed on the cluster: `analyze`'s result, exactly."""
    if not any(p.paragraphs for _, p in reports):
        return [[] for _ in reports]
    outcomes = corpus_outcomes(client, occurrence_frame(client, reports, partitions), request)
    return gather_outcomes(client, outcomes, [len(p.paragraphs) for _, p in reports])


def gather_outcomes(client: Client, outcomes: dd.DataFrame, sizes: Sequence[int]) -> list[list[Outcome]]:
    """The outcomes frame brought back per report (`sizes`: each report's number of paragraphs)."""
    with dask.config.set({"dataframe.shuffle.method": SHUFFLE}):
        frame = client.compute(outcomes).result()
    out: list[list[Outcome | None]] = [[None] * size for size in sizes]
    for report, paragraph, count, listed, kind in zip(
            frame["report"].tolist(), frame["paragraph"].tolist(), frame["count"].tolist(),
            frame["listed"].tolist(), frame["kind"].tolist(), strict=True):
        out[report][paragraph] = (count, tuple(listed), None if pd.isna(kind) else kind)
    return out  # type: ignore[return-value]  # every occurrence has exactly one outcome row


# --- the stages, frame to frame ---------------------------------------------------------------

def corpus_outcomes(client: Client, occurrences: dd.DataFrame, request: AnalysisRequest,
                    max_rounds: int = MAX_ROUNDS) -> dd.DataFrame:
    """The outcome of every occurrence (columns `OCCURRENCES`) as a frame (columns `OUTCOMES`).

    Clustering runs whatever the number of reports: with one report every cluster is met in one
    report only, so every outcome is the one `analyze` gives a lone report. The texts and the
    labels are persisted on the workers (each is read twice; the labels are computed round by
    round); the outcomes are returned lazily.
    """
    with dask.config.set({"dataframe.shuffle.method": SHUFFLE}):
        texts = client.persist(_texts(occurrences))
        labels = _labels(client, _edges(texts, request.settings), max_rounds)
        info = texts.map_partitions(_text_kinds, request, meta=_empty(_KINDS))
        labels = labels.rename(columns={"node": "key"}).astype({"label": "Int64"})  # NA: in no edge
        info = info.merge(labels, on="key", how="left", shuffle_method=SHUFFLE)
        rows = occurrences[["report", "paragraph", "key", "unit"]]
        rows = rows.merge(info, on="key", shuffle_method=SHUFFLE)
        rows = rows.map_partitions(_own_label, meta=rows._meta.astype({"label": "int64"}))
        return rows.shuffle("label", shuffle_method=SHUFFLE).map_partitions(
            _cluster_outcomes, request.same_unit, meta=_empty(OUTCOMES))


def _texts(occurrences: dd.DataFrame) -> dd.DataFrame:
    counted = occurrences[["key", "norm", "anchored"]].map_partitions(
        _count_texts, meta=_empty(_TEXTS))
    return counted.shuffle("key", shuffle_method=SHUFFLE).map_partitions(_sum_texts, meta=_empty(_TEXTS))


def _count_texts(part: pd.DataFrame) -> pd.DataFrame:
    """Distinct texts of a partition of occurrences, with their occurrences and anchoring."""
    grouped = part.groupby("key", sort=False)
    out = grouped.agg(norm=("norm", "first"), count=("norm", "size"), anchored=("anchored", "any"))
    return out.reset_index().astype(_TEXTS)


def _sum_texts(part: pd.DataFrame) -> pd.DataFrame:
    """Distinct texts of a partition of partial counts (a key's rows are all in this partition)."""
    grouped = part.groupby("key", sort=False)
    out = grouped.agg(norm=("norm", "first"), count=("count", "sum"), anchored=("anchored", "any"))
    return out.reset_index().astype(_TEXTS)


def _edges(texts: dd.DataFrame, settings: LshSettings) -> dd.DataFrame:
    bands = texts.map_partitions(_band_rows, settings, meta=_empty(_BANDS))
    pairs = bands.shuffle("bucket", shuffle_method=SHUFFLE).map_partitions(
        _candidate_pairs, meta=_empty(_EDGES))
    norms = texts[["key", "norm"]]
    pairs = pairs.merge(norms.rename(columns={"key": "a", "norm": "norm_a"}), on="a", shuffle_method=SHUFFLE)
    pairs = pairs.map_partitions(pd.DataFrame.drop_duplicates, ["a", "b"], meta=pairs._meta)
    pairs = pairs.merge(norms.rename(columns={"key": "b", "norm": "norm_b"}), on="b", shuffle_method=SHUFFLE)
    return pairs.map_partitions(_verified, settings, meta=_empty(_EDGES))


def _band_rows(part: pd.DataFrame, settings: LshSettings) -> pd.DataFrame:
    """(bucket, key, count) for every text of the partition and band."""
    if part.empty:
        return _empty(_BANDS)
    sigs = stages.signature_matrix(part["norm"].tolist(), settings)
    buckets, keys = stages.bucket_rows(part["key"].to_numpy(), sigs, settings)
    counts = np.tile(part["count"].to_numpy(dtype=np.int64), len(buckets) // len(part))
    return pd.DataFrame({"bucket": buckets, "key": keys, "count": counts})


def _candidate_pairs(part: pd.DataFrame) -> pd.DataFrame:
    """The (leader, member) pairs of the buckets of a partition of band rows (a bucket's rows are
    all in it): `candidate_pairs` over the partition's texts ranked in leader order (most
    frequent first, then by key), as keys. A pair found in two partitions is verified twice and
    gives the same answer: duplicates cost work, never a different result."""
    if part.empty:
        return _empty(_EDGES)
    distinct = part.drop_duplicates("key").sort_values(["count", "key"], ascending=[False, True])
    order = distinct["key"].to_numpy()  # leader order: a text's rank is its position here
    ranks = pd.Index(order).get_indexer(part["key"].to_numpy())
    leader, member = stages.candidate_pairs(part["bucket"].to_numpy(), ranks.astype(np.int64))
    return pd.DataFrame({"a": order[leader], "b": order[member]})


def _verified(part: pd.DataFrame, settings: LshSettings) -> pd.DataFrame:
    """The candidate pairs of the partition that match (`matches`), as edges."""
    part = part.drop_duplicates(["a", "b"])
    if part.empty:
        return _empty(_EDGES)
    texts = pd.concat([part[["a", "norm_a"]].set_axis(["key", "norm"], axis=1),
                       part[["b", "norm_b"]].set_axis(["key", "norm"], axis=1)]).drop_duplicates("key")
    norms = texts["norm"].tolist()
    sigs = stages.signature_matrix(norms, settings)
    sets = shingle_sets(norms, settings.shingle)
    index = pd.Index(texts["key"].to_numpy())
    found = stages.matches(index.get_indexer(part["a"].to_numpy()), index.get_indexer(part["b"].to_numpy()),
                           sigs, sets, settings)
    return pd.DataFrame({"a": part["a"].to_numpy()[found], "b": part["b"].to_numpy()[found]})


# --- connected components ----------------------------------------------------------------------

def _labels(client: Client, edges: dd.DataFrame, max_rounds: int) -> dd.DataFrame:
    """Each key met in an edge with its component's smallest key (columns `_LABELS`).

    Label propagation: every node starts as its own label and takes, each round, the smallest
    label of itself and its neighbours; a component's smallest key reaches every node in as many
    rounds as the component's diameter. A round is one join of the links (both directions of
    every edge, and every node with itself) with the labels and one shuffle by node, persisted
    on the workers; only the number of labels that changed comes back. The edges are few next
    to the corpus (one per verified pair), so they get one partition per `LINKS_PER_PARTITION`:
    a small corpus's rounds are single tasks, not shuffles.
    """
    edges = client.persist(edges)
    partitions = max(1, math.ceil(2 * client.compute(edges.shape[0]).result() / LINKS_PER_PARTITION))
    links = dd.concat([
        edges.rename(columns={"a": "src", "b": "dst"}),
        edges.rename(columns={"b": "src", "a": "dst"}),
        edges[["a"]].rename(columns={"a": "src"}).assign(dst=edges["a"]),
        edges[["b"]].rename(columns={"b": "src"}).assign(dst=edges["b"]),
    ])
    links = links.shuffle("src", npartitions=partitions, shuffle_method=SHUFFLE)
    links = client.persist(links.map_partitions(pd.DataFrame.drop_duplicates, meta=_empty(_LINKS)))
    labels = links[links["src"] == links["dst"]].rename(columns={"src": "node", "dst": "label"})
    for _ in range(max_rounds):
        reached = links.merge(labels, left_on="src", right_on="node", shuffle_method=SHUFFLE)
        reached = reached[["src", "dst", "label"]].shuffle("dst", npartitions=partitions,
                                                           shuffle_method=SHUFFLE)
        smallest = client.persist(reached.map_partitions(_smallest,
                                                         meta=_empty({**_LABELS, "changed": "bool"})))
        changed = client.compute(smallest["changed"].sum()).result()
        labels = smallest[["node", "label"]]
        if not changed:
            return labels
    raise ClusterError(
        f"语料分析：近似重复段落的聚类在 {max_rounds} 轮标签传播后仍未收敛（近似重复链过长）",
        f"corpus analysis: clustering near-duplicate paragraphs did not converge in {max_rounds} rounds "
        "of label propagation (a chain of near-duplicates that long)")


def _smallest(part: pd.DataFrame) -> pd.DataFrame:
    """Each node's smallest label among those that reached it (all of a node's rows are in the
    partition, its own label on the row from itself), and whether it is smaller than its own."""
    grouped = part.groupby("dst", sort=True)["label"]
    smallest = grouped.min()
    own = part[part["src"] == part["dst"]].set_index("dst")["label"].reindex(smallest.index)
    return pd.DataFrame({"node": smallest.index.to_numpy(dtype=np.int64),
                         "label": smallest.to_numpy(dtype=np.int64),
                         "changed": (smallest < own).to_numpy(dtype=bool)})


# --- outcomes ----------------------------------------------------------------------------------

def _text_kinds(part: pd.DataFrame, request: AnalysisRequest) -> pd.DataFrame:
    """Each text's key with the kind of reference entry it matches (anchored texts only)."""
    anchored = part[part["anchored"]].sort_values("key")
    kinds = reference_kinds(anchored["key"].tolist(), anchored["norm"].tolist(), request)
    return pd.DataFrame({"key": part["key"].to_numpy(dtype=np.int64),
                         "kind": pd.array([kinds.get(k) for k in part["key"].tolist()], dtype=_STRING)})


def _own_label(part: pd.DataFrame) -> pd.DataFrame:
    """A key in no edge (no label) is its own cluster."""
    label = part["label"].fillna(part["key"]).astype("int64")
    return part.assign(label=label)


def _cluster_outcomes(part: pd.DataFrame, same_unit: bool) -> pd.DataFrame:
    """The outcome of every occurrence of the partition (a label's occurrences are all in it):
    a cluster met in one report only is shared with none; the others go through `cluster_rows`."""
    if part.empty:
        return _empty(OUTCOMES)
    reports = part.groupby("label", sort=False)["report"].transform("nunique")
    alone = part[reports == 1]
    out = [pd.DataFrame({"report": alone["report"].to_numpy(), "paragraph": alone["paragraph"].to_numpy(),
                         "count": np.zeros(len(alone), dtype=np.int64),
                         "listed": pd.array([[]] * len(alone), dtype=_LISTED), "kind": alone["kind"].array})]
    shared = part[reports > 1]
    if not shared.empty:
        rows = []
        for _, cluster in shared.groupby("label", sort=False):
            rows += cluster_rows(zip(cluster["report"].tolist(), cluster["paragraph"].tolist(),
                                     cluster["unit"].tolist(), strict=True), same_unit)
        found = pd.DataFrame(rows, columns=["report", "paragraph", "count", "listed"]).astype(
            {"report": "int64", "paragraph": "int64", "count": "int64"})
        found["listed"] = pd.array([list(x) for x in found["listed"]], dtype=_LISTED)
        out.append(found.merge(shared[["report", "paragraph", "kind"]], on=["report", "paragraph"]))
    return pd.concat(out, ignore_index=True).astype(OUTCOMES)
