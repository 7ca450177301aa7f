"""From labelled figures to statements: which figure is a total, which are its parts.

Rules, in the order a reader applies them:
- `其中` opens a list of components of a figure stated just before it (in the same sentence, or
  the previous one when `其中` starts a sentence: `实有人数7人。其中：…`). Each component goes to
  the most recent such figure in the same kind of unit, so one sentence can carry two totals
  (`供应土地32宗，供应收入总金额10.923亿元。其中出让用地7宗，出让金总额10.512亿元；…`).
- `占比X%` / `占总资产X%` is the share of the figure just before it; `执行率为X%` the rate of the
  budget figure just before it.
Nothing is related that the text does not relate: figures side by side without `其中` stay
separate statements. A breakdown is a claim the text makes, so each of its pieces must be stated
as one (`_List`); when the text is not clearly a list, no breakdown is made:
- a total is named: it has a label (`支出500万元`) or a total word (`共计239万元`). A figure right
  before `其中` with no words of its own is a table cell (`分值 10 其中: 财政拨款 …` in a
  flattened table), and so are the figures before it: looking back for totals stops there;
- a part is named too, and in the total's unit family: money with money (元/万元/亿元), a count
  with the same counter, a bare number only with a bare total and with the same unit word after
  it (`2.40km` and `0.80km`, not `1 段`). A percent is never a part; it is an aside (`增长5%`).
  Neither is a deduction of a scoring rubric (`每缺一项扣1分`);
- the list ends where the text ends it: at the end of the sentence; at a figure in another unit
  (`；加固堤防 2 段`); at a figure glued to the part before it with no separator (`、`, `，`,
  `；`, `和` …), as table cells and run-together sentences are; at another structure word
  (`包括`, `含`, `分别为`) or a run-together heading (`…经费二、项目…`); at the `）` closing the
  parenthesis the list was opened in (a scoring rubric `(2分,其中…1分,…1分)`); at a figure that
  states a total of its own (a label of a total kind, `共计`/`合计`/`总计` before the figure, or a
  bare total word such as `支出` after `；`); at a figure of the other flow (a list under
  `收到…` meets `支出…`: income and expenditure are two statements, not one breakdown);
- a figure inside a parenthesis opened after the list began is an aside on the part before it
  (`基本支出320万元（人员经费200万元）`), not a part; so is a figure in a parenthesis closed
  before `其中` (`总投资180万元（6分，…），其中…`: the total is 180万元);
- `其中` inside a list breaks down the part just listed (`其中基本支出320万元，其中人员经费…`).
  Where that nested list ends is certain only at a separator weaker than the one before its
  `其中` (`、` after `，`): at one as strong it ends, since the text may be back in the outer
  list. After `；` the part followed by `其中` starts a statement of its own instead
  (`…；完成投资480万元，其中…`) and leaves the list before it.
Where the text leaves the structure open, the list ends: a list that ends early names fewer parts,
and a list naming only some parts is checked only for parts exceeding the total (`complete: false`).
A list is complete only when its statement says how many parts there are (`分为3个项目，其中…`,
`共4项`, `三项经费`; one such number, not a figure with parts of its own) and it names exactly
that many in the total's unit family (`Para.counted`); its sum must then equal the total.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from perflint.document import Piece
from perflint.extract.clauses import BUDGETISH as _BUDGETISH
from perflint.extract.clauses import TOTAL_KINDS, Item, Kind, Sentence, sentences
from perflint.extract.figures import Figure, scan
from perflint.extract.sections import SectionNode

_SHARE, _RATE = Kind.SHARE, Kind.RATE
#: A component is attributed to one of the last few figures before `其中`, never further back.
_RUN_LOOKBACK = 6


@dataclass(eq=False, slots=True)
class Para:
    """A paragraph being read: its piece, its section and its sentences with their items.

    A paragraph without figures (half of them) has no statement: it keeps empty tuples, and only
    the paragraphs `read` groups get lists of their own."""

    piece: Piece
    section: SectionNode | None
    #: None until read for a paragraph without figures (`sentences`)
    split: list[Sentence] | None = None
    heads: Sequence[Item] = ()  # statements, in order
    is_heading: bool = False
    index: int = 0  # position among the document's paragraphs
    #: Totals whose list names as many parts as the sentence says there are (`分为3个项目，其中…`).
    counted: Sequence[Item] = ()
    #: Totals whose list runs to the end of its sentence with nothing after its last part (no `等`,
    #: no further words): the text presents it as every part, without counting them.
    closed: Sequence[Item] = ()
    #: A part has parts of its own (`其中A 80万元，其中a1…`): statements are then read with the
    #: parts a nested `其中` breaks down (`statements`).
    nested: bool = False

    def is_counted(self, item: Item) -> bool:
        """Whether `item`'s `其中` list is complete: it names the number of parts stated."""
        return any(total is item for total in self.counted)

    def reversed_items(self) -> Iterator[Item]:
        """The items, last first."""
        for sentence in reversed(self._read()):
            yield from reversed(sentence.items)

    def is_closed(self, item: Item) -> bool:
        """Whether `item`'s `其中` list ends its sentence with its last part (`…，C 18万元。`)."""
        return any(total is item for total in self.closed)

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def sentences(self) -> list[Sentence]:
        """The sentences with their items. A paragraph without figures (half of them) has none to
        group or place, and only a few readers want its sentences (the report's grade, an
        indicator's reason): it is split when one of them asks."""
        if self.split is None:
            self.split = sentences(self.piece.text, [])
        return self.split

    def _read(self) -> list[Sentence]:
        """The sentences that may hold items: none when the paragraph was never split (no figures)."""
        return self.split or []

    def items(self) -> Iterator[Item]:
        for sentence in self._read():
            yield from sentence.items

    def items_before(self, item: Item, limit: int) -> Iterator[Item]:
        """Up to `limit` items before `item` in this paragraph, nearest first."""
        found = 0
        for sentence in reversed(self._read()):
            if sentence.start > item.figure.start:
                continue
            for other in reversed(sentence.items):
                if other.figure.start < item.figure.start:
                    yield other
                    found += 1
                    if found >= limit:
                        return


