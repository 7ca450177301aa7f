"""Hostile Office files (issue 20, item 1): each is bounded before it is allocated.

Every attack file is generated here from a valid package (python-docx, openpyxl) with its XML
patched; none is stored in the repository. The CLI tests run perflint on the attack beside two
good reports under the harness's 1 GB address-space limit and time limit, and check exit 2, a
PL000 on the attack naming the limit and the place, and the good reports' findings unchanged.
Without the bounds each of them took minutes and gigabytes (the issue's table).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from perflint.limits import Limits, applied
from perflint.loaders import InputError
from perflint.loaders.docx_loader import read_docx
from perflint.loaders.xlsx_loader import read_xlsx
from tests.security.harness import assert_contained, check_folder, good_folder

# --------------------------------------------------------------------------------------------
# Building the attack files


def _docx_bytes(rows: int = 2, columns: int = 3) -> bytes:
    """A small valid .docx: a title paragraph and one table with text in every cell."""
    word = docx.Document()
    word.add_paragraph("部门整体支出绩效自评报告")
    table = word.add_table(rows=rows, cols=columns)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"格{r}-{c}"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _replace_member(package: bytes, name: str, content: bytes) -> bytes:
    """The package with member `name` replaced by `content` (every other member copied)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, content if info.filename == name else old.read(info))
    return out.getvalue()


def _patched(package: bytes, name: str, patch) -> bytes:
    """The package with member `name`'s text passed through `patch`."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        text = archive.read(name).decode("utf-8")
    return _replace_member(package, name, patch(text).encode("utf-8"))


def _with_spans(span: int, rows: int = 2, columns: int = 3, grid: bool = True) -> bytes:
    """A .docx whose every table cell declares `<w:gridSpan w:val=span>` (its grid optional)."""
    def patch(xml: str) -> str:
        xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{span}"/>')
        return xml if grid else re.sub(r"<w:tblGrid>.*?</w:tblGrid>", "", xml, flags=re.S)
    return _patched(_docx_bytes(rows, columns), "word/document.xml", patch)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _sheet_xml(workbook: openpyxl.Workbook) -> tuple[bytes, str]:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), "xl/worksheets/sheet1.xml"


# --------------------------------------------------------------------------------------------
# Row: .docx with w:gridSpan 10⁷ (> 200 s, > 7.7 GB; at 2⁶⁴ an OverflowError)


@pytest.mark.parametrize("span", [10**7, 2**64])
def test_huge_grid_span_is_clamped_to_the_table_grid(tmp_path: Path, span: int) -> None:
    """Each span is clamped to the declared grid (3 columns): three cells spanning 3 each make a
    row of 9 positions, read at once (no cell is lost, nothing is built for the claimed span)."""
    path = _write(tmp_path, "span.docx", _with_spans(span))
    table = next(read_docx(path).tables())
    assert [len(row) for row in table.rows] == [9, 9]
    assert table.rows[0][0].text == "格0-0" and table.rows[0][1].merged


def test_huge_spans_without_a_grid_are_clamped_to_words_maximum(tmp_path: Path) -> None:
    path = _write(tmp_path, "nogrid.docx", _with_spans(10**7, grid=False))
    table = next(read_docx(path).tables())
    assert {len(row) for row in table.rows} == {3 * 63}


def test_grid_span_attack_on_the_cli(tmp_path: Path) -> None:
    """Thousands of rows whose cells each span 10⁷ columns and no declared grid: clamped to 63
    columns the table is still over limits.table-cells, and that is what the PL000 says."""
    folder = good_folder(tmp_path / "run")
    _write(folder, "span.docx", _with_spans(10**7, rows=4000, columns=1, grid=False))
    outcome = check_folder(folder)
    assert_contained(outcome, "span.docx", tmp_path, words=["limits.table-cells", "表1", "4000 行 × 63 列"])


def test_grid_before_and_after_are_clamped(tmp_path: Path) -> None:
    def patch(xml: str) -> str:
        return xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="18446744073709551616"/>'
                                     '<w:gridAfter w:val="10000000"/></w:trPr>', 1)
    path = _write(tmp_path, "before.docx", _patched(_docx_bytes(), "word/document.xml", patch))
    table = next(read_docx(path).tables())
    assert {len(row) for row in table.rows} == {3 + 3 + 3}


# --------------------------------------------------------------------------------------------
# Row: .xlsx with <mergeCell ref="A1:XFD1048576"/> (openpyxl builds ~10¹⁰ cells)


def _merged_workbook(reference: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["A2"], sheet["B2"] = "项目", "金额", "基本支出", 1
    sheet.merge_cells("A1:B1")
    package, name = _sheet_xml(workbook)
    return _patched(package, name, lambda xml: xml.replace('ref="A1:B1"', f'ref="{reference}"'))


def test_whole_sheet_merge_is_refused_before_openpyxl(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "run")
    _write(folder, "merge.xlsx", _merged_workbook("A1:XFD1048576"))
    outcome = check_folder(folder)
    assert_contained(outcome, "merge.xlsx", tmp_path,
                     words=["limits.table-cells", "A1:XFD1048576", "xl/worksheets/sheet1.xml"])


def test_a_whole_row_merge_is_still_read(tmp_path: Path) -> None:
    """A title merged across the sheet's full width (16,384 cells) is a real layout."""
    path = _write(tmp_path, "row.xlsx", _merged_workbook("A1:XFD1"))
    assert read_xlsx(path).full_text().startswith("项目")


