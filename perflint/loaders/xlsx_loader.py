"""Excel .xlsx files (the 部门整体支出绩效自评表 and the 自评汇总表): sheets as tables of displayed text.

Choices, and why:
- **Normal mode, not read_only**: merged ranges (`ws.merged_cells`) exist only in openpyxl's
  normal mode, and the self-evaluation forms are full of them (一级指标 spanning many rows). The
  cost is memory per cell, and openpyxl makes a cell object for every position a merged range
  covers, so before `load_workbook` runs every worksheet's XML is streamed
  (perflint.loaders.package, with the package checks shared with .docx: not a ZIP, encrypted,
  zip bomb, DTD, inflated bytes, XML elements, text): a sheet whose stored cells, or whose merged
  ranges together, cover more than `limits.table-cells` is refused, naming the sheet and range.
  The worksheets' declared XML size is capped too (`MAX_SHEET_XML_BYTES`).
- **Sparse sheets stay sparse**: only stored cells are visited, and a table (a run of filled rows
  between its leftmost and rightmost columns) is checked against `limits.table-cells` before its
  grid is built, so two cells at A1 and XFD2000 are a refusal naming the range, not 32 million
  empty cells.
- **What a person sees**: a numeric cell is rendered with its number format (`display_value`),
  because that literal is the claim the report makes and its precision is what the rules use:
  0.9 formatted `0.00%` is `90.00%`, 126.59 in `General` is `126.59`, 1234.5 in `#,##0.00` is
  `1,234.50`. Supported: General; digit placeholders `0 # ?` with decimals; thousands separators
  and trailing-comma scaling; `%`; quoted and backslash-escaped literals and literal characters
  (`0.00"万元"`, `0.00元`); colour/locale brackets (dropped, `[$¥-804]` gives `¥`); `_x` padding and
  `*x` fills (dropped); up to four `;` sections (positive;negative;zero;text). Excel stores 15
  significant digits, so floats are read through their shortest repr and rounded to 15 digits,
  and rounding to the format's decimals is half away from zero, as Excel does. Scientific,
  fraction and conditional (`[>=100]`) formats fall back to General. Dates are shown as
  `2022年4月22日` when the format contains 年, else ISO `2022-04-22`.
- **Formulas**: the cached value saved by Excel/WPS is read (`data_only=True`). A formula with no
  cached value (a file written by a program that does not compute formulas) cannot be linted
  honestly: its cell would look blank. `read_xlsx` lists such cells in `XlsxDocument.notes` and
  the loader refuses the file with a message naming them, rather than lint invented blanks.
- **Tables**: every visible sheet is split into tables at fully blank rows (a row covered by a
  merged range is not blank). Merged ranges are expanded: the top-left cell keeps the text and
  the other positions are `merged=True` copies with the same text and place. Leading and trailing
  rows of a table that hold a single text (the form's title, `单位：万元`, `注：…`) become paragraphs,
  as they are in the Word version of the same form. Hidden sheets are skipped (a reader does not
  see them); hidden rows and columns are kept.
- **Places**: `location` is the cell address as Excel shows it (`自评表!C5`), `line` the block's
  number in reading order (sheet by sheet, row by row).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from pathlib import Path

from perflint.document import Cell, Document, Paragraph, Piece, Table
from perflint.limits import current
from perflint.loaders.base import Loader
from perflint.loaders.docx_loader import open_measured_package
from perflint.loaders.package import PackageScan, range_cells
from perflint.reading import InputError, over_limit

#: Refuse workbooks whose worksheets declare more XML than this (roughly a million cells).
MAX_SHEET_XML_BYTES = 48 * 1024 * 1024

_KIND = "Excel .xlsx"


@dataclass
class XlsxDocument(Document):
    """A Document read from a workbook, with what the reader noticed but could not represent."""

    notes: list[str] = field(default_factory=list)
    missing_formula_values: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Number formats: what Excel shows for a value


_EXCEL_DIGITS = Context(prec=15)
_PLACEHOLDERS = frozenset("0#?")


def display_value(value: object, number_format: str | None = "General") -> str:
    """The text Excel shows for a cell value under `number_format` (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date | time | timedelta):
        return _display_date(value, number_format or "")
    if isinstance(value, int | float | Decimal):
        try:
            return format_number(_excel_decimal(value), number_format or "General")
        except (InvalidOperation, ValueError, OverflowError):
            return str(value)
    return str(value)


