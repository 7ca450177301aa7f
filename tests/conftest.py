"""Shared test fixtures: paths to the project's fixtures and to the seed reports (if present)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def seeds_dir() -> Path:
    """The three real reports in ../shared/seeds; tests using them skip in a user's clone."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return SEEDS
