"""PDF: the seeds' PDFs give the findings, facts and paragraphs of the .docx they were printed from,
pointing at 第N页第M行 and at table cells; broken, protected, scanned and hostile PDFs give one
clear Chinese message in bounded time.

tests/formats/seed_*.pdf are fixtures/office/seed_*.docx converted by LibreOffice
(convert_office_fixtures.py); seed_*_layout.pdf are the same seeds with the layout of real reports
(A4, first-line indents, no space between paragraphs, a page header, a `第 N 页 共 M 页` footer:
make_pdf_layout.py). The other PDFs are built here with pypdfium2 or by hand.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import random
import re
import struct
import time
import zlib
from collections import Counter
from contextlib import redirect_stdout
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from format_helpers import office_helpers
from pydantic import BaseModel

from perflint.cli import main
from perflint.document import Paragraph, Table
from perflint.extract import extract_report
from perflint.loaders import InputError, pdf_loader
from perflint.loaders.docx_loader import read_docx
from perflint.loaders.pdf_loader import load_pdf, read_pdf
from perflint.loaders.yaml_loader import load_yaml
from perflint.model import Quantity
from perflint.testing import lint_file

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parents[1] / "fixtures" / "office"
#: PDF fixture → the .docx it was printed from
PRINTED = {f"seed_{seed}{layout}.pdf": f"seed_{seed}.docx" for seed in ("000", "001", "004")
           for layout in ("", "_layout")}
SEED_004 = HERE / "seed_004.pdf"
LAYOUT = HERE / "seed_004_layout.pdf"
NO_TEXT = "PDF没有文字层（可能是扫描件），perflint 无法读取；OCR 不在支持范围内"


_END_TO_END = office_helpers("test_office_end_to_end")
_signature = _END_TO_END._signature


def _said(finding) -> tuple:
    """What a finding says, whatever the format numbers its places by."""
    return (*_signature(finding), finding.severity, finding.message)


def _refused(path: Path, reader=read_pdf) -> str:
    with pytest.raises(InputError) as caught:
        reader(path)
    return caught.value.message


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------------------------
# The seeds: the same findings, facts and paragraphs as the .docx


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_pdf_reports_what_its_docx_reports(name: str) -> None:
    word = lint_file(OFFICE / PRINTED[name])
    pdf = lint_file(HERE / name)
    assert word, "the seed should have findings"
    assert not [f for f in pdf if f.code in ("PL000", "PL001")]
    assert Counter(map(_said, pdf)) == Counter(map(_said, word))


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_pdf_fact_recall_equals_the_docx(name: str, fixtures_dir: Path) -> None:
    """The PDF loses no fact its .docx yields, and invents none."""
    compare = _END_TO_END._factcompare().compare
    expected = load_yaml(fixtures_dir / f"{PRINTED[name].removesuffix('.docx')}.yaml")
    from_word = compare(expected, extract_report(read_docx(OFFICE / PRINTED[name])))
    from_pdf = compare(expected, extract_report(read_pdf(HERE / name)))
    print(from_pdf.summary(name))
    assert from_pdf.precision == 1.0
    assert from_pdf.recall >= from_word.recall
    assert from_pdf.placed_recall >= from_word.placed_recall


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_pdf_paragraphs_are_the_docx_paragraphs(name: str) -> None:
    """Lines are joined back into the paragraphs Word has, headings stay paragraphs of their own,
    table text is not repeated as paragraphs, page headers and footers are gone (compared without
    whitespace: a PDF does not keep Word's runs of spaces)."""
    word = [_squeezed(p.text) for p in read_docx(OFFICE / PRINTED[name]).paragraphs()]
    pdf = [_squeezed(p.text) for p in read_pdf(HERE / name).paragraphs()]
    assert pdf == word


def test_pdf_tables_are_the_docx_tables() -> None:
    """The two forms of seed 004, the second over four pages, hold the cells of the .docx tables:
    every figure the .docx reads from its tables is read from the PDF's tables too."""
    module = _END_TO_END._factcompare()
    for path in (SEED_004, LAYOUT):
        document = read_pdf(path)
        tables = list(document.tables())
        assert [t.location for t in tables] == ["第1页 表1", "第1页 表2"]
        word = Counter(module._key(q) for q in _END_TO_END._table_quantities(
            extract_report(read_docx(OFFICE / "seed_004.docx"))))
        pdf = Counter(module._key(q) for q in _table_quantities(extract_report(document)))
        assert sum(word.values()) > 150
        assert pdf == word


def _table_quantities(report) -> list[Quantity]:
    """Every figure of a Report read from a PDF table (its place is `第N页 表M …`); the .docx
    counterpart is tests/office's `_table_quantities`."""
    found: list[Quantity] = []

    def walk(value: object) -> None:
        if isinstance(value, Quantity):
            if value.span is not None and re.match(r"第\d+页 表", value.span.location or ""):
                found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(report)
    return found


# --------------------------------------------------------------------------------------------
# Places


def _one(findings: list, code_prefix: str, stated: str):
    matches = [f for f in findings if f.code.startswith(code_prefix) and f.stated == stated]
    assert len(matches) == 1, [(f.code, f.stated, f.message) for f in findings]
    return matches[0]


@pytest.mark.parametrize("path", [SEED_004, LAYOUT], ids=["seed_004", "layout"])
def test_004_basic_expenditure_rate_points_at_its_cell(path: Path) -> None:
    """资金结构 基本支出: 283.04 ÷ 193.13 = 146.55%, stated 126.59%, in the 自评表's fifth grid row."""
    finding = _one(lint_file(path, select=["PL1"]), "PL1", "126.59%")
    assert finding.expected == "146.55%"
    assert (finding.span.quote, finding.span.location) == ("126.59%", "第1页 表2 第5行第9列")
    assert {(r.span.quote, r.span.location) for r in finding.related} == {
        ("283.04", "第1页 表2 第5行第8列"), ("193.13", "第1页 表2 第5行第7列")}


def test_001_income_parts_exceed_the_total_in_its_paragraph() -> None:
    """收入 340.29 ≠ 本年财政拨款 320.09 + 年初结转和结余 21.20: the finding names the page and
    line the paragraph starts on and the column within the paragraph, and quotes it."""
    path = HERE / "seed_001.pdf"
    paragraph = next(p for p in read_pdf(path).paragraphs()
                     if p.text.startswith("单位收入全年预算数340.29万元"))
    location = paragraph.piece.location
    assert re.fullmatch(r"第\d+页第\d+行", location)
    findings = [f for f in lint_file(path, select=["PL1"]) if f.span and f.span.location == location]
    text = paragraph.text
    assert [(f.span.quote, f.span.column) for f in findings] == [
        ("340.29万元", text.index("340.29万元") + 1), ("340.29万元", text.rindex("340.29万元") + 1)]
    for finding in findings:
        assert sorted(r.span.quote for r in finding.related) == ["21.20万元", "320.09万元"]
        assert finding.expected == "341.29万元"


def test_a_paragraph_is_placed_at_the_page_and_line_it_starts_on() -> None:
    """`第5页第9行` is the ninth text line from the top of page 5 as a reader counts it; a
    paragraph going on over a page break keeps the place of its first line."""
    paragraphs = {p.text: p.piece.location for p in read_pdf(SEED_004).paragraphs()}
    assert paragraphs["组织架构"] == "第5页第9行"
    duty = "（6）负责网上行政服务中心执行和应用，负责区政数局网上审批和电子监察系统建设应用工作；"
    assert paragraphs[duty] == "第5页第1行"
    over_the_break = next(text for text in paragraphs if text.startswith("一是配合推进四级平台建设"))
    assert over_the_break.endswith("提供更多的增值权益和便民利企服务。")
    assert paragraphs[over_the_break] == "第7页第29行"
    page_text = pdfium.PdfDocument(SEED_004)[4].get_textpage().get_text_range().splitlines()
    assert page_text[8] == "组织架构"


def test_block_numbers_run_in_reading_order() -> None:
    document = read_pdf(SEED_004)
    numbers = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            numbers.append(block.piece.line)
        else:
            numbers.extend(cell.piece.line for row in block.rows for cell in row if not cell.merged)
    assert numbers == list(range(1, len(numbers) + 1))


def test_a_table_continued_over_pages_is_one_table() -> None:
    """The 自评表 runs over pages 1–4: one table on one grid (9 columns), its rows numbered on;
    the row split by the page break at 年度总体目标 is one row again, the 一级指标 cells merged over
    the page break stay merged, and each cell names the page it is on."""
    table = list(read_pdf(SEED_004).tables())[1]
    assert {len(row) for row in table.rows} == {9}
    texts = table.texts()
    goals = next(row for row in texts if row[0] == "年度总体目标" and row[2].startswith("目标一"))
    assert goals[2].endswith("目标四：切实做好网上审批系统运行及应用工作。")
    assert goals[6].endswith("访问量达9863432次，用户量429247，")
    social = next(row for row in texts if row[2] == "社会效益指标（35分）")
    assert social[3] == "依托“互联网+政务服务”技术体系，推进政府服务平台效率提升"
    management = [row for row in table.rows if row[0].text == "管理指标"]
    assert len(management) == 17  # 预算编制完整性 … 固定资产利用率
    assert all(row[0].merged for row in management[1:])
    assert {row[0].piece.location for row in management} == {"第2页 表2 第11行第1列"}
    pages = {re.match(r"第(\d+)页", cell.piece.location).group(1) for row in table.rows for cell in row}
    assert pages == {"1", "2", "3", "4"}
    assert table.rows[-1][0].text == "总分"
    assert table.rows[-1][0].piece.location == f"第4页 表2 第{len(table.rows)}行第1列"


def test_merged_cells_are_origin_and_copies() -> None:
    table = next(read_pdf(SEED_004).tables())
    first = table.rows[0]
    assert [(cell.text, cell.merged) for cell in first[:2]] == [
        ("主管部门（盖章）：", False), ("主管部门（盖章）：", True)]
    assert first[1].piece is first[0].piece
    assert table.texts()[2] == ["1", "东湖区政务服务数据\n管理局", "239.56", "287.97", "120.21%", "95", "95"]


# --------------------------------------------------------------------------------------------
# Text: spaces, joined lines, headers and footers, rotated pages


def _char(ch: str, x0: float, width: float = 12.0, typed: bool = False) -> pdf_loader._Char:
    return pdf_loader._Char(ch, x0, x0 + width, 0.0, 12.0, 10.0, 12.0, typed=typed)


def _line(*chars: pdf_loader._Char) -> str:
    return pdf_loader._make_line(list(chars), 1).text


def test_spaces_between_cjk_and_digits_go_and_between_digits_stay() -> None:
    """LibreOffice spaces `2022 年度` and `126.59 %` apart: figure readers need `2022年度`,
    `126.59%`; two numbers stay two numbers; a space typed between two CJK words stays."""
    assert _line(_char("2", 0, 6), _char("0", 6, 6), _char("年", 15), _char("度", 27)) == "20年度"
    assert _line(_char("为", 0), _char("9", 15, 6), _char("5", 21, 6), _char("%", 30, 10)) == "为95%"
    assert _line(_char("1", 0, 6), _char("2", 9, 6, typed=True)) == "1 2"
    assert _line(_char("1", 0, 6), _char("2", 14, 6)) == "1 2"
    assert _line(_char("委", 0), _char("南", 16), _char("昌", 28)) == "委 南昌"
    assert _line(_char("委", 0), _char("南", 12, typed=True)) == "委 南"
    assert _line(_char("计", 0), _char("3", 40, 6)) == "计 3"  # a column gap stays
    # a justified CJK line: every gap stretched alike is no space
    assert _line(*(_char(c, i * 15.0) for i, c in enumerate("预算执行率"))) == "预算执行率"


def test_text_order_follows_positions_not_the_content_stream() -> None:
    """LibreOffice draws the quotation marks after the sentence they belong to."""
    text = read_pdf(SEED_004).full_text()
    assert "积极推进“一次不跑”、“只跑一次”改革工作。" in text
    assert "推进 一次不跑" not in text


def _add_text(document, page, text: str, x: float, y: float) -> None:
    font = pdfium_raw.FPDFText_LoadStandardFont(document.raw, b"Helvetica")
    obj = pdfium_raw.FPDFPageObj_CreateTextObj(document.raw, font, ctypes.c_float(10))
    buffer = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_raw.FPDF_WCHAR)))
    pdfium_raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_raw.FPDFPage_InsertObject(page.raw, obj)


