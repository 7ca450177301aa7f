"""PL308 grade-band: the stated grade (优/良/中/差) must be the band of the stated total score.

What it checks
    The report's 等级 (`evaluation.grade`) against the band its 自评总分 falls in. Bands are
    half-open; they are the `bands` option when a ruleset sets it, else the grade bands of the
    report's form profile (`scoring.grades`), else the national ones:
    优 [90, 100], 良 [80, 90), 中 [60, 80), 差 below 60. So 89.5 is 良 and 90 is 优. The stated
    total is compared as written: a total is the sum of awarded points, not a rounded measurement.
    When the report states a full score other than 100, the total is scaled to 100 first
    (`scale_to_max`). Grade words are normalised through `aliases` (优秀 → 优, 良好 → 良 …);
    a grade the rule does not know is left alone.

Why it matters
    The grade is what gets published and compared across units; a grade better than the score
    (重庆 score sheet: "评分与评级相符") is the most visible form of self-evaluation inflation.
    Regions set their own bands (江门 used 优良 80+, 中 70–80), so the bands are data: a region's
    profile or ruleset states them.

Example
    绩效自评得分95分，整体自评结果为"优"          (holds)
    总分 89.5，等级 优                            (PL308: 89.5 is 良)
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.model import Report
from perflint.profiles import Profile
from perflint.rules.base import CheckContext, ReportRule

HUNDRED = Decimal(100)


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grade: str
    min: Decimal = Field(description="lowest total (inclusive) of this grade")


DEFAULT_BANDS = [Band(grade="优", min=Decimal(90)), Band(grade="良", min=Decimal(80)),
                 Band(grade="中", min=Decimal(60)), Band(grade="差", min=Decimal(0))]
DEFAULT_ALIASES = {"优秀": "优", "良好": "良", "中等": "中", "合格": "中", "较差": "差", "不合格": "差"}


class GradeBandOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bands: list[Band] | None = Field(None, description="grades with their lowest total, any order; "
                                     "default: the report's profile's grade bands")
    aliases: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_ALIASES),
                                    description="other words for the grades")
    scale_to_max: bool = Field(True, description="scale the total to 100 when 满分 is not 100")


def band_of(total: Decimal, bands: list[Band]) -> str | None:
    """The grade of the highest band whose minimum the total reaches (None below every band)."""
    for band in sorted(bands, key=lambda b: b.min, reverse=True):
        if total >= band.min:
            return band.grade
    return None


def normalize_grade(text: str, bands: list[Band], aliases: dict[str, str]) -> str | None:
    bare = text.strip().strip("“”\"'‘’「」（）()").strip()
    known = {band.grade for band in bands}
    if bare in known:
        return bare
    return aliases.get(bare)


def bands_for(options: GradeBandOptions, profile: Profile | None) -> list[Band]:
    """The ruleset's bands, else the profile's grade bands, else the national ones."""
    if options.bands is not None:
        return options.bands
    if profile is not None and profile.scoring.grades:
        return [Band(grade=band.grade, min=band.min) for band in profile.scoring.grades]
    return list(DEFAULT_BANDS)


class GradeBand(ReportRule):
    """The stated grade is not the band of the stated total score."""

    code = "PL308"
    name = "grade-band"
    severity = "error"
    groups = ("scoring",)
    Options = GradeBandOptions
    messages = {
        "zh": "自评总分{score}对应等级为“{expected}”，但报告所列等级为“{stated}”",
        "en": "a total score of {score} is graded “{expected}”, but the report states “{stated}”",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        evaluation = report.evaluation
        if evaluation is None or evaluation.grade is None or evaluation.total_score is None:
            return
        total = evaluation.total_score.value
        if total is None:
            return
        options = ctx.options
        maximum = evaluation.max_score
        if (options.scale_to_max and maximum is not None and maximum.value
                and maximum.value != HUNDRED):
            total = total * HUNDRED / maximum.value
        bands = bands_for(options, ctx.profile)
        stated = normalize_grade(evaluation.grade.text, bands, options.aliases)
        expected = band_of(total, bands)
        if stated is None or expected is None or stated == expected:
            return
        yield ctx.finding(
            evaluation.grade.span, score=evaluation.total_score.literal, expected=expected,
            stated=evaluation.grade.text.strip(), related=[(evaluation.total_score.span, "自评总分")],
        )
