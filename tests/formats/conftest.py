"""Shared by the format tests: their helpers module is imported as a sibling (pytest's importlib
mode does not put test folders on sys.path, so this conftest, always loaded first, does)."""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