def _excel_decimal(value: int | float | Decimal) -> Decimal:
    """The value as Excel holds it: at most 15 significant digits (0.1+0.2 shows as 0.3)."""
    if isinstance(value, float):
        return _EXCEL_DIGITS.create_decimal(repr(value))
    return Decimal(value)


def _display_date(value: object, number_format: str) -> str:
    if isinstance(value, datetime):
        if "年" in number_format:
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日" if "年" in number_format else value.isoformat()
    return str(value)


def _split_sections(number_format: str) -> list[str]:
    sections, current, quoted, escaped, bracket = [], [], False, False, False
    for char in number_format:
        if escaped:
            escaped = False
        elif char == "\\" and not quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "[" and not quoted:
            bracket = True
        elif char == "]" and not quoted:
            bracket = False
        elif char == ";" and not quoted and not bracket:
            sections.append("".join(current))
            current = []
            continue
        current.append(char)
    sections.append("".join(current))
    return sections


def format_number(value: Decimal, number_format: str) -> str:
    """Render a number under an Excel number format; unsupported formats fall back to General."""
    sections = _split_sections(number_format)
    sign = ""
    if len(sections) == 1 or (len(sections) == 2 and value == 0):
        section = sections[0]
        if value < 0:
            sign, value = "-", -value
    elif value > 0:
        section = sections[0]
    elif value < 0:
        section, value = sections[1], -value
    else:
        section = sections[2] if len(sections) > 2 else sections[0]
    if not section and len(sections) > 1:
        return ""  # an empty section hides the value (e.g. zeros in `0;-0;`)
    tokens = _tokenize(section)
    if tokens is None:
        return sign + _general(value)
    return sign + _render(value, tokens)


def _general(value: Decimal) -> str:
    """Excel's General: no trailing zeros, plain notation for everyday magnitudes."""
    if value == 0:
        return "0"
    value = value.normalize()
    exponent = value.adjusted()
    if -10 < exponent < 15:
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return format(value, "E")


@dataclass
class _Token:
    kind: str  # "literal" or "digits"
    text: str


def _tokenize(section: str) -> list[_Token] | None:
    """Literals and digit-placeholder runs of one format section; None when unsupported."""
    if section.strip().lower() in ("general", ""):
        return None
    tokens: list[_Token] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end == -1 else end
            tokens.append(_Token("literal", section[i + 1:end]))
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            tokens.append(_Token("literal", section[i + 1]))
            i += 2
        elif char in "_*" and i + 1 < len(section):
            i += 2  # padding and fills take space, not text
        elif char == "[":
            end = section.find("]", i)
            end = len(section) if end == -1 else end
            content = section[i + 1:end]
            if content[:1] in "<>=":
                return None  # conditional sections
            if content.startswith("$"):
                symbol = content[1:].split("-", 1)[0]
                tokens.append(_Token("literal", symbol))
            i = end + 1
        elif char in _PLACEHOLDERS or char in ".,":
            j = i
            while j < len(section) and (section[j] in _PLACEHOLDERS or section[j] in ".,"):
                j += 1
            run = section[i:j]
            if not any(c in _PLACEHOLDERS for c in run):
                tokens.append(_Token("literal", run))
            else:
                tokens.append(_Token("digits", run))
            i = j
        elif char in "Ee" and i + 1 < len(section) and section[i + 1] in "+-":
            return None  # scientific
        elif char in "/@" or char.lower() in "ymdhs":
            return None  # fractions, text placeholders, date parts
        else:
            tokens.append(_Token("literal", char))
            i += 1
    digit_runs = [t for t in tokens if t.kind == "digits"]
    if len(digit_runs) != 1:
        return None
    return tokens


def _render(value: Decimal, tokens: list[_Token]) -> str:
    percent = sum(t.text.count("%") for t in tokens if t.kind == "literal")
    value = value * (Decimal(100) ** percent)
    out = []
    for token in tokens:
        out.append(_digits(value, token.text) if token.kind == "digits" else token.text)
    return "".join(out)


