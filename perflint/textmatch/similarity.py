"""Near-duplicate paragraphs: normalization, character shingles, MinHash signatures, LSH banding.

Why this shape:

* **What counts as the same paragraph.** Two units' copies of a template differ in the unit's
  name, its self-reference (我单位 / 我中心 / 本局), the year, and in punctuation, spacing and
  list numbering. `normalize` removes exactly those differences (whitespace, punctuation and
  numbering dropped, years become `0`, self-references and the report's own unit name become
  `本`; figures: see below), and what is left is compared as a set of character n-grams
  (shingles, n = 3 by default).
  Resemblance is the Jaccard index of the two sets; a reference template is matched by
  containment (how much of the template the paragraph contains).
* **Linear cost.** Paragraphs are first grouped by their normalized text (exact copies cost one
  dictionary entry), then each distinct text gets a MinHash signature and LSH banding proposes
  candidate pairs: only paragraphs that agree on every row of some band are compared (each
  band bucket's most frequent text with its other members: perflint.textmatch.stages), so the
  work grows with the number of paragraphs, not with its square. Candidates are then verified
  with the *exact* Jaccard index of their shingle sets, so LSH decides only what is compared,
  never what is reported.
* **datasketch's MinHash LSH, vectorized.** Signatures are datasketch's `MinHash` values
  (scheme ``affine32``: MurmurHash3 finalizer, then ``a·h + b mod 2³²`` with datasketch's
  permutation parameters for the seed, the shingle's 32-bit hash standing in for ``hashfunc``),
  and the band/row split is the one datasketch's `MinHashLSH` chooses for the threshold and
  weights (same error integrals). Both are reproduced here with numpy and tests/text check them
  against datasketch itself, because using datasketch directly costs more than the linting:
  `import datasketch` pulls in scipy (≈1 s CPU, several seconds cold), and one Python `MinHash`
  plus one `MinHashLSH.insert` per paragraph costs ≈0.25 ms and ≈5 kB, i.e. minutes and several
  GB on a 10,000-report corpus. Here signatures are computed for thousands of paragraphs per
  numpy call and bands are bucketed by sorting 64-bit band keys.
* **Figures are facts.** Digits are canonicalized, not erased: a year (`2021年`) and list
  numbering (`1、`, `（2）`) are masked because copies differ in them, but other figures stay, so
  "全年预算数为2113.16万元" and "全年预算数为987.65万元", the same wording with each unit's own
  figures, are different paragraphs, not a shared template.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from perflint.textmatch.arrays import np

if TYPE_CHECKING:
    from perflint.textmatch.lsh import LshSettings

_MIX = np.uint32(0x9E3779B1)  # golden-ratio multiplier for the rolling shingle hash
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_STEPS = 256  # Simpson intervals for the LSH error integrals
#: Shingles per signature chunk (`signatures_of`): the (perms × shingles) block, 1.5 MB at 128
#: permutations, stays within a core's L2 cache. Signing the 12,420 texts of the bench corpus
#: (1,000 reports) on the 2-core bench machine took 59 ms with 8,192, 48 with 4,096, 43 with 3,072,
#: and 103 with 2,048 or fewer (numpy's broadcast multiply is far slower on rows that short).
_CHUNK_SHINGLES = 3072


def _fmix32(h: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX
    h = h ^ (h >> s1)
    h = h * m1
    h = h ^ (h >> s2)
    h = h * m2
    return h ^ (h >> s3)


def shingle_hashes(norm: str, k: int = 3) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the character k-grams of a normalized text.

    A text shorter than k is one shingle. Hashing is a rolling multiply-xor over code points,
    done for all positions at once.
    """
    if not norm:
        return np.empty(0, dtype=np.uint32)
    points = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    width = min(k, len(points))
    count = len(points) - width + 1
    h = points[:count].copy()
    for j in range(1, width):
        h = (h * _MIX) ^ points[j:j + count]
    return np.unique(h)


def shingle_sets(norms: Sequence[str], k: int = 3) -> list[np.ndarray]:
    """`shingle_hashes` of many texts with one vectorized pass and one sort for all of them."""
    out: list[np.ndarray] = [np.empty(0, dtype=np.uint32)] * len(norms)
    long_ids = [i for i, n in enumerate(norms) if len(n) >= k]
    for i, norm in enumerate(norms):
        if 0 < len(norm) < k:
            out[i] = shingle_hashes(norm, k)
    if not long_ids:
        return out
    texts = [norms[i] for i in long_ids]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    count = len(points) - k + 1
    h = points[:count].copy()
    for j in range(1, k):
        h = (h * _MIX) ^ points[j:j + count]
    ends = np.cumsum(lengths)
    starts = ends - lengths
    per_text = lengths - k + 1
    owner = np.repeat(np.arange(len(texts), dtype=np.uint64), per_text)
    valid = (np.repeat(starts, per_text) + np.arange(int(per_text.sum())) - np.repeat(
        np.cumsum(per_text) - per_text, per_text))
    keys = (owner << np.uint64(32)) | h[valid].astype(np.uint64)
    keys.sort()
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    keys = keys[keep]
    bounds = np.searchsorted(keys >> np.uint64(32), np.arange(len(texts) + 1, dtype=np.uint64))
    values = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    for n, i in enumerate(long_ids):
        out[i] = values[bounds[n]:bounds[n + 1]]
    return out


