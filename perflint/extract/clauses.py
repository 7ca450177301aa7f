"""Split a paragraph into sentences and labelled figures, and classify what each label names.

A Chinese report states its figures as `label + (为|是|达) + figure`, clauses separated by `，`
and `；`, sentences by `。`. `其中` opens a list of components of the figure before it. This module
turns a paragraph into `Item`s (label, figure, whether `其中` precedes it) grouped by sentence,
with one scan of the text; `classify` maps a label to the role it plays (资产合计, 执行率, 占比 …).
The grouping into totals and parts lives in `narrative`.

Each item also gets its `Scope`: what the figure belongs to, as the sentence names it. A clause
names a subject before its figures (`项目支出预算数…`, `贵池区申请…`, `分配至甲县…`,
`2024年度…`); the subject holds for the following clauses of the same sentence until another one
of the same level is named (`基本支出预算数800万元，执行数760万元` → both 基本支出). Four levels:
- `year`: a year (`2022年`, `2021-2023年`, `上年`); `本年`/`当年` returns to the report's year;
- `doc`: a document number (`财农〔2021〕28号`): an allocation made by one document;
- `place`: a county, district, town or village, or a named organization (`…局`, `…中心`,
  `本级`); `全县`/`我市`/`本单位`/`整体` return to the report as a whole;
- `item`: an expenditure class or funding source (基本支出, 项目支出, 财政拨款, 中央资金 …) or a
  named fund, project or subsidy (`…资金`, `…项目`, `…补助`, `…补贴`, `…工程`).
A new document clears the place and item, a new place the item. Mentions inside a quoted title
(`《关于下达2023年…的通知》`) name the document, not the figure, and are skipped. A clause without
figures passes its subject on only when it opens with it (`2022年12月23日，…`), not when it names
one in passing (`资金来源全部为财政拨款`). One left-to-right scan of each sentence that has figures,
up to its last figure, finds them (`_mentions`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from typing import NamedTuple

from perflint.extract.figures import Figure, scan
from perflint.profiles.lexicon import label_roles
from perflint.profiles.roles import LabelRoles

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


_HAN = r"[\u4e00-\u9fff]"
#: A place, organization or named fund is looked for only at a clause start, after a year and after
#: these: punctuation, `其中`, a verb or preposition of allocation (分配至甲县, 向乙区下达, 给予丙市).
#: A name is never looked for in the middle of a word, so `农村文化活动` names no village.
_BOUNDARY_CHARS = "，,；;：:、。！？!?（(“”\"‘’\n\t\r\f\v \u3000向对至给"
_BOUNDARY_WORDS = ("其中", "下达", "分配", "拨付", "下拨", "安排", "给予", "用于", "申请")
#: What a name never starts with: a verb or preposition of allocation, a particle, a time word.
_NOT_NAME = (r"(?![该本此各全其上以相部剩已未的和与及对向把将从按为是至到给于予在底末初]|下达|下拨|分配|拨付"
             r"|安排|给予|用于|申请|补助|发放|支付|使用|涉及|包括|完成|实现|开展|建设|新建|覆盖|原因"
             r"|年度|全年|年初|年末|年底)")
#: A character of a name: no particle inside a name (`原因是其他资金` names no fund). A name with a
#: verb inside (`甲县下达乙中心`) is refused after the match (`_VERB_INSIDE`): one character class
#: per character keeps the expression fast.
_NOT_IN_NAME = "是为有因由将把从以或等的"


def _han_except(excluded: str) -> str:
    """A character class of the CJK ideographs without `excluded`."""
    points = sorted(ord(c) for c in excluded)
    ranges, low = [], 0x4E00
    for point in points:
        if low <= point - 1:
            ranges.append(f"{chr(low)}-{chr(point - 1)}")
        low = point + 1
    ranges.append(f"{chr(low)}-\u9fff")
    return "[" + "".join(ranges) + "]"


_NAME_CHAR = _han_except(_NOT_IN_NAME)
_VERB_INSIDE = re.compile(r"下达|下拨|分配|拨付|安排|给予|用于|申请|发放|支付|使用|涉及|包括|完成|实现")
#: Words that end like a place name but name none (农村, 城区, 示范村 …) or name the report's own
#: area (全县, 我市, 各区); a place name starts with none of these.
_NOT_PLACE = (r"(?!农村|乡村|城市|城区|城乡|地区|辖区|园区|景区|小区|校区|片区|山区|牧区|灾区|老区|库区|市区"
              r"|郊区|县区|县市|市县|区县|乡镇|村镇|超市|街区|示范|试点|贫困|重点|脱贫|行政村|自然村|中心村"
              r"|美丽|新农村|建设|新建|改造|覆盖|涉及|完成|实现|开展|帮扶|支持|扶持|惠及|辐射|带动|服务|包括"
              r"|城镇|社区|所有|部分|其他|相关|上述|以上|下属|所属)"
              r"(?![全本我各该此每其两多数个分上下省市县区乡镇村的了在和与及对向把将被从共有为是至到给于])")
#: A name directly followed by a count (`示范村3个`, `优化布局5个`) is what is counted, not a subject.
_NOT_COUNTED = r"(?!\s*\d+(?:\.\d+)?\s*[个家所座处项次])"
#: A place, an organization, a named fund: each begins where `_NOT_NAME` holds (`_NAME`).
_PLACE = (rf"{_NOT_PLACE}{_HAN}{{1,5}}?(?:[县区市旗盟州镇乡村]|街道)"
          rf"(?![级域场民政委属内长直辖容]){_NOT_COUNTED}")
_ORG = (r"(?![所下])" + _NAME_CHAR
        + r"{2,10}?(?:[局站院馆队]|中心|委员会|办公室|幼儿园|公司|学校)(?:本级)?"
        r"(?![\u4e00-\u9fff]{0,1}(?:长|属|有|需|在|得|以|内|外|面)|点)" + _NOT_COUNTED)
_FUND = (_NAME_CHAR
         + r"{1,14}?(?:资金|项目|补[助贴]|工程|专项)"
         # followed by what it is the modifier of, it names no fund: 享受补贴人数, 补助标准
         r"(?!支出|经费|资金|单位|人数|户数|人次|户次|人员|对象|标准|政策|范围|覆盖|资格|名单|率)"
         + _NOT_COUNTED)
#: Expenditure classes and funding sources: named the same way in every report.
_CLASS_WORDS = (
    "基本支出", "项目支出", "人员经费", "公用经费", "工资福利支出", "商品和服务支出", "对个人和家庭的补助",
    "资本性支出", "财政拨款", "一般公共预算", "政府性基金", "国有资本经营预算", "上年结转", "年初结转",
    "结转结余", "结转和结余", "结转及结余", "其他资金", "其他收入", "事业收入", "经营收入", "上级补助收入",
    "附属单位上缴收入", "三公经费", "自筹资金", "社会资金", "配套资金",
    *(f"{level}{kind}资金" for level in ("中央", "省级", "市级", "县级", "区级", "地方", "本级", "上级")
      for kind in ("", "财政", "补助", "财政补助")),
)
#: The report's own area or unit, or all of it.
_WHOLE_WORDS = (*(f"全{x}" for x in ("县", "市", "区", "旗", "镇", "乡", "省", "局", "部门")),
                *(f"{who}{x}" for who in ("我", "本")
                  for x in ("县", "市", "区", "旗", "镇", "乡", "局", "部门", "单位", "中心")),
                "部门整体", "整体", "总体", "合计", "总计", "共计")


def _words(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


#: Every mention but a name. Each alternative begins with a literal and none has a group, so the
#: engine skips the text between candidates in C and builds light match objects (an alternative
#: that begins with a group or a lookbehind makes it try every position); `_kind` tells which
#: alternative matched from the text it matched.
_SCAN_PARTS: list[tuple[str, str]] = [
    ("title", r"《[^《》]{0,80}》"),
    *(("doc", rf"{c}\d\d\s*[〕】\]］）)]\s*\d{{1,5}}\s*号") for c in ("19", "20")),
    *(("range", rf"{c}\d\d\s*年?(?:度)?\s*[-—–~～至到]\s*(?:19|20)\d\d\s*年(?:度)?") for c in ("19", "20")),
    *(("year", rf"{c}\d\d\s*年(?:度)?") for c in ("19", "20")),
    ("now", "本年(?:度)?"), ("now", "今年"), ("now", "当年"), ("now", "本期"),
    *(("last", rf"{w}(?:度)?(?!结转|结余|同期)") for w in ("上一年", "上年", "去年")),
]
_NOW_WORDS = ("本年", "本年度", "今年", "当年", "本期")
_LAST_WORDS = ("上一年", "上一年度", "上年", "上年度", "去年", "去年度")


def _by_first_character(kind: str, words) -> list[tuple[str, str]]:
    """`words` as alternatives of `kind`, one per first character (`全(?:部门|县|市…)`)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return [(kind, re.escape(first) + "(?:" + _words(rests) + ")") for first, rests in groups.items()]