def _digits(value: Decimal, pattern: str) -> str:
    """Format `value` (non-negative) with a placeholder run like `#,##0.00` or `0.0#`."""
    scale = 0
    while pattern.endswith(","):  # each trailing comma divides by 1000
        pattern, scale = pattern[:-1], scale + 1
    value = value / (Decimal(1000) ** scale)
    integer_pattern, _, decimal_pattern = pattern.partition(".")
    grouping = "," in integer_pattern
    integer_pattern = integer_pattern.replace(",", "")
    decimals = sum(c in _PLACEHOLDERS for c in decimal_pattern)
    required = len(decimal_pattern.rstrip("#?").replace(",", ""))
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    integer_digits, _, fraction = f"{rounded:f}".partition(".")
    fraction = fraction.ljust(decimals, "0")[:decimals]
    while len(fraction) > required and fraction.endswith("0"):
        fraction = fraction[:-1]
    minimum = integer_pattern.count("0")
    if integer_digits == "0" and minimum == 0:
        integer_digits = ""
    integer_digits = integer_digits.rjust(minimum, "0")
    if grouping and integer_digits:
        integer_digits = f"{int(integer_digits):,}"
    return integer_digits + ("." + fraction if "." in pattern else "")


# --------------------------------------------------------------------------------------------
# Reading the workbook


def _sheet_reference(title: str, coordinate: str) -> str:
    if re.search(r"[^\w]", title):
        return "'" + title.replace("'", "''") + "'!" + coordinate
    return f"{title}!{coordinate}"


