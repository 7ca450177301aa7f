"""Which known paragraph (a template, a prescribed text) a new paragraph contains or is part of.

The reference corpus is small (a few hundred paragraphs) and a report has a handful of candidate
paragraphs, so plain Python sets answer exactly and fast: an inverted index from each character
k-gram (shingle) of the references to the references that have it, and one counting pass per
paragraph. No hashing, so no collisions, and no numpy: PL609 runs on every report, including the
single file of a pre-commit hook.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain


def shingles(norm: str, k: int = 3) -> set[str]:
    """The distinct character k-grams of a normalized text; a text shorter than k is one shingle."""
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i:i + k] for i in range(len(norm) - k + 1)}


@dataclass(frozen=True)
class RefMatch:
    """A paragraph's best match in a reference set: which entry, and how much of it is shared."""

    index: int
    containment: float  #: share of the reference's shingles found in the paragraph
    coverage: float  #: share of the paragraph's shingles found in the reference


class ReferenceIndex:
    """Exact containment of known paragraphs in new ones."""

    def __init__(self, texts: Iterable[str], shingle: int = 3) -> None:
        self.shingle = shingle
        self.sizes: list[int] = []
        self._postings: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            grams = shingles(text, shingle)
            self.sizes.append(len(grams))
            for gram in grams:
                self._postings.setdefault(gram, []).append(index)

    def __len__(self) -> int:
        return len(self.sizes)

    def best(self, norm: str) -> RefMatch | None:
        """The reference sharing most with the normalized paragraph, or None when nothing is shared.

        The best reference is the one with the largest containment (share of the reference found
        in the paragraph), ties broken by coverage (share of the paragraph found in the
        reference), then by the reference's order.
        """
        grams = shingles(norm, self.shingle)
        # shingles shared with each reference, counted in C (Counter over the posting lists)
        shared = Counter(chain.from_iterable(filter(None, map(self._postings.get, grams))))
        if not shared:
            return None
        sizes = self.sizes
        # one paragraph: its coverage grows with the count, so (containment, count) orders as
        # (containment, coverage) does
        ref = min(shared, key=lambda r: (-(shared[r] / max(sizes[r], 1)), -shared[r], r))
        count = shared[ref]
        return RefMatch(ref, count / max(sizes[ref], 1), count / len(grams))

    def best_many(self, norms: Sequence[str]) -> list[RefMatch | None]:
        return [self.best(norm) for norm in norms]
