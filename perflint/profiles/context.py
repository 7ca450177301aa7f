"""The run's extraction settings, for loaders that extract without being handed them.

The runner sets them around a loader's `load`, so any loader (perflint's or a plugin's) that
calls `perflint.extract.extract_report` reads the document with the run's profiles and the user's
`--kind`/`--profile` without passing them through the loader API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perflint.profiles.registry import ProfileSet


@dataclass(frozen=True)
class ExtractionSettings:
    """What a run tells extraction: every profile its plugins ship, and the user's overrides."""

    profiles: ProfileSet
    kind: str | None = None
    profile: str | None = None


_SETTINGS: ContextVar[ExtractionSettings | None] = ContextVar("perflint_extraction", default=None)


@contextmanager
def extraction_settings(settings: ExtractionSettings) -> Iterator[None]:
    """Extract with `settings` inside the block."""
    token = _SETTINGS.set(settings)
    try:
        yield
    finally:
        _SETTINGS.reset(token)


def current_settings() -> ExtractionSettings | None:
    return _SETTINGS.get()
