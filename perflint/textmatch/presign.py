"""MinHash signatures made ahead, while a parallel run is still linting.

With `--jobs N` the parent lints beside its workers until the queue is empty, then runs the
corpus rules alone: whatever it does then, every other process waits for. Importing numpy and
signing each distinct paragraph text (perflint.textmatch.stages: shingles, then MinHash) was
≈ 0.2 s of that serial part per 1,000 `.txt` reports. A text's signature depends on the text and
three settings only, so the parent signs the texts it already holds (the run's shared table,
perflint.textmatch.corpus.shared_texts) in batches between files (`step`, called as each file
is done) while the workers lint; the analysis takes the signatures (`take`) and signs only the
texts still missing. The values are the ones it would have made, so the clusters are the same.

Only the parent of a parallel run signs ahead (`ahead`): with one process there is nothing to
overlap, and the workers' texts are held, and signed, in the parent. The signatures live in
the blocks they were made in, never copied into one matrix: they are the analysis's signature
matrix, so a 10,000-report run holds them once, as it did when they were made at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from perflint.textmatch.lsh import LshSettings

#: Texts signed per batch: numpy's cost per call is paid once per batch (≈ 50 ms of work, while a
#: worker holds up to two chunks of files, perflint.pool.PREFETCH). Smaller batches raised the
#: peak of a 10,000-report run's parent (measured: 488–492 MB with 512 or 2,048 texts a batch,
#: 476–482 with 8,192, 478 without signing ahead), likely because their temporaries, each too
#: small for the allocator to map apart, fragment the heap the run's other objects live in.
BATCH = 8192


@dataclass(frozen=True)
class Signing:
    """What a signature depends on besides its text (perflint.textmatch.lsh.LshSettings' part)."""

    shingle: int
    num_perm: int
    seed: int

    @classmethod
    def of(cls, settings: LshSettings) -> Signing:
        return cls(settings.shingle, settings.num_perm, settings.seed)


class Signed:
    """Signatures by text key, in the blocks they were made in (rows numbered across blocks in
    the order they were added)."""

    def __init__(self, signing: Signing) -> None:
        self.signing = signing
        self.keys: list[np.ndarray] = []  #: each block's text keys
        self.blocks: list[np.ndarray] = []  #: each block's signatures, one row per text

    def add(self, keys: Sequence[int], norms: Sequence[str]) -> None:
        """Sign `norms` (non-empty normalized texts, named by `keys`), `BATCH` at a time."""
        import numpy as np

        from perflint.textmatch.similarity import shingle_runs, signatures_of

        how = self.signing
        for start in range(0, len(norms), BATCH):
            part = norms[start:start + BATCH]
            hashes, counts = shingle_runs(part, how.shingle)
            self.blocks.append(np.ascontiguousarray(signatures_of(hashes, counts, how.num_perm, how.seed).T))
            self.keys.append(np.asarray(keys[start:start + BATCH], dtype=np.int64))

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The row of each key's signature, -1 for a key not signed here."""
        import numpy as np

        if not self.keys:
            return np.full(len(keys), -1, dtype=np.int64)
        signed = np.concatenate(self.keys)
        order = np.argsort(signed, kind="stable")
        ordered = signed[order]
        at = np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)
        return np.where(ordered[at] == keys, order[at], -1)

    def starts(self) -> np.ndarray:
        """The first row of each block, then the number of rows."""
        import numpy as np

        return np.cumsum([0, *(len(block) for block in self.blocks)], dtype=np.int64)

    def gather(self, rows: np.ndarray) -> np.ndarray:
        """The signatures of `rows` (rows of this table), one row each, in that order."""
        import numpy as np

        starts = self.starts()
        out = np.empty((len(rows), self.signing.num_perm), dtype=np.uint32)
        block_of = np.searchsorted(starts, rows, side="right") - 1
        for number in np.unique(block_of).tolist():
            mask = block_of == number
            out[mask] = self.blocks[number][rows[mask] - starts[number]]
        return out


#: Once the files left fall to 1/FLUSH_SHARE of the run's, the texts waiting are signed short of
#: a batch, and again each time they fall to 1/FLUSH_SHARE of those left then (a few small
#: blocks per run): the texts left for the analysis were up to a batch, signed after the workers
#: had finished (≈ 4,200 texts, 18 ms of the serial part of a 1,000-report run); now they are
#: the last file's.
FLUSH_SHARE = 4


@dataclass
class _Ahead:
    """The parent's signing during one parallel run: its process, what to sign with (from the
    first corpus rule that collects, `use`), the table, how many held texts were signed, and
    how few files left make the texts waiting be signed short of a batch."""

    pid: int
    flush_at: int
    signing: Signing | None = None
    table: Signed | None = None
    done: int = 0


_AHEAD: list[_Ahead] = []  # while a parallel run lints: its parent's state
_READY: list[Signed] = []  # after it: the table, until the analysis takes it


@contextmanager
def ahead(files: int) -> Iterator[None]:
    """For the block (the linting of a parallel run of `files` files, in its parent): `step`
    signs ahead. Its table is kept for `take` afterwards (dropped if the block raises: the run is
    not analysed)."""
    _READY.clear()
    _AHEAD[:] = [_Ahead(os.getpid(), files // FLUSH_SHARE)]
    try:
        yield
        if _AHEAD[0].table is not None:
            _READY.append(_AHEAD[0].table)
    finally:
        _AHEAD.clear()


def use(settings: Callable[[], LshSettings]) -> None:
    """The settings of a corpus rule that collects paragraphs (asked for only while wanted): the
    first ones given are those the run signs ahead with (the analysis takes the table only if
    its own agree)."""
    if _AHEAD and _AHEAD[0].signing is None:
        _AHEAD[0].signing = Signing.of(settings())


def step(left: int) -> None:
    """Sign the held texts not signed yet, `BATCH` at a time, while at least a batch waits, and
    all of them once the files `left` to lint fall to the next flush (`FLUSH_SHARE`): in the
    parent of a parallel run once a corpus rule has collected; elsewhere, nothing."""
    if not _AHEAD:
        return
    state = _AHEAD[0]
    corpus = sys.modules.get("perflint.textmatch.corpus")
    texts = corpus.shared_texts() if corpus is not None and state.signing is not None else None
    if texts is None or os.getpid() != state.pid:
        return
    waiting = len(texts) - state.done
    if left <= state.flush_at and waiting:
        count, state.flush_at = waiting, left // FLUSH_SHARE
    else:
        count = waiting // BATCH * BATCH
    if not count:
        return
    items = list(islice(texts.items(), state.done, state.done + count))
    state.done += count
    if state.table is None:
        state.table = Signed(state.signing)
    state.table.add([key for key, _ in items], [norm for _, norm in items])


def take(settings: LshSettings) -> Signed | None:
    """The signatures made ahead, for an analysis with `settings` (None when there are none or
    they were made with other settings); given once, then let go."""
    table = _READY.pop() if _READY else None
    return table if table is not None and table.signing == Signing.of(settings) else None


def drop() -> None:
    """Let the signatures go (the corpus rules are done, or never took them)."""
    _READY.clear()