_HAN = re.compile(r"[\u4e00-\u9fff]")
_PERCENT = frozenset({"%", "‰"})
#: A unit word the figure scanner does not read as a unit, right after a bare number: `km`, `段`,
#: `個` (traditional). Two bare numbers are in one family only when they carry the same one.
_UNIT_WORD = re.compile(r"[A-Za-z]{1,4}(?![A-Za-z])"
                        r"|[个個项項段座处處条條户戶间間台臺辆輛场場张張亩畝吨噸根棵块塊片只隻头頭口眼孔"
                        r"层層级級节節批轮輪届屆部艘架位支组組对對套宗件人名家所次篇本册冊株栋棟幅门門类類期份米]")
#: Words that close a total right before its figure: `共计239万元`, `安排合计30万元`.
_TOTAL_BEFORE = re.compile(r"共计|合计|总计")
_TOTAL_END = re.compile(r"(?:共计|合计|总计)$")
#: A label that states a total of its own, when it opens a clause after `；`: `…总额`, `共…`, or a
#: bare flow word (`支出2310万元`, `2023年收入…`).
_TOTAL_LABEL = re.compile(r"(?:总额|总数|总计|合计|共计|总量|总金额|总规模|总投资)$|^(?:总|共)|共(?:计|有)?$"
                          r"|^(?:本年度?|当年|全年|年度)?(?:收入|支出|执行|使用|拨付|到位|下达|安排|收到)"
                          r"(?:资金|金额|总额|数|合计|总计)?$")
#: The direction of money a label names: received (收入, 收到 …) or spent (支出, 使用 …); the
#: stage words 预算 / 执行 / 决算 name neither (`收入决算数` is income). The last such word in a
#: label is its head noun.
_FLOW = re.compile(r"(?P<income>收入|收到|到位|到账|筹集|拨入)|(?P<spending>支出|支付|使用|列支)")
#: Between two parts (after the unit word of the first, in the label of the second): a separator.
_SEPARATOR = re.compile(r"[，,；;、：:]|以及|和|及|与|并|另")
#: Another structure word opens another list; a heading run into the text (`经费二、项目`, not
#: `；二、` which numbers a part) starts another section.
_STRUCTURE = re.compile(r"包括|包含|分别(?:为|是)|[，,、；;：:]\s*含"
                        r"|(?<![\s，,；;：:、。\d一二三四五六七八九十第])[一二三四五六七八九十]{1,3}、")
