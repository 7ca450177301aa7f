"""Fixtures of the review-decision tests: a folder of reports as an auditor has it (the current
directory of the test), and the command line driven in-process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The tests import review_samples as a sibling module; pytest's importlib mode does not put test
# folders on sys.path, so this conftest (always loaded first) does.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_samples import SYNTHETIC, TITLE_REPORT

from tests.cli_driver import Cli, cli_runner


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """cli("check", "reports") → exit code and output (tests/cli_driver)."""
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`reports/甲县.txt` (PL103, PL502) and `reports/乙县.txt` (PL103, PL201 ×2, PL602 ×2), the
    test's current directory."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "甲县.txt").write_text(TITLE_REPORT, encoding="utf-8")
    (reports / "乙县.txt").write_text(SYNTHETIC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
