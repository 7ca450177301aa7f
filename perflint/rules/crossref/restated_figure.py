"""PL401 restated-figure: the same quantity stated twice must have the same value.

What it checks
    Every statement of a concept the report makes, across table and narrative:
    - the figures restated in the narrative (`facts`: concept + value);
    - figures tagged with a concept anywhere in the report (a Quantity's `concept`);
    - each indicator's 全年完成值, under its own name; an indicator whose name ends with one of
      `suffix_concepts` (满意度) also stands for that concept when it is the only such indicator
      (社会公众或服务对象满意度 is the report's 满意度);
    - the 自评总分 as 总分 and the 等级 as 等级.
    Concept names are unified through `aliases` (自评得分 → 总分, 群众满意度 → 满意度 …). Within a
    concept, table statements are the reference; every statement whose value cannot be the
    reference's is reported at its own place. Figures compare on stated-precision intervals
    (126.59% and 126.6% agree); an inequality (`>100%`) agrees with any value it admits; figures
    of different kinds of unit (% and 分) are not compared; words (优) compare as text. A rounded
    figure stands for a half-open interval (94 for [93.5, 94.5)), so 94 and 95 disagree although
    their closed intervals touch.
    Narrative facts with a target comparator (不低于95%, 不超过…) are targets, not results, and are
    skipped.
    Figures of different subjects are different quantities: a fact's `subject` (基本支出 vs 项目支出,
    甲县 vs 乙县, one fund or document or year vs another) must agree too. The report's own year,
    name, parent and title are not subjects (`2023年` in a 2023 report, `本局`); a report without a
    stated year takes the year most of its subject-bearing facts name. A concept that starts with
    its subject is compared without it (`项目支出执行数` with subject 项目支出 is 执行数). When only
    one of two statements names a subject, the text does not say they are the same quantity, and
    nothing is reported.

Why it matters
    A figure that differs between the 自评表 and the report text means at least one of them is
    wrong, and the reader cannot tell which; reviewers check restated totals, rates, scores,
    grades and satisfaction first (重庆 score sheet: 报告与自评表数据不一致).

Example
    自评表 社会公众或服务对象满意度 全年完成值 90%; 正文 "实际满意度为95%"      (PL401)
    自评表 总分 95; 正文 "绩效自评得分95分"                                    (holds)
    正文 "基本支出…执行数为760万元" and "项目支出…执行数为1200万元"            (holds: two subjects)
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from perflint.analysis.concepts import budget_word
from perflint.findings import Finding
from perflint.model import Quantity, Report, Span
from perflint.rules import figures
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.memo import all_indicators, per_options
from perflint.rules.quantities import report_figures
from perflint.rules.scoring.textspan import normalize_name

DEFAULT_ALIASES: dict[str, list[str]] = {
    "总分": ["自评总分", "自评得分", "绩效自评得分", "总得分", "自评分数", "整体自评得分"],
    "等级": ["自评等级", "评价等级", "自评结果", "整体自评结果", "自评结果等级"],
    "满意度": ["社会满意度", "群众满意度", "服务对象满意度", "社会公众或服务对象满意度", "社会公众满意度",
            "满意度指标"],
}
TARGET_COMPARATORS = frozenset({">=", "<="})


class RestatedFigureOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aliases: dict[str, list[str]] = Field(default_factory=lambda: {k: list(v) for k, v in
                                                                   DEFAULT_ALIASES.items()},
                                          description="concept → other names of the same concept")
    suffix_concepts: list[str] = Field(default_factory=lambda: ["满意度"],
                                       description="an indicator whose name ends with one of these "
                                                   "states that concept (when it is the only one)")


@dataclass(slots=True)
class Statement:
    """One statement of a concept's value. Not frozen: a frozen dataclass's __init__ costs five
    times a slotted one's, and a report makes dozens; a fact's `subject` is read once, when its
    concept turns out to be stated twice (`restated`)."""

    concept: str
    quantity: Quantity | None
    text: str
    span: Span | None
    where: str
    from_table: bool
    subject: str | None = None
    name: str | None = None  # the concept as the report names it, when `concept` is a short form

    @property
    def order(self) -> tuple[int, int]:
        return (self.span.line, self.span.column) if self.span else (0, 0)


class _Concepts:
    """The options' concept aliases by normalized name, made once per run (`memo.per_options`)."""

    def __init__(self, options: RestatedFigureOptions) -> None:
        self.table: dict[str, str] = {}
        for concept, names in options.aliases.items():
            key = normalize_name(concept)
            self.table[key] = key
            for name in names:
                self.table[normalize_name(name)] = key

    def canonical(self, name: str) -> str:
        key = normalize_name(name)
        return self.table.get(key, key)


