"""Fixtures of the command-line tests: each test drives `perflint.cli.main` as a user would, on
report files written into its own folder (the reports are in cli_reports.py)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

# The tests import cli_reports as a sibling module; pytest's importlib mode does not put test
# folders on sys.path, so this conftest (always loaded first) does.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from cli_reports import REPORT, Cli, Run

from perflint.cli import main


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """cli("check", "a.txt", stdin=b"...") → the exit code and what was printed. argparse's own
    errors (SystemExit) count as exit codes too; any other exception fails the test, which is
    what "no traceback for a user mistake" means in-process."""

    def run(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with `report.txt` (PL103 and PL502), the current directory of the test."""
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
