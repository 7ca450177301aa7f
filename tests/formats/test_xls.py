"""Excel 97-2003 .xls: the same Document, findings and places as the .xlsx it was saved from.

tests/formats/seed_004.xls is fixtures/office/seed_004.xlsx saved by LibreOffice. Variants are made
by editing its BIFF record stream (`_rebuild`): the stream is written as a bare .xls, which Excel
and xlrd read like the one inside a Compound File.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import struct
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from format_helpers import office_helpers, read_bytes_refuses

from perflint.cli import main
from perflint.document import Paragraph
from perflint.loaders import InputError, xls_loader
from perflint.loaders.xls_loader import load_xls, read_xls
from perflint.loaders.xlsx_loader import read_xlsx
from perflint.testing import lint_file

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parents[1] / "fixtures" / "office"
XLS = HERE / "seed_004.xls"


_signature = office_helpers("test_office_end_to_end")._signature
_ole_container = office_helpers("test_office_robustness")._ole_container


def _refused(path: Path, reader=read_xls) -> str:
    with pytest.raises(InputError) as caught:
        reader(path)
    return caught.value.message


def _blocks(document) -> list:
    """Everything a Document says: texts, places, merged copies, block numbers, table names."""
    found = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            found.append(("P", block.text, block.piece.location, block.piece.line))
        else:
            found.append(("T", block.location, block.index, [
                [(c.text, c.piece.location, c.merged, c.piece.line) for c in row] for row in block.rows]))
    return found


# --------------------------------------------------------------------------------------------
# The fixture


def test_xls_builds_the_document_the_xlsx_builds() -> None:
    document = read_xls(XLS)
    assert document.kind == "xls" and document.path == XLS
    assert _blocks(document) == _blocks(read_xlsx(OFFICE / "seed_004.xlsx"))


def test_xls_gives_the_xlsx_findings() -> None:
    excel97 = lint_file(XLS)
    excel = lint_file(OFFICE / "seed_004.xlsx")
    assert excel and not [f for f in excel97 if f.code in ("PL000", "PL001")]
    assert Counter((f.code, f.severity, f.message) for f in excel97) == Counter(
        (f.code, f.severity, f.message) for f in excel)
    assert Counter(map(_signature, excel97)) == Counter(map(_signature, excel))
    assert Counter((f.code, f.span.location) for f in excel97) == Counter(
        (f.code, f.span.location) for f in excel)


def test_basic_expenditure_rate_points_at_its_cell() -> None:
    """1.2659 formatted `0.00%` is the literal 126.59%; 283.04 ÷ 193.13 = 146.55%."""
    findings = [f for f in lint_file(XLS, select=["PL1"]) if f.stated == "126.59%"]
    assert len(findings) == 1
    assert findings[0].expected == "146.55%"
    assert (findings[0].span.quote, findings[0].span.location) == ("126.59%", "自评表!I7")
    assert {(r.span.quote, r.span.location) for r in findings[0].related} == {
        ("283.04", "自评表!H7"), ("193.13", "自评表!G7")}


def test_merged_cells_are_merged_copies() -> None:
    table = next(t for t in read_xls(XLS).tables() if t.location.startswith("自评表"))
    first = [cell for row in table.rows for cell in row if cell.text == "整体支出\n规模"]
    assert [cell.merged for cell in first] == [False] + [True] * (len(first) - 1)
    assert {cell.piece.location for cell in first} == {"自评表!A4"}


# --------------------------------------------------------------------------------------------
# The record stream, edited


def _stream() -> bytes:
    from xlrd import compdoc

    document = compdoc.CompDoc(XLS.read_bytes(), logfile=io.StringIO())
    memory, base, size = document.locate_named_stream("Workbook")
    return bytes(memory[base:base + size])


class _Record:
    __slots__ = ("code", "data", "position")

    def __init__(self, code: int, data: bytes, position: int | None = None) -> None:
        self.code, self.data, self.position = code, data, position


def _rebuild(edit: Callable[[list[_Record]], None]) -> bytes:
    """The fixture's record stream after `edit` changed its record list, with every sheet's
    offset (BOUNDSHEET) moved to where its BOF record now is."""
    stream, records, position = _stream(), [], 0
    while position + 4 <= len(stream):
        code, length = struct.unpack_from("<HH", stream, position)
        records.append(_Record(code, stream[position + 4:position + 4 + length], position))
        position += 4 + length
    edit(records)
    out, moved, sheets = bytearray(), {}, []
    for record in records:
        if record.position is not None:
            moved[record.position] = len(out)
        if record.code == 0x85:
            sheets.append(len(out) + 4)
        out += struct.pack("<HH", record.code, len(record.data)) + record.data
    for at in sheets:
        old = struct.unpack_from("<i", out, at)[0]
        struct.pack_into("<i", out, at, moved.get(old, old))
    return bytes(out)


def _sheet_eof(records: list[_Record]) -> int:
    """Index of the last sheet's EOF record."""
    return max(i for i, r in enumerate(records) if r.code == 0x000A)


