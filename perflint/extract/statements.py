"""Place each narrative statement by what its label names: balance sheet, staffing, budget, ….

A statement is a figure with the components `其中` gave it (`narrative.read`). Its label decides
where it goes; the text decides what is related:
- 资产 / 负债 / 净资产 go to the balance sheet of the entity the section is about; the parts are
  `complete` only when they are 流动 and 非流动 (exhaustive by definition);
- 编制 / 实有 / 在职 人数 go to `staffing`, each count alone unless the text lists its 其中;
- 全年预算数… / 执行数… with components become 收入 or 支出 tables, budget and execution
  statements of the same section merged; a statement without components stays a fact, unless
- one sentence states a subject's 预算数, 执行数 and 执行率 together (`项目支出预算数为1500万元，
  执行数为1200万元，执行率为80%`): the three are one budget row of that subject (`Scope`), so the
  rate is checked against its own figures, never another subject's (年初预算数 is not the
  budget a rate is computed on, and is left alone). The three stay facts as well, with their
  subject, so a restatement elsewhere in the text is still compared with them;
- `A占B比例Z%` is the share of part A of the nearby total B, or a ratio of two nearby figures
  named A and B. A rate is never computed from counts the text does not tie to it: in
  `启动了3个批次…，2个批次已完成组卷，1个批次成功报批。土地报批完成组卷率100%` the approved batch
  may well have been 组卷'd too, so 2 / 3 is not what the rate states;
- any other figure followed by `其中` becomes a breakdown (restatements kept once), a part that a
  nested `其中` breaks down as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from perflint.extract.clauses import Item, Kind, Scope, name_of
from perflint.extract.facts import RELATIVE, section_entity, strip_titles, subject_of
from perflint.extract.located import figure_quantity, piece_text
from perflint.extract.narrative import Para
from perflint.extract.sections import SectionNode
from perflint.model import BalanceSheet, Breakdown, BudgetRow, BudgetTable, Part, Quantity, Ratio, Span, Text

_NOTE = re.compile(r"(?:单位)?无(?:未偿还的?|任何)?(?P<what>非流动资产|流动资产|非流动负债|流动负债|负债)")
_EMBEDDED_YEAR = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?")
_BUDGET_WORD = re.compile(r"(?:全年|年初|调整后)?(?:预算数|预算支出|预算总额|预算金额|执行数|决算数|决算支出"
                          r"|实际支出|执行金额|支出决算)$")
_STAFF_WORD = re.compile(r"(编制人数|编制数|核定编制|编制|实有人数|实有)$")
_SPENDING = re.compile(r"基本支出|项目支出|人员经费|公用经费")
_X_SHARE = re.compile(r"^(?P<a>.+?)占(?P<b>.+?)(?:的)?(?:比例|比重|比率|之比)?$")
_PAIRS = {"assets": ("流动资产", "非流动资产"), "liabilities": ("流动负债", "非流动负债")}
_SHEET_FIELD = {Kind.ASSETS: "assets", Kind.LIABILITIES: "liabilities", Kind.NET_ASSETS: "net_assets"}
_BUDGET_KIND, _EXECUTED_KIND = Kind.BUDGET, Kind.EXECUTED
_SHEET, _DEBT, _STAFF, _BUDGET, _RATIO, _SCORE = "sheet", "debt", "staff", "budget", "ratio", "score"
#: Where a statement of each kind goes (`place`): one look-up per statement instead of a test per
#: kind, the kinds of most statements (generic counts and amounts) being in none of them.
_PLACING = {**dict.fromkeys(_SHEET_FIELD, _SHEET), Kind.DEBT_RATIO: _DEBT,
            **dict.fromkeys((Kind.STAFF_TOTAL, Kind.STAFF_ACTUAL, Kind.STAFF_PART), _STAFF),
            Kind.BUDGET: _BUDGET, Kind.EXECUTED: _BUDGET, Kind.X_SHARE: _RATIO, Kind.SCORE_TOTAL: _SCORE}
#: How far back (paragraphs, breakdowns, figures) a name such as `总供应土地` is looked up: a
#: report names what it compares close by, and the bound keeps extraction linear.
LOOKBACK = 12
ITEM_LOOKBACK = 200


def quantity(item: Item, concept: str | None = None) -> Quantity:
    """The Quantity of an item, spanning its figure in the source."""
    return figure_quantity(item.para.piece, item.figure, concept=concept)


#: The organization the nearest enclosing heading names (`（1）区政数局本级`), if any.
entity_of = section_entity


@dataclass
class _Budget:
    subject: str
    section: SectionNode | None
    title: str | None
    total_label: str
    total: dict[str, Quantity] = field(default_factory=dict)
    rows: dict[str, dict[str, Quantity]] = field(default_factory=dict)
    row_spans: dict[str, Span] = field(default_factory=dict)
    #: whether every `其中` list of this budget ends its sentence with its last part
    closed: bool = True

    def table(self) -> BudgetTable:
        rows = [BudgetRow(label=label, span=self.row_spans[label], **values)
                for label, values in self.rows.items()]
        complete = self.subject == "支出" and sorted(self.rows) == ["基本支出", "项目支出"]
        return BudgetTable(kind=self.subject, title=self.title, rows=rows, complete=complete,
                           closed=not complete and self.closed and bool(rows),
                           total=BudgetRow(label=self.total_label, **self.total))


class Statements:
    """The structures the narrative states, filled paragraph by paragraph in reading order."""

    def __init__(self, paras: list[Para]) -> None:
        self.paras = paras
        self.balance_sheets: list[BalanceSheet] = []
        self.staffing: list[Breakdown] = []
        self.ratios: list[Ratio] = []
        self.scores: list[Item] = []
        self._breakdowns: list[tuple[Breakdown, Item]] = []
        self._breakdown_index: dict[tuple, int] = {}
        self._budgets: list[_Budget] = []
        self._subject_rows: list[BudgetTable] = []
        self._notes: list[tuple[str | None, str, Text]] = []

    @property
    def breakdowns(self) -> list[Breakdown]:
        return [breakdown for breakdown, _ in self._breakdowns]

    def budget_tables(self) -> list[BudgetTable]:
        return [*(budget.table() for budget in self._budgets), *self._subject_rows]

    def place(self, para: Para) -> None:
        if not para.heads:
            return  # no figure (half the paragraphs): a paragraph's first item is always a head
        if "无" in para.text:
            self._read_notes(para)
        self._triples(para)
        heads = para.heads
        for head in _with_nested(heads) if para.nested else heads:
            if head.used and not head.parts:
                continue
            kind = head.kind
            placing = _PLACING.get(kind)
            if placing is _SHEET:
                self._balance(para, head)
            elif placing is _DEBT:
                sheet = self._sheet(para, need="debt_ratio")
                sheet.debt_ratio = quantity(head)
                head.used = True
            elif placing is _STAFF and head.figure.parsed.unit == "人":
                self._staff(para, head)
            elif placing is _BUDGET and head.parts:
                self._budget(para, head)
            elif placing is _RATIO:
                self._x_share(head)
            elif placing is _SCORE:
                self.scores.append(head)
            elif head.parts:
                self._breakdown(head)

    def finish(self) -> None:
        """Attach the notes (`无非流动资产`) to the breakdowns they qualify."""
        for entity, what, note in self._notes:
            field_name = "assets" if what.endswith("资产") else "liabilities"
            for sheet in reversed(self.balance_sheets):
                breakdown = getattr(sheet, field_name)
                if sheet.entity == entity and breakdown is not None and breakdown.note is None:
                    breakdown.note = note
                    break
        self._notes.clear()

    # ---------------------------------------------------------------- balance sheets
    def _sheet(self, para: Para, need: str) -> BalanceSheet:
        """The entity's current balance sheet, or a new one when it already states `need`."""
        entity = entity_of(para.section)
        if self.balance_sheets:
            sheet = self.balance_sheets[-1]
            if sheet.entity == entity and getattr(sheet, need) is None:
                return sheet
        sheet = BalanceSheet(entity=entity)
        self.balance_sheets.append(sheet)
        return sheet

    def _balance(self, para: Para, head: Item) -> None:
        field_name = _SHEET_FIELD[head.kind]
        sheet = self._sheet(para, need=field_name)
        labels = {name_of(p.label) for p in head.parts}
        pair = _PAIRS.get(field_name)
        complete = (pair is not None and all(any(label.startswith(x) for label in labels) for x in pair)
                    and all(p.kind in (Kind.ASSET_PART, Kind.LIABILITY_PART) for p in head.parts))
        setattr(sheet, field_name, Breakdown(label=name_of(head.label), total=quantity(head),
                                             parts=[_part(p) for p in head.parts], complete=complete))
        _use(head)

    def _read_notes(self, para: Para) -> None:
        """`单位无未偿还负债`, `无非流动资产`: a balance-sheet item stated in words (`place` calls it
        for a paragraph with `无`)."""
        if not any(h.kind is Kind.ASSETS for h in para.heads):
            return
        for match in _NOTE.finditer(para.text):
            what = match.group("what")
            note = piece_text(para.piece, match.start(), match.end())
            if what == "负债":
                sheet = self._sheet(para, need="liabilities")
                sheet.liabilities = Breakdown(label="负债", note=note, complete=False)
            else:
                self._notes.append((entity_of(para.section), what, note))

    # ---------------------------------------------------------------- staffing
    def _staff(self, para: Para, head: Item) -> None:
        if head.kind is Kind.STAFF_PART:
            label = name_of(head.label)
        else:
            match = _STAFF_WORD.search(re.sub(r"\s", "", head.label))
            label = match.group(1) if match else name_of(head.label)
        entity = entity_of(para.section)
        if entity:
            label = f"{label}（{entity}）"
        parts = [_part(p) for p in head.parts]
        self.staffing.append(Breakdown(label=label, total=quantity(head), parts=parts, complete=False))
        _use(head)

    # ---------------------------------------------------------------- budget statements
    def _budget(self, para: Para, head: Item) -> None:
        compact = re.sub(r"\s", "", head.label)
        keyword = _BUDGET_WORD.search(compact)
        raw_prefix = compact[: keyword.start()] if keyword else ""
        prefix = name_of(raw_prefix) if raw_prefix else ""
        shown = re.sub(r"^(?:我|本)(?:中心|单位|部门)", "", _EMBEDDED_YEAR.sub("", raw_prefix))
        subject = _subject(prefix, [name_of(p.label) for p in head.parts])
        column = "budget" if head.kind is Kind.BUDGET else "executed"
        budget = None
        if self._budgets:
            last = self._budgets[-1]
            if last.subject == subject and last.section is para.section and column not in last.total:
                budget = last
        if budget is None:
            title = shown or (para.section.title if para.section is not None else None)
            budget = _Budget(subject, para.section, title or None, f"{prefix}合计" if prefix else "合计")
            self._budgets.append(budget)
        budget.total[column] = quantity(head)
        budget.closed = budget.closed and (not head.parts or para.is_closed(head))
        if head.rate is not None:
            budget.total["rate"] = quantity(head.rate)
            head.rate.used = True
        for part in head.parts:
            label = name_of(part.label)
            row = budget.rows.setdefault(label, {})
            budget.row_spans.setdefault(label, part.para.piece.span(part.label_start,
                                                                    part.label_start + len(part.label)))
            row[column] = quantity(part)
            if part.rate is not None:
                row["rate"] = quantity(part.rate)
                part.rate.used = True
            part.used = True
        head.used = True

    def _triples(self, para: Para) -> None:
        """预算数, 执行数 and 执行率 of one subject in one sentence: one row (see the module doc)."""
        rows: list[BudgetRow] = []
        labels: set[str] = set()
        for sentence in para.sentences:
            if sentence.budget is None:
                continue  # no 预算数 or 执行数 in it
            budgets: dict[Scope, Item] = {}
            for item in sentence.items:
                kind = item.kind
                if kind is not _BUDGET_KIND and kind is not _EXECUTED_KIND:
                    continue
                if item.used or item.attached or item.indicator or item.parts or item.part_of is not None:
                    continue
                if kind is _BUDGET_KIND:
                    if "年初" in item.label or RELATIVE.match(item.label) or not _money(item):
                        if budgets:
                            budgets.pop(item.scope, None)
                    else:
                        budgets[item.scope] = item
                    continue
                if not budgets:
                    continue  # no budget for it to be the execution of (its scope not worked out)
                budget = budgets.pop(item.scope, None)
                rate = item.rate if item.rate is not None else budget.rate if budget is not None else None
                if budget is None or rate is None or not _money(item) \
                        or not sentence.start <= rate.figure.start < sentence.end:
                    continue  # a rate opening the next sentence may be another figure's
                label = subject_of(item) or "合计"
                if label in labels:  # the same subject twice in one paragraph: a row each
                    self._subject_table(para, rows)
                    rows, labels = [], set()
                labels.add(label)
                stated = quantity(budget)
                rows.append(BudgetRow(label=label, budget=stated, executed=quantity(item),
                                      rate=quantity(rate), span=stated.span))
        self._subject_table(para, rows)

    def _subject_table(self, para: Para, rows: list[BudgetRow]) -> None:
        if not rows:
            return
        title = para.section.title if para.section is not None else None
        kind = _subject("", [row.label for row in rows])
        self._subject_rows.append(BudgetTable(kind=kind, title=title or None, rows=rows, complete=False))

    # ---------------------------------------------------------------- shares and ratios
    def _x_share(self, head: Item) -> None:
        """`划拨用地占总供应土地比例78.13%`: the share of a named part of a nearby total."""
        compact = re.sub(r"\s", "", head.label)
        match = _X_SHARE.match(compact)
        if match is None:
            return
        part_name = match.group("a")
        base = re.sub(r"^(?:总|全部|全年|所有)", "", match.group("b"))
        for breakdown, _ in reversed(self._breakdowns[-LOOKBACK:]):
            if not (breakdown.label.endswith(base) or base.endswith(breakdown.label)):
                continue
            for part in breakdown.parts:
                if part.label == part_name or part.label.endswith(part_name):
                    if part.share is None:
                        part.share = quantity(head)
                        head.used = True
                    return
        numerator, denominator = self._find(part_name, head), self._find(base, head)
        if numerator is not None and denominator is not None and numerator is not denominator:
            stated = quantity(head)
            self.ratios.append(Ratio(label=compact, stated=stated, numerator=quantity(numerator),
                                     denominator=quantity(denominator), span=stated.span,
                                     subject=subject_of(head)))
            head.used = True

    def _find(self, name: str, head: Item) -> Item | None:
        """The latest figure labelled `name` before `head`, in its paragraph or the few before."""
        current: Para = head.para
        earlier = reversed(self.paras[max(0, current.index - LOOKBACK):current.index])
        for para in [current, *earlier]:
            candidates = (para.items_before(head, ITEM_LOOKBACK) if para is current
                          else islice(para.reversed_items(), ITEM_LOOKBACK))
            for item in candidates:
                label = name_of(item.label)
                if label and item.figure.unit != "%" and (label == name or label.endswith(name)):
                    return item
        return None

    # ---------------------------------------------------------------- other totals with parts
    def _breakdown(self, head: Item) -> None:
        parts = [_part(p) for p in head.parts]
        complete = sorted(p.label for p in parts) == ["基本支出", "项目支出"] or head.para.is_counted(head)
        breakdown = Breakdown(label=name_of(strip_titles(head.label)), total=quantity(head), parts=parts,
                              complete=complete, closed=not complete and head.para.is_closed(head))
        key = _signature(breakdown)
        index = self._breakdown_index.get(key)
        if index is None:
            self._breakdown_index[key] = len(self._breakdowns)
            self._breakdowns.append((breakdown, head))
        elif _shares(breakdown) >= _shares(self._breakdowns[index][0]):
            # a restatement: keep one, the latest unless the earlier one states more shares
            self._breakdowns[index] = (breakdown, head)
        _use(head)


