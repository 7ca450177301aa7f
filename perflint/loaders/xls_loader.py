"""Excel 97-2003 .xls workbooks, read with xlrd into the same Document the .xlsx reader builds.

What a cell shows is what the report claims, so cells are read with their formatting
(`formatting_info=True`) and rendered by the .xlsx reader's `display_value`: 1.2659 formatted
`0.00%` is `126.59%`, 193.1 formatted `0.00` is `193.10`. Sheets become tables and title/note
paragraphs by the .xlsx reader's own code (`xlsx_loader.add_sheet`): merged ranges are expanded
into `merged=True` copies of their top-left cell, fully blank rows split tables, hidden sheets are
skipped, and every piece is placed at its cell as Excel names it (`自评表!I7`).

Untrusted files: an .xls is a Compound File holding a BIFF record stream. Before xlrd builds any
sheet, the stream is located and every record walked (`_scan`), which is cheap and allocates
nothing per cell: an encrypted workbook (FILEPASS) is refused, and so is a workbook whose cells
would make xlrd allocate more than `MAX_CELLS` positions (xlrd stores each row up to its last
cell; the count is taken row by row from the records, so one value in the sheet's far corner
counts as what it costs), or that has more than `MAX_RECORDS` records. Sheets are then loaded
one at a time (`on_demand`) and released after reading, and each must start at a record boundary
of its own (no two sheets read the same records). The cells' text is counted as it is read
(`limits.text-chars`), and each table is checked against `limits.table-cells` before its grid is
built (`xlsx_loader.add_sheet`); `MAX_CELLS` is xlrd's own storage, a different bound. Files
that are not .xls at all (an .xlsx or a web page saved as .xls, text, random bytes) are named
before xlrd sees them.

Messages are in Chinese, as the users of these files read them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from datetime import time
from pathlib import Path

from perflint.limits import current
from perflint.loaders.base import Loader
from perflint.loaders.xlsx_loader import XlsxDocument, _recognized, add_sheet, display_value
from perflint.reading import InputError, over_limit, read_bytes

#: Refuse workbooks whose cells would make xlrd allocate more cell positions than this.
MAX_CELLS = 1_000_000
#: Refuse record streams with more records than this (a real form has a few thousand).
MAX_RECORDS = 4_000_000

_KIND = "Excel .xls 工作簿"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_BOF = frozenset({0x0809, 0x0409, 0x0209, 0x0009})
_EOF = 0x000A
_FILEPASS = 0x002F
#: Records holding one cell (row, column first), of every BIFF version.
_CELL = frozenset({0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0201, 0x0203, 0x0204, 0x0205,
                   0x0206, 0x0406, 0x027E, 0x00FD, 0x00D6})
#: Records holding a run of cells in one row: row, first column, …, last column.
_MULTI = frozenset({0x00BD, 0x00BE})
_HTML = re.compile(rb"^\s*(?:<!DOCTYPE\s+html|<html|<\?xml[^>]*>\s*(?:<\?mso-application[^>]*>\s*)?<html"
                   rb"|<table|<meta)", re.IGNORECASE)
_SPREADSHEET_ML = re.compile(rb"^\s*<\?xml[^>]*>\s*(?:<\?mso-application[^>]*>\s*)?<(?:ss:)?Workbook",
                             re.IGNORECASE)
_ENCRYPTED = ("{kind} {name} 设置了打开密码（已加密），无法读取："
              "请在 Excel 或 WPS 中另存一份不加密的副本再检查")


# --------------------------------------------------------------------------------------------
# What the file really is, and its record stream


def _workbook_stream(path: Path, data: bytes) -> bytes:
    """The BIFF record stream of an .xls file; InputError naming what the file is otherwise."""
    if data.startswith(_CFB_MAGIC):
        return _compound_stream(path, data)
    if data.startswith(b"PK"):
        raise InputError(_zip_message(path, data))
    if len(data) >= 4 and struct.unpack_from("<H", data)[0] in _BOF:
        return data  # a bare BIFF stream (Excel 2-4 worksheets)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _SPREADSHEET_ML.match(head):
        raise InputError(f"不是 {_KIND}：这是 Excel 2003 XML 表格（扩展名是 .xls）；"
                         "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查")
    if _HTML.match(head):
        raise InputError(f"不是 {_KIND}：这是网页（HTML）格式的表格，扩展名是 .xls（许多业务系统这样导出）；"
                         "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查")
    if head.startswith(b"%PDF"):
        raise InputError(f"不是 {_KIND}：这是 PDF 文件，扩展名不符；请把扩展名改为 .pdf 后再检查")
    if b"\x00" not in data[:65536]:
        raise InputError(f"不是 {_KIND}：内容是纯文本（可能是改了扩展名的 .csv 或 .txt 文件）；"
                         "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再检查")
    raise InputError(f"不是 {_KIND}：无法识别的文件内容（文件已损坏，或是改了扩展名的其他格式）")


def _zip_message(path: Path, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except Exception:  # a damaged ZIP: say what it claims to be
        return f"不是 {_KIND}：这是一个已损坏的 ZIP 包（可能是改了扩展名的 .xlsx）"
    if any(name.startswith("xl/") for name in names):
        return (f"不是 {_KIND}：这是 Excel .xlsx 工作簿，扩展名被改成了 .xls；"
                "请把扩展名改为 .xlsx 后再检查")
    if any(name.startswith("word/") for name in names):
        return f"不是 {_KIND}：这是 Word .docx 文档，扩展名被改成了 .xls；请把扩展名改为 .docx 后再检查"
    if b"spreadsheet" in mimetype:
        return f"不是 {_KIND}：这是 OpenDocument 表格（.ods）；请在 Excel 或 WPS 中另存为 .xlsx 后再检查"
    return f"不是 {_KIND}：这是一个 ZIP 压缩包，不是 Excel 工作簿"


def _compound_stream(path: Path, data: bytes) -> bytes:
    from xlrd import compdoc

    if _ENCRYPTED_PACKAGE in data:  # what Office writes for a password-protected file
        raise InputError(_ENCRYPTED.format(kind=_KIND, name=path.name))
    try:
        document = compdoc.CompDoc(data, logfile=io.StringIO())
        names = {node.name for node in document.dirlist}
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise InputError(_ENCRYPTED.format(kind=_KIND, name=path.name))
        for name in ("Workbook", "Book"):
            if name in names:
                memory, base, size = document.locate_named_stream(name)
                if memory is not None:
                    return bytes(memory[base:base + size])
    except InputError:
        raise
    except Exception as exc:  # xlrd's compound-file reader on a damaged file
        raise InputError(f"{_KIND}已损坏或不完整，无法读取（{type(exc).__name__}: {exc}）") from None
    if "WordDocument" in names:
        raise InputError(f"不是 {_KIND}：这是 Word 文档（.doc），扩展名不符；请把扩展名改为 .doc 后再检查")
    if "PowerPoint Document" in names:
        raise InputError(f"不是 {_KIND}：这是 PowerPoint 演示文稿（.ppt）")
    raise InputError(f"不是 {_KIND}：这个 OLE 复合文件里没有工作簿内容（文件已损坏，或是其他格式）")


def _scan(path: Path, stream: bytes) -> set[int]:
    """Walk the record stream without building anything: refuse encrypted and oversized
    workbooks; return the offsets of its substreams (where a sheet may start)."""
    starts: set[int] = set()
    open_substreams: list[int] = []  # where each BOF…EOF still open began (charts nest in sheets)
    widths: dict[tuple[int, int], int] = {}  # (substream, row) → columns xlrd will allocate
    allocated = records = 0
    position, end = 0, len(stream)
    unpack = struct.unpack_from
    while position + 4 <= end:
        code, length = unpack("<HH", stream, position)
        body = position + 4
        records += 1
        if records > MAX_RECORDS:
            raise InputError(f"拒绝读取 {_KIND}：记录数超过 {MAX_RECORDS} 条，远超任何自评表")
        if code in _BOF:
            starts.add(position)
            open_substreams.append(position)
        elif code == _EOF:
            if open_substreams:
                open_substreams.pop()
        elif code == _FILEPASS:
            raise InputError(_ENCRYPTED.format(kind=_KIND, name=path.name))
        elif (code in _CELL or code in _MULTI) and length >= 4 and body + length <= end:
            row = unpack("<H", stream, body)[0]
            column = unpack("<H", stream, body + length - 2)[0] if code in _MULTI else \
                unpack("<H", stream, body + 2)[0]
            key = (open_substreams[-1] if open_substreams else -1, row)
            before = widths.get(key, 0)
            if column + 1 > before:
                widths[key] = column + 1
                allocated += column + 1 - before
                if allocated > MAX_CELLS:
                    raise InputError(f"拒绝读取 {_KIND}：单元格区域超过 {MAX_CELLS} 个（行 × 列），"
                                     "远超任何自评表")
        position = body + length
    return starts


# --------------------------------------------------------------------------------------------
# Cells as Excel shows them


def _format_string(book, xf_index: int) -> str:
    try:
        xf = book.xf_list[xf_index]
        found = book.format_map.get(xf.format_key)
    except (IndexError, AttributeError):
        return "General"
    if found is None:
        return "General"
    if found.format_str is None:  # built-in CJK date formats, whose text xlrd leaves unset
        return 'yyyy"年"m"月"d"日"'
    return found.format_str


def cell_text(book, sheet, row: int, column: int) -> str:
    """The text Excel shows for a cell of an xlrd sheet (see `xlsx_loader.display_value`)."""
    import xlrd

    kind = sheet.cell_type(row, column)
    value = sheet.cell_value(row, column)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return display_value(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR!")
    number_format = _format_string(book, sheet.cell_xf_index(row, column))
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return display_value(value, "General")
        if 0 <= value < 1 and moment.time() != time():
            return display_value(moment.time(), number_format)
        return display_value(moment, number_format)
    return display_value(value, number_format)


# --------------------------------------------------------------------------------------------
# Reading the workbook


def _open_book(stream: bytes):
    import xlrd

    try:
        return xlrd.open_workbook(file_contents=stream, formatting_info=True, on_demand=True,
                                  ragged_rows=True, logfile=io.StringIO())
    except InputError:
        raise
    except Exception as exc:  # xlrd on a damaged or unusual file
        raise InputError(_xlrd_message(exc)) from None


def _xlrd_message(exc: Exception) -> str:
    text = str(exc)
    if "encrypted" in text.lower():
        return f"{_KIND}设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中另存一份不加密的副本再检查"
    if "BIFF version" in text and "not supported" in text:
        return f"{_KIND}的版本太旧，无法读取（{text}）：请在 Excel 或 WPS 中另存为 .xlsx 后再检查"
    return f"{_KIND}已损坏或不完整，无法读取（{type(exc).__name__}: {text}）"


def read_xls(path: Path) -> XlsxDocument:
    """Every visible sheet of an .xls workbook as tables (and title/note paragraphs) of
    displayed text: the Document `xlsx_loader.read_xlsx` builds for the same workbook."""
    data = read_bytes(path)
    stream = _workbook_stream(path, data)
    starts = _scan(path, stream)
    book = _open_book(stream)
    document = XlsxDocument(path=path, kind="xls")
    counter = [0, 0]  # blocks, tables
    chars_left = current().text_chars  # the cells' text, counted as it is read
    try:
        positions = list(getattr(book, "_sh_abs_posn", []))
        if book.biff_version >= 50 and (len(set(positions)) != len(positions)
                                        or not set(positions) <= starts):
            raise InputError(f"{_KIND}已损坏：工作表目录指向无效或重复的位置")
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
                if sheet.visibility != 0:
                    document.notes.append(f"hidden sheet {sheet.name} skipped")
                    continue
                texts: dict[tuple[int, int], str] = {}
                for r in range(sheet.nrows):
                    for c in range(sheet.row_len(r)):
                        text = cell_text(book, sheet, r, c)
                        if text.strip():
                            texts[(r + 1, c + 1)] = text
                            chars_left -= len(text)
                    if chars_left < 0:
                        raise over_limit("text-chars", (f"工作表 {sheet.name} 第{r + 1}行",
                                                        f"sheet {sheet.name}, row {r + 1}"))
                merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells
                          if rhi > rlo and chi > clo]
                name = sheet.name
            except InputError:
                raise
            except Exception as exc:  # xlrd on a damaged sheet
                raise InputError(_xlrd_message(exc)) from None
            finally:
                if book.on_demand:
                    book.unload_sheet(index)
            add_sheet(name, texts, merged, document, counter)
    finally:
        book.release_resources()
    return document


def load_xls(path: Path):
    """An .xls workbook as a Report; refuses workbooks with no readable or recognizable table."""
    document = read_xls(path)
    if not document.blocks:
        raise InputError("工作簿里没有表格：每个可见的工作表都是空的")
    from perflint.extract import extract_report

    report = extract_report(document)
    if not _recognized(report):
        raise InputError("没有识别出自评表：应为《部门整体支出绩效自评表》或《自评汇总表》"
                         "（表头如 预算数/执行数/执行率 或 一级指标/分值/得分）")
    return report


LOADERS = [Loader("xls", (".xls",), load_xls)]