_SCAN_PARTS += _by_first_character("whole", _WHOLE_WORDS)
_SCAN_PARTS += _by_first_character("cls", _CLASS_WORDS)
#: After these a place, organization or fund may be named (`_NAME`).
_SCAN_PARTS += [("boundary", re.escape(token)) for token in sorted({*_BOUNDARY_CHARS, *_BOUNDARY_WORDS},
                                                                    key=len, reverse=True)]
_SCAN = re.compile("|".join(pattern for _, pattern in _SCAN_PARTS))
#: The kind of a mention `_SCAN` matched, by its text (years, documents and titles by their start).
_WORD_KIND = {**dict.fromkeys((*_BOUNDARY_CHARS, *_BOUNDARY_WORDS), "boundary"),
              **dict.fromkeys(_CLASS_WORDS, "cls"), **dict.fromkeys(_WHOLE_WORDS, "whole"),
              **dict.fromkeys(_LAST_WORDS, "last"), **dict.fromkeys(_NOW_WORDS, "now")}


def _kind(said: str) -> str:
    kind = _WORD_KIND.get(said)
    if kind is not None:
        return kind
    if said[0] == "《":
        return "title"
    if said[-1] == "号":
        return "doc"
    return "range" if len(said) > 8 and _YEAR_RANGE.search(said, 4) else "year"