def _check_sheet_sizes(data: bytes) -> bool:
    """Refuse oversized worksheets; True if any worksheet holds a formula."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")
                  and i.filename.endswith(".xml")]
        total = sum(info.file_size for info in sheets)
        if total > MAX_SHEET_XML_BYTES:
            raise InputError(f"拒绝读取 {_KIND} 文件：各工作表声明共 {total / 2**20:.0f} MB 的单元格数据，"
                             f"超过 {MAX_SHEET_XML_BYTES // 2**20} MB 的上限（远超一张自评表）",
                             english=f"refusing the {_KIND} file: its worksheets declare "
                                     f"{total / 2**20:.0f} MB of cells, more than the "
                                     f"{MAX_SHEET_XML_BYTES // 2**20} MB limit (far beyond a "
                                     "self-evaluation table)")
        return any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(info)) for info in sheets)


def _check_sheet_areas(scan: PackageScan) -> None:
    """Refuse, before openpyxl builds anything, a worksheet with more stored cells than
    `limits.table-cells`, or whose merged ranges cover more (openpyxl makes an object for every
    covered position: `A1:XFD1048576` is 17 billion of them)."""
    limit = current().table_cells
    for part, sheet in scan.sheets.items():
        if sheet.cells > limit:
            raise over_limit("table-cells", (f"工作表 {part} 存有 {sheet.cells} 个单元格",
                                             f"worksheet {part} stores {sheet.cells} cells"))
        covered = 0
        for reference in sheet.merged:
            covered += range_cells(reference)
            if covered > limit:
                raise over_limit("table-cells", (f"工作表 {part} 的合并区域 {reference}",
                                                 f"merged range {reference} of worksheet {part}"))


def _open_workbook(data: bytes, *, data_only: bool):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and the like
            return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False,
                                          keep_vba=False, rich_text=False)
    except InputError:
        raise
    except Exception as exc:  # any parser failure here is a malformed file, not a perflint bug
        raise InputError(f"{_KIND} 文件已损坏（{type(exc).__name__}: {exc}）",
                         english=f"corrupt {_KIND} file: {type(exc).__name__}: {exc}") from None


def read_xlsx(path: Path) -> XlsxDocument:
    """Every visible sheet of a workbook as tables (and title/note paragraphs) of displayed text."""
    data, scan = open_measured_package(path, kind=_KIND, main_prefix="xl/")
    _check_sheet_areas(scan)
    has_formulas = _check_sheet_sizes(data)
    workbook = _open_workbook(data, data_only=True)
    formulas = _open_workbook(data, data_only=False) if has_formulas else None
    document = XlsxDocument(path=path, kind="xlsx")
    counter = [0, 0]  # blocks, tables
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            document.notes.append(f"hidden sheet {sheet.title} skipped")
            continue
        formula_sheet = formulas[sheet.title] if formulas is not None else None
        _read_sheet(sheet, formula_sheet, document, counter)
    return document


def _read_sheet(sheet, formula_sheet, document: XlsxDocument, counter: list[int]) -> None:
    # The stored cells only: iter_rows() would visit every position of the used range, and one
    # styled cell at XFD1048576 makes that range billions of cells.
    stored = sheet._cells
    texts: dict[tuple[int, int], str] = {}
    for key in sorted(stored):
        cell = stored[key]
        if cell.value is None:
            if formula_sheet is not None:
                _note_missing_formula(formula_sheet, key, sheet.title, document)
            continue
        text = display_value(cell.value, cell.number_format)
        if text.strip():
            texts[key] = text
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges]
    add_sheet(sheet.title, texts, merged, document, counter)


def add_sheet(title: str, texts: dict[tuple[int, int], str], merged: list[tuple[int, int, int, int]],
              document: Document, counter: list[int]) -> None:
    """Append one sheet's tables and title/note paragraphs to `document` (shared with the .xls
    reader). `texts`: (row, column) → displayed text of each non-blank cell, 1-based; `merged`:
    each merged range as (min_row, min_col, max_row, max_col), 1-based and inclusive; `counter`:
    [blocks, tables] so far in the workbook."""
    origins = _merged_origins(title, merged, texts)
    by_row: dict[int, set[int]] = {}
    for r, c in texts:
        by_row.setdefault(r, set()).add(c)
    for (r, c), origin in origins.items():
        if origin in texts:
            by_row.setdefault(r, set()).add(c)
    for group in _row_groups(sorted(by_row)):
        columns = set().union(*(by_row[r] for r in group))
        _emit_group(title, group, (min(columns), max(columns)), texts, origins, document, counter,
                    {r: sorted(by_row[r]) for r in group})


def _merged_origins(title: str, merged: list[tuple[int, int, int, int]],
                    texts: dict[tuple[int, int], str]) -> dict[tuple[int, int], tuple[int, int]]:
    """Every covered position of a merged range → its top-left cell, clipped to the used area."""
    if not texts:
        return {}
    max_row = max(r for r, _ in texts)
    max_col = max(c for _, c in texts)
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, last_row, last_col in merged:
        origin = (min_row, min_col)
        if origin not in texts:
            continue  # an empty merged area is blank, as a person sees it
        rows = range(min_row, min(last_row, max_row) + 1)
        cols = range(min_col, min(last_col, max_col) + 1)
        if len(origins) + len(rows) * len(cols) > current().table_cells:
            raise over_limit("table-cells", (f"工作表 {title} 的合并单元格",
                                             f"merged cells of sheet {title}"))
        for r in rows:
            for c in cols:
                if (r, c) != origin:
                    origins[(r, c)] = origin
                    texts.pop((r, c), None)  # Excel shows only the origin's value
    return origins


def _note_missing_formula(formula_sheet, key: tuple[int, int], title: str,
                          document: XlsxDocument) -> None:
    from openpyxl.utils import get_column_letter

    source = formula_sheet._cells.get(key)
    value = source.value if source is not None else None
    if (isinstance(value, str) and value.startswith("=")) or type(value).__name__ == "ArrayFormula":
        coordinate = f"{get_column_letter(key[1])}{key[0]}"
        document.missing_formula_values.append(_sheet_reference(title, coordinate))


def _row_groups(rows: list[int]) -> list[list[int]]:
    """Consecutive filled rows; a fully blank row separates tables."""
    groups: list[list[int]] = []
    for r in rows:
        if groups and r == groups[-1][-1] + 1:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _emit_group(title: str, rows: list[int], bounds: tuple[int, int], texts: dict, origins: dict,
                document: XlsxDocument, counter: list[int], filled: dict[int, list[int]]) -> None:
    """One run of filled rows: title/note rows as paragraphs, the rest as a table. `filled`:
    each row's filled columns, in order (a sparse row is read without visiting its gaps)."""
    from openpyxl.utils import get_column_letter

    first, last = bounds

    def reference(r: int, c: int) -> str:
        return _sheet_reference(title, f"{get_column_letter(c)}{r}")

    def own_texts(r: int) -> list[int]:
        """Columns of the row's own (not merged-copy) non-empty cells."""
        return [c for c in filled[r] if (r, c) in texts and (r, c) not in origins]

    lead = 0
    while lead < len(rows) and len(own_texts(rows[lead])) == 1:
        lead += 1
    trail = len(rows)
    while trail > lead and len(own_texts(rows[trail - 1])) == 1:
        trail -= 1
    if trail - lead < 2:  # no real table here: each text is a paragraph of its own
        lead, trail = len(rows), len(rows)

    def paragraphs(part: list[int]) -> list[Paragraph]:
        found = []
        for r in part:
            for c in own_texts(r):
                counter[0] += 1
                found.append(Paragraph(Piece(texts[(r, c)], line=counter[0], location=reference(r, c))))
        return found

    document.blocks.extend(paragraphs(rows[:lead]))
    if trail > lead:
        _check_table_area(title, rows[lead], rows[trail - 1], first, last)
        counter[1] += 1
        table_rows: list[list[Cell]] = []
        pieces: dict[tuple[int, int], Piece] = {}
        for i, r in enumerate(rows[lead:trail]):
            cells = []
            for j, c in enumerate(range(first, last + 1)):
                origin = origins.get((r, c))
                if origin is not None:
                    if origin not in pieces:  # merged from above the table: its text is shown
                        counter[0] += 1
                        pieces[origin] = Piece(texts.get(origin, ""), line=counter[0],
                                               location=reference(*origin))
                    cells.append(Cell(pieces[origin], row=i, column=j, merged=True))
                    continue
                counter[0] += 1
                piece = Piece(texts.get((r, c), ""), line=counter[0], location=reference(r, c))
                pieces[(r, c)] = piece
                cells.append(Cell(piece, row=i, column=j))
            table_rows.append(cells)
        span = f"{get_column_letter(first)}{rows[lead]}:{get_column_letter(last)}{rows[trail - 1]}"
        document.blocks.append(Table(rows=table_rows, index=counter[1],
                                     location=_sheet_reference(title, span)))
    document.blocks.extend(paragraphs(rows[trail:]))


