"""PL506 placeholder: template placeholders left in the report text.

What it checks
    The report's texts (title, the text before the first heading, section headings and bodies,
    indicator names and deviation reasons, the unit's name, the grade) against `patterns`, RE2
    regular expressions (they cannot hang the run). The defaults find:
    - runs of X / x / × standing for a name or a number (XX单位, 20XX年, ××局);
    - empty brackets: 【】, （ ）, ( );
    - fill-in lines: ___ or ＿＿;
    - empty seal lines: a short label, a colon and only "（盖章）" ("部门： （盖章）"), or
      "主管部门（盖章）：" with nothing after the colon.
    - the bundled shapes of perflint/data/boilerplate/placeholders.yaml, checked first: a year
      left as 20xx年, a document number without its serial (〔2020〕号, 〔2021〕XX号), a figure
      left as ××/XX before its unit (××万元), template names (某某单位), and template prompts
      left in (（200字以内）, 【请填写…】, （简要说明…情况）, （从…方面…）);
    - `**` before a unit (≥**平方米) or inside a name (**河县): a placeholder, but also how
      republishing sites mask names and amounts, so these (`kind: masking`) are at most warnings
      and the message says the text may have been masked; a masked copy is masked throughout, so
      only the first of each shape is reported, with the count.
    The text before the first heading (often a cover page) is read too, but not for seal lines.
    Each match is quoted (where two patterns match overlapping text, only the earlier one); a
    ruleset can add its own template markers.

Why it matters
    A placeholder left in a published report shows the template was never finished: the
    statement it sits in says nothing, and an empty seal line means the document was not signed
    off by the unit. Reviewers send such reports back before reading further.

Example
    "XX单位2021年度整体支出绩效自评报告"                     (PL506)
    "部门： （盖章）"                                         (PL506)
    "（皖财教〔2020〕号）", "（200字以内）"                  (PL506)
    "****财政局"                                            (PL506, warning: may be masking)
    "东湖区政务服务数据管理局  2022年4月22日"                 (holds)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

from perflint.analysis.patterns import compile_re2, quoted_matches, valid_re2
from perflint.analysis.spans import locate
from perflint.findings import Finding
from perflint.model import Report, Text
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators, per_options
from perflint.textmatch.phrases import load_data


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regex: str = Field(description="RE2 syntax; group 1, if any, is the part quoted")
    label: str = Field(description="what the placeholder is, for the message")
    kind: Literal["placeholder", "masking", "prompt"] = Field(
        "placeholder", description="placeholder: certain from the text; masking: may be a republishing "
        "site's masking (at most a warning, and the message says so); prompt: a template prompt left in")

    _compiles = field_validator("regex")(valid_re2)


def _bundled() -> list[tuple[Pattern, str]]:
    """The patterns of perflint/data/boilerplate/placeholders.yaml, each with its `needs`."""
    return [(Pattern(regex=entry["regex"], label=entry["label"], kind=entry.get("kind", "placeholder")),
             entry["needs"]) for entry in load_data("placeholders.yaml")["patterns"]]


_BUNDLED = _bundled()

DEFAULT_PATTERNS = [pattern for pattern, _ in _BUNDLED] + [
    Pattern(regex=r"(?:^|[^A-Za-z])((?:[XxＸｘ]{2,}|×{2,}))(?:[^A-Za-z.]|$)", label="XX/××"),
    Pattern(regex=r"(【\s*】|（\s*）|\(\s*\))", label="空括号"),
    Pattern(regex=r"(_{3,}|＿{2,})", label="填空线"),
    Pattern(regex=r"(?m)^([^\n：:]{0,12}[：:]\s*[（(]?\s*盖章\s*[)）]?)\s*$", label="盖章栏"),
    Pattern(regex=r"(?m)^([^\n：:（(]{0,12}[（(]\s*盖章\s*[)）]\s*[：:])\s*$", label="盖章栏"),
]


#: For each default pattern, characters one of which every match contains. When all the patterns
#: are defaults, a text with none of their characters (most texts) is skipped by one search of a
#: character class, cheaper than the RE2 search; other patterns always go through RE2.
_GENERIC = DEFAULT_PATTERNS[len(_BUNDLED):]
_NEEDS = {
    **{pattern.regex: needs for pattern, needs in _BUNDLED},
    _GENERIC[0].regex: "XxＸｘ×",
    _GENERIC[1].regex: "【（(",
    _GENERIC[2].regex: "_＿",
    _GENERIC[3].regex: "盖",
    _GENERIC[4].regex: "盖",
}


#: The seal-line patterns, not applied to the text before the first heading (a cover page, whose
#: seal is an image that a text export cannot show).
_SEAL_LINES = frozenset({_GENERIC[3].regex, _GENERIC[4].regex})


class PlaceholderOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[Pattern] = Field(default_factory=lambda: [p.model_copy() for p in DEFAULT_PATTERNS],
                                    description="placeholder patterns (RE2)")


def _texts(report: Report) -> Iterator[Text]:
    if report.title is not None:
        yield report.title
    if report.unit.name is not None:
        yield report.unit.name
    if report.preamble is not None:
        yield report.preamble
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


def _candidates(report: Report, gate: Any, needed: re.Pattern[str] | None) -> list[Text]:
    """The report's texts that hold a character every match needs (all of them when `needed` is
    None). When the patterns are the defaults (`needed` is known), the texts but the cover page
    are first searched together, joined by newlines, in one search of `gate`: most reports have
    no placeholder, and one search costs a fraction of one per text. A default pattern that
    matches in a text alone still matches between newlines (its anchors are `(?m)^`/`$`, or `^`,
    `$` and `\\b` each with a non-letter alternative that a newline satisfies); a match across two
    texts only sends them to their own searches."""
    texts = [text for text in _texts(report) if needed is None or needed.search(text.text) is not None]
    if needed is None or gate is None:
        return texts
    body = [text for text in texts if text is not report.preamble]
    if body and gate.search("\n".join(text.text for text in body)) is not None:
        return texts
    return [text for text in texts if text is report.preamble]


class _Patterns(NamedTuple):
    """The options' patterns made ready to search with, once per run (`memo.per_options`)."""

    labels: dict[Any, str]  #: each compiled pattern's label (the first, for a pattern given twice)
    kinds: dict[Any, str]  #: … and kind
    gate: Any  #: all of them in one RE2 (`_any_of`)
    needed: re.Pattern[str] | None  #: `_needed_chars`
    cover_gate: Any  #: the gate of a cover page: all but the seal lines

    @classmethod
    def of(cls, options: PlaceholderOptions) -> _Patterns:
        labels: dict[Any, str] = {}
        kinds: dict[Any, str] = {}
        for pattern in options.patterns:
            labels.setdefault(compile_re2(pattern.regex), pattern.label)
            kinds.setdefault(compile_re2(pattern.regex), pattern.kind)
        regexes = tuple(p.regex for p in options.patterns)
        gate = _any_of(regexes)
        # a cover page is searched only for what can be reported there: not for seal lines
        cover_gate = _any_of(tuple(regex for regex in regexes if regex not in _SEAL_LINES)) or gate
        return cls(labels, kinds, gate, _needed_chars(regexes), cover_gate)


