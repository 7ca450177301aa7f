"""Label patterns → roles: a compiled lexicon, as a profile defines it.

Apart from `perflint.profiles.lexicon` (which finds the lexicon in force, falling back to the
national profile through the registry) so that the registry can compile lexicons without
importing the module that imports it.
"""

from __future__ import annotations

import re

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
