"""PL405 document-amount: one allocation document cited with two different amounts.

What it checks
    Narrative sentences (the preamble and every section body) that cite an allocation document
    by its number (文号: `某财农〔2023〕41号`, `某财预【2022】5号`) and state, after a verb of
    allocation (下达, 下拨, 拨付, 安排, 分配), the money the document allocated. A figure counts
    only as the document's *whole* allocation:
    - it is the sentence's only money figure after that document's number (`…41号文件…下达我县
      资金50万元`), or the total before a `其中` list (`…下达80万元，其中：…`), or a total closing
      the list (`…A资金5万元、B资金1万元，合计6万元`);
    - the text between the number and the figure (document titles 《…》 left out) names an
      allocation and no progress (支出, 使用, 结余, 到位 …: money spent or received is not what
      the document allocated) or rate (每亩, 人均, 补助标准为 …: an amount per unit);
    - the number is the only one the figure can belong to: a number cited next to another
      (`41号、42号文件下达…`) shares its figure, and is skipped.
    Several amounts under one number without a total are parts, and so are different amounts of
    one number within one paragraph (`一是…41号文件下达A资金20万元；二是…41号文件下达B资金10万元`
    lists, it does not restate). A document stated with parts anywhere in the report allocates
    several things, so a sentence naming one amount of it may restate a part (listed or not): for
    such a document only stated totals are compared.
    Two whole allocations of the same document conflict when their amounts cannot be one value at
    the precision written (5万元 and 5.0万元 agree, 5万元 and 6万元 do not). The same document is
    the same year and number (`〔2022〕41号` and `〔2023〕41号` are two documents) with the same
    issuer prefix when both statements show one (`甲财农` and `市财政局甲财农` are one: a prefix
    may carry words of the sentence before it; `甲财农` and `乙财建` are two), allocating to the
    same recipient (the report's own area, or the same named place or organization). Each later
    statement is compared with the first one.

Why it matters
    A transfer-payment report reconciles the money it received with the documents that allocated
    it. When one document is cited with 5万元 in one paragraph and 6万元 in another, at least one
    of them is wrong, and the 预算数 the report's execution is measured against cannot be
    checked. The words around the figures are read by pattern, so the finding is a warning.

Example
    "某财农〔2023〕41号文件下达我县资金5万元。" … "某财农【2023】41号文件下达我县灌溉资金6万元。"
                                                                            (PL405)
    the same two sentences, both 5万元                                       (holds)
    "某财农〔2023〕12号文件下达80万元，其中：道路30万元，灌溉50万元。"           (holds: one total)
    "某财农〔2022〕41号…50万元" and "某财农〔2023〕41号…60万元"                   (holds: two documents)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from perflint.findings import Finding
from perflint.model import Quantity, Report, Span, Text
from perflint.rules import figures
from perflint.rules.base import CheckContext, ReportRule
from perflint.rules.scoring.textspan import sub_span

if TYPE_CHECKING:
    from perflint.extract.clauses import Item

#: A document number with the Chinese characters before it (its issuer prefix, perhaps with words
#: of the sentence before it). The brackets are those `perflint.extract.clauses` reads a document
#: number with, so a figure's `scope.doc` names a number this finds.
_NUMBER = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{0,12})[〔【\[［（(]\s*(?P<year>(?:19|20)\d\d)\s*"
                     r"[〕】\]］）)]\s*(?P<number>\d{1,5})\s*号")
#: A document number without its issuer prefix: `_NUMBER` finds a number where this does (its
#: prefix may be empty and holds no bracket), so a key this finds once is cited at most once.
_KEY = re.compile(r"[〔【\[［（(]\s*((?:19|20)\d\d)\s*[〕】\]］）)]\s*(\d{1,5})\s*号")
#: What a line must contain to be split into sentences at all (most lines cite no document).
_CITES = re.compile(r"[〕】\]］）)]\s*\d{1,5}\s*号")
_TITLE = re.compile(r"《[^《》]{0,80}》")
#: Words a prefix may carry from the sentence before the issuer (`根据某财农`, `一是某财农`).
_LEAD_IN = re.compile(r"^.*(?:根据|依据|按照|通过|文件|以及|和|与|及|的|是|为|由|以)")
_ALLOCATES = re.compile(r"下达|下拨|拨付|安排|分配")
#: Words that make a figure money spent, received or left over, not what a document allocated,
#: or a rate per head or per unit (`每亩`, `人均`, `补助标准为`).
_PROGRESS = re.compile(r"支出|使用|执行|结余|结转|剩余|到位|完成|兑付|发放|报账|累计|实际|未|已拨"
                       r"|每|[人户亩]均|平均|单价|标准[为是]?$")
_PARTS = re.compile(r"其中")
_CLOSING_TOTAL = re.compile(r"合计|共计|总计")


@dataclass(frozen=True)
class _Mention:
    """A document number cited in a sentence: where, its key `〔2023〕41号` and issuer prefix."""

    start: int
    end: int
    key: str
    issuer: str


@dataclass(frozen=True)
class Allocation:
    """An amount a sentence states as allocated by one document."""

    key: str
    issuer: str
    recipient: str | None
    quantity: Quantity
    #: stated as the total of parts (before `其中`, or `合计`): the whole even for a document
    #: that allocates several things
    total: bool

    @property
    def span(self) -> Span | None:
        return self.quantity.span

    def same_document(self, other: Allocation) -> bool:
        """Whether the two cite one document to one recipient (see the module docstring)."""
        issuers = self.issuer.endswith(other.issuer) or other.issuer.endswith(self.issuer)
        return self.key == other.key and self.recipient == other.recipient and issuers


def _texts(report: Report) -> Iterator[Text]:
    """The narrative texts that may cite a document: the preamble and every section body."""
    if report.preamble is not None:
        yield report.preamble
    for section in report.sections:
        if section.body is not None:
            yield section.body


def _cited_twice(report: Report) -> bool:
    """Whether some document number occurs twice in the narrative texts (the cheap test before
    they are read sentence by sentence)."""
    seen: set[tuple[str, str]] = set()
    for text in _texts(report):
        for match in _KEY.finditer(text.text):
            key = match.groups()
            if key in seen:
                return True
            seen.add(key)
    return False


def _mentions(sentence: str) -> list[_Mention]:
    """The document numbers a sentence cites outside quoted titles, in order."""
    titles = iter(_TITLE.finditer(sentence))
    title = next(titles, None)
    found = []
    for match in _NUMBER.finditer(sentence):
        at = match.start("year") - 1
        while title is not None and title.end() <= at:
            title = next(titles, None)
        if title is not None and title.start() <= at:
            continue
        issuer = _LEAD_IN.sub("", match.group("prefix"))
        found.append(_Mention(at, match.end(), f"〔{match.group('year')}〕{match.group('number')}号",
                              issuer))
    return found


def _money(item: Item) -> bool:
    """A sum of money as such: not a rate (`元/亩`) and not a bound (`不超过5万元`)."""
    unit = item.figure.unit
    return unit is not None and unit.endswith("元") and "/" not in unit \
        and item.figure.parsed.comparator is None


class _Reader:
    """Reads a report's allocations, and which documents it states in parts."""

    def __init__(self, report: Report) -> None:
        title = report.title.text if report.title is not None else ""
        self.own = [name for name in (title, *(t.text for t in (report.unit.name, report.unit.parent)
                                                if t is not None), *report.unit.region) if name]
        self.allocations: list[Allocation] = []
        self.itemised: set[str] = set()
        for text in _texts(report):
            self._read(text)

    def _read(self, text: Text) -> None:
        """The allocations of a text, paragraph by paragraph. One document cited in a paragraph
        with two amounts that differ (`一是41号文件下达A资金20万元；二是41号文件下达B资金10万元`)
        is listing its parts, not restating its whole: such amounts are parts."""
        if _CITES.search(text.text) is None:
            return  # one search of the whole text: a line that cites is a part of it
        # here, not at the top: most reports cite no document, and the clause reader's patterns
        # cost a one-file run (a pre-commit hook's) more than its check
        from perflint.extract.clauses import sentences

        start = 0
        for line in text.text.split("\n"):
            if _CITES.search(line):
                found: list[Allocation] = []
                for sentence in sentences(line):
                    found += self._sentence(text, line, start, sentence.start, sentence.end,
                                            sentence.items)
                first: dict[str, Allocation] = {}
                for allocation in found:
                    if not allocation.total:
                        reference = first.setdefault(allocation.key, allocation)
                        if not _agree(reference.quantity, allocation.quantity):
                            self.itemised.add(allocation.key)
                self.allocations += [a for a in found if a.total or a.key not in self.itemised]
            start += len(line) + 1

    def _sentence(self, text: Text, line: str, offset: int, start: int, end: int,
                  items: list[Item]) -> list[Allocation]:
        """The allocations of one sentence, line[start:end], whose figures are `items`; the
        documents it states in parts are added to `itemised`."""
        found: list[Allocation] = []
        mentions = _mentions(line[start:end])
        money = [item for item in items if _money(item)]
        starts = [item.figure.start for item in money]
        for index, mention in enumerate(mentions):
            begin = start + mention.end
            stop = start + mentions[index + 1].start if index + 1 < len(mentions) else end
            own = [item for item in money[bisect_left(starts, begin):bisect_left(starts, stop)]
                   if item.scope.doc == mention.key]
            if not own:
                continue
            if index > 0 and bisect_left(starts, start + mentions[index - 1].end) \
                    == bisect_left(starts, start + mention.start):
                continue  # cited together with the number before it: the figure is theirs
            whole, total = _whole(line, begin, own)
            if len(own) > (whole is not None):
                self.itemised.add(mention.key)  # a figure that is not the whole is a part
            if whole is None or not _allocated(line[begin:whole.figure.start]):
                continue
            span = sub_span(text, offset + whole.figure.start, offset + whole.figure.end)
            from perflint.extract.located import make_quantity  # as `sentences` in `_read`

            quantity = make_quantity(whole.figure.literal, whole.figure.parsed, span)
            found.append(Allocation(mention.key, mention.issuer, self._recipient(whole), quantity,
                                    total))
        return found

    def _recipient(self, item: Item) -> str | None:
        """The place or organization the sentence allocates to; None for the report's own."""
        place = item.scope.place
        if place is None or any(place in name for name in self.own):
            return None
        return place

    def wholes(self) -> list[Allocation]:
        """The allocations that state a document's whole amount (see the module docstring)."""
        return [a for a in self.allocations if a.total or a.key not in self.itemised]


