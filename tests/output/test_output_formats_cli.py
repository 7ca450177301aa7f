"""The new formats are discovered and usable from `perflint check --format NAME`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.testing import default_host

REPORT = "tests/output/reports/donghu-broken.yaml"


def test_formats_are_discovered() -> None:
    assert {"sarif", "github", "junit", "html", "xlsx"} <= set(default_host().formatters())


@pytest.mark.parametrize("name", ["sarif", "github", "junit", "html"])
def test_text_formats_on_stdout(name: str, at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", REPORT, "--select", "PL101", "--format", name])
    out = capsys.readouterr().out
    assert code == 1  # PL101 errors
    assert "PL101" in out
    if name == "sarif":
        assert json.loads(out)["version"] == "2.1.0"


def test_xlsx_needs_an_output_file(at_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", REPORT, "--select", "PL101", "--format", "xlsx"]) == 2
    assert "-o" in capsys.readouterr().err
    target = tmp_path / "review.xlsx"
    assert main(["check", REPORT, "--select", "PL101", "--format", "xlsx", "-o", str(target)]) == 1
    assert target.read_bytes()[:2] == b"PK"