def _texts_and_places(document) -> list:
    found = []
    for block in document.blocks:
        if isinstance(block, Table):
            found.extend((cell.text, cell.piece.location, cell.merged) for row in block.rows for cell in row)
        else:
            found.append((block.text, block.piece.location))
    return found


def test_page_headers_and_footers_are_dropped(tmp_path: Path) -> None:
    """A running header and `- N -` page numbers added to every page change nothing: not the
    text, not the line numbers."""
    document = pdfium.PdfDocument(SEED_004)
    for index in range(len(document)):
        page = document[index]
        _add_text(document, page, f"- {index + 1} -", 290, 30)
        _add_text(document, page, "Donghu District 2021 Self-evaluation", 200, 760)
        page.gen_content()
    path = tmp_path / "footed.pdf"
    document.save(path)
    assert "Donghu" in pdfium.PdfDocument(path)[2].get_textpage().get_text_range()
    assert _texts_and_places(read_pdf(path)) == _texts_and_places(read_pdf(SEED_004))


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_layout_header_and_footer_are_dropped(seed: str) -> None:
    path = HERE / f"seed_{seed}_layout.pdf"
    pages = len(pdfium.PdfDocument(path))
    raw_page = pdfium.PdfDocument(path)[1].get_textpage().get_text_range()
    assert "（公开版）" in raw_page and f"第 2 页 共 {pages} 页" in raw_page
    text = read_pdf(path).full_text()
    assert "（公开版）" not in text and "页 共" not in text