_YEAR_RANGE = re.compile(r"(?:19|20)\d\d")
#: Where a name may begin: ideographs, then within 14 of them the first character of an ending
#: of `_ORG`, `_PLACE` or `_FUND` (局, 中心, 县, 街道, 资金, 补助 …). Most places `_mentions` tries
#: (after a `，`, a `、`, a year) have none: this refuses them before the three expressions are tried.
_NAME_AHEAD = rf"(?={_HAN}{{1,14}}?[局站院馆队中委办幼公学县区市旗盟州镇乡村街资项补工专])"
#: An organization first: `某市甲区数据局` is one, not the city 某市.
_NAME = re.compile(f"{_NAME_AHEAD}{_NOT_NAME}(?:(?P<org>{_ORG})|(?P<place>{_PLACE})|(?P<fund>{_FUND}))")
_OPENING_BRACKETS = frozenset("〔【[［（(")
#: Named funds too generic to tell one from another (项目资金, 专项资金, 该项目 …).
_GENERIC_FUNDS = frozenset({"项目资金", "财政资金", "预算资金", "专项资金", "补助资金", "各类资金",
                            "转移支付资金", "绩效项目", "重点项目", "建设项目", "资金项目", "财政补助",
                            "财政补贴", "专项"})


class Scope(NamedTuple):
    """What a figure belongs to, level by level (None: the report's own, as far as the text
    says). See the module docstring."""

    year: str | None = None
    doc: str | None = None
    place: str | None = None
    item: str | None = None

    def parts(self) -> list[str]:
        return [part for part in self if part is not None]


NO_SCOPE = Scope()


def _named(scope: Scope, kind: str, text: str) -> Scope:
    """`scope` after a mention of `kind` whose text is `text`."""
    year, doc, place, item = scope
    if kind == "year":
        return Scope(f"{text[:4]}年", doc, place, item)
    if kind == "range":
        first, last = _YEAR_RANGE.findall(text)[:2]
        return Scope(f"{first}-{last}年", doc, place, item)
    if kind == "now":
        return Scope(None, doc, place, item)
    if kind == "last":
        return Scope("上年", doc, place, item)
    if kind == "doc":
        number = re.sub(r"\s", "", text)
        return Scope(year, f"〔{number[:4]}〕{number[5:]}", None, None)
    if kind == "whole":  # the report's own area or unit: the place it names is the report's
        return Scope(year, doc, None, None)
    if kind == "place" or kind == "org":
        return Scope(year, doc, text, None)
    if kind == "cls" or (kind == "fund" and text not in _GENERIC_FUNDS):
        return Scope(year, doc, place, text)
    return scope  # a quoted title names what a document is about, not the figure; a generic fund


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


