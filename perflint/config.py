"""The effective configuration of a run, and the config files it may come from.

Config is read from `--config FILE`, else the closest `perflint.yaml` / `.perflint.yaml` /
`pyproject.toml` with a `[tool.perflint]` table found walking up from the current directory
(ruff's and yamllint's habit). Command-line options override the file. Errors name the file and,
for YAML, the line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from perflint.findings import Severity

CONFIG_NAMES = ("perflint.yaml", ".perflint.yaml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file or ruleset that cannot be used; reported with exit code 2."""


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = "error"
    lang: str = "zh"
    #: per-rule options, keyed by code: {"PL202": {"floor": "90%"}}
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per-rule severity overrides, keyed by code
    severities: dict[str, Severity] = field(default_factory=dict)
    #: glob pattern (matched against the path as given) → codes/prefixes ignored for those files
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    plugin_options: dict[str, Any] = field(default_factory=dict)
    ruleset: str | None = None
    baseline: Path | None = None
    #: reuse findings of unchanged files (`--cache`); the folder is safe to delete
    cache: bool = False
    cache_dir: Path | None = None
    source: Path | None = None


class ConfigFile(BaseModel):
    """The keys a config file may hold (hyphens or underscores)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              alias_generator=lambda name: name.replace("_", "-"))

    ruleset: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = []
    ignore: list[str] = []
    fail_on: Literal["error", "warning", "info"] | None = None
    lang: Literal["zh", "en"] | None = None
    plugins: list[str] = []
    rules: dict[str, dict[str, Any]] = {}
    severity: dict[str, Literal["error", "warning", "info"]] = {}
    per_file_ignores: dict[str, list[str]] = {}
    baseline: str | None = None
    cache: bool = False
    cache_dir: str | None = None
    plugin_options: dict[str, Any] = {}


def find_config(start: Path) -> Path | None:
    """The closest config file at or above `start`."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or "perflint" in _read_toml(candidate).get("tool", {}):
                return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _read_yaml(path: Path) -> Any:
    from perflint.loaders import InputError
    from perflint.loaders.yaml_loader import compose, read_text

    try:
        return compose(read_text(path))
    except InputError as exc:
        where = f":{exc.line}" if exc.line else ""
        raise ConfigError(f"{path}{where}: {exc.message}") from None


def validate_model(model: type[BaseModel], data: Any, path: Path) -> Any:
    """Validate located YAML data, naming the file and line of the first error."""
    from perflint.loaders.yaml_loader import locate

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        span = locate(data, tuple(error["loc"]))
        where = f":{span.line}" if span else ""
        key = ".".join(str(part) for part in error["loc"])
        raise ConfigError(f"{path}{where}: {key}: {error['msg']}") from None


def read_config_file(path: Path) -> ConfigFile:
    if path.name == "pyproject.toml":
        data = _read_toml(path).get("tool", {}).get("perflint", {})
    elif not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    else:
        data = _read_yaml(path) or {}
    return validate_model(ConfigFile, data, path)


def apply_file(config: Config, path: Path) -> Config:
    """Layer a config file under the defaults (the command line is applied afterwards)."""
    data = read_config_file(path)
    base = path.parent
    if data.select is not None:
        config.select = list(data.select)
    config.select = [*config.select, *data.extend_select]
    config.ignore = [*config.ignore, *data.ignore]
    config.fail_on = data.fail_on or config.fail_on
    config.lang = data.lang or config.lang
    config.plugins = [*config.plugins, *data.plugins]
    config.rule_options = {**config.rule_options, **{k.upper(): v for k, v in data.rules.items()}}
    config.severities = {**config.severities, **{k.upper(): v for k, v in data.severity.items()}}
    config.per_file_ignores = {**config.per_file_ignores, **data.per_file_ignores}
    config.ruleset = data.ruleset or config.ruleset
    config.plugin_options = {**config.plugin_options, **data.plugin_options}
    if data.baseline:
        config.baseline = base / data.baseline
    config.cache = data.cache or config.cache
    if data.cache_dir:
        config.cache_dir = base / data.cache_dir
    config.source = path
    return config
