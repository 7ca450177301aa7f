"""How near-duplicate paragraphs are found (`LshSettings`): the rules' options build it, the corpus
analysis (perflint.textmatch.corpus) passes it on, and the MinHash/LSH code
(perflint.textmatch.similarity) reads it. A plain record, so that none of them imports another for
it and naming it costs no numpy import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LshSettings:
    """How near-duplicates are found: shingle size, verified Jaccard threshold, MinHash size and
    the LSH band split (None: datasketch's choice for `candidate_threshold`)."""

    shingle: int = 3
    threshold: float = 0.7
    num_perm: int = 128
    candidate_threshold: float = 0.5
    false_negative_weight: float = 0.7
    bands: int | None = None
    rows: int | None = None
    seed: int = 1
