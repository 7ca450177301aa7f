"""Report kinds and form profiles: what a document is and how its region lays it out, as data.

- `kinds`: the fixed vocabulary of report kinds (`department-report`, `project-table`, …);
- `model`: the profile file format (validated with pydantic);
- `outline`: heading keys and the outline lookup extraction and PL501 share;
- `registry`: loading, `extends` resolution and detection (`ProfileSet.detect`).
"""

from perflint.profiles.kinds import KINDS, UNKNOWN, kind_label, normalize_kind
from perflint.profiles.registry import (
    Detection,
    Profile,
    ProfileError,
    ProfileSet,
    builtin_profiles,
)

__all__ = ["KINDS", "UNKNOWN", "Detection", "Profile", "ProfileError", "ProfileSet",
           "builtin_profiles", "kind_label", "normalize_kind"]
