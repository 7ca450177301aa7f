"""The pre-commit hooks in .pre-commit-hooks.yaml, run by pre-commit itself against a small repo.

pre-commit installs perflint from a git repository into its own virtualenv (pip, from PyPI), so
this test needs network access and takes a minute or two. It is skipped when pre-commit is not
installed or the environment cannot be built (offline); each pre-commit call is bounded by
PERFLINT_PRECOMMIT_TIMEOUT seconds (default 600), and a call that runs out of time skips too.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "tests" / "fix" / "data" / "commented.yaml"
#: the figures that PL103, PL104 and PL107 find wrong in REPORT, and what they should be
FIXES = (("share: '96.69%'", "share: '96.96%'"), ("debt_ratio: 75.2%", "debt_ratio: 72.5%"),
         ('rate: "126.59%"', 'rate: "146.55%"'))
TIMEOUT = float(os.environ.get("PERFLINT_PRECOMMIT_TIMEOUT", "600"))
#: what pip prints when PyPI cannot be reached: then the test skips rather than fails
OFFLINE_MARKERS = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                   "No matching distribution found", "Could not find a version", "ProxyError",
                   "ConnectTimeout", "Read timed out", "Connection refused", "Name or service not known")
#: files that make up the package when the repo is not a git checkout
PACKAGE_FILES = ("pyproject.toml", "setup.py", "README.md", ".pre-commit-hooks.yaml", "perflint", "rulesets")

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install pre-commit)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "perflint", "GIT_AUTHOR_EMAIL": "perflint@example.org",
           "GIT_COMMITTER_NAME": "perflint", "GIT_COMMITTER_EMAIL": "perflint@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def snapshot_of_the_working_tree(target: Path) -> str:
    """A git repo holding this checkout as it is now (uncommitted files included: pre-commit
    try-repo would leave untracked ones out), committed; returns its revision."""
    target.mkdir()
    try:
        listed = git("ls-files", "--cached", "--others", "--exclude-standard", cwd=ROOT).splitlines()
    except (subprocess.CalledProcessError, FileNotFoundError):
        listed = [str(p.relative_to(ROOT)) for name in PACKAGE_FILES for p in
                  ([ROOT / name] if (ROOT / name).is_file() else (ROOT / name).rglob("*"))]
    for name in listed:
        source = ROOT / name
        if source.is_file() and "__pycache__" not in source.parts:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "perflint snapshot", cwd=target)
    return git("rev-parse", "HEAD", cwd=target).strip()


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)
    try:
        result = subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env,
                                capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.skip(f"pre-commit {args[0]} took longer than {TIMEOUT:.0f}s (building its environment?)")
    output = result.stdout + result.stderr
    log = home / "pre-commit.log"
    if result.returncode == 3 and log.is_file():  # pre-commit's "unexpected error", e.g. pip failed
        output += log.read_text(encoding="utf-8", errors="replace")
    if result.returncode == 3 and any(marker in output for marker in OFFLINE_MARKERS):
        pytest.skip("pre-commit cannot build perflint's environment (no access to PyPI)")
    assert result.returncode != 3, output
    return result


def broken_and_fixed() -> tuple[str, str]:
    broken = REPORT.read_text(encoding="utf-8")
    fixed = broken
    for old, new in FIXES:
        assert fixed.count(old) == 1
        fixed = fixed.replace(old, new)
    return broken, fixed


def test_the_hooks_fail_on_a_broken_report_and_pass_on_the_fixed_one(tmp_path):
    revision = snapshot_of_the_working_tree(tmp_path / "perflint")
    broken, fixed = broken_and_fixed()
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    git("init", "-q", cwd=project)
    report = project / "reports" / "report.yaml"
    report.write_text(broken, encoding="utf-8")
    (project / "requirements.txt").write_text("numpy\n", encoding="utf-8")  # outside `files`
    git("add", "-A", cwd=project)

    # 1. the hook definition as pre-commit's own `try-repo` runs it
    tried = pre_commit("try-repo", str(tmp_path / "perflint"), "perflint", "--files", "reports/report.yaml",
                       cwd=project, home=tmp_path / "home-try")
    assert tried.returncode == 1, tried.stdout + tried.stderr
    for place in ("12:53 PL104", "17:17 PL107", "27:15 PL103"):
        assert f"reports/report.yaml:{place}" in tried.stdout, tried.stdout

    # 2. a project's .pre-commit-config.yaml using both hooks (one environment serves both)
    (project / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {(tmp_path / 'perflint').as_posix()}\n"
        f"    rev: {revision}\n"
        "    hooks:\n"
        "      - id: perflint\n"
        "        files: ^reports/\n"
        "      - id: perflint-folder\n"
        "        files: ^reports/\n"
        "        args: [reports/]\n", encoding="utf-8")
    git("add", "-A", cwd=project)
    home = tmp_path / "home"
    failing = pre_commit("run", "--all-files", cwd=project, home=home)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert failing.stdout.count("Failed") == 2, failing.stdout
    assert "requirements.txt" not in failing.stdout

    report.write_text(fixed, encoding="utf-8")
    git("add", "-A", cwd=project)
    passing = pre_commit("run", "--all-files", cwd=project, home=home)
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert passing.stdout.count("Passed") == 2, passing.stdout
