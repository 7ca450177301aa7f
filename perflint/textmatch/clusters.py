"""What the corpus analysis makes of its clusters, without numpy: a clustering's labels, and a
cluster's occurrences turned into outcomes.

Apart from perflint.textmatch.stages (which imports numpy, ≈ 0.1 s of CPU) so that a warm
`--cache` run, whose clustering is read from the cache (perflint.textmatch.corpus
`clusters_kept_by`), never imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: how many other reports a finding names at most
LISTED = 8


def cluster_rows(rows: Iterable[tuple[int, int, str]], same_unit: bool,
                 listed: int = LISTED) -> list[tuple[int, int, int, tuple[int, ...]]]:
    """One cluster's occurrences, (report, paragraph, unit) with reports numbered in corpus order,
    each as (report, paragraph, count, listed): how many other units' reports share the cluster
    (with `same_unit`: how many other reports, the same unit's too) and the first `listed` of
    them in corpus order (one per unit unless `same_unit`). A cluster met in one report only is
    shared with none."""
    rows = sorted(rows)
    reports: list[int] = []
    first_of_unit: dict[str, int] = {}  # unit → its first report, in corpus order
    for report, _, unit in rows:
        if not reports or reports[-1] != report:
            reports.append(report)
            first_of_unit.setdefault(unit, report)
    if len(reports) < 2:
        return [(report, paragraph, 0, ()) for report, paragraph, _ in rows]
    # who may be listed, as (owner, report): the first listed + 1 reports, or units (dict order:
    # in order of first report); a row lists them without its own owner, cut to `listed`
    heads = [(r, r) for r in reports] if same_unit else list(first_of_unit.items())
    heads = heads[: listed + 1]
    count = (len(reports) if same_unit else len(first_of_unit)) - 1
    anyone = tuple(r for _, r in heads[:listed])  # for a row whose owner is not among them
    without = {owner: tuple(r for o, r in heads if o != owner)[:listed] for owner, _ in heads}
    if same_unit:
        return [(report, paragraph, count, without.get(report, anyone)) for report, paragraph, _ in rows]
    return [(report, paragraph, count, without.get(unit, anyone)) for report, paragraph, unit in rows]


@dataclass(frozen=True, slots=True)
class Clusters:
    """The labels of the clustered texts (key → label); texts not listed are alone."""

    labels: dict[int, int]

    def label(self, key: int) -> int:
        return self.labels.get(key, key)
