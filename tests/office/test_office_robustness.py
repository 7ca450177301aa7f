"""Broken, hostile and protected Office files give one clear message, never a traceback or a hang."""

from __future__ import annotations

import io
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from perflint.loaders import InputError
from perflint.loaders.docx_loader import MAX_UNCOMPRESSED_BYTES, read_docx
from perflint.loaders.xlsx_loader import load_xlsx, read_xlsx
from perflint.testing import lint_file


def _refusal(reader, path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        reader(path)
    return caught.value


def _refused(reader, path: Path) -> str:
    """The message users read by default (Chinese)."""
    return _refusal(reader, path).message


def _refused_en(reader, path: Path) -> str:
    """The message with `--lang en`."""
    return _refusal(reader, path).text("en")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_text("部门整体支出绩效自评报告（其实是文本文件）", encoding="utf-8")
    assert _refused(read_docx, path) == ("不是 Word .docx 文件：文件不是 ZIP 包"
                                         "（已损坏，或是其他格式改了扩展名）")
    assert "not a ZIP package" in _refused_en(read_docx, path)


def test_zip_without_document_xml(tmp_path: Path, office_dir: Path, rewrite_zip) -> None:
    source = (office_dir / "seed_000.docx").read_bytes()
    path = tmp_path / "hollow.docx"
    path.write_bytes(rewrite_zip(source, {"word/document.xml": None}))
    assert "包中缺少 word/document.xml" in _refused(read_docx, path)
    assert "has no word/document.xml" in _refused_en(read_docx, path)


def test_zip_of_something_else(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not office")
    assert "ZIP 包中没有 Office 内容" in _refused(read_docx, path)
    assert "without Office content" in _refused_en(read_docx, path)


def test_truncated_docx(tmp_path: Path, office_dir: Path) -> None:
    data = (office_dir / "seed_000.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert "Word .docx 文件已损坏" in _refused(read_docx, path)
    assert "corrupt Word .docx file" in _refused_en(read_docx, path)


def test_malformed_document_xml(tmp_path: Path, office_dir: Path, rewrite_zip) -> None:
    source = (office_dir / "seed_000.docx").read_bytes()
    path = tmp_path / "bad.docx"
    path.write_bytes(rewrite_zip(source, {"word/document.xml": b"<w:document><w:body><w:p>"}))
    assert "Word .docx 文件已损坏" in _refused(read_docx, path)
    assert "corrupt Word .docx file" in _refused_en(read_docx, path)


def test_strict_open_xml_is_named(tmp_path: Path, office_dir: Path, rewrite_zip) -> None:
    source = (office_dir / "seed_000.docx").read_bytes()
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/'
            b'officeDocument/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    path = tmp_path / "strict.docx"
    path.write_bytes(rewrite_zip(source, {"_rels/.rels": rels}))
    assert "保存为 Strict Open XML 格式" in _refused(read_docx, path)
    assert "saved as Strict Open XML" in _refused_en(read_docx, path)


def test_workbook_renamed_to_docx(tmp_path: Path, office_dir: Path) -> None:
    path = tmp_path / "form.docx"
    path.write_bytes((office_dir / "seed_004.xlsx").read_bytes())
    assert "不是 Word .docx 文件：这是Excel (.xlsx) 工作簿" in _refused(read_docx, path)
    assert "the package is an Excel (.xlsx) workbook" in _refused_en(read_docx, path)


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path, office_dir: Path) -> None:
    """A member that inflates past the limit (zeros compress ~1000:1) is refused from its
    declared size, without being decompressed."""
    path = tmp_path / "bomb.docx"
    path.write_bytes((office_dir / "seed_000.docx").read_bytes())
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
        for _ in range(MAX_UNCOMPRESSED_BYTES // len(chunk) + 16):
            member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    error = _refusal(read_docx, path)
    assert time.perf_counter() - started < 2
    assert "ZIP 炸弹" in error.message and "word/media/bomb.bin" in error.message
    assert "zip bomb" in error.text("en") and "word/media/bomb.bin" in error.text("en")


def test_many_small_members_adding_up_past_the_limit(tmp_path: Path, office_dir: Path) -> None:
    path = tmp_path / "bombs.docx"
    path.write_bytes((office_dir / "seed_000.docx").read_bytes())
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for index in range(3):
            with archive.open(f"word/media/part{index}.bin", "w", force_zip64=True) as member:
                for _ in range(MAX_UNCOMPRESSED_BYTES // 3 // len(chunk) + 8):
                    member.write(chunk)
    assert "ZIP 炸弹" in _refused(read_docx, path)


def test_entity_expansion_is_refused(tmp_path: Path, office_dir: Path, rewrite_zip) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    path = tmp_path / "laughs.docx"
    path.write_bytes(rewrite_zip((office_dir / "seed_000.docx").read_bytes(),
                                 {"word/document.xml": laughs}))
    assert "声明了 DTD" in _refused(read_docx, path)
    assert "declares a DTD" in _refused_en(read_docx, path)


def _ole_container(stream_names: list[str]) -> bytes:
    """The start of a Compound File Binary (what Office writes for encrypted or .doc files):
    the signature, a header sector and a directory sector naming the streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    header = header.ljust(512, b"\x00")
    directory = b""
    for name in ["Root Entry", *stream_names]:
        encoded = (name + "\x00").encode("utf-16-le")
        directory += encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)) + bytes(62)
    return header + directory.ljust(512, b"\x00")


@pytest.mark.parametrize("suffix, reader", [(".docx", read_docx), (".xlsx", read_xlsx)])
def test_password_protected_office_file(tmp_path: Path, suffix: str, reader) -> None:
    path = tmp_path / f"protected{suffix}"
    path.write_bytes(_ole_container(["EncryptionInfo", "EncryptedPackage"]))
    assert "文件设有密码" in _refused(reader, path)
    assert "password-protected" in _refused_en(reader, path)


def test_legacy_doc_renamed(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(_ole_container(["WordDocument", "1Table"]))
    assert "旧版二进制 Office 文件" in _refused(read_docx, path)
    assert "old binary Office file" in _refused_en(read_docx, path)


def test_zip_level_encryption(tmp_path: Path, office_dir: Path) -> None:
    data = bytearray((office_dir / "seed_000.docx").read_bytes())
    central = data.find(b"PK\x01\x02")  # set the "encrypted" flag on the first member
    data[central + 8] |= 0x1
    path = tmp_path / "zipcrypto.docx"
    path.write_bytes(bytes(data))
    assert "文件设有密码" in _refused(read_docx, path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert _refused(read_docx, empty) == "文件为空"
    assert _refused(read_docx, tmp_path / "missing.docx") == "文件不存在"
    assert "empty" in _refused_en(read_docx, empty)
    assert "not found" in _refused_en(read_docx, tmp_path / "missing.docx")


# --------------------------------------------------------------------------------------------
# .xlsx


def _save(workbook: openpyxl.Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "Excel .xlsx 文件已损坏" in _refused(read_xlsx, path)
    assert "corrupt Excel .xlsx file" in _refused_en(read_xlsx, path)


def test_empty_workbook_is_a_clear_message(tmp_path: Path) -> None:
    path = _save(openpyxl.Workbook(), tmp_path / "empty.xlsx")
    assert read_xlsx(path).blocks == []
    assert "工作簿的每个可见工作表都是空的" in _refused(load_xlsx, path)
    assert "every visible sheet of the workbook is empty" in _refused_en(load_xlsx, path)


def test_hidden_sheets_are_skipped(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "可见"
    workbook.active["A2"] = "表"
    hidden = workbook.create_sheet("辅助计算")
    hidden["A1"] = "隐藏"
    hidden.sheet_state = "hidden"
    document = read_xlsx(_save(workbook, tmp_path / "hidden.xlsx"))
    assert "隐藏" not in document.full_text()
    assert document.notes == ["hidden sheet 辅助计算 skipped"]


def test_formula_without_cached_value_is_named(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["项目", "全年预算数", "全年执行数", "执行率"])
    sheet.append(["基本支出", 193.13, 283.04, "=C2/B2"])
    path = _save(workbook, tmp_path / "formula.xlsx")
    assert read_xlsx(path).missing_formula_values == ["自评表!D2"]
    error = _refusal(load_xlsx, path)
    assert "自评表!D2" in error.message and "用 Excel 或 WPS 打开并保存" in error.message
    assert "自评表!D2" in error.text("en") and "open and save it" in error.text("en")


def test_formula_with_cached_value_reads_the_value(tmp_path: Path, rewrite_zip) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append(["项目", "全年预算数", "全年执行数", "执行率"])
    sheet.append(["基本支出", 193.13, 283.04, "=C2/B2"])
    sheet["D2"].number_format = "0.00%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # What Excel saves: the formula and its last computed value.
    with zipfile.ZipFile(buffer) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>C2/B2</f><v></v>" in xml
    xml = xml.replace(b"<f>C2/B2</f><v></v>", b"<f>C2/B2</f><v>1.4655413452081</v>")
    path = tmp_path / "cached.xlsx"
    path.write_bytes(rewrite_zip(buffer.getvalue(), {"xl/worksheets/sheet1.xml": xml}))
    document = read_xlsx(path)
    assert document.missing_formula_values == []
    assert next(document.tables()).texts()[1] == ["基本支出", "193.13", "283.04", "146.55%"]


def test_far_away_cell_does_not_blow_up(tmp_path: Path) -> None:
    """One value at the last cell of the sheet makes the used range 17 billion cells; only the
    stored cells are visited."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["A2"], sheet["B2"] = "项目", "金额", "基本支出", 1
    sheet["XFD1048576"] = "尾"
    sheet.merge_cells("A5:XFD5")
    sheet["A5"] = "整行合并"
    path = _save(workbook, tmp_path / "far.xlsx")
    started = time.perf_counter()
    document = read_xlsx(path)
    assert time.perf_counter() - started < 10
    assert document.full_text().startswith("项目\t金额\n基本支出\t1")
    assert "尾" in document.full_text()


def test_the_runner_reports_a_broken_office_file_as_pl000(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04garbage")
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]
    assert "Word .docx 文件已损坏" in findings[0].message
    assert "Traceback" not in findings[0].message
    (english,) = lint_file(path, lang="en")
    assert "corrupt Word .docx file" in english.message
