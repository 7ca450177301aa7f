"""No traceback for a user mistake, anywhere in the CLI (issue 17, item 5): every subcommand is
driven with bad paths, bad options and outputs it cannot write, and each answers with one
Chinese line naming the path or option, and exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_reports import CJK

from tests.cli_driver import Cli

#: (arguments, what the message must name). Paths are relative to the test's folder, which
#: holds report.txt, a folder `afolder/` (with a plugin folder `perflint-donghu/` in it),
#: `binary.bin` (not text) and `bad.yaml` (a config that is not YAML).
MISTAKES: list[tuple[list[str], str]] = [
    (["check", "report.txt", "-o", "missing/out.txt"], "missing/out.txt"),
    (["check", "report.txt", "-o", "afolder"], "afolder"),
    (["check", "report.txt", "-o", "report.txt/out.txt"], "report.txt/out.txt"),
    (["check", "report.txt", "--format", "html", "-o", "missing/r.html"], "missing/r.html"),
    (["check", "report.txt", "--write-baseline", "missing/b.json"], "--write-baseline"),
    (["check", "report.txt", "--write-baseline", "afolder"], "--write-baseline"),
    (["check", "report.txt", "--baseline", "missing.json"], "missing.json"),
    (["check", "report.txt", "--baseline", "afolder"], "afolder"),
    (["check", "report.txt", "--baseline", "report.txt"], "report.txt"),
    (["check", "report.txt", "--baseline", "binary.bin"], "binary.bin"),
    (["check", "report.txt", "--config", "missing.yaml"], "missing.yaml"),
    (["check", "report.txt", "--config", "missing/pyproject.toml"], "missing/pyproject.toml"),
    (["check", "report.txt", "--config", "afolder"], "afolder"),
    (["check", "report.txt", "--config", "bad.yaml"], "bad.yaml"),
    (["check", "report.txt", "--format", "nope"], "--format nope"),
    (["check", "report.txt", "--format", "xlsx"], "-o"),
    (["check", "report.txt", "--select", "PL9Z9"], "PL9Z9"),
    (["check", "report.txt", "--ignore", "no-such-rule"], "no-such-rule"),
    (["check", "report.txt", "--extend-select", "PL9Z9"], "--extend-select"),
    (["check", "report.txt", "--ruleset", "nope"], "nope"),
    (["check", "report.txt", "--statistics", "--format", "sarif"], "--statistics"),
    (["check", "report.txt", "-"], "-"),
    (["check", "report.txt", "--stdin-filename", "x.txt"], "--stdin-filename"),
    (["check"], "-"),
    (["check", "report.txt", "--fail-on", "fatal"], "--fail-on"),
    (["check", "report.txt", "--bogus"], "--bogus"),
    (["fix", "report.txt", "--config", "missing.yaml"], "missing.yaml"),
    (["fix", "report.txt", "--select", "PL9Z9"], "PL9Z9"),
    (["fix", "missing.yaml"], "missing.yaml"),
    (["extract", "report.txt", "-o", "missing/x.yaml"], "missing/x.yaml"),
    (["extract", "report.txt", "-o", "afolder"], "afolder"),
    (["extract", "missing.txt"], "missing.txt"),
    (["extract", "afolder"], "afolder"),
    (["extract", "binary.bin"], "binary.bin"),
    (["extract", "report.txt", "--config", "missing.yaml"], "missing.yaml"),
    (["extract", "report.txt", "--profile", "nope/x"], "nope/x"),
    (["rules", "--config", "missing.yaml"], "missing.yaml"),
    (["rules", "--ruleset", "nope"], "nope"),
    (["rules", "--format", "yaml"], "--format"),
    (["rule", "PL999"], "PL999"),
    (["rule", "PL101", "--config", "afolder"], "afolder"),
    (["rulesets", "--config", "missing.yaml"], "missing.yaml"),
    (["profiles", "--config", "missing.yaml"], "missing.yaml"),
    (["plugins", "--config", "bad.yaml"], "bad.yaml"),
    (["new-plugin", "donghu", "--dir", "report.txt"], "report.txt"),
    (["new-plugin", "donghu", "--dir", "report.txt/sub"], "report.txt/sub"),
    (["new-plugin", "donghu", "--dir", "afolder"], "perflint-donghu"),
    (["new-plugin", "Bad_Name"], "Bad_Name"),
    (["schema", "extra"], "extra"),
    (["review", "report.txt"], "--list"),
    (["review", "report.txt", "--list", "--review", "missing.yaml"], "missing.yaml"),
    (["review", "report.txt", "--list", "--review", "bad.yaml"], "bad.yaml"),
    (["review", "report.txt", "--decide", "xyz", "--decision", "误报"], "--decide xyz"),
    (["review", "report.txt", "--decide", "abcdef", "--decision", "maybe", "--reviewer", "张三"],
     "--decision maybe"),
    (["review", "report.txt", "--decide", "abcdef", "--decision", "确认", "--reviewer", "张三",
      "--review", "missing/r.yaml"], "missing/r.yaml"),
    (["check", "report.txt", "--review", "missing.yaml"], "missing.yaml"),
    (["check", "report.txt", "--review", "afolder"], "afolder"),
    (["trust"], "perflint.yaml"),
    (["trust", "missing.yaml"], "missing.yaml"),
    (["trust", "bad.yaml"], "bad.yaml"),
    (["trust", "afolder"], "afolder"),
    (["check", "report.txt", "--corpus", "afolder"], "afolder"),
    (["check", "report.txt", "--corpus", "missing"], "missing"),
    (["corpus"], "build"),
    (["corpus", "build", "report.txt"], "-o"),
    (["corpus", "build", "report.txt", "-o", "afolder"], "afolder"),
    (["corpus", "build", "report.txt", "-o", "report.txt"], "report.txt"),
    (["corpus", "build", "report.txt", "-o", "missing/corpus"], "missing/corpus"),
    (["corpus", "build", "binary.bin", "-o", "corpus"], "binary.bin"),
    (["nope"], "nope"),
]
if Path("/dev/full").exists():  # a write the system refuses after the checks passed (disk full)
    MISTAKES.append((["check", "report.txt", "-o", "/dev/full"], "/dev/full"))


@pytest.fixture
def folder(work: Path) -> Path:
    (work / "afolder" / "perflint-donghu").mkdir(parents=True)
    (work / "binary.bin").write_bytes(b"\x00\xff\xfePK\x03\x04" * 10)
    (work / "bad.yaml").write_text("select: [PL1\n", encoding="utf-8")
    return work


@pytest.mark.parametrize(("args", "named"), MISTAKES, ids=lambda value: " ".join(value)
                         if isinstance(value, list) else None)
def test_a_mistake_is_one_chinese_line_and_exit_2(cli: Cli, folder: Path, args: list[str],
                                                  named: str) -> None:
    before = sorted(path.relative_to(folder) for path in folder.rglob("*"))
    run = cli(*args, stdin=b"")
    assert run.code == 2, run.err
    assert "Traceback" not in run.out + run.err
    message = run.err.strip().splitlines()[-1]
    assert CJK.search(message), message
    assert named in message, message
    assert sorted(path.relative_to(folder) for path in folder.rglob("*")) == before  # nothing written


def test_every_subcommand_is_driven(cli: Cli) -> None:
    """`perflint --help` lists the subcommands; each one has mistakes in MISTAKES."""
    listed = re.search(r"\{([a-z,-]+)\}", cli("--help").out)
    assert listed is not None
    assert set(listed.group(1).split(",")) <= {args[0] for args, _ in MISTAKES}


@pytest.mark.parametrize("args", [["check", "report.txt", "-o", "missing/out.txt"],
                                  ["check", "report.txt", "--format", "nope"],
                                  ["check", "report.txt", "--select", "PL9Z9"],
                                  ["check", "report.txt", "--baseline", "missing.json"]])
def test_english_with_lang_en(cli: Cli, work: Path, args: list[str]) -> None:
    run = cli(*args, "--lang", "en")
    assert run.code == 2 and not CJK.search(run.err), run.err
