"""A profile's lexicon at work: which role a figure's label names (预算数 → budget, 执行率 → rate).

Extraction asks for the role of every labelled figure, and labels recur within a report and
across reports (基本支出, 执行率), so each lexicon remembers its answers. The lexicon in force is
the one of the profile the document is read with (`label_roles_in_use`), so a province's
profile can add its own wordings without a line of Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

GENERIC = "generic"
_SPACE = re.compile(r"\s")
#: A lexicon remembers this many labels; past it, it starts again (bounded memory on any input).
_MAX_REMEMBERED = 16384


class LabelRoles:
    """Label patterns → roles, tried in order; the first that matches decides."""

    __slots__ = ("_known", "_rules")

    def __init__(self, entries: tuple[tuple[str, str], ...]) -> None:
        self._rules = tuple((re.compile(pattern), role) for role, pattern in entries)
        self._known: dict[str, str] = {}

    def role_of(self, label: str) -> str:
        """The role `label` names, `generic` when no pattern matches."""
        known = self._known.get(label)
        if known is not None:
            return known
        compact = _SPACE.sub("", label)
        role = next((role for pattern, role in self._rules if pattern.search(compact)), GENERIC)
        if len(self._known) >= _MAX_REMEMBERED:
            self._known.clear()
        self._known[label] = role
        return role


_IN_USE: ContextVar[LabelRoles | None] = ContextVar("perflint_label_roles", default=None)


@contextmanager
def label_roles_in_use(roles: LabelRoles) -> Iterator[None]:
    """Classify labels with `roles` inside the block (extraction sets its profile's)."""
    token = _IN_USE.set(roles)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def label_roles() -> LabelRoles:
    """The lexicon in force: the profile's during extraction, else the national one."""
    roles = _IN_USE.get()
    if roles is None:
        from perflint.profiles.registry import builtin_profiles

        roles = builtin_profiles().get("national/base").label_roles
    return roles
