"""The fast way a .docx is read (`_package_parts`: python-docx's package reader, the main part as
plain lxml elements, members proven before not inflated again) gives what python-docx's own
Document gives (`_python_docx_parts`), and what it remembers never changes an outcome."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from perflint.document import Document, Paragraph
from perflint.loaders import docx_loader, members
from perflint.loaders.docx_loader import read_docx
from perflint.reading import InputError

LAYOUTS = Path(__file__).resolve().parents[1] / "layouts"


def _dump(document: Document) -> list:
    """Every block's text, place, style and, for tables, every cell's place and merge."""
    rows: list = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            rows.append(("P", block.text, block.style, block.piece.line, block.piece.location))
        else:
            rows.append(("T", block.index, block.location,
                         [[(c.text, c.row, c.column, c.merged, c.piece.line, c.piece.location) for c in row]
                          for row in block.rows]))
    return rows


def _both_ways(path: Path) -> tuple[list, list]:
    """The document read the fast way and through python-docx's Document."""
    package, _ = docx_loader._open_members(path, kind="Word .docx", main_prefix="word/", quick=True)
    fast = docx_loader._package_parts(package)
    assert fast is not None
    body, styles = docx_loader._python_docx_parts(package.data)
    assert etree.tostring(fast[0]) == etree.tostring(body) and fast[1] == styles
    return _dump(docx_loader._document(path, *fast)), _dump(docx_loader._document(path, body, styles))


def _docx_files(office_dir: Path) -> list[Path]:
    return sorted(office_dir.glob("*.docx")) + sorted(LAYOUTS.glob("*/*/input.docx"))


def test_fast_reading_equals_python_docx_on_every_fixture(office_dir: Path) -> None:
    for path in _docx_files(office_dir):
        fast, reference = _both_ways(path)
        assert fast == reference, path


def test_fast_reading_equals_python_docx_on_unusual_bodies(tmp_path: Path, docx_with_body) -> None:
    """Comments, revisions, text boxes, fields, content controls, merges and nested tables."""
    cell = "<w:tc><w:tcPr>{}</w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    body = ("<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr><!--c--><w:r><w:t>标题</w:t><w:tab/>"
            "<w:br w:type='page'/><w:cr/></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
            "<w:sdt><w:sdtContent><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
            + cell.format("<w:gridSpan w:val='2'/><w:vMerge w:val='restart'/>", "甲")
            + "</w:tr><w:tr>" + cell.format("<w:gridSpan w:val='x'/><w:vMerge/>", "")
            + cell.format("<w:hMerge/>", "乙") + "</w:tr></w:tbl></w:sdtContent></w:sdt>"
            "<w:tbl><w:tr><w:tc><w:tbl><w:tr>" + cell.format("", "内")
            + "</w:tr></w:tbl></w:tc></w:tr></w:tbl>")
    fast, reference = _both_ways(docx_with_body(body, tmp_path / "unusual.docx"))
    assert fast == reference
    assert fast[0][1:3] == ("标题\t\n增", "Heading 1")


def _with_bad_styles_crc(package: bytes) -> bytes:
    """The package with the CRC of word/styles.xml changed in its local header and its central
    directory entry: its compressed data are byte-identical to the original's, and it no longer
    inflates (zipfile checks the CRC)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo("word/styles.xml")
        entry = archive.start_dir
    data = bytearray(package)
    struct.pack_into("<I", data, info.header_offset + 14, info.CRC ^ 1)
    while data[entry:entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, entry + 28)
        if data[entry + 46:entry + 46 + name_length] == b"word/styles.xml":
            struct.pack_into("<I", data, entry + 16, info.CRC ^ 1)
        entry += 46 + name_length + extra_length + comment_length
    return bytes(data)


def _outcome(path: Path) -> object:
    try:
        return _dump(read_docx(path))
    except InputError as error:
        return error.message, error.text("en")


def test_what_is_remembered_never_changes_an_outcome(tmp_path: Path, office_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file read with nothing remembered, then after every other file was read, gives the
    same document or the same refusal: a styles part with the same compressed bytes but a wrong
    CRC is still refused once the sound one is known."""
    good = office_dir / "seed_004.docx"
    bad = tmp_path / "bad-crc.docx"
    bad.write_bytes(_with_bad_styles_crc(good.read_bytes()))
    paths = [good, bad, *_docx_files(office_dir)]
    cold = []
    for path in paths:
        monkeypatch.setattr(members, "_KNOWN", {})
        cold.append(_outcome(path))
    warm = [_outcome(path) for path in paths + paths]
    assert warm == cold + cold
    assert isinstance(cold[1], tuple) and "word/styles.xml" in cold[1][0]


def test_a_template_shared_by_reports_is_inflated_once(office_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the same package again inflates only the members that differ: none here."""
    path = office_dir / "seed_004.docx"
    monkeypatch.setattr(members, "_KNOWN", {})
    read_docx(path)
    inflated: list[str] = []
    real = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open",
                        lambda self, name, *args, **kwargs: inflated.append(getattr(name, "filename", name))
                        or real(self, name, *args, **kwargs))
    read_docx(path)
    assert {name for name in inflated if not name.endswith(".rels")} == {"word/document.xml"}


@pytest.mark.parametrize("spoil", [
    lambda xml: xml.split(b"<w:body>")[0] + xml.split(b"</w:body>")[1],  # no body
    lambda xml: xml.replace(b"<w:document", b"<w:documentx", 1).replace(b"</w:document>", b"</w:documentx>"),
    lambda xml: xml.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"urn:other"),
], ids=["no-body", "another-root", "another-namespace"])
def test_a_main_part_without_a_word_body_is_named_in_both_languages(tmp_path: Path, spoil, capsys):
    """A document.xml that holds no w:body under w:document is a corrupt file, said in words (it
    was a raw AttributeError or TypeError from the reader)."""
    from perflint.cli import main

    source = zipfile.ZipFile(Path(__file__).resolve().parents[2] / "fixtures" / "office" / "seed_004.docx")
    target = tmp_path / "spoiled.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            data = source.read(name)
            package.writestr(name, spoil(data) if name == "word/document.xml" else data)
    for lang, words in (("zh", "Word .docx 文件已损坏：word/document.xml 中没有 Word 正文"),
                        ("en", "corrupt Word .docx file: word/document.xml holds no Word body")):
        assert main(["check", str(target), "--no-progress", "--lang", lang]) == 2
        out = capsys.readouterr()
        assert words in out.out and "Error:" not in out.out and "Traceback" not in out.err


def test_a_package_whose_main_part_is_not_word_names_its_content_type(tmp_path: Path, capsys):
    """python-docx's refusal named an object's address (`<_io.BytesIO object at 0x…>`), so the
    message changed from run to run; it now names the content type, in both languages."""
    from perflint.cli import main

    source = zipfile.ZipFile(Path(__file__).resolve().parents[2] / "fixtures" / "office" / "seed_004.docx")
    target = tmp_path / "macro.docx"
    word = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            data = source.read(name)
            package.writestr(name, data.replace(word, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                             if name == "[Content_Types].xml" else data)
    for lang, words in (("zh", "不是 Word .docx 文件：主文档的内容类型是 application/vnd.ms-excel"),
                        ("en", "not a Word .docx file: its main part's content type is application/vnd.ms")):
        assert main(["check", str(target), "--no-progress", "--lang", lang]) == 2
        out = capsys.readouterr().out
        assert words in out and "0x" not in out