#: Kinds of figures that state an amount of the budget: a rate (执行率) may belong to them.
BUDGETISH = frozenset({Kind.BUDGET, Kind.EXECUTED, Kind.MONEY_PART})
#: Kinds that open a new statement even inside a `其中` list (after `；`).
TOTAL_KINDS = frozenset({Kind.ASSETS, Kind.LIABILITIES, Kind.NET_ASSETS, Kind.BUDGET, Kind.EXECUTED,
                         Kind.STAFF_TOTAL, Kind.STAFF_ACTUAL, Kind.DEBT_RATIO, Kind.SCORE_TOTAL,
                         Kind.SATISFACTION})



#: `name_of` is a pure function of short strings that recur within a report and across reports
#: (基本支出, 其中：): it is remembered rather than re-run.
_remembered = functools.lru_cache(maxsize=8192)


#: Each Kind by its role name: looked up for every labelled figure, where calling the enum class
#: (`Kind(role)`) costs more than the lexicon's own (remembered) answer.
_KIND_OF_ROLE = {kind.value: kind for kind in Kind}


def classify(label: str) -> Kind:
    """The role a cleaned label names, by the lexicon of the profile the document is read with
    (`lexicon:` in perflint/profiles/data/national/base.yaml and the profiles extending it)."""
    return _kind_of(label_roles(), label)


def _kind_of(roles: LabelRoles, label: str) -> Kind:
    role = roles.role_of(label)
    kind = _KIND_OF_ROLE.get(role)
    return kind if kind is not None else Kind(role)  # an unknown role raises as `Kind(role)` does


#: What the text before a figure says: its label, the label's offset in it, whether `其中` is
#: there, and the kind the label names.
_Reading = tuple[str, int, bool, "Kind"]
#: A lexicon remembers this many readings; past it, it starts again (bounded memory on any input).
_MAX_READINGS = 16384


#: Each lexicon's readings so far (`_reading`): the texts before figures recur within a report and
#: across reports (`，其中基本支出`, `执行率为`), so one dictionary look-up reads most of them,
#: instead of cleaning the label and asking the lexicon each time.
_READINGS: dict[LabelRoles, dict[str, _Reading]] = {}


def _readings(roles: LabelRoles) -> dict[str, _Reading]:
    """The readings of `roles` (a new lexicon starts with none; a few lexicons are kept)."""
    if len(_READINGS) >= 16:
        _READINGS.clear()
    return _READINGS.setdefault(roles, {})


def _reading(raw: str, roles: LabelRoles, readings: dict[str, _Reading]) -> _Reading:
    """Read `raw` (the text before a figure) and remember it in `readings`."""
    label, offset, qizhong = clean_label(raw)
    reading = (label, offset, qizhong, _kind_of(roles, label))
    if len(readings) >= _MAX_READINGS:
        readings.clear()
    readings[raw] = reading
    return reading


@dataclass(slots=True)
class Item:
    """A figure with the label before it, positions relative to the paragraph text."""

    label: str
    label_start: int
    figure: Figure
    qizhong: bool
    after_semicolon: bool
    kind: Kind = Kind.GENERIC
    previous: Item | None = None  # the item before it in the same sentence
    #: `scope` once worked out; until then the sentence that names it (`_Scoping`)
    scoping: _Scoping | None = field(default=None, repr=False, compare=False)
    para: object = None  # the paragraph context that owns it (dropped by `narrative.release`)
    share: Item | None = None
    rate: Item | None = None
    parts: list[Item] = field(default_factory=list)
    part_of: Item | None = None
    attached: bool = False  # used as the share or rate of another item
    used: bool = False  # consumed by a structure (a fact is made only of unused items)
    indicator: bool = False  # stated as an indicator's target or result (also keeps it from facts)
    trailing: str = ""  # the words after the figure up to the end of its clause
    resolved_scope: Scope | None = field(default=None, compare=False)

    @property
    def scope(self) -> Scope:
        """What the figure belongs to, as its sentence names it. Worked out for all the items of
        the sentence when one of them is first asked: scanning a sentence for what it names is
        the dearest step of reading it, and the scopes of about half the sentences are never read."""
        if self.resolved_scope is None:
            if self.scoping is None:
                return NO_SCOPE
            self.scoping.resolve()
        return self.resolved_scope  # type: ignore[return-value]

    @property
    def base_unit(self) -> str | None:
        """The unit without its magnitude (`万元` → `元`): asked for every figure a list meets (the
        parsed figure's unit read directly, not through `Figure.unit`: one call less each time)."""
        unit = self.figure.parsed.unit
        if unit is None:
            return None
        base = _BASE_UNITS.get(unit)
        return base if base is not None else _base_unit(unit)


