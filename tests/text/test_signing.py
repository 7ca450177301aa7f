"""Signing texts from their shingles as they come (`shingle_runs`, `signatures_of`) gives the
signatures their shingle sets give, and clustering that makes shingle sets only for the texts of
the pairs that pass the signature screen finds the clusters that sets for every text found (the
former `cluster_texts`, kept here as the oracle), on seeded texts in the shapes of a corpus's
paragraphs: templates with perturbed copies, unrelated texts, and texts shorter than a shingle."""

from __future__ import annotations

import random

import numpy as np
import pytest

from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.similarity import shingle_runs, shingle_sets, signatures, signatures_of
from perflint.textmatch.stages import bucket_rows, candidate_pairs, cluster_texts, components, matches
from perflint.textmatch.textkey import text_key
from tests.text.test_stages import corpus

ALPHABET = "预算执行率本0１a年度项目资金绩效"


def _texts(rng: random.Random, shortest: int = 1) -> list[str]:
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(shortest, 30)))
            for _ in range(rng.randint(1, 9))]


@pytest.mark.parametrize("k", range(1, 9))
def test_signatures_from_shingle_runs_are_those_from_shingle_sets(k):
    rng = random.Random(k)
    for number in range(300):
        texts = _texts(rng, shortest=1 if number % 3 == 0 else k)  # a third with texts shorter than k
        hashes, counts = shingle_runs(texts, k)
        expected = signatures(shingle_sets(texts, k), num_perm=32, seed=number % 4 + 1)
        found = signatures_of(hashes, counts, num_perm=32, seed=number % 4 + 1)
        assert np.array_equal(found, expected), texts


def test_shingle_runs_are_each_texts_shingles_in_order():
    texts = ["预算执行率", "本年度项目", "资金"]
    hashes, counts = shingle_runs(texts, 3)
    assert counts.tolist() == [3, 3, 1]
    first = shingle_runs(["预算执行率"], 3)[0]
    assert hashes[:3].tolist() == first.tolist() and len(hashes) == 7


def former_cluster_labels(texts: dict[int, str], counts: dict[int, int],
                          settings: LshSettings) -> dict[int, int]:
    """The former in-process clustering: shingle sets for every text, signed from its sets."""
    keys = np.fromiter(texts, dtype=np.int64, count=len(texts))
    weights = np.fromiter((counts[k] for k in texts), dtype=np.int64, count=len(texts))
    order = np.lexsort((keys, -weights))
    keys = keys[order]
    norms = [list(texts.values())[i] for i in order.tolist()]
    sets = shingle_sets(norms, settings.shingle)
    sigs = np.ascontiguousarray(signatures(sets, settings.num_perm, settings.seed).T)
    buckets, ranked = bucket_rows(np.arange(len(keys), dtype=np.int64), sigs, settings)
    leader, member = candidate_pairs(buckets, ranked)
    found = matches(leader, member, sigs, sets, settings)
    if not found.any():
        return {}
    nodes, labels = components(keys[leader[found]], keys[member[found]])
    return dict(zip(nodes.tolist(), labels.tolist(), strict=True))


@pytest.mark.parametrize("seed", range(5))
def test_clusters_are_those_of_sets_for_every_text(seed):
    rng = random.Random(seed)
    texts = corpus(seed=seed, templates=rng.randint(2, 8), copies=rng.randint(3, 15),
                   singles=rng.randint(0, 80))
    table = {text_key(t): t for t in texts}
    counts = {key: rng.randint(1, 4) for key in table}
    clustered = 0
    for settings in (LshSettings(), LshSettings(threshold=0.5, shingle=2),
                     LshSettings(threshold=0.9, num_perm=64)):
        expected = former_cluster_labels(table, counts, settings)
        assert cluster_texts(table, counts, settings).labels == expected
        clustered += len(expected)
    assert clustered  # the copies of the templates were clustered, so the verification was compared
