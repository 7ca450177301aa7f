"""The effective configuration of a run: rule selection, thresholds, options, language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from perflint.findings import Severity


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = "error"
    lang: str = "zh"
    #: per-rule options, keyed by code: {"PL201": {"floor": "90"}}
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: per-rule severity overrides, keyed by code
    severities: dict[str, Severity] = field(default_factory=dict)
    plugins: list[str] = field(default_factory=list)
    plugin_options: dict[str, Any] = field(default_factory=dict)
    ruleset: str | None = None