@pytest.mark.parametrize("line", ["- 3 -", "第 3 页", "第3页 共9页", "3/9", "— 12 —", "Page 3 of 9", "3"])
def test_page_number_lines(line: str) -> None:
    assert pdf_loader._PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3个项目", "第三部分", "2021年度", "共3页纸"])
def test_not_page_number_lines(line: str) -> None:
    assert not pdf_loader._PAGE_NUMBER.match(line)


def _rotated(source: Path, rotation: int, out: Path) -> Path:
    """`source` with every page drawn turned and the page's /Rotate turning it back: it looks the
    same, but the text runs up or down the page in PDF space."""
    original = pdfium.PdfDocument(source)
    target = pdfium.PdfDocument.new()
    for index in range(len(original)):
        width, height = original[index].get_size()
        obj = original.page_as_xobject(index, target).as_pageobject()
        page = target.new_page(height, width)
        matrix = pdfium.PdfMatrix().rotate(rotation, ccw=True)
        matrix = matrix.translate(height, 0) if rotation == 90 else matrix.translate(0, width)
        obj.set_matrix(matrix)
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(rotation)
    target.save(out)
    return out


@pytest.mark.parametrize("rotation", [90, 270])
def test_rotated_pages_read_as_displayed(tmp_path: Path, rotation: int) -> None:
    path = _rotated(SEED_004, rotation, tmp_path / "rotated.pdf")
    assert _texts_and_places(read_pdf(path)) == _texts_and_places(read_pdf(SEED_004))