#: A deduction in a scoring rubric (`每缺一项扣1分`) is no part of the points it is taken from.
_DEDUCTION = re.compile(r"扣")
_OPEN, _CLOSE = frozenset("（(［[【〔"), frozenset("）)］]】〕")
_PARENS = re.compile(r"[（(［\[【〔）)］\]】〕]")
#: `其中，` alone in its clause opens the list of the figures after it (`其中，基本支出…`).
_QIZHONG_CLAUSE = re.compile(r"其中\s*[，,]\s*$")
#: A number that numbers a part (`（1）基本支出…`, `2、项目支出…`) rather than states a figure.
_ENUMERATOR_AFTER = frozenset("）)、")
_ENUMERATOR_BEFORE = frozenset("（(")
#: How many parts the text says there are: `分为5个项目`, `共3项`, `以下四类`. Not a duration or a
#: difference (`3个月`, `2个百分点`).
_COUNT = re.compile(r"(?<![\d.第每])(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*"
                    r"(?:个(?![月工百季])|项|类|笔|批|部分)")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: How far before its total a statement may state the count of its parts: a sentence's opening
#: words, not the text of a run-together page (which would make every lookup linear in its size).
_COUNT_LOOKBACK = 200
#: Where the statement that may state the count begins: after the clause-ending punctuation.
_STATEMENT_END = re.compile(r"[。！？!?；;\n]")
#: How strongly a separator divides: `；` parts of one list, `，` parts or clauses, `、` names.
_STRENGTH = {"；": 3, ";": 3, "，": 2, ",": 2, "：": 2, ":": 2, "、": 1}


def _family(unit: str | None, trailing: str) -> tuple[str, str | None]:
    """The unit family of a figure whose base unit is `unit` (`Item.base_unit`) and whose words
    after it are `trailing`: money, a unit (人, 宗, 公里, %), or a bare number with the unit word
    written after it (None when there is none)."""
    if unit is not None:
        return ("unit", "元" if unit.endswith("元") else unit)
    word = _UNIT_WORD.match(trailing)
    return ("bare", word.group() if word else None)


def _compatible(total: Item, part: Item) -> bool:
    total_unit, part_unit = total.base_unit, part.base_unit
    if total_unit in _PERCENT or part_unit in _PERCENT:
        return False
    return _family(total_unit, total.trailing) == _family(part_unit, part.trailing)


#: Kinds of figures that are rates, not amounts (`_percent`).
_RATE_KINDS = frozenset({Kind.SHARE, Kind.RATE, Kind.X_SHARE})


def _percent(item: Item) -> bool:
    return item.base_unit in _PERCENT or item.kind in _RATE_KINDS


def _words_before(item: Item, text: str) -> str:
    """The words between the label and the figure (`共计`, `为`) that `clean_label` dropped."""
    return text[item.label_start + len(item.label):item.figure.start]


def _named_total(item: Item, text: str) -> bool:
    return _HAN.search(item.label) is not None or _TOTAL_BEFORE.search(_words_before(item, text)) is not None


def _states_total(item: Item, text: str) -> bool:
    """A figure stated as a total of its own (`共计…`, `…合计…`), or after `；` under a total's
    label (`；支出…`, `；资金总额…`): it opens a statement, it is no part of the list before it."""
    return (_TOTAL_BEFORE.search(_words_before(item, text)) is not None
            or _TOTAL_END.search(item.label) is not None
            or (item.after_semicolon and _TOTAL_LABEL.search(item.label) is not None))


