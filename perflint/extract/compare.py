"""Compare the figures of two Reports: what an extraction found against a hand-normalized fixture.

Used by the extraction tests (per-seed recall and precision, for .txt and Office files alike) and
usable to measure an extraction against a corrected `perflint extract` output.

A figure is identified by its value as written (digits and decimals kept: `21.20` ≠ `21.2`), its
unit, its comparator and whether it is a "no value" dash; words (`是`) by their text. Recall counts
each fixture figure once against a distinct extracted figure (a multiset match); precision counts
an extracted figure as supported when the fixture states the same figure somewhere. `role`
(the model field that holds the figure, e.g. `balance_sheets.assets.total`) gives the stricter,
placement-aware view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel

from perflint.model import Quantity, Report


@dataclass(frozen=True)
class Figure:
    key: tuple
    role: str
    literal: str
    quote: str | None

    @property
    def is_figure(self) -> bool:
        """A number or an explicit "no value" (`-`), not a phrase such as `是`."""
        return self.key[0] is not None or self.key[3]


def key(q: Quantity) -> tuple:
    """What identifies a figure: value as written, unit, comparator, nil; or the words."""
    value = str(q.value) if q.value is not None else None
    text = None if value is not None or q.nil else q.literal.strip()
    return (value, q.unit, q.comparator, q.nil, text)


def figures(report: Report) -> list[Figure]:
    found: list[Figure] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, Quantity):
            found.append(Figure(key(value), path, value.literal, value.span.quote if value.span else None))
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                if name != "span":
                    walk(getattr(value, name), f"{path}.{name}" if path else name)
        elif isinstance(value, list):
            for item in value:
                walk(item, path)

    walk(report, "")
    return found


@dataclass
class Comparison:
    expected: list[Figure]
    extracted: list[Figure]
    missing: list[Figure]
    unsupported: list[Figure]
    missing_in_place: list[Figure]

    @property
    def recall(self) -> float:
        return 1 - len(self.missing) / len(self.expected) if self.expected else 1.0

    @property
    def precision(self) -> float:
        return 1 - len(self.unsupported) / len(self.extracted) if self.extracted else 1.0

    @property
    def placed_recall(self) -> float:
        return 1 - len(self.missing_in_place) / len(self.expected) if self.expected else 1.0

    def summary(self, name: str) -> str:
        return (f"{name}: recall {self.recall:.1%} ({len(self.expected) - len(self.missing)}/"
                f"{len(self.expected)}), precision {self.precision:.1%} "
                f"({len(self.extracted) - len(self.unsupported)}/{len(self.extracted)}), "
                f"same place in the model {self.placed_recall:.1%}")


def _unmatched(wanted: list[Figure], pool: list[Figure], identify) -> list[Figure]:
    available = Counter(identify(f) for f in pool)
    missing = []
    for figure in wanted:
        if available[identify(figure)] > 0:
            available[identify(figure)] -= 1
        else:
            missing.append(figure)
    return missing


def compare(expected: Report, extracted: Report, *, only_figures: bool = True) -> Comparison:
    want = [f for f in figures(expected) if f.is_figure or not only_figures]
    got = [f for f in figures(extracted) if f.is_figure or not only_figures]
    missing = _unmatched(want, got, lambda f: f.key)
    known = {f.key for f in figures(expected)}
    unsupported = [f for f in got if f.key not in known]
    missing_in_place = _unmatched(want, got, lambda f: (f.key, f.role))
    return Comparison(want, got, missing, unsupported, missing_in_place)