# --------------------------------------------------------------------------------------------
# Row: .xlsx sparse, cells in A and XFD only, 2,000 rows (122 s, 7.6 GB)


def test_sparse_sheet_is_refused_without_densifying(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in range(1, 2001):
        sheet.cell(row=row, column=1, value=f"左{row}")
        sheet.cell(row=row, column=16384, value=row)
    folder = good_folder(tmp_path / "run")
    _write(folder, "sparse.xlsx", _sheet_xml(workbook)[0])
    outcome = check_folder(folder)
    assert_contained(outcome, "sparse.xlsx", tmp_path,
                     words=["limits.table-cells", "Sheet!A1:XFD2000", "2000 行 × 16384 列"])


def test_too_many_stored_cells_are_refused_before_openpyxl(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in range(1, 11):
        for column in range(1, 11):
            workbook.active.cell(row=row, column=column, value=row * column)
    path = _write(tmp_path, "cells.xlsx", _sheet_xml(workbook)[0])
    with applied(Limits(table_cells=50)), pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert "limits.table-cells = 50" in caught.value.message
    assert "存有 100 个单元格" in caught.value.message


# --------------------------------------------------------------------------------------------
# Row: .docx inflating to 120 MB of text under the zip limits (26 s, 2.9 GB, then refused)


def _text_bomb(megabytes: int) -> bytes:
    """A .docx whose document.xml is `megabytes` MB of paragraphs of text (10,000 characters
    each: one text node stays under libxml2's own 10 MB cap), streamed into the package."""
    package = _docx_bytes()
    paragraph = b"<w:p><w:r><w:t>" + b"A" * 10_000 + b"</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            if info.filename != "word/document.xml":
                new.writestr(info.filename, old.read(info))
                continue
            head, _, tail = old.read(info).partition(b"<w:body>")
            with new.open("word/document.xml", "w") as member:
                member.write(head + b"<w:body>")
                for _ in range(megabytes * 2**20 // len(paragraph)):
                    member.write(paragraph)
                member.write(b"</w:body>" + tail.partition(b"</w:body>")[2])
    return out.getvalue()


def test_text_bomb_is_stopped_at_the_text_limit(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "run")
    attack = _text_bomb(120)
    assert len(attack) < 2 * 2**20
    _write(folder, "text.docx", attack)
    outcome = check_folder(folder)
    assert_contained(outcome, "text.docx", tmp_path,
                     words=["limits.text-chars = 4000000", "word/document.xml"])
    assert outcome.seconds < 30


def test_inflated_bytes_are_counted_as_they_inflate(tmp_path: Path) -> None:
    """The bytes that come out of the members are what counts, with any limit the config sets."""
    path = _write(tmp_path, "small.docx", _docx_bytes())
    with applied(Limits(unzipped_bytes=4096)), pytest.raises(InputError) as caught:
        read_docx(path)
    assert "limits.unzipped-bytes = 4096" in caught.value.message


def test_elements_are_counted_before_the_tree_is_built(tmp_path: Path) -> None:
    path = _write(tmp_path, "small.docx", _docx_bytes())
    with applied(Limits(package_elements=500)), pytest.raises(InputError) as caught:
        read_docx(path)
    assert "limits.package-elements = 500" in caught.value.message


def test_nested_tables_copying_text_are_counted_as_built(tmp_path: Path) -> None:
    """Each level of nesting copies the inner table's text into its cell: the text built, not
    the text stored, is what limits.text-chars bounds."""
    inner = "<w:p><w:r><w:t>" + "字" * 300 + "</w:t></w:r></w:p>"
    for _ in range(8):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    path = _write(tmp_path, "nested.docx", _patched(
        _docx_bytes(), "word/document.xml",
        lambda xml: xml.replace("<w:body>", f"<w:body>{inner}", 1)))
    assert "字" * 300 in read_docx(path).full_text()
    with applied(Limits(text_chars=2000)), pytest.raises(InputError) as caught:
        read_docx(path)
    assert "limits.text-chars = 2000" in caught.value.message and "表1" in caught.value.message


# --------------------------------------------------------------------------------------------
# Row: a corrupt deflate stream (today `docx loader failed: <exception name>`)


def _corrupt_member(package: bytes, name: str) -> bytes:
    """The package with bytes in the middle of `name`'s compressed data overwritten."""
    data = bytearray(package)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(name)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    data[middle:middle + 64] = b"\xff" * 64
    return bytes(data)


def test_corrupt_deflate_stream_is_named(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "run")
    _write(folder, "corrupt.docx", _corrupt_member(_docx_bytes(rows=60), "word/document.xml"))
    outcome = check_folder(folder)
    assert_contained(outcome, "corrupt.docx", tmp_path, words=["文件已损坏", "word/document.xml"])
    assert "loader failed" not in outcome.stdout


def test_corrupt_deflate_stream_in_a_workbook(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row in range(1, 200):
        workbook.active.cell(row=row, column=1, value=f"行{row}")
    package, name = _sheet_xml(workbook)
    path = _write(tmp_path, "corrupt.xlsx", _corrupt_member(package, name))
    with pytest.raises(InputError) as caught:
        read_xlsx(path)
    assert "文件已损坏" in caught.value.message and name in caught.value.message
    assert name in caught.value.text("en") and "corrupt" in caught.value.text("en")


def test_a_package_its_declared_sizes_bound_is_not_inflated_to_be_measured(tmp_path: Path,
                                                                          monkeypatch) -> None:
    """zipfile never inflates past a member's declared size, so a small package's declared sizes
    are its bound: measuring it would inflate it twice. Under lowered limits it is measured."""
    from perflint.loaders import docx_loader

    path = _write(tmp_path, "small.docx", _docx_bytes(rows=5))
    measured: list[str] = []
    real = docx_loader.measure_package
    monkeypatch.setattr(docx_loader, "measure_package",
                        lambda archive, kind, main: measured.append(main) or real(archive, kind, main))
    assert read_docx(path).blocks
    assert measured == []
    with applied(Limits(text_chars=100)):  # the main part may now hold more text than allowed
        assert read_docx(path).blocks
    assert measured == ["word/document.xml"]