def test_sideways_text_is_refused(tmp_path: Path) -> None:
    document = pdfium.PdfDocument(HERE / "seed_001.pdf")
    document[0].set_rotation(90)
    path = tmp_path / "sideways.pdf"
    document.save(path)
    assert "第1页的文字不是横排" in _refused(path)


# --------------------------------------------------------------------------------------------
# Broken, protected, scanned and hostile files


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("部门整体支出绩效自评报告（其实是文本文件）", encoding="utf-8")
    assert _refused(path).startswith("无法读取PDF：这不是PDF文件")
    path.write_bytes((OFFICE / "seed_004.docx").read_bytes())
    assert "ZIP 包（可能是 .docx/.xlsx 改了扩展名）" in _refused(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = SEED_004.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "文件不完整（末尾没有 %%EOF 标记）" in _refused(path)
    path.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")  # cut, and made to look complete
    assert _refused(path).startswith("无法读取PDF：文件已损坏或格式不正确")


_PASSWORD_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user_password: bytes, text: bytes = b"Hello", stream: bytes | None = None) -> bytes:
    """A one-page PDF encrypted with the standard security handler (RC4, 40 bits, revision 2:
    PDF 1.7 section 7.6.3, algorithms 2, 3 and 4); `stream`, if given, is its Flate-compressed
    page content."""
    file_id = b"0123456789abcdef"
    permissions = -4
    padded = (user_password + _PASSWORD_PADDING)[:32]
    owner = _rc4(hashlib.md5(padded).digest()[:5], padded)
    key = hashlib.md5(padded + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
    user = _rc4(key, _PASSWORD_PADDING)

    def encrypted(number: int, data: bytes) -> bytes:
        return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)

    content = b"BT /F1 24 Tf 72 700 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        (b"<< /Length %d >>\nstream\n" % len(content) + encrypted(4, content) if stream is None else
         b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + encrypted(4, stream))
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode()
        + b"> /P %d >>" % permissions,
    ]
    return _pdf_file(objects, b"/Encrypt 6 0 R /ID [<" + file_id.hex().encode() + b"> <"
                     + file_id.hex().encode() + b">]")


