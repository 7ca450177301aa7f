"""Shared test fixtures: paths to the project's fixtures and to the seed reports (if present)."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from perflint.findings import Finding
from perflint.lang import LOCALE_VARIABLES
from perflint.testing import lint_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def _not_an_english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite expects perflint's default language, Chinese, whatever the developer's locale:
    an English one (LANG=en_US.UTF-8) would turn `--help` and `perflint rules` English
    (perflint.lang). Tests of the locale set it themselves."""
    for variable in LOCALE_VARIABLES:
        if os.environ.get(variable, "").lower().startswith("en"):
            monkeypatch.setenv(variable, "C.UTF-8")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def seeds_dir() -> Path:
    """The three real reports in ../shared/seeds; tests using them skip in a user's clone."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not available")
    return SEEDS


Lint = Callable[..., list[Finding]]


@pytest.fixture
def lint() -> Lint:
    """lint(yaml_text, "PL301", **kwargs) → that rule's findings (the text is dedented); input
    errors and rule crashes fail the test instead of passing silently."""

    def run(text: str, code: str, **kwargs) -> list[Finding]:
        findings = lint_yaml(textwrap.dedent(text), select=[code], **kwargs)
        broken = [f for f in findings if f.code in ("PL000", "PL001")]
        assert not broken, broken
        return [f for f in findings if f.code == code]

    return run