def _tagged_quantities(report: Report) -> tuple[Quantity, ...]:
    """Quantities with a `concept` tag anywhere in the report but its facts, in model order (the
    walk PL111 shares, `perflint.rules.quantities`)."""
    return report_figures(report).tagged


def restated(report: Report, options: RestatedFigureOptions) -> dict[str, list[Statement]]:
    """The statements of each concept the report states more than once (each figure once), in
    report order: the only ones PL401 compares. Most concepts are stated once, so a `Statement`
    is made only for these, and a fact's subject is read (`_Own`) only for them."""
    groups: dict[str, list[_Args]] = {}
    for args in _statements(report, options):
        if args[0]:
            groups.setdefault(args[0], []).append(args)
    own: _Own | None = None
    found: dict[str, list[Statement]] = {}
    for concept, items in groups.items():
        if len(items) < 2:
            continue
        seen: set[tuple] = set()
        unique: list[Statement] = []
        for args in items:
            span = args[3]
            if span is not None:
                place = _place(span)
                if place in seen:
                    continue
                seen.add(place)
            unique.append(Statement(*args))
        if len(unique) < 2:
            continue
        for statement in unique:
            if not statement.from_table:  # a fact: its subject, as stated, becomes what tells it apart
                own = own or _Own(report)
                statement.subject = own.subject(statement.subject)
        found[concept] = unique
    return found


#: A span's fields as one tuple: equal exactly when the spans are, and hashed in C rather than by
#: pydantic's hash of a frozen model (a report's figures are told apart by span dozens of times).
_place = operator.attrgetter(*Span.model_fields)


#: A `Statement`'s fields, in order: what `_statements` finds of each, made into one only when
#: its concept is stated more than once.
_Args = tuple[str, Quantity | None, str, Span | None, str, bool, str | None, str | None]


