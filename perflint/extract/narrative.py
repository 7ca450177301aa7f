"""From labelled figures to statements: which figure is a total, which are its parts.

Rules, in the order a reader applies them:
- `其中` opens a list of components of a figure stated just before it (in the same sentence, or
  the previous one when `其中` starts a sentence: `实有人数7人。其中：…`). Each component goes to
  the most recent such figure in the same kind of unit, so one sentence can carry two totals
  (`供应土地32宗，供应收入总金额10.923亿元。其中出让用地7宗，出让金总额10.512亿元；…`).
- The list ends at the sentence end or at a figure that is itself a total of a known kind
  (`；收入决算数…`).
- `占比X%` / `占总资产X%` is the share of the figure just before it; `执行率为X%` the rate of the
  budget figure just before it.
Nothing is related that the text does not relate: figures side by side without `其中` stay
separate statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from perflint.document import Piece
from perflint.extract.clauses import TOTAL_KINDS, Item, Kind, Sentence, sentences
from perflint.extract.sections import SectionNode

_BUDGETISH = frozenset({Kind.BUDGET, Kind.EXECUTED, Kind.MONEY_PART})
#: A component is attributed to one of the last few figures before `其中`, never further back.
_RUN_LOOKBACK = 6


@dataclass(eq=False)
class Para:
    """A paragraph being read: its piece, its section and its sentences with their items."""

    piece: Piece
    section: SectionNode | None
    sentences: list[Sentence] = field(default_factory=list)
    heads: list[Item] = field(default_factory=list)  # statements, in order
    is_heading: bool = False
    index: int = 0  # position among the document's paragraphs

    @property
    def text(self) -> str:
        return self.piece.text

    def items(self):
        for sentence in self.sentences:
            yield from sentence.items

    def items_before(self, item: Item, limit: int):
        """Up to `limit` items before `item` in this paragraph, nearest first."""
        found = 0
        for sentence in reversed(self.sentences):
            if sentence.start > item.figure.start:
                continue
            for other in reversed(sentence.items):
                if other.figure.start < item.figure.start:
                    yield other
                    found += 1
                    if found >= limit:
                        return


def _money(unit: str | None) -> bool:
    return unit is not None and unit.endswith("元")


def _compatible(total: Item, part: Item) -> bool:
    a, b = total.base_unit, part.base_unit
    if a == "%" or b == "%":
        return False
    if a is None or b is None:
        return a is None and b is None
    return a == b or (_money(a) and _money(b))


def read(piece: Piece, section: SectionNode | None) -> Para:
    """Split a paragraph into items and group them into statements (sets parts, shares, rates)."""
    para = Para(piece, section, sentences(piece.text))
    previous_heads: list[Item] = []
    last_budget: Item | None = None
    for sentence in para.sentences:
        heads: list[Item] = []
        run: list[Item] | None = None
        last: Item | None = None
        for item in sentence.items:
            item.para = para
            if item.kind is Kind.SHARE:
                if last is not None and last.share is None:
                    last.share = item
                    item.attached = True
                    continue
            elif item.kind is Kind.RATE:
                target = last if last is not None and last.kind in _BUDGETISH else None
                if target is None and last is None:
                    target = last_budget
                if target is not None and target.rate is None and target.kind in _BUDGETISH:
                    target.rate = item
                    item.attached = True
                    continue
            if item.qizhong:
                run = heads if heads else previous_heads
            elif run is not None and item.kind in TOTAL_KINDS:
                run = None
            if run is not None and item.kind not in (Kind.SHARE, Kind.RATE, Kind.X_SHARE):
                total = next((h for h in islice(reversed(run), _RUN_LOOKBACK) if _compatible(h, item)), None)
                if total is not None:
                    total.parts.append(item)
                    item.part_of = total
                    last = item
                    if item.kind in _BUDGETISH:
                        last_budget = item
                    continue
            heads.append(item)
            last = item
            if item.kind in _BUDGETISH:
                last_budget = item
        para.heads.extend(heads)
        if sentence.items:
            previous_heads = heads
    return para