def _pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b" >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_needs_a_password(tmp_path: Path) -> None:
    data = _encrypted_pdf(b"secret")
    assert pdfium.PdfDocument(data, password="secret")[0].get_textpage().get_text_range() == "Hello"
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    assert _refused(path) == "无法读取PDF：文件已加密（需要密码）；请另存一份不加密的文件再检查"


def test_pdf_protected_only_against_editing_is_read(tmp_path: Path) -> None:
    """An empty user password (permissions only: no printing, no copying) opens without asking."""
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypted_pdf(b"", b"Self-evaluation 2021"))
    assert [p.text for p in read_pdf(path).paragraphs()] == ["Self-evaluation 2021"]


def _scanned_pages(document, count: int) -> None:
    for _ in range(count):
        page = document.new_page(595, 842)
        bitmap = pdfium.PdfBitmap.new_native(200, 280, pdfium_raw.FPDFBitmap_BGR)
        bitmap.fill_rect((230, 230, 230, 255), 0, 0, 200, 280)
        image = pdfium.PdfImage.new(document)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(40, 70))
        page.insert_obj(image)
        page.gen_content()


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    document = pdfium.PdfDocument.new()
    _scanned_pages(document, 3)
    path = tmp_path / "scan.pdf"
    document.save(path)
    assert _refused(path) == NO_TEXT
    assert [(f.code, f.message) for f in lint_file(path)] == [("PL000", NO_TEXT)]


def test_a_scanned_page_among_text_pages_is_named(tmp_path: Path) -> None:
    """A report whose 自评表 page is a scan would otherwise be linted without its table."""
    document = pdfium.PdfDocument(HERE / "seed_001.pdf")
    _scanned_pages(document, 1)
    path = tmp_path / "mixed.pdf"
    document.save(path)
    message = _refused(path)
    assert message.startswith(f"PDF第{len(document)}页没有文字层（可能是扫描件）")
    assert "OCR 不在支持范围内" in message


def test_pdf_without_any_page_content(tmp_path: Path) -> None:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    document.save(path)
    assert _refused(path) == NO_TEXT


def test_page_count_is_refused_before_reading_pages(tmp_path: Path) -> None:
    document = pdfium.PdfDocument.new()
    for _ in range(pdf_loader.MAX_PAGES + 1):
        document.new_page(595, 842)
    path = tmp_path / "many.pdf"
    document.save(path)
    started = time.process_time()
    assert _refused(path) == "无法读取PDF：文件有 501 页，超过 perflint 的读取上限（500 页）"
    assert time.process_time() - started < 2


def test_compression_bomb_is_refused_before_inflating(tmp_path: Path, monkeypatch) -> None:
    """A content stream inflating past the limit is refused from zlib's count, before PDFium
    inflates it (a real 256 MB is left to the limit's own arithmetic: here the limit is 4 MB)."""
    monkeypatch.setattr(pdf_loader, "MAX_INFLATED_BYTES", 4 * 2**20)
    zeros = zlib.compress(b" " * (16 * 2**20), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zeros) + zeros + b"\nendstream"]
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_file(objects))
    started = time.process_time()
    assert _refused(path) == "无法读取PDF：压缩数据解压后超过 4 MB 上限（可能是恶意构造的文件）"
    assert time.process_time() - started < 2


