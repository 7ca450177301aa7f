"""The new formats are discovered and usable from `perflint check --format NAME`."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import perflint.output as output_package
from perflint.cli import main
from perflint.output import BUILTIN_FORMATS
from perflint.testing import default_host

REPORT = "tests/output/reports/donghu-broken.yaml"


def test_formats_are_discovered() -> None:
    assert {"sarif", "github", "junit", "html", "xlsx"} <= set(default_host().formatters())


def test_every_format_module_is_in_the_builtin_table() -> None:
    """The lazily imported table names each module that declares a FORMAT, under that name."""
    declared = {}
    for info in pkgutil.iter_modules(output_package.__path__, output_package.__name__ + "."):
        module = importlib.import_module(info.name)
        if getattr(module, "FORMAT", None) and hasattr(module, "render"):
            declared[module.FORMAT] = info.name.rsplit(".", 1)[1]
    assert declared == BUILTIN_FORMATS


def test_a_check_imports_only_the_format_it_renders(at_root: Path) -> None:
    """Start-up cost: a JSON run must not import openpyxl (xlsx) or rich (text)."""
    probe = ("import sys; from perflint.cli import main; main(['check', %r, '--format', 'json']); "
             "print(sorted(m for m in ('openpyxl', 'rich', 'perflint.output.xlsx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe % REPORT], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


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


def test_json_written_file_by_file_is_the_indented_document(at_root: Path) -> None:
    """The JSON format renders one file at a time (memory); the text is exactly json.dumps of
    the whole document, with findings, without, and with no files at all."""
    from perflint.output import json_format
    from perflint.runner import FileResult, RunResult
    from perflint.testing import lint_paths

    linted = lint_paths([Path(REPORT), Path("fixtures/seed_004.yaml")])
    runs = [RunResult([*linted.files, FileResult(Path("clean.yaml"))], problems=["问题\n两行"]),
            RunResult([])]
    for run in runs:
        expected = json.dumps(json_format.to_document(run), ensure_ascii=False, indent=2) + "\n"
        assert json_format.render(run) == expected


def test_json_is_written_as_it_is_rendered_with_the_same_bytes(at_root: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`perflint check --format json` writes the pieces of `render_chunks` as they come (memory):
    the same bytes as `render`, on stdout and with -o; a piece that fails is one line naming the
    format, exit 2, never a traceback."""
    from perflint.output import json_format
    from perflint.testing import lint_paths

    paths = [REPORT, "fixtures/seed_004.yaml"]
    expected = json_format.render(lint_paths([Path(p) for p in paths]))
    assert main(["check", *paths, "--format", "json"]) == 1
    assert capsys.readouterr().out == expected
    target = tmp_path / "out.json"
    assert main(["check", *paths, "--format", "json", "-o", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == expected

    def broken(*_args, **_kwargs):
        yield "{"
        raise RuntimeError("boom")

    monkeypatch.setattr(json_format, "render_chunks", broken)
    assert main(["check", *paths, "--format", "json", "-o", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "json" in err and "boom" in err and "Traceback" not in err