def _enumerator(item: Item, text: str) -> bool:
    """`（1）` or `2、` before a part: a number that numbers, not a figure."""
    figure = item.figure
    if figure.unit is not None or "." in figure.literal or len(figure.literal) > 2:
        return False
    after = text[figure.end:figure.end + 1]
    if after == "、":
        return True
    return after in _ENUMERATOR_AFTER and text[figure.start - 1:figure.start] in _ENUMERATOR_BEFORE


def _opens_list(item: Item, text: str) -> bool:
    """`其中` before the figure, in its clause (`其中：基本支出…`) or alone before it (`其中，…`)."""
    start = item.label_start
    return item.qizhong or _QIZHONG_CLAUSE.search(text, max(0, start - 8), start) is not None


@functools.lru_cache(maxsize=8192)
def _flow(label: str) -> str | None:
    """The flow a label's head noun names (`_FLOW`): asked twice for each part of a list, of labels
    that recur (`基本支出`, `项目支出`), so remembered."""
    flows = [match.lastgroup for match in _FLOW.finditer(label)]
    return flows[-1] if flows else None


def _totals(candidates: list[Item], text: str, at: int) -> list[Item]:
    """The figures the `其中` at `at` may break down: the named figures just before it, nearest
    last, figures in a parenthetical aside left out (`180万元（6分，…），其中…`: 6分 is an aside).
    Looking back stops at a figure with no words of its own (a table cell)."""
    found: list[Item] = []
    closed = 0  # parentheses closed between the figure and `at` and not opened there
    for head in islice(reversed(candidates), _RUN_LOOKBACK):
        for paren in reversed(_PARENS.findall(text, head.figure.end, at)):
            if paren in _CLOSE:
                closed += 1
            elif closed:
                closed -= 1
        at = head.figure.end
        if closed or _enumerator(head, text):
            continue
        if not _named_total(head, text):
            break
        if not _percent(head):
            found.append(head)
    found.reverse()
    return found


_MEMBER, _ASIDE, _END = "member", "aside", "end"


@dataclass(slots=True)
class _List:
    """A `其中` list being read: its candidate totals and what the text says between members."""

    totals: list[Item]
    text: str
    scan: int  # the text up to here has been read
    depth: int = 0  # parentheses opened since the list began and not closed yet
    separated: bool = True  # a separator since the last member
    last_member: Item | None = None
    first: Item | None = None  # the figure right after `其中`
    #: A nested list (`其中A…，其中a1…、a2…`) ends at a separator as strong as the one before its
    #: `其中` (0: not nested): beyond it, the text may be back in the outer list.
    outer: int = 0
    #: The numbers of parts the text may say there are, with their positions (`分为3个项目，其中…`).
    counts: list[tuple[int, int]] = field(default_factory=list)

    def total_for(self, item: Item) -> Item | None:
        """The nearest total `item` can be a part of: named, same unit family, same flow."""
        if _HAN.search(item.label) is None or _percent(item) or _DEDUCTION.search(item.label):
            return None
        for total in reversed(self.totals):
            if _compatible(total, item):
                break
        else:
            return None
        flows = _flow(total.label), _flow(item.label)
        if None not in flows and flows[0] != flows[1]:
            return None  # income and spending are two statements
        return total

    def _read_to(self, item: Item) -> bool:
        """Read the text from the last figure to `item`'s; False when it ends the list."""
        between = self.text[self.scan:item.figure.start]
        if _SEPARATOR.search(between):
            self.separated = True
        self.scan = item.figure.end
        if _PARENS.search(between) is None:
            said = between if self.depth == 0 else ""
        else:
            level: list[str] = []  # what is written at the list's own level
            for char in between:
                if char in _OPEN:
                    self.depth += 1
                elif char in _CLOSE:
                    self.depth -= 1
                    if self.depth < 0:
                        return False  # the parenthesis the list was opened in closes
                elif self.depth == 0:
                    level.append(char)
            said = "".join(level)
        if self.outer and _strength(said) >= self.outer:
            return False
        return _STRUCTURE.search(said) is None

    def goes_on(self, item: Item) -> bool:
        """Whether the list is still open at the `其中` of `item` (not ended by the text before it)."""
        return self._read_to(item) and self.depth == 0

    def read(self, item: Item) -> tuple[str, Item | None]:
        """Whether `item` is a member of the list (and of which total), an aside, or ends it."""
        if not self._read_to(item):
            return _END, None
        if self.depth > 0:
            return _ASIDE, None  # inside a parenthesis on the part before it
        if item.kind in TOTAL_KINDS:
            return _END, None
        if _percent(item):
            return _ASIDE, None
        if not self.separated or _states_total(item, self.text):
            return _END, None  # glued to the part before it, or a total of its own
        total = self.total_for(item)
        if total is None:
            return _END, None
        self.separated = False
        self.last_member = item
        return _MEMBER, total