def shingle_runs(norms: Sequence[str], k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The shingle hashes of many non-empty texts, one text's after the other, each text's as
    `shingle_hashes` makes them but neither sorted nor made distinct; and how many each text has.

    That is all a MinHash signature needs (`signatures_of`): a minimum over a text's shingles does
    not depend on their order or repetition. Sorting every shingle of every text into sets
    (`shingle_sets`) was about half the cost of signing a corpus's texts, and only the texts of
    candidate pairs need their sets (for the exact Jaccard index)."""
    lengths = np.fromiter(map(len, norms), dtype=np.int64, count=len(norms))
    if not len(norms) or int(lengths.min()) < k:  # a text shorter than a shingle is one shingle
        sets = shingle_sets(norms, k)
        hashes = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint32)
        return hashes, np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    points = np.frombuffer("".join(norms).encode("utf-32-le"), dtype=np.uint32)
    count = len(points) - k + 1
    h = points[:count].copy()
    for j in range(1, k):
        h = (h * _MIX) ^ points[j:j + count]
    if k > 1 and len(norms) > 1:  # the k - 1 shingles before each join straddle two texts
        joins = np.cumsum(lengths[:-1])
        keep = np.ones(count, dtype=bool)
        for j in range(1, k):
            keep[joins - j] = False
        h = h[keep]
    return h, lengths - (k - 1)


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters (a odd, b) for `num_perm` and `seed`:
    the same draws from `numpy.random.RandomState(seed)` as `datasketch.MinHash._init_permutations`."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signatures(shingle_sets: Sequence[np.ndarray], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signatures of many shingle sets at once, one *column* per set (num_perm × n), equal
    to datasketch's `MinHash` (scheme affine32) fed the same 32-bit hashes. Sets must be non-empty."""
    if not len(shingle_sets):
        return np.empty((num_perm, 0), dtype=np.uint32)
    lengths = np.fromiter((len(x) for x in shingle_sets), dtype=np.int64, count=len(shingle_sets))
    return signatures_of(np.concatenate(shingle_sets), lengths, num_perm, seed)


def signatures_of(hashes: np.ndarray, lengths: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """`signatures` of the texts whose shingle hashes `hashes` lists one text after the other,
    `lengths[i]` of them for text i (at least one each; repeated hashes change nothing)."""
    a, b = permutations(num_perm, seed)
    a, b = a[:, None], b[:, None]
    n = len(lengths)
    out = np.empty((num_perm, n), dtype=np.uint32)
    if not n:
        return out
    ends = np.cumsum(lengths)
    starts = ends - lengths
    hashed = _fmix32(hashes)
    buffer = np.empty((num_perm, max(_CHUNK_SHINGLES, int(lengths.max()))), dtype=np.uint32)
    first = 0
    while first < n:
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + _CHUNK_SHINGLES, side="right")))
        low, high = int(starts[first]), int(ends[last - 1])
        view = buffer[:, : high - low]
        np.multiply(a, hashed[None, low:high], out=view)
        view += b
        out[:, first:last] = np.minimum.reduceat(view, starts[first:last] - low, axis=1)
        first = last
    return out


def _error_integrals(threshold: float, num_perm: int) -> tuple[np.ndarray, ...]:
    """For every (b, r) with b·r ≤ num_perm: the false-positive and false-negative areas that
    datasketch's `_optimal_param` integrates (with scipy.quad; here Simpson's rule)."""
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([p[0] for p in pairs], dtype=float)[:, None]
    rows = np.array([p[1] for p in pairs], dtype=float)[:, None]

    def simpson(low: float, high: float, f) -> np.ndarray:
        x = np.linspace(low, high, _STEPS + 1)
        y = f(x[None, :])
        weights = np.ones(_STEPS + 1)
        weights[1:-1:2], weights[2:-1:2] = 4, 2
        return (y * weights).sum(axis=1) * (high - low) / (3 * _STEPS)

    def collide(s):
        return 1 - (1 - s ** rows) ** bands

    fp = simpson(0.0, threshold, collide)
    fn = simpson(threshold, 1.0, lambda s: 1 - collide(s))
    return bands[:, 0].astype(int), rows[:, 0].astype(int), fp, fn


@lru_cache(maxsize=32)
def lsh_params(threshold: float, num_perm: int, false_negative_weight: float) -> tuple[int, int]:
    """(bands, rows) as datasketch's `MinHashLSH(threshold, num_perm, weights=(1-w, w))` chooses
    them: the split minimizing the weighted false-positive and false-negative areas."""
    bands, rows, fp, fn = _error_integrals(threshold, num_perm)
    error = fp * (1.0 - false_negative_weight) + fn * false_negative_weight
    best = int(np.argmin(error))
    return int(bands[best]), int(rows[best])


def band_split(settings: LshSettings) -> tuple[int, int]:
    """The settings' (bands, rows): as given, or datasketch's choice for `candidate_threshold`."""
    if settings.bands and settings.rows:
        return settings.bands, settings.rows
    return lsh_params(settings.candidate_threshold, settings.num_perm, settings.false_negative_weight)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard index of two sorted distinct hash arrays."""
    if not len(a) or not len(b):
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (len(a) + len(b) - common)
