"""Split a paragraph into sentences and labelled figures, and classify what each label names.

A Chinese report states its figures as `label + (为|是|达) + figure`, clauses separated by `，`
and `；`, sentences by `。`. `其中` opens a list of components of the figure before it. This module
turns a paragraph into `Item`s (label, figure, whether `其中` precedes it) grouped by sentence,
with one scan of the text; `classify` maps a label to the role it plays (资产合计, 执行率, 占比 …).
The grouping into totals and parts lives in `narrative`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from perflint.extract.figures import Figure, scan

_SENTENCE = re.compile(r"[。！？!?\n]+")
_CLAUSE = re.compile(r"[，,；;]")
_QIZHONG = re.compile(r"^\s*其中\s*[：:，,]?\s*")
_DATE = (r"(?:截[至止](?:到)?)?(?:(?:19|20)\d{2}\s*年(?:度)?)?(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
         r"(?:年末|年底|年初|末|底|全年)?")
_LEADING = re.compile(rf"^(?:[\s，,、：:]|以及|并且?|另|同时|(?=[截\d]){_DATE}(?<=[年月日度末底初止至到]))+")
_EMBEDDED_DATE = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
                            r"(?:年末|年底|年初|末|底|初)?")
_SUBJECT = re.compile(r"^(?:我|本)?(?:中心|单位|部门|局|分局)(?:本级)?(?:单位)?")
_TOTAL_WORD = re.compile(r"^.{0,12}?共(?:计|有)?(?=.)")
_TRAILING = re.compile(r"(?:[\s：:（(]|为|是|达到|达|约为|约|共计|总计|分别为|分别|在)+$")


class Kind(StrEnum):
    """What a labelled figure is, as far as the label alone tells."""

    ASSETS = "assets"
    ASSET_PART = "asset_part"
    LIABILITIES = "liabilities"
    LIABILITY_PART = "liability_part"
    NET_ASSETS = "net_assets"
    NET_PART = "net_part"
    DEBT_RATIO = "debt_ratio"
    SHARE = "share"  # 占比 / 占总资产: share of the figure before it
    X_SHARE = "x_share"  # A占B比例: a rate of two figures named elsewhere
    BUDGET = "budget"
    EXECUTED = "executed"
    RATE = "rate"  # 执行率 of the budget figure before it
    STAFF_TOTAL = "staff_total"  # 编制人数
    STAFF_ACTUAL = "staff_actual"  # 实有人数
    STAFF_PART = "staff_part"
    MONEY_PART = "money_part"  # 基本支出, 本年财政拨款收入 …
    SATISFACTION = "satisfaction"
    SCORE_TOTAL = "score_total"
    GENERIC = "generic"


#: Kinds that open a new statement even inside a `其中` list (after `；`).
TOTAL_KINDS = frozenset({Kind.ASSETS, Kind.LIABILITIES, Kind.NET_ASSETS, Kind.BUDGET, Kind.EXECUTED,
                         Kind.STAFF_TOTAL, Kind.STAFF_ACTUAL, Kind.DEBT_RATIO, Kind.SCORE_TOTAL,
                         Kind.SATISFACTION})

_RULES: tuple[tuple[re.Pattern[str], Kind], ...] = tuple((re.compile(p), k) for p, k in (
    (r"资产负债率", Kind.DEBT_RATIO),
    (r"^占(?!用)", Kind.SHARE),
    (r"^(?:所)?占(?:比|比例|比重)$", Kind.SHARE),
    (r".占.{2,}$", Kind.X_SHARE),
    (r"非流动资产|流动资产|固定资产(?:净值)?$|无形资产$|在建工程$", Kind.ASSET_PART),
    (r"非流动负债|流动负债", Kind.LIABILITY_PART),
    (r"净资产", Kind.NET_ASSETS),
    (r"累计盈余|专用基金|本期盈余|权益法调整|无偿调拨净资产", Kind.NET_PART),
    (r"(?:资产|资产总额|总资产)(?:合计|总计|总额)?$", Kind.ASSETS),
    (r"(?:负债|负债总额|总负债)(?:合计|总计|总额)?$", Kind.LIABILITIES),
    (r"(?:预算|支出|资金)?执行率$|(?:整体)?支出完成率$|预算完成率$", Kind.RATE),
    (r"(?:预算数|预算支出|预算总额|预算金额|年初预算|调整后预算|预算安排)$", Kind.BUDGET),
    (r"(?:执行数|决算数|决算支出|决算金额|实际支出|执行金额|支出决算)$", Kind.EXECUTED),
    (r"(?:编制人数|编制数|核定编制|编制)$", Kind.STAFF_TOTAL),
    (r"(?:实有人数|实有)$", Kind.STAFF_ACTUAL),
    (r"(?:人员|在职|在编|退休|离休)(?:人数)?$", Kind.STAFF_PART),
    (r"满意度$", Kind.SATISFACTION),
    (r"(?:绩效)?自评(?:总)?得分$|自评总分$", Kind.SCORE_TOTAL),
    (r"(?:基本支出|项目支出|人员经费|公用经费|财政拨款(?:收入)?|结转(?:和|及)?结余|其他收入|其他资金"
     r"|事业收入|经营收入|上级补助收入|附属单位上缴收入)(?:[（(][^）)]*[）)])?$", Kind.MONEY_PART),
))


#: `classify`, `clean_label` and `name_of` are pure functions of short strings that recur within
#: a report and across reports (基本支出, 其中：); they are remembered rather than re-run.
_remembered = functools.lru_cache(maxsize=8192)


@_remembered
def classify(label: str) -> Kind:
    """The role a cleaned label names. First matching rule wins; order matters (流动资产合计 is a
    part, not an assets total)."""
    compact = re.sub(r"\s", "", label)
    for pattern, kind in _RULES:
        if pattern.search(compact):
            return kind
    return Kind.GENERIC


@dataclass(slots=True)
class Item:
    """A figure with the label before it, positions relative to the paragraph text."""

    label: str
    label_start: int
    figure: Figure
    qizhong: bool
    after_semicolon: bool
    kind: Kind = Kind.GENERIC
    share: Item | None = None
    rate: Item | None = None
    parts: list[Item] = field(default_factory=list)
    part_of: Item | None = None
    attached: bool = False  # used as the share or rate of another item
    used: bool = False  # consumed by a structure (a fact is made only of unused items)
    indicator: bool = False  # stated as an indicator's target or result (also keeps it from facts)
    para: object = None  # the paragraph context that owns it (set by `narrative`)
    trailing: str = ""  # the words after the figure up to the end of its clause
    previous: Item | None = None  # the item before it in the same sentence

    @property
    def base_unit(self) -> str | None:
        unit = self.figure.unit
        if unit is None:
            return None
        for prefix in ("亿", "万", "千"):
            if unit.startswith(prefix) and len(unit) > 1:
                return unit[1:]
        return unit


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    items: list[Item]


@_remembered
def clean_label(raw: str) -> tuple[str, int, bool]:
    """Strip `其中`, conjunctions, a leading year and a trailing copula (为/是/达) from the text
    before a figure. Returns the label, its offset within `raw`, and whether `其中` was there."""
    offset = 0
    qizhong = False
    while True:
        match = _QIZHONG.match(raw, offset) or _LEADING.match(raw, offset)
        if match is None or match.end() == offset:
            break
        if "其中" in match.group():
            qizhong = True
        offset = match.end()
    label = raw[offset:]
    trailing = _TRAILING.search(label)
    if trailing is not None:
        label = label[: trailing.start()]
    return label, offset, qizhong


@_remembered
def name_of(label: str) -> str:
    """A short name for a label: without dates, the reporting unit as subject (我单位, 本部门) or a
    leading `…共` (经开区全年共供应土地 → 供应土地)."""
    name = _EMBEDDED_DATE.sub("", label)
    name = _SUBJECT.sub("", name)
    name = _TOTAL_WORD.sub("", name).strip(" ，,：:")
    return name or label


def sentences(text: str) -> list[Sentence]:
    """The paragraph's sentences, each with its labelled figures in order."""
    figures = scan(text)
    inside = {i for f in figures if "，" in f.literal or "," in f.literal for i in range(f.start, f.end)}
    result: list[Sentence] = []
    position = 0
    bounds = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
    bounds.append((len(text), len(text)))
    index = 0
    for stop, after in bounds:
        items: list[Item] = []
        if index < len(figures):  # past the last figure, no clause has items: skip the split
            index = _sentence_items(text, position, stop, figures, index, inside, items)
        if stop > position or items:
            result.append(Sentence(position, stop, items))
        position = after
    return result


