"""Helpers for the arithmetic and execution rule tests: lint a YAML report, keep one rule's findings."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from perflint.findings import Finding
from perflint.testing import lint_yaml

Lint = Callable[..., list[Finding]]


@pytest.fixture
def lint() -> Lint:
    """lint(yaml_text, "PL101", **kwargs) → the findings of that rule only (the text is dedented)."""

    def run(text: str, code: str, **kwargs) -> list[Finding]:
        findings = lint_yaml(textwrap.dedent(text), select=[code], **kwargs)
        unexpected = [f for f in findings if f.code in ("PL000", "PL001")]
        assert not unexpected, unexpected
        return [f for f in findings if f.code == code]

    return run
