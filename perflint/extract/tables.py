"""Read the tables of a self-evaluation: budget blocks, the indicator table, key/value rows.

A table is read by its header rows, not by position, because the same tables come with extra title
rows, merged cells and columns in other orders:
- a budget header names 预算数 and 执行数 columns (汇总表: 序号 | 预算单位 | 全年预算数 | 全年执行数 |
  执行率 | 自评分数 | 复核分数; 自评表: 整体支出规模 | | 全年预算数 | 全年执行数 | 执行率). Rows below it
  are read until a row states no money figure; `资金来源：（1）…` / `资金结构：（1）…` prefixes start
  a block of their own; a `合计` row is the block's total, and so is a row the profile names a
  total (`budget_rows: total`); `其中：…` opens the parts of the row above it, which becomes
  their total (项目支出绩效自评表: `年度资金总额` / `其中：当年财政拨款` / `上年结转资金` / `其他资金`);
  `其中` never names a group. A caption such as `项目资金（万元）` states the block's money unit. A
  scored row (the project form's 预算执行率 in its 年度资金总额 row) keeps its 分值 and 得分;
- an indicator header names 一级指标 and 二级/三级指标 and 分值/得分; rows below it form the tree
  (an empty name cell continues the indicator above it, `预算编审管理（6分）` carries its weight),
  and a `总分` row gives the evaluation;
- key/value rows: `评价部门名称 | X | 下属单位个数 | 1`, `主管部门 | X | 实施单位 | Y`, `单位：万元`,
  `（2021年度）`.
Merged-cell copies (`Cell.merged`) are read as empty, so a merged name is counted once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from perflint.document import Cell, Table
from perflint.extract.figures import parse_cell
from perflint.extract.located import cell_quantity, piece_text
from perflint.extract.nodes import indicator
from perflint.model import BudgetRow, BudgetTable, Evaluation, Indicator, Quantity, Text, Unit

_SPACE = re.compile(r"\s+")
MONEY_UNIT = re.compile(r"单位\s*[:：]\s*(亿元|万元|千元|元)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_GROUP = re.compile(r"^\s*(?P<group>[^：:（(\d]{2,8})[：:]\s*")
_NUMBERING = re.compile(r"^\s*(?:[（(]\s*[\d一二三四五六七八九十]{1,2}\s*[）)]|\d{1,2}\s*[、.．])\s*")
_WEIGHT_IN_NAME = re.compile(r"[（(]\s*(\d+(?:\.\d+)?\s*分)\s*[）)]\s*$")
_MONEY_KEYS = frozenset({"initial_budget", "budget", "executed"})
_KEY = re.compile(r"(?:评价)?(?:部门|单位|预算单位)名称|下属单位(?:个数|数量|数)"
                  r"|主管部门|实施单位|资金使用单位")
#: Keys whose value names the unit the form is about (a project form names its 实施单位), and the
#: key naming its 主管部门.
_UNIT_KEY = re.compile(r"(?:评价)?(?:部门|单位|预算单位)名称|实施单位|资金使用单位")
_PARENT_KEY = re.compile(r"主管部门")
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|小计|合\s*计|总\s*计)$")
#: `其中：…` opens the parts of the row above it (`年度资金总额` / `其中：当年财政拨款`); the words
#: may stand in the label cell or in a cell of their own before it.
_PARTS = re.compile(r"^其中\s*[：:，,]?")
#: A money unit closing a budget header's caption: `项目资金（万元）`, `资金投入情况(元)`.
_CAPTION_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?(亿元|万元|千元|元)\s*[）)]$")
_SCORE_TOTAL = re.compile(r"^(?:总分|总得分|合计|总计|得分合计)$")

#: Header aliases → field, per table type ("budget", "indicators"), in the order a header cell is
#: tried: they come from the report's form profile (`Profile.compiled_columns`). The table type
#: "budget_rows" holds row labels instead of headers: `total` names the rows that are a budget
#: block's total wherever they stand (the national project form's `年度资金总额`, above its parts),
#: besides the `合计`/`总计` every form shares.
Columns = dict[str, tuple[tuple[str, re.Pattern[str]], ...]]


def _is_figure(text: str) -> bool:
    """A cell that states a figure or an explicit "no value" (`-`), not words."""
    if not text.strip():
        return False
    parsed = parse_cell(text)
    return parsed is not None and (parsed.value is not None or parsed.nil)


def _norm(text: str) -> str:
    """The text without its whitespace. Every whitespace character but the space is unprintable, so
    a printable text without a space has none: most cells, returned without running the regex."""
    return text if text.isprintable() and " " not in text else _SPACE.sub("", text)


def _texts(row: list[Cell]) -> list[str]:
    """Each cell's `_norm`ed text, "" for a merged copy: `_norm` inlined, as it is asked of every cell."""
    return ["" if cell.merged else text if (text := cell.piece.text).isprintable() and " " not in text
            else _SPACE.sub("", text) for cell in row]