#: `base_unit` by unit: the units are the figure scanner's few unit words.
_BASE_UNITS: dict[str, str] = {}


def _base_unit(unit: str) -> str:
    base = unit[1:] if unit[:1] in ("亿", "万", "千") and len(unit) > 1 else unit
    _BASE_UNITS[unit] = base
    return base


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    items: list[Item]
    #: No item attaches to the one before it (a share, a rate) or may number a part (a figure of
    #: one or two characters, `（1）`): outside a `其中` list each item is a statement of its own.
    plain: bool = True
    #: The last item that states an amount of the budget (`BUDGETISH`: 预算数, 执行数, 基本支出 …),
    #: noted while the items are read: a rate after the sentence may be its (`narrative.read`), and
    #: a sentence without one holds no budget row (`statements`).
    budget: Item | None = None


#: Kinds of figures that belong to the figure before them (`占比…`, `执行率…`).
_ATTACHING = frozenset({Kind.SHARE, Kind.RATE})


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


def sentences(text: str, figures: list[Figure] | None = None, owner: object = None) -> list[Sentence]:
    """The paragraph's sentences, each with its labelled figures in order. `figures` are the
    text's (`scan(text)`) when the caller has them already (`figures.scan_each`); `owner` is what
    the items' `para` names (`narrative.Para`).

    One walk over the sentence ends and, in a sentence with figures, its clause ends up to its last
    figure: each figure takes as label the text since the clause start or the figure before it.
    A `，` inside a figure (`1，234万元`) ends no clause; a figure across a clause start (a sentence
    end in a spaced number) belongs to no clause and is left out."""
    if figures is None:
        figures = scan(text)
    result: list[Sentence] = []
    position = 0
    if not figures:  # half the paragraphs: sentences without items, nothing to split or classify
        for stop, after in map(_span, _SENTENCE.finditer(text)):
            if stop > position:
                result.append(Sentence(position, stop, []))
            position = after
        if len(text) > position:
            result.append(Sentence(position, len(text), []))
        return result
    roles = label_roles()
    readings = _READINGS.get(roles) or _readings(roles)
    index, count = 0, len(figures)
    covering = 0  # the first figure not wholly before the clause end being looked at
    for stop, after in chain(map(_span, _SENTENCE.finditer(text)), ((len(text), len(text)),)):
        if index >= count or figures[index].start >= stop:
            if stop > position:
                result.append(Sentence(position, stop, []))
            position = after
            continue
        items: list[Item] = []
        clauses: list[tuple[int, int, int]] = []  # (start, stop, start of its last figure or -1)
        scoping = _Scoping(text, clauses, items)
        last: Item | None = None  # the sentence's item before the next one
        budget: Item | None = None
        plain = True
        clause_start = position
        semicolon = False
        # each clause end, then the sentence end (-1): past the sentence's last figure the clauses
        # name nothing a figure belongs to
        ends = chain(map(_span, _CLAUSE.finditer(text, position, stop)), ((stop, -1),))
        for clause_stop, clause_end in ends:
            if clause_end >= 0:
                while covering < count and figures[covering].end <= clause_stop:
                    covering += 1
                if covering < count and figures[covering].start <= clause_stop:
                    literal = figures[covering].literal
                    if "，" in literal or "," in literal:
                        continue  # a thousands separator, not a clause end
                if index >= count or figures[index].start >= stop:
                    break
            last_figure = -1
            if index < count and (figures[index].end <= clause_stop or figures[index].start < clause_start):
                while index < count and figures[index].start < clause_start:
                    index += 1  # across the clause start: in no clause
                label_end = clause_start  # where the text before the next figure begins
                while index < count and figures[index].end <= clause_stop:
                    figure = figures[index]
                    raw = text[label_end:figure.start]
                    if label_end != clause_start:
                        last.trailing = raw.strip()  # type: ignore[union-attr]
                    label, offset, qizhong, kind = readings.get(raw) or _reading(raw, roles, readings)
                    if plain and (kind in _ATTACHING or len(figure.literal) <= 2):
                        plain = False
                    last = Item(label, label_end + offset, figure, qizhong,
                                semicolon and label_end == clause_start, kind, last, scoping, owner)
                    items.append(last)
                    if kind in BUDGETISH:
                        budget = last
                    label_end = figure.end
                    index += 1
                if label_end != clause_start:
                    last.trailing = text[label_end:clause_stop].strip()  # type: ignore[union-attr]
                    last_figure = last.figure.start  # type: ignore[union-attr]
            clauses.append((clause_start, clause_stop, last_figure))
            if clause_end < 0:
                break
            semicolon = text[clause_stop] in "；;"
            clause_start = clause_end
        if stop > position or items:  # a figure across the text's last sentence end makes none
            result.append(Sentence(position, stop, items, plain, budget))
        position = after
    return result


