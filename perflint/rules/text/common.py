"""Helpers shared by the PL6xx rules: heading matching, section nesting, quoting, option models."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from perflint.model import Report, Section
from perflint.textmatch.corpus import LshSettings

#: Leading numbering of a heading: 一、 （一） 1、 1. (1) 第一部分 …
_NUMBERING = re.compile(
    r"^\s*(?:[（(][0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．)）]|第[一二三四五六七八九十]+[部分章节条]?[、，]?)+\s*")
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def heading_core(heading: str) -> str:
    """A heading without numbering, parentheticals and spaces: `2、质量指标（指标分数27分）` → `质量指标`."""
    text = _NUMBERING.sub("", heading)
    text = _PARENTHETICAL.sub("", text)
    return _SPACE.sub("", text)


def heading_has(heading: str, keywords: list[str] | tuple[str, ...]) -> bool:
    """Fuzzy heading match: any keyword occurs in the heading (numbering and （单位） ignored)."""
    return _heading_has(heading, tuple(keywords))


@lru_cache(maxsize=8192)
def _heading_has(heading: str, keywords: tuple[str, ...]) -> bool:
    core = _heading_key(heading)
    return any(k in core for k in keywords)


@lru_cache(maxsize=4096)
def _heading_key(heading: str) -> str:
    return _SPACE.sub("", heading).replace("（单位）", "").replace("(单位)", "")


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


class ParagraphOptions(TextOptions):
    """How paragraphs are compared (PL607, PL608, PL609)."""

    min_chars: int = Field(30, ge=3, description="shortest paragraph compared, in normalized characters "
                           "(whitespace, punctuation removed)")
    shingle: int = Field(3, ge=1, le=8, description="character n-gram size of the shingles")
    reference: bool = Field(True, description="use the bundled reference corpus of known paragraphs")
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
                self.mask_figures)


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