def _sentence_items(text: str, start: int, stop: int, figures: list[Figure], index: int,
                    inside: set[int], items: list[Item]) -> int:
    """Append the figures of the sentence text[start:stop] as Items, clause by clause; return the
    index of the next figure."""
    clause_start = start
    semicolon = False
    for clause in _CLAUSE.finditer(text, start, stop):
        if clause.start() in inside:  # a thousands separator, not a clause break
            continue
        index = _clause_items(text, clause_start, clause.start(), figures, index, items, semicolon)
        semicolon = clause.group() in "；;"
        clause_start = clause.end()
    index = _clause_items(text, clause_start, stop, figures, index, items, semicolon)
    for earlier, later in pairwise(items):
        later.previous = earlier
    return index


def _clause_items(text: str, start: int, stop: int, figures: list[Figure], index: int,
                  items: list[Item], semicolon: bool) -> int:
    """Append the figures inside text[start:stop] as Items; return the index of the next figure."""
    previous_end = start
    previous: Item | None = None
    while index < len(figures) and figures[index].start < start:
        index += 1
    while index < len(figures) and figures[index].end <= stop:
        figure = figures[index]
        raw = text[previous_end:figure.start]
        if previous is not None:
            previous.trailing = raw.strip()
        label, offset, qizhong = clean_label(raw)
        item = Item(label=label, label_start=previous_end + offset, figure=figure, qizhong=qizhong,
                    after_semicolon=semicolon and previous_end == start)
        item.kind = classify(label)
        items.append(item)
        previous = item
        previous_end = figure.end
        index += 1
    if previous is not None:
        previous.trailing = text[previous_end:stop].strip()
    return index
