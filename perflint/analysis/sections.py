"""What a section is for: its role in the form profile, else the words of its heading.

Extraction gives each section whose heading names an outline heading of the report's form profile
a `role` (`problems`, `measures`, `satisfaction` …, perflint.profiles.model.ROLES), whatever the
region's wording. Rules ask the role. Only a section without one (a sub-heading of the report's
own, normalized YAML written by hand) is recognized by keywords in its heading, compared on the
heading key (perflint.profiles.outline.heading_key: no numbering, `（单位）`, punctuation or spaces).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from perflint.model import Section
from perflint.profiles.model import ROLES
from perflint.profiles.outline import heading_key

#: The roles of the sections that analyse problems or state measures.
PROBLEMS_MEASURES = ("problems", "measures", "problems-measures")


def heading_has(heading: str, keywords: Iterable[str]) -> bool:
    """Whether any keyword occurs in the heading, both compared by their heading keys."""
    return _heading_has(heading, tuple(keywords))


@lru_cache(maxsize=8192)
def _heading_has(heading: str, keywords: tuple[str, ...]) -> bool:
    key = heading_key(heading)
    return any(k and k in key for k in map(heading_key, keywords))


def section_is(section: Section, roles: Iterable[str], keywords: Iterable[str]) -> bool:
    """Whether the section is one of `roles`; by its heading's `keywords` when it has no role."""
    if section.role is not None:
        return section.role in roles
    return heading_has(section.heading.text, keywords)


def known_roles(roles: list[str]) -> list[str]:
    """`roles` when each is a role of perflint.profiles.model.ROLES (an option's validator)."""
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise ValueError(f"unknown section role(s) {', '.join(unknown)}; known: {', '.join(ROLES)}")
    return roles
