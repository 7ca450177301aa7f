"""Helpers for testing rules: lint a YAML text or a file and get its findings.

Rule authors (perflint's own and plugins') use these so a test reads as "this report → these
codes", without touching the CLI.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from perflint.config import Config
from perflint.findings import Finding
from perflint.host import PluginHost, create_host
from perflint.runner import RunResult, run

_HOST: PluginHost | None = None


def default_host() -> PluginHost:
    """One host per test session: discovering plugins is the slow part."""
    global _HOST
    if _HOST is None:
        _HOST = create_host()
    return _HOST


def lint_paths(paths: list[Path], *, select: list[str] | None = None, ignore: list[str] | None = None,
               host: PluginHost | None = None, lang: str = "zh",
               rule_options: dict | None = None) -> RunResult:
    config = Config(select=select or ["ALL"], ignore=ignore or [], lang=lang,
                    rule_options=rule_options or {})
    return run(paths, host or default_host(), config)


def lint_file(path: Path, **kwargs) -> list[Finding]:
    return lint_paths([path], **kwargs).files[0].findings


def lint_yaml(text: str, **kwargs) -> list[Finding]:
    """Lint a normalized report given as YAML text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.yaml"
        path.write_text(text, encoding="utf-8")
        return lint_file(path, **kwargs)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