def _check_table_area(title: str, top: int, bottom: int, first: int, last: int) -> None:
    """Refuse a table whose grid (rows × columns between its leftmost and rightmost cells) is
    over `limits.table-cells`, before any of its cells is made."""
    from openpyxl.utils import get_column_letter

    height, width = bottom - top + 1, last - first + 1
    if height * width > current().table_cells:
        span = _sheet_reference(title, f"{get_column_letter(first)}{top}:{get_column_letter(last)}{bottom}")
        raise over_limit("table-cells", (f"{span}：{height} 行 × {width} 列",
                                         f"{span}: {height} rows × {width} columns"))


# --------------------------------------------------------------------------------------------
# The loader


def _recognized(report) -> bool:
    return any((report.budget_tables, report.indicators, report.evaluation, report.facts,
                report.balance_sheets, report.staffing, report.breakdowns, report.ratios))


def load_xlsx(path: Path):
    """A workbook as a Report; refuses workbooks with no readable or recognizable table."""
    document = read_xlsx(path)
    if document.missing_formula_values:
        cells = ", ".join(document.missing_formula_values[:5])
        more = len(document.missing_formula_values) - 5
        raise InputError(
            f"{'、'.join(document.missing_formula_values[:5])}"
            f"{f' 等 {more + 5} 个单元格' if more > 0 else ' '}的公式没有保存计算结果：文件是由不计算"
            "公式的程序生成的；请用 Excel 或 WPS 打开并保存后再检查",
            english=f"formulas without a saved value in {cells}"
                    f"{f' and {more} more' if more > 0 else ''}: the file was written by a program that "
                    "does not calculate formulas; open and save it in Excel or WPS, then lint it again")
    if not document.blocks:
        raise InputError("没有找到表格：工作簿的每个可见工作表都是空的",
                         english="no table found: every visible sheet of the workbook is empty")
    from perflint.extract import extract_report

    report = extract_report(document)
    if not _recognized(report):
        raise InputError("没有识别出自评表：应为部门整体支出绩效自评表或自评汇总表（表头如 "
                         "预算数/执行数/执行率 或 一级指标/分值/得分）",
                         english="no self-evaluation table recognized: expected a "
                                 "部门整体支出绩效自评表 or a 自评汇总表 (headers such as "
                                 "预算数/执行数/执行率 or 一级指标/分值/得分)")
    return report


LOADERS = [Loader("xlsx", (".xlsx", ".xlsm"), load_xlsx)]
