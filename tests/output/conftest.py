"""Fixtures for the output-format tests (the samples themselves are in output_samples.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The tests import their shared samples as a sibling module; pytest's importlib mode does not put
# test folders on sys.path, so this conftest (always loaded first) does.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from output_samples import ROOT, sample_run

from perflint.runner import RunResult


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so report paths (and the paths shown) are relative."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def run_zh(at_root: Path) -> RunResult:
    return sample_run("zh")


@pytest.fixture
def run_en(at_root: Path) -> RunResult:
    return sample_run("en")
