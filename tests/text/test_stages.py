"""The near-duplicate stages (perflint.textmatch.stages): clusters that do not depend on order or
partitioning, and per-cluster counts that say what PL607 reports."""

from __future__ import annotations

import random

import numpy as np

from perflint.textmatch.clusters import cluster_rows
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.similarity import jaccard, shingle_hashes
from perflint.textmatch.stages import (
    bucket_rows,
    candidate_pairs,
    cluster_texts,
    components,
    jaccard_many,
    matches,
    signature_matrix,
    sliced_candidate_pairs,
)
from perflint.textmatch.textkey import text_key

WORDS = list("预算绩效管理目标指标评价结果资金项目执行监控公开整改制度考核服务群众满意度质量数量时效成本")


def corpus(seed: int = 5, templates: int = 6, copies: int = 12, singles: int = 60) -> list[str]:
    """Normalized texts: a few templates, each with perturbed copies (a character replaced, a
    clause added or dropped), and unrelated texts."""
    rng = random.Random(seed)
    out = []
    for _ in range(templates):
        base = "".join(rng.choice(WORDS) for _ in range(70))
        out.append(base)
        for _ in range(copies):
            text = list(base)
            for _ in range(rng.randint(0, 3)):
                text[rng.randrange(len(text))] = rng.choice(WORDS)
            text = "".join(text)
            if rng.random() < 0.3:
                text += "".join(rng.choice(WORDS) for _ in range(8))
            if rng.random() < 0.3:
                text = text[6:]
            out.append(text)
    out += ["".join(rng.choice(WORDS) for _ in range(50)) for _ in range(singles)]
    return out


def labelled(texts: list[str], counts: dict[int, int] | None = None) -> dict[int, int]:
    table = {text_key(t): t for t in texts}
    found = cluster_texts(table, counts or dict.fromkeys(table, 1), LshSettings())
    return {key: found.label(key) for key in table}


def test_clusters_do_not_depend_on_the_order_texts_come_in():
    texts = corpus()
    first = labelled(texts)
    shuffled = texts[:]
    random.Random(1).shuffle(shuffled)
    assert labelled(shuffled) == first
    assert len(set(first.values())) < len(texts) - 40  # the copies did cluster


def test_every_join_is_a_verified_pair_and_a_label_is_its_clusters_smallest_key():
    texts = corpus(seed=9)
    labels = labelled(texts)
    norm = {text_key(t): t for t in texts}
    members: dict[int, list[int]] = {}
    for key, label in labels.items():
        members.setdefault(label, []).append(key)
    for label, keys in members.items():
        assert label == min(keys)
        if len(keys) > 1:  # each member is within the threshold of some other member
            sets = {k: shingle_hashes(norm[k]) for k in keys}
            assert all(any(jaccard(sets[k], sets[o]) >= 0.7 for o in keys if o != k) for k in keys)
    # unrelated texts stay alone
    for text in texts[-60:]:
        assert labels[text_key(text)] == text_key(text)


def test_candidate_pairs_are_the_same_whatever_the_partitioning():
    """Band rows computed per partition (a text met in two partitions repeats its rows) give the
    same pairs as the whole corpus at once."""
    texts = sorted(set(corpus(seed=3)))
    settings = LshSettings()
    keys = np.array([text_key(t) for t in texts], dtype=np.int64)
    sigs = signature_matrix(texts, settings)
    whole = candidate_pairs(*bucket_rows(keys, sigs, settings))
    parts = [slice(0, 40), slice(30, 70), slice(70, None)]  # overlapping partitions
    rows = [bucket_rows(keys[p], signature_matrix(texts[p], settings), settings) for p in parts]
    split = candidate_pairs(np.concatenate([r[0] for r in rows]), np.concatenate([r[1] for r in rows]))
    assert [x.tolist() for x in split] == [x.tolist() for x in whole]
    assert len(whole[0]) > 30 and (whole[0] < whole[1]).all()


def test_the_most_frequent_version_leads_a_group():
    """Two copies that drifted from the common version in opposite directions may be too far
    from each other, but both are near the version most reports carry, which leads the group."""
    rng = random.Random(4)
    base = "".join(rng.choice(WORDS) for _ in range(40))
    left = base[:-5] + "甲乙丙丁戊"
    right = "子丑寅卯辰" + base[5:]
    settings = LshSettings()
    norms = [base, left, right]
    sets = [shingle_hashes(t) for t in norms]
    assert jaccard(sets[0], sets[1]) >= 0.7 and jaccard(sets[0], sets[2]) >= 0.7
    assert jaccard(sets[1], sets[2]) < 0.7
    sigs = signature_matrix(norms, settings)
    one_bucket = np.zeros(3, dtype=np.int64)

    def edges(ranks: list[int]) -> set[tuple[int, int]]:
        """The edges of one bucket holding the three texts, ranked `ranks` (0 leads)."""
        leader, member = candidate_pairs(one_bucket, np.array(ranks, dtype=np.int64))
        order = np.argsort(ranks)
        found = matches(order[leader], order[member], sigs, sets, settings)
        return set(zip(order[leader[found]].tolist(), order[member[found]].tolist(), strict=True))

    assert edges([0, 1, 2]) == {(0, 1), (0, 2)}  # the common version leads: both copies join it
    assert edges([1, 0, 2]) == {(1, 0)}  # a drifted copy leads: the other drifted copy stays apart