def _subject(prefix: str, part_labels: list[str]) -> str:
    """收入 or 支出, from the words before 预算数 or else from the components' names."""
    if "收入" in prefix:
        return "收入"
    if "支出" in prefix or any(_SPENDING.match(label) for label in part_labels):
        return "支出"
    if any(re.search(r"收入|结转|结余|拨款", label) for label in part_labels):
        return "收入"
    return "整体"


def _money(item: Item) -> bool:
    unit = item.figure.unit
    return unit is not None and unit.endswith("元")


def _part(item: Item) -> Part:
    share = quantity(item.share) if item.share is not None else None
    return Part(label=name_of(strip_titles(item.label)), value=quantity(item), share=share)


def _use(head: Item) -> None:
    """Mark a statement and its components (and their shares) as placed."""
    head.used = True
    for part in head.parts:
        part.used = True
        if part.share is not None:
            part.share.used = True
    if head.share is not None:
        head.share.used = True


def _with_nested(heads: list[Item]) -> Iterator[Item]:
    """The statements in reading order: each head, then the parts that a nested `其中` breaks down
    (`其中A 80万元，其中a1 50万元、a2 30万元`: A is a part of its total and the total of its own)."""
    for head in heads:
        yield head
        if head.parts and any(part.parts for part in head.parts):
            yield from _with_nested([part for part in head.parts if part.parts])


def _signature(breakdown: Breakdown) -> tuple:
    return (breakdown.label, breakdown.total.literal if breakdown.total else None,
            tuple((p.label, p.value.literal) for p in breakdown.parts))


def _shares(breakdown: Breakdown) -> int:
    return sum(1 for p in breakdown.parts if p.share is not None)