def _statements(report: Report, options: RestatedFigureOptions) -> list[_Args]:
    """Every statement of a concept's value (`_Args`), in report order; a fact's subject still
    as the fact states it."""
    concepts = per_options(options, _Concepts, lambda: _Concepts(options))
    found: list[_Args] = []
    evaluation = report.evaluation
    if evaluation is not None:
        if evaluation.total_score is not None and not evaluation.total_score.nil:
            q = evaluation.total_score
            found.append((concepts.canonical("总分"), q, q.literal, q.span, "自评表总分", True, None, None))
        if evaluation.grade is not None and evaluation.grade.text.strip():
            g = evaluation.grade
            found.append((concepts.canonical("等级"), None, g.text, g.span, "自评等级", True, None, None))
    rows = [node for node in all_indicators(report)
            if node.actual is not None and not node.actual.nil and not node.children]
    suffixes = tuple(options.suffix_concepts)
    names = [normalize_name(node.name.text) for node in rows]
    suffix_owner: Counter[str] = Counter(suffix for name in names if name.endswith(suffixes)
                                         for suffix in suffixes if name.endswith(suffix))
    row_statements: list[_Args] = []
    for node, name in zip(rows, names, strict=True):
        concept = concepts.table.get(name, name)  # `canonical` of a name already normalized
        if name.endswith(suffixes):  # most names end with none: no suffix concept to weigh
            if any(name.endswith(s) and suffix_owner[s] > 1 for s in suffixes):
                concept = name  # several indicators measure this concept: none stands for it
            elif concept == name:
                for suffix in suffixes:
                    if name.endswith(suffix) and suffix_owner[suffix] == 1:
                        concept = concepts.canonical(suffix)
        actual = node.actual
        row_statements.append((concept, actual, actual.literal, actual.span,  # type: ignore[union-attr]
                               f"自评表“{node.name.text}”完成值", True, None, None))
    # Two rows under one concept (管理制度健全性 under two groups) are different indicators:
    # neither can stand for the concept.
    per_concept = Counter(args[0] for args in row_statements)
    found.extend(args for args in row_statements if per_concept[args[0]] == 1)
    for q in _tagged_quantities(report):
        found.append((concepts.canonical(q.concept or ""), q, q.literal, q.span, "表中", True, None, None))
    for fact in report.facts:
        q = fact.value
        if q.nil or q.comparator in TARGET_COMPARATORS:
            continue
        # the concept without its subject, even the report's own (城乡供水项目预算执行率)
        concept = concepts.canonical(_without_subject(fact.concept, fact.subject))
        found.append((concept, q, q.literal, q.span, "正文", False, fact.subject,
                      concepts.canonical(fact.concept)))
    return found


_YEAR_PART = re.compile(r"^((?:19|20)\d{2})年$")
#: Words of time that name the report's own year, not a concept (`本年度预算执行率` is 预算执行率).
_OWN_TIME = re.compile(r"^(?:本年度?|本期|今年|当年|全年|年度|年终)+(?=.)")


#: `_Own.subject`'s mark of a subject not read yet (None is a reading: nothing left).
_UNREAD = object()


class _Own:
    """What a report is itself about, which no fact's subject distinguishes: its year, its unit
    (name, parent, region) and the project its title names."""

    def __init__(self, report: Report) -> None:
        self.year = report.year if report.year is not None else _usual_year(report)
        names = [t.text for t in (report.unit.name, report.unit.parent) if t is not None]
        self.names = [re.sub(r"\s", "", n) for n in (*names, *report.unit.region) if n]
        self.title = re.sub(r"\s", "", report.title.text) if report.title is not None else ""
        self._subjects: dict[str, str | None] = {}

    def subject(self, subject: str | None) -> str | None:
        """The parts of a fact's subject the report is not itself about, joined by `·` (None when
        none is left); a report's facts share a few subjects, each read once."""
        if not subject:
            return None
        found = self._subjects.get(subject, _UNREAD)
        if found is _UNREAD:
            parts = [part for part in subject.split("·") if part and not self._own(part)]
            found = self._subjects[subject] = "·".join(parts) or None
        return found

    def _own(self, part: str) -> bool:
        year = _YEAR_PART.match(part)
        if year is not None:
            return self.year is not None and int(year.group(1)) == self.year
        if _PROJECT.search(part) and part in self.title:
            return True  # the project a project report is about (a class such as 项目支出 is not)
        return any(part in name or (len(name) >= 2 and name in part) or _abbreviates(part, name)
                   for name in self.names)


_PROJECT = re.compile(r"(?:项目|工程)$")


_PLACE_END = re.compile(r"[省市县区旗盟州镇乡村]")


def _abbreviates(part: str, name: str) -> bool:
    """Whether `part` is a short form of `name`: its characters in order, as Chinese short forms
    are made (区数据局 for 甲区政务服务数据管理局, 某市经开区 for …经济技术开发区…). An
    organization keeps the last character of the name and may be preceded by places the name
    leaves out (某市甲区数据局); a place needs four characters to count."""
    candidates = [part]
    if part[-1] == name[-1]:
        candidates += [part[m.end():] for m in _PLACE_END.finditer(part[:-1])]
        return any(len(c) >= 3 and _in_order(c, name) for c in candidates)
    return len(part) >= 4 and _PLACE_END.fullmatch(part[-1]) is not None and _in_order(part, name)


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(char in rest for char in short)