def test_components_label_by_smallest_key():
    a = np.array([5, 7, 20], dtype=np.int64)
    b = np.array([7, -3, 21], dtype=np.int64)
    nodes, labels = components(a, b)
    assert dict(zip(nodes.tolist(), labels.tolist(), strict=True)) == {
        -3: -3, 5: -3, 7: -3, 20: 20, 21: 20}


def reference_others(rows, report, same_unit, listed=8):
    """What a paragraph's cluster says of it, straight from the definition: the other units (or
    reports) with an occurrence, and the first of them in corpus order."""
    reports = sorted({r for r, _, _ in rows})
    unit = {r: u for r, _, u in rows}
    if len(reports) < 2:
        return 0, ()
    if same_unit:
        return len(reports) - 1, tuple(r for r in reports if r != report)[:listed]
    firsts, seen = [], {unit[report]}
    for r in reports:
        if unit[r] not in seen:
            seen.add(unit[r])
            firsts.append(r)
    return len({unit[r] for r in reports}) - 1, tuple(firsts[:listed])


def test_cluster_rows_counts_other_units_or_reports():
    rng = random.Random(11)
    for _ in range(200):
        size = rng.randint(1, 30)
        rows = []
        for report in rng.sample(range(60), size):
            unit = f"单位{rng.randint(0, 9)}"
            rows += [(report, n, unit) for n in range(rng.randint(1, 2))]
        units = {}
        rows = [(r, n, units.setdefault(r, u)) for r, n, u in rows]  # one unit per report
        for same_unit in (False, True):
            for report, paragraph, count, listed in cluster_rows(rows, same_unit):
                assert (count, listed) == reference_others(rows, report, same_unit), (rows, report)
                assert (report, paragraph) in {(r, n) for r, n, _ in rows}


def test_the_edges_are_those_of_the_definition():
    """All candidate pairs verified at once (`candidate_pairs`, `matches`) are the pairs the
    definition gives, bucket by bucket: leader = the best-ranked member, compared with each other
    member, by signature agreement and then exact Jaccard."""
    texts = sorted(set(corpus(seed=21)))
    settings = LshSettings()
    sigs = signature_matrix(texts, settings)
    ranks = np.arange(len(texts), dtype=np.int64)
    buckets, members = bucket_rows(ranks, sigs, settings)
    sets = [shingle_hashes(t) for t in texts]
    leader, member = candidate_pairs(buckets, members)
    found = matches(leader, member, sigs, sets, settings)
    fast = set(zip(leader[found].tolist(), member[found].tolist(), strict=True))
    by_bucket: dict[int, set[int]] = {}
    for bucket, rank in zip(buckets.tolist(), members.tolist(), strict=True):
        by_bucket.setdefault(bucket, set()).add(rank)
    screen = (settings.threshold - 0.25) * settings.num_perm
    slow = set()
    for group in by_bucket.values():
        first = min(group)
        for other in group - {first}:
            if ((sigs[first] == sigs[other]).sum() >= screen
                    and jaccard(sets[first], sets[other]) >= settings.threshold):
                slow.add((first, other))
    assert fast == slow and len(fast) > 30


def test_pairs_verified_in_bounded_runs_are_those_verified_at_once(monkeypatch):
    """`matches` verifies the screened pairs in runs of at most `JACCARD_HASHES` hashes (bounded
    memory on a large corpus): runs of a few pairs each give the same edges as one run."""
    import perflint.textmatch.stages as stages

    texts = sorted(set(corpus(seed=21)))
    settings = LshSettings()
    sigs = signature_matrix(texts, settings)
    leader, member = candidate_pairs(*bucket_rows(np.arange(len(texts), dtype=np.int64), sigs, settings))
    sets = [shingle_hashes(t) for t in texts]
    whole = matches(leader, member, sigs, sets, settings)
    monkeypatch.setattr(stages, "JACCARD_HASHES", 300)
    assert len(stages._bounded_runs(np.flatnonzero(whole), leader, member, sets)) > 10
    assert np.array_equal(matches(leader, member, sigs, sets, settings), whole) and whole.sum() > 30


def test_candidate_pairs_found_slice_by_slice_are_those_found_at_once():
    """A bucket's rows all fall in one slice of the bucket values, so the pairs computed slice by
    slice (bounded memory) are the pairs of all rows at once, on real bands and on rows with many
    shared buckets and repeated (bucket, key) rows."""
    texts = sorted(set(corpus(seed=8)))
    settings = LshSettings()
    rows = bucket_rows(np.arange(len(texts), dtype=np.int64), signature_matrix(texts, settings), settings)
    rng = np.random.default_rng(4)
    crowded = (rng.integers(-40, 40, 5000).astype(np.int64), rng.integers(0, 300, 5000).astype(np.int64))
    for buckets, keys in (rows, crowded):
        whole = candidate_pairs(buckets, keys)
        for slices in (1, 3, 8):
            sliced = sliced_candidate_pairs(buckets, keys, slices)
            assert all(np.array_equal(x, y) for x, y in zip(whole, sliced, strict=True))
        assert len(whole[0]) > 30


def test_jaccard_of_many_pairs_is_each_pairs_jaccard():
    rng = np.random.default_rng(3)
    left = [np.unique(rng.integers(0, 400, rng.integers(0, 60)).astype(np.uint32)) for _ in range(300)]
    right = [np.unique(rng.integers(0, 400, rng.integers(0, 60)).astype(np.uint32)) for _ in range(300)]
    assert np.allclose(jaccard_many(left, right), [jaccard(a, b) for a, b in zip(left, right, strict=True)])