def _number(row: int, column: int, value: float, xf: int = 15) -> _Record:
    return _Record(0x0203, struct.pack("<HHHd", row, column, xf, value))


def _xls(tmp_path: Path, data: bytes, name: str = "edited.xls") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_bare_record_stream_reads_like_the_file(tmp_path: Path) -> None:
    bare = _xls(tmp_path, _rebuild(lambda records: None))
    assert _blocks(read_xls(bare)) == _blocks(read_xls(XLS))


def _set_format(old: str, new: str) -> Callable[[list[_Record]], None]:
    def edit(records: list[_Record]) -> None:
        for record in records:
            if record.code == 0x041E and record.data[5:].decode("latin-1") == old:
                text = new.encode("utf-16-le")
                record.data = record.data[:2] + struct.pack("<HB", len(new), 1) + text
                return
        raise AssertionError(f"no format {old}")
    return edit


@pytest.mark.parametrize("old, new, cell, shown", [
    ("0.00%", "0.0%", "自评表!I7", "126.6%"),
    ("0.00%", "0%", "自评表!I7", "127%"),
    ("General", "0.00", "自评表!G8", "142.20"),  # 142.2 shown with two decimals
    ("General", "#,##0.00", "自评表!G7", "193.13"),
    ("General", '0.00"万元"', "自评表!H7", "283.04万元"),
])
def test_the_displayed_number_format_gives_the_literal(old: str, new: str, cell: str, shown: str,
                                                       tmp_path: Path) -> None:
    document = read_xls(_xls(tmp_path, _rebuild(_set_format(old, new))))
    texts = {c.piece.location: c.text for t in document.tables() for row in t.rows for c in row}
    assert texts[cell] == shown


def test_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    def hide_summary(records: list[_Record]) -> None:
        sheet = next(r for r in records if r.code == 0x85)
        sheet.data = sheet.data[:4] + b"\x01" + sheet.data[5:]

    document = read_xls(_xls(tmp_path, _rebuild(hide_summary)))
    assert document.notes == ["hidden sheet 汇总表 skipped"]
    assert "汇总表!" not in json.dumps([b[2] for b in _blocks(document) if b[0] == "P"], ensure_ascii=False)
    assert all(not t.location.startswith("汇总表") for t in document.tables())
    assert any(t.location.startswith("自评表") for t in document.tables())


def test_far_away_cell_is_read_without_blowing_up(tmp_path: Path) -> None:
    """A value at the last row and column of the sheet (IV65536) costs one row of 256 cells."""
    def far(records: list[_Record]) -> None:
        records.insert(_sheet_eof(records), _number(65535, 255, 7.0))

    started = time.perf_counter()
    document = read_xls(_xls(tmp_path, _rebuild(far)))
    assert time.perf_counter() - started < 5
    assert any(p.piece.location == "自评表!IV65536" and p.text == "7" for p in document.paragraphs())


def test_huge_sheet_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """A value in the last column of every row would make xlrd allocate 16.7 million cells."""
    def huge(records: list[_Record]) -> None:
        at = _sheet_eof(records)
        records[at:at] = [_number(row, 255, 1.0) for row in range(65536)]

    path = _xls(tmp_path, _rebuild(huge))
    started = time.perf_counter()
    message = _refused(path)
    assert time.perf_counter() - started < 10
    assert message.startswith(f"拒绝读取 Excel .xls 工作簿：单元格区域超过 {xls_loader.MAX_CELLS} 个")


def test_too_many_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xls_loader, "MAX_RECORDS", 100)
    assert "记录数超过 100 条" in _refused(_xls(tmp_path, _rebuild(lambda records: None)))


def test_two_sheets_reading_the_same_records_are_refused(tmp_path: Path) -> None:
    def alias(records: list[_Record]) -> None:
        first, second = [r for r in records if r.code == 0x85]
        second.data = first.data[:4] + second.data[4:]

    assert "工作表目录指向无效或重复的位置" in _refused(_xls(tmp_path, _rebuild(alias)))


def test_encrypted_workbook(tmp_path: Path) -> None:
    """Excel 97-2003's own encryption (a FILEPASS record), and the Office 2007+ encrypted
    container, are named."""
    def encrypt(records: list[_Record]) -> None:
        records.insert(1, _Record(0x002F, b"\x01\x00" + bytes(52)))

    message = _refused(_xls(tmp_path, _rebuild(encrypt), "加密.xls"))
    assert message == ("Excel .xls 工作簿 加密.xls 设置了打开密码（已加密），无法读取："
                       "请在 Excel 或 WPS 中另存一份不加密的副本再检查")
    protected = _xls(tmp_path, _ole_container(["EncryptionInfo", "EncryptedPackage"]), "protected.xls")
    assert "protected.xls 设置了打开密码" in _refused(protected)


# --------------------------------------------------------------------------------------------
# Not an .xls, damaged, fuzzed


