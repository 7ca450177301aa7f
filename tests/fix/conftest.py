"""Helpers for the `perflint fix` tests: run the fix engine on files with the default ruleset."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from perflint.config import Config
from perflint.fix import fix_paths
from perflint.testing import prepared

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class FixRun:
    code: int
    out: str
    err: str


def config_for(select: list[str] | None = None, ignore: list[str] | None = None,
               lang: str = "zh") -> Config:
    """The default ruleset's configuration, as `perflint fix` would build it from the CLI."""
    _, base = prepared()
    return Config(select=select or ["ALL"], ignore=[*base.ignore, *(ignore or [])], lang=lang,
                  rule_options=dict(base.rule_options), severities=dict(base.severities),
                  ruleset=base.ruleset)


@pytest.fixture
def run_fix() -> Callable[..., FixRun]:
    """run_fix(paths, diff=False, select=None, ignore=None, lang="zh") → exit code and output."""

    def run(paths: list[Path], *, diff: bool = False, **kwargs) -> FixRun:
        host, _ = prepared()
        out, err = io.StringIO(), io.StringIO()
        code = fix_paths(paths, host, config_for(**kwargs), diff=diff, out=out, err=err)
        return FixRun(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def copy_fixture(tmp_path: Path) -> Callable[[Path, str | None], Path]:
    """copy_fixture(source, name=None) → a copy in tmp_path that a test may let `fix` rewrite."""

    def copy(source: Path, name: str | None = None) -> Path:
        target = tmp_path / (name or source.name)
        shutil.copyfile(source, target)
        return target

    return copy
