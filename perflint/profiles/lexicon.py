"""A profile's lexicon at work: which role a figure's label names (预算数 → budget, 执行率 → rate).

Extraction asks for the role of every labelled figure, and labels recur within a report and
across reports (基本支出, 执行率), so each lexicon remembers its answers. The lexicon in force is
the one of the profile the document is read with (`label_roles_in_use`), so a province's
profile can add its own wordings without a line of Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from perflint.profiles.roles import LabelRoles

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
