"""PL311 weight-note: first-level indicator weights that contradict the form's own note.

What it checks
    The national 项目支出绩效自评表 and many regional copies print a note under the table that fixes
    the first-level weights: "注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度
    指标10分、预算资金执行率10分". The rule reads that prescription (a sentence with one of
    `note_phrases`, then at least two `<name>N分` items separated by 、，; or 和) and compares it
    with the weights the report itself gives the same first-level indicators:
    - the 一级 rows of the indicator table that state a 分值;
    - a first-level name followed by its weight in parentheses anywhere in the text, also when the
      name is glued to other cells of a flattened table (`…偏差原因产出指标(70分)数量指标…`);
    - for the note's `funds_names` item (预算资金执行率), the 分值 the report's scored budget row
      states (the 年度资金总额 row of a form that scores it, as PL301 and PL310 find it).
    Names are compared without `服务对象` and a trailing `指标`, so the note's 服务对象满意度指标 is
    the table's 满意度指标. A second-level name ending in a first-level one (社会效益指标,
    `compound_prefixes`) is not that first-level indicator. The note's own figures never count as
    the table's. Nothing is reported when the note is absent or the report states no weight for
    its names; whether the weights add up is PL301's check, not this one's.
    This is a warning: the contradiction is certain, but which side is wrong is not (the note may be
    a template line the region's own scheme overrides).

Why it matters
    A report that prints the rule it then breaks contradicts itself: either the table's weights
    are wrong, and every score and the grade built on them with them, or the note is a stale
    template line nobody read. Reviewers send such tables back either way.

Example
    产出指标(70分) … 效益指标(20分) … 满意度指标(10分) …
    注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分
        → PL311 on 70 (note: 50) and on 20 (note: 30); 满意度 10 holds
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from perflint.findings import Finding
from perflint.intervals import Interval
from perflint.model import Quantity, Report, Span, Text
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.common import fmt, funds_points, points
from perflint.rules.scoring.textspan import contains_any, normalize_name, section_texts, sub_span
from perflint.rules.wholetext import every_text

#: Phrases that open the note's prescription of first-level weights.
DEFAULT_NOTE_PHRASES = ["一级指标分值统一设置为", "一级指标权重统一设置为", "分值统一设置为",
                        "权重统一设置为", "一级指标权重为"]
#: Names the note gives the scored budget row.
DEFAULT_FUNDS_NAMES = ["预算资金执行率", "预算执行率", "资金执行率"]
#: Second-level names that end in a first-level one: 社会效益指标 is not 效益指标.
DEFAULT_COMPOUND_PREFIXES = ["经济", "社会", "生态", "环境"]

#: One item of the note's list, read from where the previous one ended: a name, its weight.
_NOTE_ITEM = re.compile(r"\s*([\u4e00-\u9fff]{2,20})\s*[（(]?\s*(\d+(?:\.\d+)?)\s*(分|%)\s*[)）]?")
#: What may stand between the phrase and the first item.
_NOTE_OPENING = re.compile(r"\s*[:：]?")
#: What separates two items of the note's list.
_NOTE_SEPARATOR = re.compile(r"\s*(?:[、，,;；]|和|及|以及)")
#: A weight in parentheses after a name: (70分), （分值20分）.
_WEIGHT = r"\s*[（(]\s*(?:(?:分值|权重)\s*[:：为]?\s*)?((\d+(?:\.\d+)?)\s*分)\s*[)）]"
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
#: Units a stated weight may carry: a percentage in a 分值 cell is a column read out of place.
_UNITS = (None, "分")


class WeightNoteOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note_phrases: list[str] = Field(default_factory=lambda: list(DEFAULT_NOTE_PHRASES),
                                    description="phrases that open the note's list of first-level "
                                                "weights (一级指标分值统一设置为 …)")
    funds_names: list[str] = Field(default_factory=lambda: list(DEFAULT_FUNDS_NAMES),
                                   description="names the note gives the scored budget row, compared "
                                               "with that row's 分值 rather than an indicator's")
    compound_prefixes: list[str] = Field(default_factory=lambda: list(DEFAULT_COMPOUND_PREFIXES),
                                         description="prefixes that make a first-level name a "
                                                     "second-level one (社会 + 效益指标)")


def name_key(name: str) -> str:
    """A first-level name as compared: without spaces, parentheses, `服务对象` and a trailing `指标`,
    so the note's 服务对象满意度指标 and the table's 满意度指标 are the same indicator."""
    key = _PARENTHETICAL.sub("", normalize_name(name)).replace("服务对象", "")
    return key.removesuffix("指标")


@dataclass(frozen=True)
class Prescribed:
    """One item of the note: a first-level name and the weight the note gives it."""

    name: str
    value: Decimal
    literal: str
    span: Span | None


@dataclass(frozen=True)
class Note:
    """The note's list of weights, and where the list lies in its text (its figures are the
    note's, never the table's)."""

    text: Text
    start: int
    end: int
    items: tuple[Prescribed, ...]

    def span(self) -> Span | None:
        return sub_span(self.text, self.start, self.end)


@dataclass(frozen=True)
class Stated:
    """A weight the report itself gives a first-level indicator (or the scored budget row)."""

    key: str
    value: Interval
    shown: str
    label: str
    span: Span | None
    kind: str  # message key: table, text or funds


def _read_note(text: Text, index: int) -> Note | None:
    """The list of `<name>N分` items starting at `index` of `text`; None when it has fewer than two
    (a sentence that merely contains the phrase prescribes nothing)."""
    source = text.text
    items: list[Prescribed] = []
    position = _NOTE_OPENING.match(source, index).end()
    while True:
        if items:
            separator = _NOTE_SEPARATOR.match(source, position)
            if separator is None:
                break
            match = _NOTE_ITEM.match(source, separator.end())
        else:
            match = _NOTE_ITEM.match(source, position)
        if match is None:
            break
        items.append(Prescribed(name=match.group(1), value=Decimal(match.group(2)),
                                literal=match.group(2) + match.group(3),
                                span=sub_span(text, match.start(2), match.end(3))))
        position = match.end()
    if len(items) < 2:
        return None
    return Note(text=text, start=index, end=position, items=tuple(items))


def _texts(report: Report) -> list[Text]:
    """Every located text of the report that may hold the note or a heading with a weight: the
    title, the text before the first heading (a flattened table lands there), headings and bodies."""
    texts = [report.title, report.preamble, *(text for _, text in section_texts(report))]
    return [text for text in texts if text is not None and text.text]


def _notes(texts: list[Text], phrases: tuple[str, ...]) -> list[Note]:
    found: list[Note] = []
    for text in texts:
        if not contains_any(text.text, phrases):
            continue
        ends = sorted({m.end() for phrase in phrases for m in re.finditer(re.escape(phrase), text.text)})
        for end in ends:
            if any(note.text is text and note.start <= end < note.end for note in found):
                continue  # `分值统一设置为` inside `一级指标分值统一设置为`: the same list
            note = _read_note(text, end)
            if note is not None:
                found.append(note)
    return found


def _position(span: Span) -> tuple[str | None, int, int]:
    return span.location, span.line, span.column


def _within(span: Span | None, outer: Span | None) -> bool:
    """`span` lies inside `outer` (the same block of an office document, or the same text file)."""
    if span is None or outer is None or span.location != outer.location:
        return False
    return ((outer.line, outer.column) <= (span.line, span.column)
            and (span.end_line, span.end_column) <= (outer.end_line, outer.end_column))


def _shown(quantity: Quantity) -> str:
    """A stated weight as the message prints it: `70` and `70分` both as 70分."""
    literal = quantity.literal.strip()
    return literal if quantity.unit is not None else literal + "分"


class WeightNote(ReportRule):
    """First-level indicator weights contradict the weights the form's own note prescribes."""

    code = "PL311"
    name = "weight-note"
    severity = "warning"
    groups = ("scoring",)
    Options = WeightNoteOptions
    # `unknown` too: the note itself identifies the form, and a flattened table whose title the
    # recognizer missed is where this defect is most often left
    applies_to = frozenset({"project-report", "project-table", "transfer-report", "transfer-table",
                            "unknown"})
    messages = {
        "table": {
            "zh": "表注规定{name}分值为{expected}，但表中{label}为{stated}",
            "en": "the form's note sets {name} at {expected}, but the table gives {label} {stated}",
        },
        "text": {
            "zh": "表注规定{name}分值为{expected}，但报告写作“{label}”",
            "en": "the form's note sets {name} at {expected}, but the report writes “{label}”",
        },
        "funds": {
            "zh": "表注规定{name}分值为{expected}，但{label}行分值为{stated}",
            "en": "the form's note sets {name} at {expected}, but the {label} row's weight is {stated}",
        },
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        options = ctx.options
        phrases = tuple(options.note_phrases)
        if not contains_any(every_text(report), phrases):
            return  # most reports have no note: one search of all their texts tells
        texts = _texts(report)
        notes = _notes(texts, phrases)
        if not notes:
            return
        prescribed: dict[str, Prescribed] = {}
        for item in notes[0].items:
            prescribed.setdefault(name_key(item.name), item)
        funds_keys = {name_key(name) for name in options.funds_names}
        stated = self._table(report, prescribed, notes)
        known = {_position(s.span) for s in stated if s.span is not None}
        for found in self._text(texts, prescribed, notes, funds_keys, options.compound_prefixes):
            where = _position(found.span) if found.span is not None else None
            if where in known:
                continue  # the table's own cell, read as an indicator row already
            if where is not None:
                known.add(where)
            stated.append(found)
        stated.extend(self._funds(report, ctx, prescribed, funds_keys))
        yield from self._report(stated, prescribed, ctx)

    def _table(self, report: Report, prescribed: dict[str, Prescribed], notes: list[Note]) -> list[Stated]:
        """The weights of the indicator table's 一级 rows named in the note."""
        found: list[Stated] = []
        note_spans = [note.span() for note in notes]
        for root in report.indicators:
            weight = root.weight
            key = name_key(root.name.text)
            if root.level != 1 or key not in prescribed or weight is None or weight.unit not in _UNITS:
                continue
            value = points(weight)
            if value is None or weight.nil or any(_within(weight.span, span) for span in note_spans):
                continue
            found.append(Stated(key=key, value=value, shown=_shown(weight), label=root.name.text,
                                span=weight.span or root.span, kind="table"))
        return found

    def _text(self, texts: list[Text], prescribed: dict[str, Prescribed], notes: list[Note],
              funds_keys: set[str], prefixes: list[str]) -> Iterator[Stated]:
        """`产出指标(70分)` in any text, the name possibly glued to the cells before it."""
        names = [key for key in prescribed if key not in funds_keys]
        if not names:
            return
        alternatives = "|".join(re.escape(key) for key in sorted(names, key=len, reverse=True))
        mention = re.compile(f"(?:服务对象)?({alternatives})指标{_WEIGHT}")
        for text in texts:
            source = text.text
            ranges = [(note.start, note.end) for note in notes if note.text is text]
            for match in mention.finditer(source):
                start = match.start()
                if any(lo <= start < hi for lo, hi in ranges):
                    continue
                if any(source.endswith(prefix, 0, start) for prefix in prefixes if prefix):
                    continue
                number = match.group(3)
                yield Stated(key=match.group(1), value=Interval.exact(Decimal(number)),
                             shown=number + "分", label=re.sub(r"\s+", "", match.group(0)),
                             span=sub_span(text, match.start(2), match.end(2)), kind="text")

    def _funds(self, report: Report, ctx: CheckContext, prescribed: dict[str, Prescribed],
               funds_keys: set[str]) -> list[Stated]:
        """The scored budget row's own 分值, when the note names that row and the row states one
        (the profile's usual weight is not the report's statement)."""
        keys = [key for key in prescribed if key in funds_keys]
        funds = funds_points(report, ctx) if keys else None
        if funds is None or not funds.weight_stated or funds.row.weight.unit not in _UNITS:
            return []
        weight = funds.row.weight
        return [Stated(key=keys[0], value=funds.weight, shown=_shown(weight), label=funds.row.label,
                       span=weight.span or funds.row.span, kind="funds")]

    def _report(self, stated: list[Stated], prescribed: dict[str, Prescribed],
                ctx: CheckContext) -> Iterator[Finding]:
        """One finding per first-level name and contradicting value, at its first statement; the
        other statements of the same value are related."""
        groups: dict[tuple[str, str], list[Stated]] = {}
        for item in stated:
            rule = prescribed[item.key]
            if item.value.intersects(Interval.exact(rule.value)):
                continue
            groups.setdefault((item.key, fmt(item.value)), []).append(item)
        for (key, _), items in groups.items():
            rule, first = prescribed[key], items[0]
            related = [(rule.span, "表注" if ctx.lang == "zh" else "note")]
            related += [(other.span, other.label) for other in items[1:]]
            yield ctx.finding(first.span, message_key=first.kind, name=rule.name, expected=rule.literal,
                              stated=first.shown, label=first.label, related=related)
