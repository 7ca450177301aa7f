"""`perflint --version` and `--help` answer before configuration, plugins and pydantic load: a
pre-commit hook or a shell completion asking for them should not pay for a whole run's start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pydantic", "rich", "ruamel", "pluggy", "perflint.config", "perflint.host",
         "perflint.profiles.registry", "perflint.runner")
PROBE = ("import sys; from perflint.cli import main\n"
         "try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
         "print('LOADED', sorted(m for m in {heavy!r} if m in sys.modules))")


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["check", "--help"], ["review", "--help"],
                                  ["--lang", "en", "--help"]])
def test_version_and_help_load_nothing_heavy(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "LOADED []", done.stdout + done.stderr
    assert "用法" in done.stdout or "usage" in done.stdout or "perflint " in done.stdout