def _number(numeral: str) -> int:
    """`12` or `十二` as a number (up to 99)."""
    if numeral.isdigit():
        return int(numeral)
    tens, _, ones = numeral.rpartition("十")
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral, 0) if len(numeral) == 1 else 0
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def _stated_counts(totals: list[Item], text: str, at: int) -> list[tuple[int, int]]:
    """The numbers of parts (with their positions) the statement of `totals` may state
    (`下达资金860万元，分为3个项目，其中…`, `共4项，其中…`), read from where that statement begins
    up to the `其中` at `at`."""
    first = totals[0].figure.start
    window = max(0, first - _COUNT_LOOKBACK)
    ends = [match.end() for match in _STATEMENT_END.finditer(text, window, first)]
    return [(_number(match.group("n")), match.start())
            for match in _COUNT.finditer(text, ends[-1] if ends else window, at)]


def _count(run: _List) -> int | None:
    """How many parts the text says the list has: None when it says no number, or more than one
    (`3个乡镇15个村`). A figure that is a total with parts of its own is no count of another's
    parts (`共完成3个项目，其中新建2个…`)."""
    counts = {n for n, at in run.counts
              if not any(t.parts and t.figure.start <= at < t.figure.end for t in run.totals)}
    count = counts.pop() if len(counts) == 1 else None
    return count if count is not None and count >= 2 else None


def _strength(text: str) -> int:
    return max((_STRENGTH.get(char, 0) for char in text), default=0)


def _open(run: _List | None, item: Item, heads: list[Item], previous_heads: list[Item],
          text: str) -> _List | None:
    """The list a `其中` opens, and the first total `item` may be a part of (set on the list).

    Inside a list, `其中` breaks down the part just listed (a nested list), except after `；`
    where that part starts a statement of its own (`…；完成投资480万元，其中…`): it leaves the list
    before it and is the total of the new one. Otherwise the totals are the named figures before
    `其中` (`_totals`)."""
    if run is not None and not run.goes_on(item):
        run = None
    member = run.last_member if run is not None else None
    if member is not None and member.after_semicolon and member is not run.first:
        assert member.part_of is not None
        member.part_of.parts.remove(member)
        member.part_of = None
        heads.append(member)
        found = _List([member], text, item.figure.end)
    elif member is not None:
        if not _named_total(member, text):
            return None
        level = _strength(text[member.figure.end:item.figure.start])
        found = _List([member], text, item.figure.end, outer=level)
    else:
        totals = _totals(heads if heads else previous_heads, text, item.label_start)
        if not totals:
            return None
        found = _List(totals, text, item.figure.end, counts=_stated_counts(totals, text, item.label_start))
    found.first = found.last_member = item  # the first member, if a total takes it
    found.separated = False
    return found


#: What may follow a list's last part when the list closes its sentence: spaces and punctuation.
_CLOSING_REST = re.compile(r"[\s，,；;：:。．.！!？?）)】\]]*")


def _closed(run: _List, rest: str) -> list[Item]:
    """The totals of `run`, open at its sentence's end, whose last part is the list's last member
    and after which the sentence says nothing more (`rest`): a list so written reads as every part.
    `等`, `…`, or any word after it leaves it open."""
    if _CLOSING_REST.fullmatch(rest) is None:
        return []
    return [t for t in run.totals if t.parts and t.parts[-1] is run.last_member]