def test_compression_bomb_in_an_encrypted_pdf(tmp_path: Path, monkeypatch) -> None:
    """Encrypted streams cannot be measured as they are: they are measured in the decrypted copy
    PDFium writes (it decrypts, it does not inflate)."""
    monkeypatch.setattr(pdf_loader, "MAX_INFLATED_BYTES", 4 * 2**20)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_encrypted_pdf(b"", stream=zlib.compress(b" " * (16 * 2**20), 9)))
    started = time.process_time()
    assert _refused(path) == "无法读取PDF：压缩数据解压后超过 4 MB 上限（可能是恶意构造的文件）"
    assert time.process_time() - started < 2


def test_stream_measured_to_its_end(tmp_path: Path) -> None:
    """A stream inflating to a whole number of MiB, followed by the usual CR LF before
    `endstream`, is measured once (zlib keeps the two bytes after the end as unconsumed input)."""
    content = b"BT /F1 24 Tf 72 700 Td (Budget) Tj ET" + b" " * (2**20 - 37)
    assert len(content) == 2**20
    path = tmp_path / "mib.pdf"
    data = _encrypted_pdf(b"", stream=zlib.compress(content))
    path.write_bytes(data.replace(b"\nendstream", b"\r\nendstream"))
    started = time.process_time()
    assert [p.text for p in read_pdf(path).paragraphs()] == ["Budget"]
    assert pdf_loader._inflated_size(zlib.compress(content) + b"\r\n", 2**30) == 2**20
    assert time.process_time() - started < 2


def test_text_limits(monkeypatch) -> None:
    monkeypatch.setattr(pdf_loader, "MAX_PAGE_CHARS", 100)
    assert "第1页有" in _refused(SEED_004) and "超过每页 100 个的上限" in _refused(SEED_004)
    monkeypatch.undo()
    from perflint.extract import textdoc

    monkeypatch.setattr(textdoc, "MAX_TEXT_CHARS", 2000)
    assert "文字超过 perflint 读取上限（2,000 个字符）" in _refused(SEED_004)


def test_table_grid_limit(monkeypatch) -> None:
    """The table finder's work grows faster than the grid: a page drawing a huge grid of lines is
    refused instead of searched."""
    monkeypatch.setattr(pdf_loader, "MAX_TABLE_GRID", 50)
    assert "第1页的表格线太多" in _refused(SEED_004)


def test_damaged_files_give_a_message_or_a_document(tmp_path: Path) -> None:
    """Bytes flipped, cut out or inserted anywhere: PDFium repairs what it can, and what it cannot
    is one InputError; never another exception, never more than a moment."""
    rng = random.Random(16)
    sources = [path.read_bytes() for path in (SEED_004, LAYOUT, HERE / "seed_001.pdf")]
    path = tmp_path / "damaged.pdf"
    for _ in range(25):
        data = bytearray(rng.choice(sources))
        at = rng.randrange(len(data))
        action = rng.randrange(3)
        if action == 0:
            for _ in range(rng.randint(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif action == 1:
            del data[at:at + rng.randint(1, 4000)]
        else:
            data[at:at] = rng.randbytes(rng.randint(1, 200))
        path.write_bytes(bytes(data))
        started = time.process_time()
        try:
            load_pdf(path)
        except InputError as error:
            assert error.message.startswith(("无法读取PDF：", "PDF第", "PDF没有"))
        assert time.process_time() - started < 2


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert _refused(path) == "文件为空"


# --------------------------------------------------------------------------------------------
# perflint check


def test_check_a_folder_holding_pdfs(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(SEED_004.read_bytes())
    output = io.StringIO()
    with redirect_stdout(output):
        code = main(["check", "--no-progress", str(folder)])
    text = output.getvalue()
    assert code == 1
    assert f"{folder / 'report.pdf'}:第1页 表2 第5行第9列 PL103 [错误]" in text
    assert "执行数283.04÷预算数193.13=146.55%" in text
    assert re.search(r"report\.pdf:第8页第6行 PL401 \[错误\] 满意度在正文为95%", text)

    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n% cut short")
    output = io.StringIO()
    with redirect_stdout(output):
        code = main(["check", "--no-progress", str(folder)])
    assert code == 2
    assert "无法读取PDF：文件不完整" in output.getvalue()


def test_load_pdf_gives_a_report() -> None:
    report = load_pdf(SEED_004)
    assert report.budget_tables and report.indicators
