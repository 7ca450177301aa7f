"""Driving the CLI against one hostile input beside two good reports.

Each attack test builds its attack file (the test code generates it; nothing hostile is stored
in the repository), puts it in a folder beside two good reports, runs `perflint check` on the
folder in a subprocess under an address-space limit and a time limit, and checks what issue 20
asks of every attack: the run ends in bounded time and memory, exits 2, names the attack file in
a PL000 (or the problem line on stderr), and the good reports' findings are exactly those of a
run without the attack.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

#: The two good reports every attack is run beside (the project's own fixtures).
GOOD_FILES = ("seed_000.yaml", "seed_001.yaml")

#: The address-space limit of every attack run: an attack that makes perflint allocate without
#: bound fails here as a MemoryError or a killed process, never by exhausting the machine.
MEMORY_LIMIT = 1 << 30

#: Seconds an attack run may take (the good files alone take about one second).
TIME_LIMIT = 60


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> dict:
        """The `--format json` document the run printed."""
        return json.loads(self.stdout)

    def findings(self, name: str) -> list[dict]:
        """The findings of the file whose path ends in `name` (no file: an AssertionError)."""
        for entry in self.json()["files"]:
            if Path(entry["path"]).name == name:
                return entry["findings"]
        raise AssertionError(f"{name} not in the output: {self.stdout[:2000]}\n{self.stderr[:2000]}")


def _limited(memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return apply


def run_perflint(args: Sequence[str], cwd: Path, *, memory: int = MEMORY_LIMIT,
                 timeout: float = TIME_LIMIT, env: dict[str, str] | None = None,
                 stdin: bytes | None = None) -> Outcome:
    """`python -m perflint ARGS` in `cwd`, under the memory limit; a run over `timeout` seconds
    fails the test (the process is killed)."""
    environment = {**os.environ, "PYTHONHASHSEED": "0", "LANG": "C.UTF-8", "NO_COLOR": "1",
                   **(env or {})}
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "perflint", *args], cwd=cwd, env=environment,
                              input=stdin, capture_output=True, timeout=timeout,
                              preexec_fn=_limited(memory))
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"perflint {' '.join(args)} ran over {timeout} s") from exc
    return Outcome(done.returncode, done.stdout.decode("utf-8", "replace"),
                   done.stderr.decode("utf-8", "replace"), time.monotonic() - start)


def good_folder(folder: Path) -> Path:
    """`folder` with the two good reports copied in (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD_FILES:
        shutil.copyfile(FIXTURES / name, folder / name)
    return folder


_GOOD_FINDINGS: dict[tuple[str, ...], dict[str, list[dict]]] = {}


def good_findings(tmp_path: Path, extra_args: Sequence[str] = ()) -> dict[str, list[dict]]:
    """The good reports' findings from a run without any attack (computed once per arguments)."""
    key = tuple(extra_args)
    if key not in _GOOD_FINDINGS:
        folder = good_folder(tmp_path / "_good_only")
        outcome = run_perflint(["check", "--format", "json", *extra_args, "."], folder)
        assert outcome.returncode == 1, outcome.stderr
        _GOOD_FINDINGS[key] = {name: outcome.findings(name) for name in GOOD_FILES}
    return _GOOD_FINDINGS[key]


def assert_contained(outcome: Outcome, attack: str, tmp_path: Path, *, extra_args: Sequence[str] = (),
                     where: str = "finding", words: Sequence[str] = ()) -> None:
    """What every attack must give: exit 2, the attack file named with a clear message (a PL000
    or PL001 finding on it: `where="finding"`; or a line on stderr naming it: `where="stderr"`)
    containing each of `words`, no traceback, and the good files' findings unchanged."""
    assert outcome.returncode == 2, (outcome.returncode, outcome.stderr[-3000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    if where == "finding":
        findings = outcome.findings(attack)
        assert findings and findings[0]["code"] in ("PL000", "PL001"), findings[:3]
        message = findings[0]["message"]
    else:
        lines = [line for line in outcome.stderr.splitlines() if attack in line]
        assert lines, outcome.stderr[-3000:]
        message = "\n".join(lines)
    for word in words:
        assert word in message, message
    expected = good_findings(tmp_path, extra_args)
    for name in GOOD_FILES:
        assert outcome.findings(name) == expected[name], name


def check_folder(folder: Path, *extra_args: str, **kwargs) -> Outcome:
    """`perflint check --format json [extra_args] .` in `folder`."""
    return run_perflint(["check", "--format", "json", *extra_args, "."], folder, **kwargs)