def _usual_year(report: Report) -> int | None:
    """The year most subject-bearing facts name, when one year is named most often."""
    counts: Counter[int] = Counter()
    for fact in report.facts:
        for part in (fact.subject or "").split("·"):
            year = _YEAR_PART.match(part)
            if year is not None:
                counts[int(year.group(1))] += 1
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


@functools.lru_cache(maxsize=4096)
def _without_subject(concept: str, subject: str | None) -> str:
    """`项目支出执行数` of subject 项目支出 is its 执行数; the report's own time words and budget
    words in their short form (`本年度预算执行率` is 预算执行率, `全年实际支出` is 执行数).
    Remembered: the same concepts and subjects recur in every report."""
    concept = _OWN_TIME.sub("", concept)
    for part in (subject or "").split("·"):
        if part and concept.startswith(part) and len(concept) > len(part):
            concept = _OWN_TIME.sub("", concept[len(part):].lstrip("的"))
    return budget_word(concept) or concept


def agree(a: Statement, b: Statement, money_unit: str) -> bool | None:
    """Whether two statements can state the same value; None when they are not comparable."""
    qa, qb = a.quantity, b.quantity
    a_number = qa is not None and qa.value is not None
    b_number = qb is not None and qb.value is not None
    if not a_number and not b_number:
        ta, tb = _bare(a.text), _bare(b.text)
        return ta in tb or tb in ta
    if not (a_number and b_number):
        return None
    unit_a = qa.unit or qb.unit or money_unit
    unit_b = qb.unit or qa.unit or money_unit
    try:
        if figures.base(qa, unit_a)[0] != figures.base(qb, unit_b)[0]:
            return None
        return figures.claim(qa, unit_a).intersects(figures.claim(qb, unit_b))
    except ValueError:
        return None


def _bare(text: str) -> str:
    return normalize_name(text).strip("。，,.（）()")


class RestatedFigure(ReportRule):
    """The same concept is stated more than once with values that do not agree."""

    code = "PL401"
    name = "restated-figure"
    severity = "error"
    groups = ("crossref",)
    Options = RestatedFigureOptions
    messages = {
        "zh": "{concept}在{where}为{stated}，与{ref_where}的{expected}不一致",
        "en": "{concept} is {stated} in {where_en} but {expected} in {ref_where_en}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        for concept, items in restated(report, ctx.options).items():
            items.sort(key=lambda s: (not s.from_table, s.order))
            references: dict[str | None, Statement] = {}
            for other in items:
                # only statements of the same subject are one quantity; one with a subject and one
                # without may or may not be, so neither is the other's reference
                reference = references.setdefault(other.subject, other)
                # statements of one concept have distinct spans (`restated` keeps one per span),
                # so two are at one place only when neither has a span
                if other is reference or (other.span is None and reference.span is None) \
                        or agree(reference, other, report.money_unit) is not False:
                    continue
                named = _with_subject(other.name or concept, other.subject)
                yield ctx.finding(
                    other.span, concept=named, where=other.where, stated=other.text,
                    ref_where=reference.where, expected=reference.text,
                    where_en=_english(other.where), ref_where_en=_english(reference.where),
                    related=[(reference.span, reference.where)],
                )


def _with_subject(concept: str, subject: str | None) -> str:
    """`执行数（项目支出）`: the concept as a message names it (`项目支出执行数` names its subject)."""
    parts = [part for part in (subject or "").split("·") if part and part not in concept]
    return f"{concept}（{'·'.join(parts)}）" if parts else concept


def _english(where: str) -> str:
    return {"正文": "the narrative", "表中": "a table", "自评表总分": "the table's total",
            "自评等级": "the stated grade"}.get(where, where.replace("自评表", "the table ")
                                                   .replace("完成值", " (actual)"))
