"""Fixtures of the command-line tests: each test drives `perflint.cli.main` as a user would, on
report files written into its own folder (the reports are in cli_reports.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The tests import cli_reports as a sibling module; pytest's importlib mode does not put test
# folders on sys.path, so this conftest (always loaded first) does.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_reports import REPORT

from tests.cli_driver import Cli, cli_runner


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """cli("check", "a.txt", stdin=b"...") → the exit code and what was printed (tests/cli_driver)."""
    return cli_runner(capsys, monkeypatch)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with `report.txt` (PL103 and PL502), the current directory of the test."""
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
