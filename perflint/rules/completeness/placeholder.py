"""PL506 placeholder: template placeholders left in the report text.

What it checks
    The report's texts (title, section headings and bodies, indicator names and deviation
    reasons, the unit's name, the grade) against `patterns`, RE2 regular expressions (they cannot
    hang the run). The defaults find:
    - runs of X / x / × standing for a name or a number (XX单位, 20XX年, ××局);
    - empty brackets: 【】, （ ）, ( );
    - fill-in lines: ___ or ＿＿;
    - empty seal lines: a short label, a colon and only "（盖章）" ("部门： （盖章）"), or
      "主管部门（盖章）：" with nothing after the colon.
    Each match is quoted; a ruleset can add its own template markers.

Why it matters
    A placeholder left in a published report shows the template was never finished: the
    statement it sits in says nothing, and an empty seal line means the document was not signed
    off by the unit. Reviewers send such reports back before reading further.

Example
    "XX单位2021年度整体支出绩效自评报告"                     (PL506)
    "部门： （盖章）"                                         (PL506)
    "东湖区政务服务数据管理局  2022年4月22日"                 (holds)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from perflint.analysis.patterns import compile_re2, quoted_matches, valid_re2
from perflint.analysis.spans import locate
from perflint.findings import Finding
from perflint.model import Report, Text
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regex: str = Field(description="RE2 syntax; group 1, if any, is the part quoted")
    label: str = Field(description="what the placeholder is, for the message")

    _compiles = field_validator("regex")(valid_re2)


DEFAULT_PATTERNS = [
    Pattern(regex=r"(?:^|[^A-Za-z])((?:[XxＸｘ]{2,}|×{2,}))(?:[^A-Za-z.]|$)", label="XX/××"),
    Pattern(regex=r"(【\s*】|（\s*）|\(\s*\))", label="空括号"),
    Pattern(regex=r"(_{3,}|＿{2,})", label="填空线"),
    Pattern(regex=r"(?m)^([^\n：:]{0,12}[：:]\s*[（(]?\s*盖章\s*[)）]?)\s*$", label="盖章栏"),
    Pattern(regex=r"(?m)^([^\n：:（(]{0,12}[（(]\s*盖章\s*[)）]\s*[：:])\s*$", label="盖章栏"),
]


#: For each default pattern, characters one of which every match contains. When all the patterns
#: are defaults, a text with none of their characters (most texts) is skipped by one search of a
#: character class, cheaper than the RE2 search; other patterns always go through RE2.
_NEEDS = {
    DEFAULT_PATTERNS[0].regex: "XxＸｘ×",
    DEFAULT_PATTERNS[1].regex: "【（(",
    DEFAULT_PATTERNS[2].regex: "_＿",
    DEFAULT_PATTERNS[3].regex: "盖",
    DEFAULT_PATTERNS[4].regex: "盖",
}


class PlaceholderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[Pattern] = Field(default_factory=lambda: [p.model_copy() for p in DEFAULT_PATTERNS],
                                    description="placeholder patterns (RE2)")


def _texts(report: Report) -> Iterator[Text]:
    if report.title is not None:
        yield report.title
    if report.unit.name is not None:
        yield report.unit.name
    for section in report.sections:
        yield section.heading
        if section.body is not None:
            yield section.body
    for node in all_indicators(report):
        yield node.name
        if node.reason is not None:
            yield node.reason
    if report.evaluation is not None and report.evaluation.grade is not None:
        yield report.evaluation.grade


@functools.lru_cache(maxsize=64)
def _any_of(regexes: tuple[str, ...]):
    """One RE2 that matches wherever any of the patterns matches (their alternation), to skip
    the texts without any placeholder in one search instead of one per pattern; None when the
    patterns cannot be combined (e.g. two define the same group name)."""
    if not regexes:
        return None
    try:
        return compile_re2("|".join(f"(?:{regex})" for regex in regexes))
    except ValueError:
        return None


@functools.lru_cache(maxsize=64)
def _needed_chars(regexes: tuple[str, ...]) -> re.Pattern[str] | None:
    """A character class that every match of any of the patterns contains one of, when all the
    patterns are known (`_NEEDS`); else None."""
    if not regexes or any(regex not in _NEEDS for regex in regexes):
        return None
    chars = sorted(set("".join(_NEEDS[regex] for regex in regexes)))
    return re.compile("[" + "".join(re.escape(char) for char in chars) + "]")


class Placeholder(ReportRule):
    """A template placeholder (XX, ××, 【】, an empty seal line) is left in the text."""

    code = "PL506"
    name = "placeholder"
    severity = "warning"
    groups = ("completeness",)
    Options = PlaceholderOptions
    messages = {
        "zh": "未填写的占位符（{label}）：“{found}”",
        "en": "unfilled placeholder ({label}): “{found}”",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        labels: dict[object, str] = {}
        for pattern in ctx.options.patterns:
            labels.setdefault(compile_re2(pattern.regex), pattern.label)
        regexes = tuple(p.regex for p in ctx.options.patterns)
        gate, needed = _any_of(regexes), _needed_chars(regexes)
        for text in _texts(report):
            if needed is not None and needed.search(text.text) is None:
                continue  # no character every match needs
            if gate is not None and gate.search(text.text) is None:
                continue  # no pattern matches anywhere in this text
            for start, end, pattern in quoted_matches(labels, text.text):
                yield ctx.finding(locate(text, start, end), label=labels[pattern],
                                  found=text.text[start:end].strip())
