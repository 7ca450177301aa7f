"""Helpers the format tests share: the office tests' comparison helpers, and the message every
loader gives for a missing, empty or oversized file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from perflint.loaders import InputError
from perflint.loaders.base import read_bytes

OFFICE_TESTS = Path(__file__).resolve().parents[1] / "office"


def office_helpers(name: str) -> ModuleType:
    """A module of tests/office (its helpers are reused here, not copied), loaded by path: the
    tests run with --import-mode=importlib, so test modules are not importable by name."""
    spec = importlib.util.spec_from_file_location(f"office_helpers_{name}", OFFICE_TESTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_bytes_refuses(path: Path) -> str:
    """The message every loader gives for a missing, empty or oversized file."""
    with pytest.raises(InputError) as caught:
        read_bytes(path)
    return caught.value.message