class Placeholder(ReportRule):
    """A template placeholder (XX, 20xx年, 〔2020〕号, 【】, an empty seal line) or template prompt
    (（200字以内）) is left in the text."""

    code = "PL506"
    name = "placeholder"
    severity = "warning"
    groups = ("completeness",)
    Options = PlaceholderOptions
    messages = {
        "default": {
            "zh": "未填写的占位符（{label}）：“{found}”",
            "en": "unfilled placeholder ({label}): “{found}”",
        },
        "masking": {
            "zh": "疑似未填写的占位符（{label}）：“{found}”（全文同类共{count}处）；也可能是转载网站的打码，"
                  "请与原发布件核对",
            "en": "possible unfilled placeholder ({label}): “{found}” ({count} in the text); it may be a "
                  "republishing site's masking, check the original publication",
        },
        "prompt": {
            "zh": "模板提示语未替换为内容（{label}）：“{found}”",
            "en": "template prompt left in ({label}): “{found}”",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        labels, kinds, gate, needed, cover_gate = per_options(ctx.options, _Patterns,
                                                              lambda: _Patterns.of(ctx.options))
        configured = ctx.options_severity() or self.severity
        masked: dict[str, list] = {}  # label → [span, quote, count] of its first match
        seen: set[tuple] = set()  # the same text read twice (a title that is also the unit's name)
        for text in _candidates(report, gate, needed):
            cover = text is report.preamble
            text_gate = cover_gate if cover else gate
            if text_gate is not None and text_gate.search(text.text) is None:
                continue  # no pattern that can be reported matches anywhere in this text
            quoted: list[tuple[int, int]] = []
            for start, end, pattern in quoted_matches(labels, text.text):
                if any(start < b and a < end for a, b in quoted):
                    continue  # an earlier, more specific pattern already quoted this text
                if cover and pattern.pattern in _SEAL_LINES:
                    continue  # a cover page's seal line: the seal is an image the text cannot show
                quoted.append((start, end))
                span = locate(text, start, end)
                where = (span.line, span.column, span.quote) if span is not None else (id(text), start)
                if where in seen:
                    continue
                seen.add(where)
                kind, label = kinds[pattern], labels[pattern]
                if kind == "masking":  # a republished copy masks throughout: one finding, counted
                    first = masked.setdefault(label, [span, text.text[start:end].strip(), 0])
                    first[2] += 1
                    continue
                yield ctx.finding(span,
                                  message_key="default" if kind == "placeholder" else kind,
                                  label=label, found=text.text[start:end].strip())
        for label, (span, found, count) in masked.items():
            yield ctx.finding(span, message_key="masking", label=label, found=found, count=count,
                              severity="warning" if configured == "error" else None)
