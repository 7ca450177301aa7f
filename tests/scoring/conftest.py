"""Lint a constructed YAML report and keep one rule's findings (input errors and crashes fail)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from perflint.findings import Finding
from perflint.testing import lint_yaml

Lint = Callable[..., list[Finding]]


@pytest.fixture
def lint() -> Lint:
    """lint(yaml_text, "PL301", **kwargs) → that rule's findings (the text is dedented)."""

    def run(text: str, code: str, **kwargs) -> list[Finding]:
        findings = lint_yaml(textwrap.dedent(text), select=[code], **kwargs)
        broken = [f for f in findings if f.code in ("PL000", "PL001")]
        assert not broken, broken
        return [f for f in findings if f.code == code]

    return run
