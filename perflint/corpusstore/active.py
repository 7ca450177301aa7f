"""The reference corpus of the run in progress, for the corpus rules.

The runner makes a run's reference corpus current while its corpus rules run (`referenced`), as
perflint.limits makes the run's limits current; PL607 and PL608 continue the run's reports with
the reference's (`with_reference`) and report on the run's only. Nothing here imports pyarrow.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perflint.corpusstore.store import ReferenceCorpus
    from perflint.textmatch.corpus import ReportParagraphs

_CURRENT: contextvars.ContextVar[ReferenceCorpus | None] = contextvars.ContextVar(
    "perflint_reference_corpus", default=None)


@contextlib.contextmanager
def referenced(corpus: ReferenceCorpus | None) -> Iterator[None]:
    """Make `corpus` (None: none) the reference of the code inside the block."""
    token = _CURRENT.set(corpus)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def reference_size() -> int:
    """How many reports the current reference corpus adds to a corpus rule's work."""
    corpus = _CURRENT.get()
    return len(corpus.paths) if corpus is not None else 0


def with_reference(reports: Sequence[tuple[Path, ReportParagraphs]], code: str,
                   options: Any) -> list[tuple[Path, ReportParagraphs]]:
    """The run's reports followed by the current reference corpus's (those that are not also run
    files), for a rule whose paragraph options are `options`; the run's alone without one."""
    corpus = _CURRENT.get()
    if corpus is None:
        return list(reports)
    return [*reports, *corpus.reports_for(code, options, (path for path, _ in reports))]
