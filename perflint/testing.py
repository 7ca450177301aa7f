"""Helpers for testing rules: lint a YAML text or a file and get its findings.

Rule authors (perflint's own and plugins') use these so a test reads as "this report → these
codes", without touching the CLI. Districts need not write Python at all: files named
`*.cases.yaml` are collected by perflint's pytest plugin (see `perflint.pytest_plugin`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from perflint.config import Config
from perflint.findings import Finding
from perflint.host import PluginHost, create_host
from perflint.runner import RunResult, run

_HOSTS: dict[tuple, tuple[PluginHost, Config]] = {}


def prepared(ruleset: str | None = None, plugins: tuple[str, ...] = ()) -> tuple[PluginHost, Config]:
    """A host and base config with the ruleset applied; cached, since discovery is the slow part."""
    from perflint import ruleset as rulesets

    key = (ruleset, plugins)
    if key not in _HOSTS:
        host = create_host(list(plugins))
        config = Config(plugins=list(plugins))
        rulesets.apply(rulesets.resolve(ruleset or rulesets.DEFAULT_RULESET, host), config, host)
        _HOSTS[key] = (host, config)
    return _HOSTS[key]


def default_host() -> PluginHost:
    return prepared()[0]


def lint_paths(paths: list[Path], *, select: list[str] | None = None, ignore: list[str] | None = None,
               lang: str = "zh", rule_options: dict | None = None, ruleset: str | None = None,
               plugins: tuple[str, ...] = ()) -> RunResult:
    host, base = prepared(ruleset, tuple(plugins))
    config = Config(select=select or ["ALL"], ignore=[*base.ignore, *(ignore or [])], lang=lang,
                    rule_options={**base.rule_options, **(rule_options or {})},
                    severities=dict(base.severities), ruleset=base.ruleset,
                    ruleset_plugins=base.ruleset_plugins, plugins_with_rulesets=base.plugins_with_rulesets)
    return run(paths, host, config)


def lint_file(path: Path, **kwargs) -> list[Finding]:
    return lint_paths([path], **kwargs).files[0].findings


def lint_yaml(text: str, **kwargs) -> list[Finding]:
    """Lint a normalized report given as YAML text."""
    return lint_text(text, suffix=".yaml", **kwargs)


def lint_text(text: str, *, suffix: str = ".txt", **kwargs) -> list[Finding]:
    """Lint `text` as the content of a `report<suffix>` file: a raw report (".txt") goes through
    the same loader and extraction as a .txt file on disk, so findings carry the line and column
    of `text` itself. A temporary file rather than a second in-memory path keeps one way in."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_text(text, encoding="utf-8")
        return lint_file(path, **kwargs)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]
