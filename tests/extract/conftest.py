"""Fixtures for the extraction tests: the report texts written for them, and their Reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract import extract_report, load_text_document
from perflint.model import Report

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def narrative() -> Report:
    """tests/extract/data/narrative_report.txt: numbered headings, figures inline."""
    return extract_report(load_text_document(DATA / "narrative_report.txt"))


@pytest.fixture(scope="session")
def tables() -> Report:
    """tests/extract/data/table_report.txt: Word tables flattened to tab/newline cells."""
    return extract_report(load_text_document(DATA / "table_report.txt"))
