"""Report kinds and form profiles: what a document is and how its region lays it out, as data.

- `kinds`: the fixed vocabulary of report kinds (`department-report`, `project-table`, …);
- `model`: the profile file format (validated with pydantic);
- `outline`: heading keys and the outline lookup extraction and PL501 share;
- `registry`: loading, `extends` resolution and detection (`ProfileSet.detect`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from perflint.profiles.kinds import KINDS, UNKNOWN, kind_label, normalize_kind

if TYPE_CHECKING:
    from perflint.profiles.registry import Detection, Profile, ProfileError, ProfileSet, builtin_profiles

__all__ = ["KINDS", "UNKNOWN", "Detection", "Profile", "ProfileError", "ProfileSet",
           "builtin_profiles", "kind_label", "normalize_kind"]

#: Names of `registry` (which loads pydantic and the profile files' schema), imported when first
#: used: the command line names the kinds in its help without loading any of it.
_REGISTRY = frozenset({"Detection", "Profile", "ProfileError", "ProfileSet", "builtin_profiles"})


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        from perflint.profiles import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
