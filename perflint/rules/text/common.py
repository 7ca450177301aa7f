"""Helpers shared by the PL6xx rules: heading names, section nesting, quoting, option models.

What a section is for (its role, else its heading's words) is `perflint.analysis.sections`."""

from __future__ import annotations

import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import PurePath
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from perflint.model import Report, Section
from perflint.profiles.outline import heading_key
from perflint.textmatch.corpus import read_corpus
from perflint.textmatch.lsh import LshSettings
from perflint.textmatch.phrases import parse_phrases, read_yaml

_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def heading_core(heading: str) -> str:
    """A heading's name: its heading key (perflint.profiles.outline) without what parentheses
    hold: `2、质量指标（指标分数27分）` → `质量指标`."""
    return heading_key(_PARENTHETICAL.sub("", heading))


def descendants(sections: list[Section], index: int) -> range:
    """Indices of the sections nested under section `index` (following sections of deeper level)."""
    level = sections[index].level
    end = index + 1
    while end < len(sections) and sections[end].level > level:
        end += 1
    return range(index + 1, end)


def clip(text: str, limit: int = 60) -> str:
    """Quote a sentence in a message, cut at `limit` characters."""
    text = _SPACE.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def percent(part: int, whole: int) -> str:
    """`3/7` → `43%` (half up), for messages."""
    if not whole:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{value}%"


def source_name(report: Report) -> str | None:
    return report.unit.name.text if report.unit and report.unit.name else None


class TextOptions(BaseModel):
    """Base of the PL6xx option models: unknown keys are configuration errors."""

    model_config = ConfigDict(extra="forbid")


#: marks an option whose values are paths: a ruleset's relative paths are resolved against the
#: ruleset file's folder when the ruleset is loaded (perflint.ruleset)
RULESET_PATHS: dict[str, Any] = {"ruleset_paths": True}


class DataFile(BaseModel):
    """A data file an option names, given as its path. Validating the option reads and checks the
    file (a missing or malformed one is a configuration error) and records the SHA-256 of its
    content: the run's options then change when the file does (perflint.cache keys on them)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    sha256: str = ""

    #: checks the file's content (raises ValueError), e.g. `read_corpus`
    check: ClassVar[Any] = None

    @model_validator(mode="before")
    @classmethod
    def _read(cls, value: Any) -> Any:
        path = value.get("path") if isinstance(value, dict) else value
        if not isinstance(path, str | PurePath) or not str(path):
            return value  # pydantic reports what is wrong with it
        cls.check(str(path))
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        return {"path": str(path), "sha256": digest}


class CorpusFile(DataFile):
    """A corpus file in the format of perflint/data/boilerplate/templates.yaml."""

    check = staticmethod(read_corpus)


class PhraseFile(DataFile):
    """A phrase file in the format of perflint/data/boilerplate/phrases.yaml."""

    check = staticmethod(lambda path: parse_phrases(read_yaml(path), path))


class ParagraphOptions(TextOptions):
    """How paragraphs are compared (PL607, PL608, PL609)."""

    min_chars: int = Field(30, ge=3, description="shortest paragraph compared, in normalized characters "
                           "(whitespace, punctuation removed)")
    shingle: int = Field(3, ge=1, le=8, description="character n-gram size of the shingles")
    reference: bool = Field(True, description="use the bundled reference corpus of known paragraphs")
    extra_corpus: list[CorpusFile] = Field(
        default_factory=list, json_schema_extra=RULESET_PATHS,
        description="corpus files added to the bundled corpus (templates.yaml's format; in a ruleset, "
                    "relative to the ruleset file, elsewhere to the working directory)")
    extra_templates: list[str] = Field(default_factory=list,
                                       description="a ruleset's own template paragraphs")
    extra_prescribed: list[str] = Field(default_factory=list,
                                        description="paragraphs every report is expected to share "
                                                    "(never reported as duplicates)")
    containment: Decimal = Field(Decimal("0.75"), ge=0, le=1,
                                 description="a paragraph matches a reference entry when it contains at "
                                             "least this share of the entry's shingles …")
    coverage: Decimal = Field(Decimal("0.9"), ge=0, le=1,
                              description="… or when at least this share of its own shingles is in the entry")
    mask_figures: bool = Field(False, description="compare with every figure masked, not only years and "
                                                  "list numbering (the unit's own figures then no longer "
                                                  "tell paragraphs apart)")

    def reference_args(self) -> tuple:
        return (self.shingle, self.reference, tuple(self.extra_templates), tuple(self.extra_prescribed),
                self.mask_figures, tuple((f.path, f.sha256) for f in self.extra_corpus))


class CorpusOptions(ParagraphOptions):
    """Near-duplicate detection across reports (PL607, PL608)."""

    threshold: Decimal = Field(Decimal("0.7"), gt=0, le=1,
                               description="two paragraphs are the same when the Jaccard index of their "
                                           "shingle sets is at least this")
    num_perm: int = Field(128, ge=16, le=1024, description="MinHash permutations")
    candidate_threshold: Decimal = Field(Decimal("0.5"), gt=0, lt=1,
                                         description="LSH is tuned to propose pairs from this similarity on")
    bands: int | None = Field(None, ge=1, description="LSH bands (default: datasketch's choice)")
    rows: int | None = Field(None, ge=1, description="LSH rows per band (default: datasketch's choice)")
    min_units: int = Field(2, ge=2, description="report a paragraph found in at least this many units' "
                                                "reports (itself included)")
    same_unit: bool = Field(False, description="count other reports of the same unit (e.g. other years)")

    def settings(self) -> LshSettings:
        return LshSettings(shingle=self.shingle, threshold=float(self.threshold), num_perm=self.num_perm,
                           candidate_threshold=float(self.candidate_threshold), bands=self.bands,
                           rows=self.rows)