def _whole(line: str, begin: int, own: list[Item]) -> tuple[Item | None, bool]:
    """The figure of `own` (money after one document number, from `begin`) that is the
    document's whole amount, and whether it is stated as a total of parts."""
    parts = _PARTS.search(line, begin, own[-1].figure.start)
    if parts is not None:
        before = [item for item in own if item.figure.start < parts.start()]
        return (before[0], True) if len(before) == 1 else (None, False)
    if len(own) == 1:
        return own[0], False
    last, previous = own[-1], own[-2]
    if _CLOSING_TOTAL.search(line, previous.figure.end, last.figure.start):
        return last, True
    return None, False


def _allocated(between: str) -> bool:
    """Whether the words between a document number and a figure state an allocation."""
    words = _TITLE.sub("", between)
    return _ALLOCATES.search(words) is not None and _PROGRESS.search(words) is None


def _agree(a: Quantity, b: Quantity) -> bool:
    return figures.interval(a).intersects(figures.interval(b))


def _where(span: Span | None, lang: str) -> str:
    if span is None:
        return "?"
    if span.location:
        return span.location
    return f"第{span.line}行" if lang == "zh" else f"line {span.line}"


class DocumentAmount(ReportRule):
    """One allocation document is cited with two different whole amounts."""

    code = "PL405"
    name = "document-amount"
    severity = "warning"
    groups = ("crossref",)
    messages = {
        "zh": "同一文件{doc}下达金额前后不一：{first_where}为{first}，{where}为{stated}",
        "en": "document {doc} is cited with two allocated amounts: {first} at {first_where}, "
              "{stated} at {where}",
    }

    def check(self, report: Report, ctx: CheckContext) -> Iterator[Finding]:
        if not _cited_twice(report):
            return  # two amounts of one document need its number twice: most reports have none
        # the first allocation of each document number and recipient, one per issuer prefix
        firsts: dict[tuple[str, str | None], dict[str, Allocation]] = defaultdict(dict)
        for allocation in _Reader(report).wholes():
            issuers = firsts[allocation.key, allocation.recipient]
            reference = next((a for a in issuers.values() if a.same_document(allocation)), None)
            issuers.setdefault(allocation.issuer, allocation)
            if reference is None or _agree(reference.quantity, allocation.quantity):
                continue
            first_where = _where(reference.span, ctx.lang)
            yield ctx.finding(
                allocation.span, doc=allocation.key, first=reference.quantity.literal,
                first_where=first_where, stated=allocation.quantity.literal,
                where=_where(allocation.span, ctx.lang),
                related=[(reference.span, first_where)],
            )
