"""Driving `perflint.cli.main` in-process as a user would: the one runner behind the `cli`
fixtures of tests/cli and tests/review."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from perflint.cli import main


@dataclass
class Run:
    """What a command printed, and its exit code."""

    code: int
    out: str
    err: str


Cli = Callable[..., Run]


def cli_runner(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
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
