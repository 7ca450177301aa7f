"""Errors the command line reports as a usage or configuration problem (exit 2).

Kept apart from `perflint.config` (which validates with pydantic) so that the command line can
catch them without importing the configuration machinery: `perflint --version` and `--help`
answer before any of it is loaded.
"""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration file or ruleset that cannot be used; reported with exit code 2.

    The message is the one users read by default (Chinese where perflint has it, English in
    older messages); `english`, when given, is the same in English, for `--lang en`."""

    def __init__(self, message: str, *, english: str | None = None) -> None:
        super().__init__(message)
        self.english = english

    def text(self, lang: str = "zh") -> str:
        """The message in `lang` when the error has it in that language."""
        return self.english if lang == "en" and self.english else str(self)
