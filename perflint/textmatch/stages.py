"""Near-duplicate paragraphs across a corpus, as stages over plain data.

The same functions run in one process (the whole corpus as one partition, the default) and on a
Dask cluster (perflint.distributed.corpus: rows shuffled by key between the steps). So that both
give the same clusters, what a cluster is never depends on the order of the reports or on how
they are partitioned:

* a *text* is a distinct normalized paragraph, named by `text_key` (64 bits of BLAKE2b of its
  normalized text), so every process names it alike without a shared counter;
* for every LSH band of its MinHash signature (perflint.textmatch.similarity: datasketch's
  scheme and band split) a text falls in a *bucket*; a bucket of two or more texts is a group,
  whose members are ordered most frequent first (occurrences in the corpus), then by key;
* in a group, the first member (the version most reports carry) is compared with each other
  member (`candidate_pairs`); a pair is an *edge* when it matches (`matches`: signatures agreeing
  on enough rows, then the exact Jaccard index of the shingle sets at least the threshold: LSH
  decides only what is compared, never what is reported);
* clusters are the connected components of the edges, labelled by their smallest key.

Then, per cluster, which reports (and units) have one of its paragraphs:
perflint.textmatch.clusters `cluster_rows` turns a
cluster's occurrences into each occurrence's count of other units (or reports) and the first few
of them, in corpus order. Every step works on arrays or short lists, so the cost grows with the
number of paragraphs; a template pasted into thousands of reports is one text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from perflint.textmatch.arrays import np
from perflint.textmatch.clusters import Clusters
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.similarity import band_split, shingle_runs, shingle_sets, signatures_of

if TYPE_CHECKING:
    from perflint.textmatch.presign import Signed

#: texts shingled and signed per vectorized pass (bounds the temporary arrays)
SIGN_CHUNK = 20_000

_BAND_MIX = np.uint64(0x9E3779B97F4A7C15)
_BUCKET_MIX = np.uint64(0xC2B2AE3D27D4EB4F)


def signature_matrix(norms: Sequence[str], settings: LshSettings) -> np.ndarray:
    """MinHash signatures of non-empty normalized texts, one *row* per text (n × num_perm, uint32),
    signed from their shingles as they come (`shingle_runs`: no sets are made for them)."""
    out = np.empty((len(norms), settings.num_perm), dtype=np.uint32)
    for start in range(0, len(norms), SIGN_CHUNK):
        part = norms[start:start + SIGN_CHUNK]
        hashes, counts = shingle_runs(part, settings.shingle)
        out[start:start + len(part)] = signatures_of(hashes, counts, settings.num_perm, settings.seed).T
    return out


def bucket_rows(keys: np.ndarray, sigs: np.ndarray, settings: LshSettings) -> tuple[np.ndarray, np.ndarray]:
    """(bucket, key) for every text and band: `bands` rows per text, band by band. A bucket id
    mixes the band's number into its rows' values, so equal values in two different bands are
    different buckets. All bands are mixed at once, one signature row (of every band) per step:
    `rows` passes over an (n × bands) block instead of `bands × rows` passes over a column."""
    bands, rows = band_split(settings)
    count = len(keys)
    bucket = np.tile(np.arange(1, bands + 1, dtype=np.uint64), (count, 1))  # (text, band)
    block = sigs[:, :bands * rows].reshape(count, bands, rows)
    with np.errstate(over="ignore"):
        for j in range(rows):
            bucket *= _BAND_MIX
            bucket ^= block[:, :, j].astype(np.uint64)
        bucket *= _BUCKET_MIX
        bucket ^= bucket >> np.uint64(29)
    return bucket.T.ravel().view(np.int64), np.tile(np.asarray(keys, dtype=np.int64), bands)


def candidate_pairs(buckets: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What is compared: in every bucket with two or more distinct `keys` values (given in leader
    order: `cluster_texts` passes ranks), its smallest one, the leader, paired with each other
    one; the distinct (leader, member) pairs over all buckets, sorted."""
    bucket, key = _distinct_rows(buckets, keys)
    if not len(key):
        return key, key
    starts = np.r_[True, bucket[1:] != bucket[:-1]]
    del bucket  # each step lets go of what the next no longer needs: at 10^4 reports these
    # arrays are tens of megabytes each, and this is the analysis's largest moment
    leader = key[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    a, b = leader[~starts], key[~starts]
    del leader, key, starts
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    del order
    keep = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])] if len(a) else a[:0].astype(bool)
    return a[keep], b[keep]


