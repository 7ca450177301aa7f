"""How much work one input may cost: named limits with documented defaults.

Files come from anyone (a folder of submissions, a cloned repository). Every loader checks
these limits *while* it reads, before it allocates what the input asks for: a YAML document's
depth and node count on the event stream, an Office package's inflated bytes while they are
inflated, a table's cells before its grid is built, a document's characters as its text grows.
Hitting a limit is a PL000 for that file naming the file, the limit (its config name below) and
the place; the run goes on with the other files.

A config file may raise or lower them (`limits:` in `perflint.yaml` or `[tool.perflint.limits]`,
names with hyphens); they are run-level settings, like `plugins`, so only the root config's
count. The runner makes the run's limits current (`applied`) for every file it lints, in the
parent and in workers; code outside a run (a test, `perflint extract`) sees the defaults.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, fields


class LimitSettingError(ValueError):
    """A config file's `limits:` entry that is no limit or no positive number (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run. Each field's config name is its name with hyphens."""

    #: bytes of one input file; a larger file is refused before it is read
    file_bytes: int = 64 * 1024 * 1024
    #: characters of text one document may produce (the text built from a .docx, .xlsx, .pdf,
    #: web page, or a YAML/JSON document's strings together)
    text_chars: int = 4_000_000
    #: nesting depth of a YAML or JSON document (mappings and lists inside one another)
    nesting_depth: int = 100
    #: nodes of a YAML or JSON document, each alias counted with everything it stands for (a
    #: normalized report has a few hundred; each node costs ≈ 2 KB once read, so the default
    #: keeps a document under ≈ 300 MB)
    document_nodes: int = 100_000
    #: XML elements of an Office package (.docx, .xlsx), all its parts together, counted from
    #: the bytes before any parser builds a tree
    package_elements: int = 1_000_000
    #: bytes an Office package (.docx, .xlsx) may inflate to, all its members together
    unzipped_bytes: int = 256 * 1024 * 1024
    #: cells of one table or worksheet's used area (rows × columns, spans included)
    table_cells: int = 200_000
    #: findings one rule may report on one file; the rest are cut, with a note saying how many
    findings_per_rule: int = 1_000
    #: seconds one rule may spend on one file before it is stopped and reported as PL001
    rule_seconds: float = 30.0

    @classmethod
    def names(cls) -> list[str]:
        """The config names of every limit (`file-bytes` …), in declaration order."""
        return [f.name.replace("_", "-") for f in fields(cls)]

    @classmethod
    def from_settings(cls, settings: dict[str, float]) -> Limits:
        """The defaults with a config file's `limits:` over them (keys with hyphens or
        underscores). Unknown names and non-positive values are a `LimitSettingError` naming
        them."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, float] = {}
        for key, value in settings.items():
            name = key.replace("-", "_")
            if name not in known:
                raise LimitSettingError(f"未知的上限“{key}”；可用：{'、'.join(cls.names())}",
                                        f"unknown limit {key!r}; known: {', '.join(cls.names())}")
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise LimitSettingError(f"上限“{key}”应为正数，而不是 {value!r}",
                                        f"limit {key!r} must be a positive number, not {value!r}")
            values[name] = value if known[name].type == "float" else int(value)
        return cls(**values)


DEFAULTS = Limits()

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("perflint_limits")


def current() -> Limits:
    """The limits of the run in progress (the defaults outside a run)."""
    return _CURRENT.get(DEFAULTS)


@contextlib.contextmanager
def applied(limits: Limits) -> Iterator[None]:
    """Make `limits` the current ones for the code inside the block."""
    token = _CURRENT.set(limits)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def exceeded(name: str, place: tuple[str, str] | None = None) -> tuple[str, str]:
    """The message (zh, en) of an input over the limit `name` (a field name or config name),
    naming its config setting and value and, when known, the place it was hit (zh, en)."""
    key = name.replace("_", "-")
    value = getattr(current(), key.replace("-", "_"))
    where_zh, where_en = place if place else ("", "")
    zh = f"超出处理上限 limits.{key} = {value}" + (f"（{where_zh}）" if where_zh else "") + \
        "；如确需读取，可在配置文件的 limits 中调高"
    en = f"over the limit limits.{key} = {value}" + (f" ({where_en})" if where_en else "") + \
        "; raise it under `limits` in the config file if the file is genuine"
    return zh, en
