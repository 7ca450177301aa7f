"""What a rule reports: immutable findings that every output format renders the same way."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from perflint.model import Span

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

#: Reserved codes: the file could not be read (PL000) or a rule crashed (PL001).
INPUT_ERROR = "PL000"
INTERNAL_ERROR = "PL001"


class Related(BaseModel):
    """A figure the finding relies on (a part of a total, the numerator of a rate)."""

    model_config = ConfigDict(frozen=True)

    span: Span
    label: str | None = None


class Finding(BaseModel):
    """One defect at one place. `expected`/`stated` are set for arithmetic findings."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    span: Span | None = None
    related: tuple[Related, ...] = ()
    expected: str | None = None
    stated: str | None = None
    rule: str = ""
    plugin: str | None = None
    ruleset: str | None = None
    #: the primary figure can be replaced by `expected` (a derived figure: a rate, a share, a
    #: 合计); `perflint fix` applies such replacements to normalized YAML/JSON
    fixable: bool = False
    extra: dict[str, str] = Field(default_factory=dict)

    def sort_key(self) -> tuple:
        line = self.span.line if self.span else 0
        column = self.span.column if self.span else 0
        return (line, column, self.code, self.message)