#: `sliced_candidate_pairs` works on this many slices of the bucket values, one at a time.
PAIR_SLICES = 8
#: Up to this many (bucket, key) rows, `candidate_pairs` sorts them at once (a few ×8 MB of
#: temporaries); beyond, slice by slice. The pairs are the same either way.
SLICED_ROWS = 1 << 20


def sliced_candidate_pairs(buckets: np.ndarray, keys: np.ndarray,
                           slices: int = PAIR_SLICES) -> tuple[np.ndarray, np.ndarray]:
    """`candidate_pairs(buckets, keys)`, computed slice by slice of the bucket values (every row of
    a bucket is in the same slice, so each slice's pairs are exactly that bucket's), then merged:
    the sorts' temporaries are a slice's, not all rows' (at 10^4 reports the rows are millions and
    sorting them all at once was the analysis's largest moment)."""
    slice_of = (buckets.view(np.uint64) % np.uint64(slices)).astype(np.uint8 if slices <= 256 else np.uint64)
    found = []
    for number in range(slices):
        rows = np.flatnonzero(slice_of == number)
        found.append(candidate_pairs(buckets[rows], keys[rows]))
    del slice_of
    a = np.concatenate([pair[0] for pair in found])
    b = np.concatenate([pair[1] for pair in found])
    del found
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    keep = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])] if len(a) else a[:0].astype(bool)
    return a[keep], b[keep]


_LOW32 = np.uint64(0xFFFFFFFF)


