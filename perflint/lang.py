"""Which language a reader gets: Chinese unless English is asked for.

perflint's readers are 财政局 reviewers and unit clerks, so Chinese is the default everywhere a
person reads. English is chosen by `--lang en`, a config file's `lang: en`, or, for what perflint
prints about itself (`--help`, `perflint rules`, `perflint rule`), an English locale
(`LANG=en_US.UTF-8`). Findings follow only `--lang` and the config: a report's findings are a
record that must read the same on every machine, whatever its locale.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

#: The locale variables in POSIX precedence: the first one set decides.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def normalize(lang: str | None) -> str:
    """`en`, `EN`, `en_US.UTF-8` → `en`; anything else → `zh`."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def environment_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """`en` when the locale is English, else None (a Chinese, C or POSIX locale says nothing
    about the reader, so Chinese stays the default)."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            return "en" if normalize(value) == "en" else None
    return None


def command_line_lang(argv: Sequence[str]) -> str | None:
    """The value of `--lang` (`--lang en` or `--lang=en`) anywhere on the command line, before it
    is parsed: the parser's own help is written in the language it names."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.split("=", 1)[1])
    return None


def help_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of `--help`: the command line's `--lang`, else the locale's, else Chinese."""
    return command_line_lang(argv) or environment_lang(environ) or "zh"


def reader_lang(chosen: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language of what perflint prints about itself: `chosen` (`--lang`, the config's
    `lang`) when there is one, else the locale's, else Chinese."""
    return normalize(chosen) if chosen else environment_lang(environ) or "zh"