#: A back-reference by number or name: numbering changes when patterns are joined, so such
#: patterns are never joined.
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")


@functools.lru_cache(maxsize=64)
def _any_column(patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> re.Pattern[str] | None:
    """One expression that finds a match in a text exactly when one of `patterns` does, or None
    when they cannot be joined (different flags, back-references, a pattern that sets global
    flags). `_columns` is asked of every row of every table, and most cells (figures, names)
    match none of the header aliases: one search tells so, instead of one per alias."""
    if not patterns or len({pattern.flags for _, pattern in patterns}) != 1:
        return None
    if any(_BACK_REFERENCE.search(pattern.pattern) for _, pattern in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in patterns), patterns[0][1].flags)
    except re.error:
        return None


def _columns(texts: list[str], patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> dict[str, int]:
    """The column of each field whose alias a header cell of `texts` names (its first such cell)."""
    return _find_columns(texts, patterns, _any_column(patterns))


def _find_columns(texts: list[str], patterns: tuple[tuple[str, re.Pattern[str]], ...],
                  any_column: re.Pattern[str] | None) -> dict[str, int]:
    """`_columns` with `_any_column(patterns)` given: a table reader looks it up once, not once per
    row (a look-up hashes every alias pattern)."""
    found: dict[str, int] = {}
    for index, text in enumerate(texts):
        if not text or (any_column is not None and any_column.search(text) is None):
            continue
        for key, pattern in patterns:
            if key not in found and pattern.search(text):
                found[key] = index
                break
    return found


@dataclass
class TableFacts:
    """What the tables of a document state, for the report assembler."""

    money_unit: str | None = None
    year: int | None = None
    unit_name: Text | None = None
    parent: Text | None = None
    subordinate_count: Quantity | None = None
    subunits: list[Unit] = field(default_factory=list)
    budget_tables: list[BudgetTable] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    evaluation: Evaluation | None = None


class TableReader:
    def __init__(self, facts: TableFacts, table: Table, title: str | None, unit: str | None,
                 columns: Columns) -> None:
        self.facts = facts
        self.budget_columns = columns.get("budget", ())
        self.indicator_columns = columns.get("indicators", ())
        self.total_rows = tuple(pattern for key, pattern in columns.get("budget_rows", ()) if key == "total")
        self.any_budget_column = _any_column(self.budget_columns)
        self.any_indicator_column = _any_column(self.indicator_columns)
        self.table = table
        self.title = title
        self.unit = unit  # 单位：元 stated above the table or in it
        self.rows = table.rows
        if unit is not None and facts.money_unit is None:
            facts.money_unit = unit

    def read(self) -> None:
        index = 0
        while index < len(self.rows):
            texts = _texts(self.rows[index])
            self._key_values(self.rows[index], texts)
            indicator = _find_columns(texts, self.indicator_columns, self.any_indicator_column)
            budget = _find_columns(texts, self.budget_columns, self.any_budget_column)
            if "l1" in indicator and ("l2" in indicator or "l3" in indicator) and (
                    "weight" in indicator or "score" in indicator):
                index = self._indicators(index + 1, indicator, texts)
            elif "budget" in budget and "executed" in budget:
                index = self._budget(index + 1, budget, texts)
            else:
                index += 1

    # ---------------------------------------------------------------- key/value rows
    def _key_values(self, row: list[Cell], texts: list[str]) -> None:
        facts = self.facts
        for text in texts:
            if not text:
                continue
            unit = MONEY_UNIT.search(text)
            if unit:
                self.unit = self.unit or unit.group(1)
                facts.money_unit = facts.money_unit or unit.group(1)
            year = _YEAR.search(text)
            if year and facts.year is None and len(text) <= 20 + len(year.group()):
                facts.year = int(year.group(1))
        for index, text in enumerate(texts):
            if not _KEY.fullmatch(text):
                continue
            # the value is in one of the next cells (a merged key may span two)
            value = next((c for c in row[index + 1:index + 4] if not c.merged and c.text.strip()), None)
            if value is None or _KEY.fullmatch(_norm(value.text)):
                continue  # an empty value: the next filled cell is the next key
            if _UNIT_KEY.fullmatch(text) and facts.unit_name is None:
                facts.unit_name = piece_text(value.piece, text=_norm(value.text))
            elif _PARENT_KEY.fullmatch(text) and facts.parent is None:
                facts.parent = piece_text(value.piece, text=_norm(value.text))
            elif re.fullmatch(r"下属单位(?:个数|数量|数)", text) and facts.subordinate_count is None:
                facts.subordinate_count = cell_quantity(value.piece)

    # ---------------------------------------------------------------- budget blocks
    def _budget(self, start: int, columns: dict[str, int], header: list[str]) -> int:
        money_columns = [columns[k] for k in ("initial_budget", "budget", "executed") if k in columns]
        first_money = min(money_columns)
        summary = "self_score" in columns or "review_score" in columns or (
            self.title is not None and "汇总" in self.title)
        caption = header[0] if header and header[0] and 0 not in money_columns else None
        unit = self.unit
        stated_unit = _CAPTION_UNIT.search(caption) if caption else None
        if stated_unit is not None:  # 项目资金（万元）: the block's money unit, and a plain caption
            unit = stated_unit.group(1)
            self.facts.money_unit = self.facts.money_unit or unit
            caption = caption[:stated_unit.start()] or caption
        blocks: list[BudgetTable] = []
        group: str | None = None
        current: BudgetTable | None = None
        previous: BudgetRow | None = None  # the row read just before, of this block run
        index = start
        while index < len(self.rows):
            row = self.rows[index]
            texts = _texts(row)
            if not any(texts):
                index += 1
                continue
            has_money = any(col < len(row) and not row[col].merged and _is_figure(row[col].text)
                            for col in money_columns)
            if not has_money:
                break
            label_cell = self._label_cell(row, texts, columns, first_money)
            if label_cell is None:
                previous = None
                index += 1
                continue
            label_text = _norm(label_cell.text)
            label_at = next(i for i, cell in enumerate(row) if cell is label_cell)
            parts = any(_PARTS.match(text) for text in texts[:label_at + 1] if text)
            if parts:
                label_text = _PARTS.sub("", label_text) or label_text
                current = self._parts_block(blocks, current, previous)
            else:
                prefix = _GROUP.match(label_text)
                if prefix is not None and prefix.end() == len(label_text):
                    label_text = prefix.group("group")  # `年度资金总额：`: a label with its colon
                elif prefix is not None:
                    group = prefix.group("group")
                    label_text = label_text[prefix.end():]
                    current = None
            label_text = _NUMBERING.sub("", label_text) or label_text
            is_total = _TOTAL_LABEL.match(label_text) is not None or (
                not parts and any(pattern.search(label_text) for pattern in self.total_rows))
            if current is None or (is_total and current.total is not None):
                kind = group or ("汇总" if summary else "整体")
                title = self.title if summary and not group else (
                    f"{caption} {group}" if caption and group else group or caption or self.title)
                current = BudgetTable(kind=kind, title=title)
                blocks.append(current)
            budget_row = self._row(row, columns, label_text, label_cell, unit)
            if is_total:
                current.total = budget_row
            else:
                current.rows.append(budget_row)
            previous = budget_row
            index += 1
        for block in blocks:  # a table lists all its rows: complete (the model's default)
            if block.kind == "汇总":
                self.facts.subunits.extend(Unit(name=Text(text=row.label, span=row.span))
                                           for row in block.rows[1:])
        self.facts.budget_tables.extend(blocks)
        return index

    @staticmethod
    def _parts_block(blocks: list[BudgetTable], current: BudgetTable | None,
                     previous: BudgetRow | None) -> BudgetTable | None:
        """The block a `其中` row belongs to: the parts of the row above it.

        - the row above is its block's total (a profile's total label, `年度资金总额`): that block;
        - it is its block's only row: it becomes the block's total;
        - it ends a run of rows that are not parts of anything (`收入` rows, then `支出合计`): it
          moves to a new block of the same kind, as that block's total;
        - it is itself a part of a total above (a `其中` inside the parts of another row, or a
          second total such as `支出合计` read as a part of `收入合计`): whether the rows after it
          are its parts or the outer total's is not stated, so the outer block loses that row and is
          marked incomplete, and the row and those after it go to a block with no total: every row
          is kept (its 执行率 is still checked) and nothing is summed that the table does not say.
        Returns None (a new block) when there is no row above.
        """
        if current is None or previous is None:
            return None
        if current.total is previous:
            return current
        if not current.rows or current.rows[-1] is not previous:
            return None
        if current.total is None and len(current.rows) == 1:
            current.rows.pop()
            current.total = previous
            return current
        if current.total is None:
            current.rows.pop()
            block = BudgetTable(kind=current.kind, title=current.title, total=previous)
        else:
            current.rows.pop()
            current.complete = False
            block = BudgetTable(kind=current.kind, title=current.title, rows=[previous], complete=False)
        blocks.append(block)
        return block

    @staticmethod
    def _label_cell(row: list[Cell], texts: list[str], columns: dict[str, int],
                    first_money: int) -> Cell | None:
        if "label" in columns and columns["label"] < len(row) and texts[columns["label"]]:
            return row[columns["label"]]
        for col in range(min(first_money, len(row)) - 1, -1, -1):
            if col != columns.get("index") and texts[col] and not _is_figure(row[col].text):
                return row[col]
        return None

    def _row(self, row: list[Cell], columns: dict[str, int], label: str, label_cell: Cell,
             unit: str | None) -> BudgetRow:
        values: dict[str, object] = {}
        for key in ("initial_budget", "budget", "executed", "rate", "weight", "score", "self_score",
                    "review_score"):
            col = columns.get(key)
            if col is None or col >= len(row) or row[col].merged:
                continue
            quantity = cell_quantity(row[col].piece)
            if quantity is None:
                continue
            if (key in _MONEY_KEYS and quantity.unit is None and quantity.value is not None
                    and unit is not None and unit != self.facts.money_unit):
                quantity.unit = unit  # this table counts in another unit than the report
            values[key] = quantity
        col = columns.get("reason")
        if col is not None and col < len(row) and not row[col].merged and row[col].text.strip():
            values["reason"] = piece_text(row[col].piece)
        return BudgetRow(label=label, span=label_cell.piece.span(), **values)

    # ---------------------------------------------------------------- indicator table
    def _indicators(self, start: int, columns: dict[str, int], header: list[str]) -> int:
        facts = self.facts
        weight_l1 = None
        if "weight" in columns and header[columns["weight"]] == "权重":
            # 一级指标 | 权重 | … | 分值: 权重 is the 一级 weight, 分值 the row's
            other = [i for i, t in enumerate(header) if t == "分值"]
            if other:
                weight_l1 = columns["weight"]
                columns = dict(columns, weight=other[0])
        levels = [k for k in ("l1", "l2", "l3") if k in columns]
        current: dict[str, Indicator | None] = {k: None for k in levels}
        index = start
        while index < len(self.rows):
            row = self.rows[index]
            texts = _texts(row)
            if not any(texts):
                index += 1
                continue
            first = next(i for i, t in enumerate(texts) if t)
            if _SCORE_TOTAL.match(texts[first]):
                self._total_row(row, texts, first, columns)
                index += 1
                break
            filled = [depth for depth, key in enumerate(levels, start=1)
                      if columns[key] < len(row) and texts[columns[key]]]
            if not filled:
                index += 1
                continue
            leaf_values = self._leaf_values(row, columns, weight_l1)
            for depth in filled:
                key = levels[depth - 1]
                l1_weight = (cell_quantity(row[weight_l1].piece) if key == "l1" and weight_l1 is not None
                             and weight_l1 < len(row) else None)
                node = self._node(row[columns[key]], depth, l1_weight,
                                  leaf_values if depth == filled[-1] else None)
                parent = None
                for upper in levels[: depth - 1][::-1]:
                    if current[upper] is not None:
                        parent = current[upper]
                        break
                (parent.children if parent is not None else facts.indicators).append(node)
                current[key] = node
                for lower in levels[depth:]:
                    current[lower] = None
            index += 1
        return index

    @staticmethod
    def _leaf_values(row: list[Cell], columns: dict[str, int], weight_l1: int | None) -> dict[str, object]:
        """The values a row states for its deepest indicator (target, actual, weight, score, reason),
        read before the node is built so that it is built once, with them."""
        values: dict[str, object] = {}
        for key in ("target", "actual", "weight", "score"):
            col = columns.get(key)
            if col is None or col >= len(row) or row[col].merged or (key == "weight" and col == weight_l1):
                continue
            quantity = cell_quantity(row[col].piece)
            if quantity is not None:
                values[key] = quantity
        col = columns.get("reason")
        if col is not None and col < len(row) and not row[col].merged and row[col].text.strip():
            values["reason"] = piece_text(row[col].piece)
        return values

    @staticmethod
    def _node(cell: Cell, level: int, l1_weight: Quantity | None,
              leaf_values: dict[str, object] | None) -> Indicator:
        """The indicator a name cell states: its weight from the name (`预算编审管理（6分）`), else
        from the 一级 weight column (`l1_weight`), then the row's values when it is the row's
        deepest node (`leaf_values`, which win)."""
        text = cell.text
        weight = None
        match = _WEIGHT_IN_NAME.search(text)
        name_end = len(text)
        if match is not None:
            name_end = match.start()
            weight = cell_quantity(cell.piece, match.start(1), match.end(1))
        name = piece_text(cell.piece, 0, name_end, text=_norm(text[:name_end]))
        # a name that is its whole cell, without spaces around it (most), has the cell's span: the
        # Span (frozen) is shared rather than built twice
        whole = name_end == len(text) and text and not text[0].isspace() and not text[-1].isspace()
        values: dict[str, object] = {"span": name.span if whole else cell.piece.span(),
                                     "weight": l1_weight or weight}
        if leaf_values:
            values.update(leaf_values)
        return indicator(name, level, **values)

    def _total_row(self, row: list[Cell], texts: list[str], first: int, columns: dict[str, int]) -> None:
        figures = [(i, cell_quantity(row[i].piece)) for i in range(first + 1, len(row))
                   if texts[i] and not row[i].merged]
        figures = [(i, q) for i, q in figures if q is not None and q.value is not None]
        evaluation = Evaluation(span=row[first].piece.span())
        weight_col, score_col = columns.get("weight"), columns.get("score")
        by_column = {i: q for i, q in figures}
        if score_col in by_column:
            evaluation.total_score = by_column[score_col]
            if weight_col in by_column:
                evaluation.max_score = by_column[weight_col]
        elif len(figures) == 2:
            evaluation.max_score, evaluation.total_score = figures[0][1], figures[1][1]
        elif len(figures) == 1:
            evaluation.total_score = figures[0][1]
        else:
            return
        self.facts.evaluation = evaluation


def read_table(facts: TableFacts, table: Table, title: str | None, unit: str | None,
               columns: Columns) -> None:
    """Read one table into `facts`. `title` is its caption, `unit` the money unit a paragraph
    above it states (`见下表（单位：元）`), `columns` the profile's header aliases."""
    TableReader(facts, table, title, unit, columns).read()