def _distinct_rows(buckets: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (bucket, key) rows, sorted by bucket, then key.

    Keys that fit in 32 bits (ranks: what `cluster_texts` passes) are packed with their bucket's
    number in bucket order into one 64-bit value, and those are sorted: two unstable one-array
    sorts, a few times faster than the stable two-key `lexsort` that any other keys get."""
    if len(keys) and int(keys.min()) >= 0 and int(keys.max()) <= 0xFFFFFFFF:
        order = np.argsort(buckets)
        ordered = buckets[order]
        first = _run_starts(ordered)
        rows = np.empty(len(keys), dtype=np.uint64)
        rows[order] = np.cumsum(first, dtype=np.uint64) - np.uint64(1)  # each row's bucket number
        del order
        rows <<= np.uint64(32)
        rows |= keys.astype(np.uint64)
        rows.sort()
        rows = rows[_run_starts(rows)]
        return ordered[first][(rows >> np.uint64(32)).astype(np.intp)], (rows & _LOW32).astype(keys.dtype)
    order = np.lexsort((keys, buckets))
    bucket, key = buckets[order], keys[order]
    del order
    distinct = np.ones(len(key), dtype=bool)
    distinct[1:] = (bucket[1:] != bucket[:-1]) | (key[1:] != key[:-1])
    return bucket[distinct], key[distinct]


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts (a mask)."""
    starts = np.empty(len(values), dtype=bool)
    starts[:1] = True
    np.not_equal(values[1:], values[:-1], out=starts[1:])
    return starts


def matches(a: np.ndarray, b: np.ndarray, sigs: np.ndarray | _ByRank, sets: Sequence[np.ndarray],
            settings: LshSettings) -> np.ndarray:
    """For pairs of rows (a[i], b[i]) of `sigs` and `sets`: whether the two texts are near
    duplicates. The signatures must agree on at least (threshold − 0.25) of their rows (a cheap
    screen that a pair at the threshold passes with overwhelming probability: `screened`), then
    the exact Jaccard index of the two shingle sets must reach the threshold (`verified`)."""
    return verified(a, b, screened(a, b, sigs, settings), sets, settings)


def screened(a: np.ndarray, b: np.ndarray, sigs: np.ndarray | _ByRank, settings: LshSettings) -> np.ndarray:
    """Which pairs of rows (a[i], b[i]) of `sigs` pass `matches`' screen (a mask)."""
    screen = (settings.threshold - 0.25) * settings.num_perm
    out = np.zeros(len(a), dtype=bool)
    chunk = max(1, (1 << 22) // max(1, settings.num_perm))  # bounds the temporary (pairs × perms) block
    for start in range(0, len(a), chunk):
        part = slice(start, start + chunk)
        out[part] = (sigs[a[part]] == sigs[b[part]]).sum(axis=1) >= screen
    return out


def verified(a: np.ndarray, b: np.ndarray, passed: np.ndarray, sets: Sequence[np.ndarray],
             settings: LshSettings) -> np.ndarray:
    """`passed` (the pairs that passed the screen, a mask), keeping only the pairs whose shingle
    sets (only theirs are read) have an exact Jaccard index of at least the threshold; in place."""
    for part in _bounded_runs(np.flatnonzero(passed), a, b, sets):
        scores = jaccard_many([sets[i] for i in a[part].tolist()], [sets[i] for i in b[part].tolist()])
        passed[part] = scores >= settings.threshold
    return passed


#: At most this many shingle hashes (both sides of every pair) go into one `jaccard_many` pass:
#: its tagged copies are a few arrays of 8 bytes per hash, so a pass stays within ≈ 40 MB
#: however many pairs a large corpus screens in (all at once, it grew with the corpus).
JACCARD_HASHES = 1 << 20


def _bounded_runs(pairs: np.ndarray, a: np.ndarray, b: np.ndarray,
                  sets: Sequence[np.ndarray]) -> list[np.ndarray]:
    """`pairs` (indices into `a`, `b`) cut into consecutive runs of about `JACCARD_HASHES` hashes
    each (at most that plus one pair's)."""
    if not len(pairs):
        return []
    lengths = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    reach = np.cumsum(lengths[a[pairs]] + lengths[b[pairs]])
    return np.split(pairs, np.flatnonzero(np.diff((reach - 1) // JACCARD_HASHES)) + 1)


def jaccard_many(left: Sequence[np.ndarray], right: Sequence[np.ndarray]) -> np.ndarray:
    """The Jaccard index of each pair of sorted distinct hash arrays, all pairs at once: a hash
    present in both sets of a pair appears twice among that pair's tagged hashes."""
    count = len(left)
    if not count:
        return np.empty(0)
    sizes_l = np.fromiter(map(len, left), dtype=np.int64, count=count)
    sizes_r = np.fromiter(map(len, right), dtype=np.int64, count=count)
    pair = np.repeat(np.arange(count, dtype=np.uint64), sizes_l + sizes_r)
    values = np.concatenate([x for both in zip(left, right, strict=True) for x in both]).astype(np.uint64)
    tagged = np.sort((pair << np.uint64(32)) | values)
    twice = tagged[1:] == tagged[:-1]
    common = np.bincount((tagged[1:][twice] >> np.uint64(32)).astype(np.int64), minlength=count)
    union = sizes_l + sizes_r - common
    return np.divide(common, union, out=np.zeros(count), where=union > 0)


def components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the edges (a[i], b[i]): every key met in an edge with its
    component's smallest key (its label). Keys in no edge are their own cluster."""
    nodes = np.unique(np.concatenate((a, b))) if len(a) else np.empty(0, dtype=np.int64)
    parent = np.arange(len(nodes))
    ia, ib = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
    links = parent.tolist()

    def find(x: int) -> int:
        root = x
        while links[root] != root:
            root = links[root]
        while links[x] != root:
            links[x], x = root, links[x]
        return root

    for x, y in zip(ia.tolist(), ib.tolist(), strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:  # the smaller index (the smaller key: nodes are sorted) becomes the root
            links[max(rx, ry)] = min(rx, ry)
    roots = np.array([find(x) for x in range(len(nodes))], dtype=np.int64)
    return nodes, nodes[roots] if len(nodes) else nodes


def _grouped_sets(norms: Sequence[str], grouped: np.ndarray, k: int) -> list[np.ndarray]:
    """The shingle sets of the texts at the `grouped` positions of `norms` (an empty set at every
    other position: no pair of those texts is verified), made `SIGN_CHUNK` texts at a time: one
    vectorized pass over every grouped text of a 10,000-report corpus took ≈ 250 MB at once."""
    sets = [_EMPTY_SET] * len(norms)
    positions = grouped.tolist()
    for start in range(0, len(positions), SIGN_CHUNK):
        part = positions[start:start + SIGN_CHUNK]
        for position, found in zip(part, shingle_sets([norms[i] for i in part], k), strict=True):
            sets[position] = found
    return sets


_EMPTY_SET = np.empty(0, dtype=np.uint32)


class _ByRank:
    """The signatures of a `Signed` table indexed by the texts' ranks (what `matches` reads)."""

    def __init__(self, table: Signed, rows: np.ndarray) -> None:
        self.table, self.rows = table, rows

    def __getitem__(self, ranks: np.ndarray) -> np.ndarray:
        return self.table.gather(self.rows[ranks])


def _presigned_buckets(keys: np.ndarray, norms: list[str], table: Signed,
                       settings: LshSettings) -> tuple[np.ndarray, np.ndarray, _ByRank]:
    """`bucket_rows` of the texts (`keys`, `norms` in leader order, numbered by rank) from the
    signatures made ahead (perflint.textmatch.presign), those missing signed first, block by
    block: no matrix of every signature is made beside the table's."""
    missing = np.flatnonzero(table.rows(keys) < 0).tolist()
    table.add(keys[missing].tolist(), [norms[i] for i in missing])
    rows = table.rows(keys)
    starts = table.starts()
    rank_of_row = np.full(int(starts[-1]), -1, dtype=np.int64)
    rank_of_row[rows] = np.arange(len(keys), dtype=np.int64)
    size = len(keys) * band_split(settings)[0]
    # filled in place (the blocks' rows and their concatenation never coexist), ranks in 32 bits
    # (what `_distinct_rows` packs them into anyway)
    buckets, ranked = np.empty(size, dtype=np.int64), np.empty(size, dtype=np.int32)
    filled = 0
    for number, block in enumerate(table.blocks):
        ranks = rank_of_row[starts[number]:starts[number + 1]]
        mine = ranks >= 0  # the table may hold texts this analysis does not compare
        if mine.any():
            bucket, rank = bucket_rows(ranks[mine], block[mine], settings)
            buckets[filled:filled + len(bucket)], ranked[filled:filled + len(rank)] = bucket, rank
            filled += len(bucket)
    return buckets, ranked, _ByRank(table, rows)


def cluster_texts(texts: dict[int, str], counts: dict[int, int], settings: LshSettings,
                  signed: Signed | None = None) -> Clusters:
    """Every step above over one partition: the in-process clustering of distinct texts (key →
    norm), each with how often it occurs (key → count); `signed`: signatures made ahead, for
    some of the texts or all (any other texts it holds are left out)."""
    if len(texts) < 2:
        return Clusters({})
    keys = np.fromiter(texts, dtype=np.int64, count=len(texts))
    weights = np.fromiter((counts[k] for k in texts), dtype=np.int64, count=len(texts))
    order = np.lexsort((keys, -weights))  # leader order: most frequent first, then by key
    keys = keys[order]
    norms = list(texts.values())
    norms = [norms[i] for i in order.tolist()]
    sigs: np.ndarray | _ByRank
    if signed is not None:
        buckets, ranked, sigs = _presigned_buckets(keys, norms, signed, settings)
    else:
        sigs = signature_matrix(norms, settings)
        buckets, ranked = bucket_rows(np.arange(len(keys), dtype=np.int64), sigs, settings)
    pairs = candidate_pairs if len(buckets) <= SLICED_ROWS else sliced_candidate_pairs
    leader, member = pairs(buckets, ranked)
    del buckets, ranked
    passed = screened(leader, member, sigs, settings)
    # shingle sets only for the texts of the pairs that passed the screen (a fifth of the texts of
    # the bench corpus's candidate pairs): no other text's Jaccard index is computed
    sets = _grouped_sets(norms, np.unique(np.concatenate((leader[passed], member[passed]))), settings.shingle)
    found = verified(leader, member, passed, sets, settings)
    edges = list(zip(keys[leader[found]].tolist(), keys[member[found]].tolist(), strict=True))
    if not edges:
        return Clusters({})
    a, b = np.array(edges, dtype=np.int64).T
    nodes, labels = components(a, b)
    return Clusters(dict(zip(nodes.tolist(), labels.tolist(), strict=True)))
