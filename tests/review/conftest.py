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

from review_samples import SYNTHETIC, TITLE_REPORT, Cli, Run

from perflint.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """cli("check", "reports") → exit code and output; argparse's exits count as exit codes, any
    other exception fails the test (a user mistake must never be a traceback)."""

    def run(*args: str) -> Run:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


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