_span = re.Match.span


@dataclass(slots=True)
class _Scoping:
    """A sentence whose items' scopes are still to be worked out: what `_scope_items` needs."""

    text: str
    clauses: list[tuple[int, int, int]]
    items: list[Item]

    def resolve(self) -> None:
        _scope_items(self.text, self.clauses, self.items)
        for item in self.items:
            item.scoping = None


def _scope_items(text: str, clauses: list[tuple[int, int, int]], items: list[Item]) -> None:
    """Give each item of a sentence its scope: the mentions before it, in one scan of the sentence
    up to its last figure. In a clause with figures every mention before its last figure counts;
    in a clause without, years, documents and `全县`-like words count wherever they stand
    (`2022年12月23日`, `…以财农〔2021〕28号文件`), a place or item only when the clause opens with
    it (`甲县：…`), not when it names one in passing (`资金来源全部为财政拨款`)."""
    scope = NO_SCOPE
    pending = iter(items)
    item: Item | None = next(pending)
    clause = 0
    for kind, at, said in _mentions(text, clauses[0][0], items[-1].figure.start):
        while item is not None and item.figure.start <= at:
            item.resolved_scope = scope
            item = next(pending, None)
        while clauses[clause][1] <= at:
            clause += 1
        begin, _, last_figure = clauses[clause]
        if last_figure >= 0:
            if at >= last_figure:
                continue  # after the clause's figures (`…800万元，全部为财政拨款`)
            if said in _TOTAL_WORDS and at != _opening(text, begin):
                continue  # 项目支出合计: the total of 项目支出, not of the whole report
        elif kind in _LEADING_ONLY and at != _opening(text, begin):
            continue
        scope = _named(scope, kind, said)
    while item is not None:
        item.resolved_scope = scope
        item = next(pending, None)


def _opening(text: str, start: int) -> int:
    """Where a clause's words begin: after blanks and `其中：`."""
    opening = start
    while opening < len(text) and text[opening] in " \t\u3000":
        opening += 1
    if text.startswith("其中", opening):
        opening += 2
        while opening < len(text) and text[opening] in "：: \t\u3000":
            opening += 1
    return opening


_LEADING_ONLY = frozenset({"place", "org", "cls", "fund", "now", "last"})
#: Totals of a list (`…，共计170万元`) when they open a clause; after a subject, its own total.
_TOTAL_WORDS = frozenset({"合计", "总计", "共计"})


def _mentions(text: str, start: int, end: int) -> Iterator[tuple[str, int, str]]:
    """The mentions in text[start:end] in order, as (kind, start, text): one left-to-right scan.

    `_SCAN` finds every mention but a name; a place, organization or fund (`_NAME`) is looked for
    only where one can begin: at `start` (a clause start), after a boundary (`，`, `、`, `向`,
    `其中`, `下达` …) and after a year (`2023年中央…资金`). A name is never looked for in the middle
    of a word, so `农村文化活动` names no village.
    """
    search, scan_at, name_at = _SCAN.search, _SCAN.match, _NAME.match
    position = start
    name_here = True
    while position < end:
        if name_here:
            name_here = False
            name = name_at(text, position, end)
            if name is not None and not _VERB_INSIDE.search(name.group()):
                other = scan_at(text, position, end)  # at one place, any other mention comes first
                if other is None or _kind(other.group()) == "boundary":
                    yield name.lastgroup, position, name.group()
                    position = name.end()
                    continue
        found = search(text, position, end)
        if found is None:
            return
        at, position = found.span()
        kind = _kind(found.group())
        if kind == "boundary":
            name_here = True
            continue
        if kind == "doc" and (at == 0 or text[at - 1] not in _OPENING_BRACKETS):
            continue  # a year and a number, not a document's (`〔2021〕28号`)
        if kind == "last" and at > 0 and text[at - 1] in "较比与同":
            continue  # 较上年增长: a comparison with last year, not last year's figure
        name_here = kind in ("year", "range")
        yield kind, at, found.group()
