"""User-written regular expressions: RE2, validated once, and what a match quotes.

Patterns that come from options and rulesets (PL506's placeholders, the declarative `pattern`
kind, `~=` filters of selectors, a conditional's `matches`) are RE2 expressions: linear time,
so no pattern can hang a run. A match quotes its group 1 when the pattern has groups (so a
pattern can require context it does not quote: `(?:^|[^A-Za-z])(XX)`), else the whole match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import re2


@lru_cache(maxsize=256)
def compile_re2(regex: str) -> Any:
    """The compiled RE2 pattern (once per run: RE2 objects are immutable); raises ValueError
    with RE2's reason when `regex` is not valid RE2 syntax."""
    try:
        return re2.compile(regex)
    except re2.error as exc:
        raise ValueError(f"not a valid RE2 expression: {exc}") from None


def valid_re2(regex: str) -> str:
    """`regex` itself when it compiles in RE2 (a pydantic field validator), else ValueError."""
    compile_re2(regex)
    return regex


def quoted_matches(patterns: Iterable[Any], text: str) -> Iterator[tuple[int, int, Any]]:
    """(start, end, pattern) of what each pattern's matches in `text` quote: group 1 when the
    pattern has groups, else the whole match. A range already quoted by an earlier pattern, or a
    group that did not take part in its match, is skipped."""
    seen: set[tuple[int, int]] = set()
    for pattern in patterns:
        group = 1 if pattern.groups >= 1 else 0
        for match in pattern.finditer(text):
            start, end = match.start(group), match.end(group)
            if start < 0 or (start, end) in seen:
                continue
            seen.add((start, end))
            yield start, end, pattern