@pytest.mark.parametrize("source, says", [
    (OFFICE / "seed_004.xlsx", "这是 Excel .xlsx 工作簿，扩展名被改成了 .xls；请把扩展名改为 .xlsx 后再检查"),
    (OFFICE / "seed_000.docx", "这是 Word .docx 文档，扩展名被改成了 .xls"),
    (HERE / "seed_000.doc", "这是 Word 文档（.doc），扩展名不符"),
    (HERE / "seed_004.pdf", "这是 PDF 文件"),
])
def test_another_format_renamed(source: Path, says: str, tmp_path: Path) -> None:
    assert _refused(_xls(tmp_path, source.read_bytes())).startswith(f"不是 Excel .xls 工作簿：{says}")


@pytest.mark.parametrize("content, says", [
    ("序号,预算单位,全年预算数\n1,东湖区,239.56\n".encode("gbk"),
     "内容是纯文本（可能是改了扩展名的 .csv 或 .txt 文件）"),
    (b'<html><head><meta charset="utf-8"></head><body><table><tr><td>1</td></tr></table></body></html>',
     "这是网页（HTML）格式的表格"),
    (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-'
     b'microsoft-com:office:spreadsheet"></Workbook>', "这是 Excel 2003 XML 表格"),
    (b"\x00\x01" + random.Random(5).randbytes(4000), "无法识别的文件内容"),
])
def test_not_an_xls(content: bytes, says: str, tmp_path: Path) -> None:
    assert says in _refused(_xls(tmp_path, content))


@pytest.mark.parametrize("cut", [0.05, 0.3, 0.6, 0.95])
def test_truncated_xls(cut: float, tmp_path: Path) -> None:
    data = XLS.read_bytes()
    message = _refused(_xls(tmp_path, data[: int(len(data) * cut)]))
    assert message.startswith("Excel .xls 工作簿已损坏或不完整")


def test_truncated_record_stream(tmp_path: Path) -> None:
    stream = _rebuild(lambda records: None)
    message = _refused(_xls(tmp_path, stream[: len(stream) // 2]))
    assert message.startswith("Excel .xls 工作簿已损坏")


def test_empty_file(tmp_path: Path) -> None:
    path = _xls(tmp_path, b"")
    assert _refused(path) == read_bytes_refuses(path)


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.xls"
    with path.open("wb") as handle:  # sparse: no disk space used
        handle.truncate(65 * 2**20)
    started = time.perf_counter()
    assert _refused(path) == read_bytes_refuses(path)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("bare", [False, True], ids=["compound-file", "record-stream"])
def test_fuzzed_xls_gives_a_document_or_one_clear_message(bare: bool, tmp_path: Path) -> None:
    """Random byte changes: never a traceback, never a hang."""
    base = _rebuild(lambda records: None) if bare else XLS.read_bytes()
    rng = random.Random(16 + bare)
    path = tmp_path / "fuzz.xls"
    outcomes = Counter()
    for _ in range(150):
        data = bytearray(base)
        for _ in range(rng.choice([1, 3, 10, 40])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        started = time.perf_counter()
        try:
            load_xls(path)
            outcomes["read"] += 1
        except InputError as error:
            assert error.message and "Traceback" not in error.message
            outcomes["refused"] += 1
        assert time.perf_counter() - started < 5
    assert outcomes["read"] and outcomes["refused"]


_CELLS = frozenset({0x00FD, 0x0203, 0x027E, 0x00BD, 0x0201, 0x00BE, 0x0006})


def test_workbook_without_a_form_is_a_clear_message(tmp_path: Path) -> None:
    def empty(records: list[_Record]) -> None:
        records[:] = [r for r in records if r.code not in _CELLS]

    def first_rows_only(records: list[_Record]) -> None:  # titles and 主管部门（盖章）, no table
        records[:] = [r for r in records if r.code not in _CELLS or r.data[:2] in (b"\x00\x00", b"\x01\x00")]

    assert _refused(_xls(tmp_path, _rebuild(empty)), load_xls) == "工作簿里没有表格：每个可见的工作表都是空的"
    assert _refused(_xls(tmp_path, _rebuild(first_rows_only)), load_xls).startswith("没有识别出自评表")


# --------------------------------------------------------------------------------------------
# A folder run with broken workbooks still lints the others


def test_folder_run_goes_on_past_broken_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(XLS, tmp_path / "a_good.xls")
    (tmp_path / "b_cut.xls").write_bytes(XLS.read_bytes()[:6000])
    shutil.copy(OFFICE / "seed_004.xlsx", tmp_path / "c_renamed.xls")
    (tmp_path / "d_noise.xls").write_bytes(random.Random(9).randbytes(5000))
    code = main(["check", str(tmp_path), "--format", "json", "-j", "1", "--no-cache", "--no-progress"])
    run = json.loads(capsys.readouterr().out)
    files = {Path(f["path"]).name: f["findings"] for f in run["files"]}
    assert code == 2
    for broken in ("b_cut.xls", "c_renamed.xls", "d_noise.xls"):
        assert [f["code"] for f in files[broken]] == ["PL000"], broken
    assert "扩展名被改成了 .xls" in files["c_renamed.xls"][0]["message"]
    good = [f["code"] for f in files["a_good.xls"]]
    assert good and "PL000" not in good
    assert Counter(good) == Counter(f.code for f in lint_file(OFFICE / "seed_004.xlsx"))