def read(piece: Piece, section: SectionNode | None, figures: list[Figure] | None = None) -> Para:
    """Split a paragraph into items and group them into statements (sets parts, shares, rates).
    `figures` are those of `piece.text`, when the caller found them already."""
    text = piece.text
    if figures is None:
        figures = scan(text)
    para = Para(piece, section)
    if not figures:
        return para  # no item: no statement to group (half the paragraphs)
    para.split = sentences(text, figures, para)
    #: `其中` before a figure or in its clause needs `其中` in the text (`_opens_list`)
    lists = "其中" in text
    all_heads: list[Item] = []
    closed: list[Item] = []
    previous_heads: list[Item] = []
    last_budget: Item | None = None
    counted: list[_List] = []  # lists whose statement says how many parts they have
    for sentence in para.split:
        if not sentence.items:
            continue
        if sentence.plain and not lists:  # each item a statement of its own (most sentences)
            all_heads += sentence.items
            if sentence.budget is not None:
                last_budget = sentence.budget
            continue
        heads: list[Item] = []
        run: _List | None = None
        last: Item | None = None
        opening = False  # a `其中` before an enumerator (`其中：（1）…`) opens the list after it
        for item in sentence.items:
            # an enumerator is written with one or two characters (`_enumerator`)
            if len(item.figure.literal) <= 2 and _enumerator(item, text):
                opening = opening or (lists and _opens_list(item, text))
                heads.append(item)
                continue
            kind = item.kind
            if kind is _SHARE:
                if last is not None and last.share is None:
                    last.share = item
                    item.attached = True
                    continue
            elif kind is _RATE:
                target = last if last is not None and last.kind in _BUDGETISH else None
                if target is None and last is None:
                    target = last_budget
                if target is not None and target.rate is None and target.kind in _BUDGETISH:
                    target.rate = item
                    item.attached = True
                    continue
            total: Item | None = None
            if opening or (lists and _opens_list(item, text)):
                opening = False
                run = _open(run, item, heads, previous_heads, text)
                if run is not None and run.counts:
                    counted.append(run)
                total = run.total_for(item) if run is not None else None
                if total is None:
                    run = None
            elif run is not None:
                verdict, total = run.read(item)
                if verdict == _END:
                    run = None
            if total is not None:
                total.parts.append(item)
                item.part_of = total
                if total.part_of is not None:
                    para.nested = True
            else:
                heads.append(item)
            last = item
            if kind in _BUDGETISH:
                last_budget = item
        if run is not None and run.last_member is not None:
            closed += _closed(run, text[run.last_member.figure.end:sentence.end])
        all_heads += heads
        previous_heads = heads
    para.heads = all_heads
    if counted:
        _count_parts(para, counted, closed)
    else:
        para.counted, para.closed = [], closed
    return para


def _count_parts(para: Para, runs: list[_List], closed: list[Item]) -> None:
    """Set the totals whose list names exactly the parts it says there are (complete), and the
    closed ones left: one naming fewer says it is not every part, however it ends."""
    complete: list[Item] = []
    for run in runs:
        count = _count(run)
        complete.extend(t for t in run.totals if t.parts and len(t.parts) == count
                        and not any(other is t for other in complete))
        if count is not None:
            mismatched = {id(t) for t in run.totals if len(t.parts) != count}
            closed = [t for t in closed if id(t) not in mismatched]
    para.counted = complete
    para.closed = closed


def release(paras: list[Para]) -> None:
    """Drop the back-pointers of the paragraphs' items once the report is built from them.

    An item points to its paragraph (`para`), its total (`part_of`), the item before it
    (`previous`) and its lazy clause scoping (`scoping`), and each of these points back to it (a
    total to its parts, a part to its share): a report's ≈ 500 working objects formed reference
    cycles that only Python's cyclic garbage collector could free, and collecting them cost 10–20 %
    of a `.txt` report's extraction (tests/extract/test_no_cycles.py). Without these pointers
    reference counting frees them as soon as the extraction returns. Nothing reads an item after
    the report is built (its scopes not yet worked out are dropped with `scoping`)."""
    for para in paras:
        for sentence in para.split or ():
            for item in sentence.items:
                item.para = item.part_of = item.previous = item.scoping = None
