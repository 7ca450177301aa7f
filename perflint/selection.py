"""Which rules run: ruff's semantics, most specific selector wins.

A selector is a code, a code prefix (``PL1``, ``PL10``) or a rule name. For each rule the longest
matching selector in `select` is compared with the longest in `ignore`; the longer one decides,
and a tie goes to `ignore`. ``ALL`` selects every rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Selectable(Protocol):
    """What selection reads of a rule: a registered rule (perflint.host) has both without its
    class, so deciding which rules run imports none of their modules."""

    code: str
    name: str


def _match_length(rule: Selectable, selectors: Iterable[str]) -> int:
    best = -1
    for selector in selectors:
        token = selector.strip()
        if not token:
            continue
        if token.upper() == "ALL":
            best = max(best, 0)
        elif token == rule.name:
            best = max(best, 100)
        elif rule.code.startswith(token.upper()):
            best = max(best, len(token))
    return best


def is_selected(rule: Selectable, select: Iterable[str], ignore: Iterable[str]) -> bool:
    chosen = _match_length(rule, select)
    dropped = _match_length(rule, ignore)
    return chosen >= 0 and chosen > dropped


def unknown_selectors(selectors: Iterable[str], rules: Iterable[Selectable]) -> list[str]:
    """Selectors that match no rule at all: almost always a typo the user wants to hear about."""
    rules = list(rules)
    unknown = []
    for selector in selectors:
        token = selector.strip()
        if not token or token.upper() == "ALL":
            continue
        if not any(_match_length(rule, [token]) > 0 for rule in rules):
            unknown.append(token)
    return unknown
