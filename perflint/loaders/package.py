"""Office packages (.docx, .xlsx) read within the run's limits, before any XML tree is built.

A package's central directory is written by whoever made the file, so its sizes are claims, not
facts. `measure_package` inflates every member in bounded chunks, counting the bytes as they
come out (`limits.unzipped-bytes`, all members together), counts every XML part's elements from
its bytes before anything parses them (`limits.package-elements`), and streams the parts that carry
the report's text (the main part, headers, footers, notes, worksheets, shared strings) through an
incremental parser that counts the characters of their text elements (`limits.text-chars`; each
is emptied once counted). Only a package within all three is handed to python-docx or openpyxl,
whose trees then cost at most what was counted. A member whose compressed data is damaged is
named (`文件已损坏：成员 … 的压缩数据无法解压`) instead of surfacing as a zlib exception.

The same pass gives the .xlsx reader each worksheet's merged ranges and stored cells
(`SheetScan`), so a merge over a million rows is refused before openpyxl expands it into cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from perflint.limits import current
from perflint.reading import InputError, over_limit

#: Bytes inflated at a time: the most a member ever holds in memory during the scan.
CHUNK_BYTES = 64 * 1024

_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
#: The parts whose text a reader builds (besides the main part): their text is counted.
_TEXT_PARTS = re.compile(r"^(?:word/(?:header|footer|footnotes|endnotes|comments)\d*\.xml"
                         r"|xl/worksheets/[^/]+\.xml|xl/sharedStrings\.xml)$")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass
class SheetScan:
    """What one worksheet part holds, read from its XML before openpyxl sees it."""

    #: stored cells (`<c>` elements)
    cells: int = 0
    #: merged ranges as written (`A1:C3`)
    merged: list[str] = field(default_factory=list)


@dataclass
class PackageScan:
    """What `measure_package` counted: inflated bytes, elements, text, and worksheets."""

    inflated: int = 0
    elements: int = 0
    chars: int = 0
    sheets: dict[str, SheetScan] = field(default_factory=dict)


def corrupt_member(kind: str, member: str, exc: BaseException) -> InputError:
    """A member that cannot be inflated or read: named, with the library's words as detail."""
    detail = str(exc) or type(exc).__name__
    return InputError(f"{kind} 文件已损坏：成员 {member} 的压缩数据无法解压（{detail}）",
                      english=f"corrupt {kind} file: the compressed data of member {member} cannot be "
                              f"inflated ({detail})")


def inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, scan: PackageScan) -> Iterator[bytes]:
    """The member's bytes in chunks of at most `CHUNK_BYTES`, each counted against
    `limits.unzipped-bytes` as it inflates (whatever the header declared)."""
    limit = current().unzipped_bytes
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK_BYTES):
                scan.inflated += len(chunk)
                if scan.inflated > limit:
                    raise over_limit("unzipped-bytes", (f"解压到成员 {info.filename} 时",
                                                        f"while inflating member {info.filename}"))
                yield chunk
    except (zlib.error, zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise corrupt_member(kind, info.filename, exc) from None


#: The fewest bytes an XML element can take (`<a/>`).
MIN_ELEMENT_BYTES = 4


def within_declared_sizes(archive: zipfile.ZipFile, main: str) -> bool:
    """Whether the members' declared sizes alone keep a package without worksheets within
    `limits.package-elements` and `limits.text-chars`, so that `measure_package` need not inflate
    it. CPython's zipfile never inflates a member past its declared `file_size` (it stops there,
    and the CRC check fails), and every parser reads members through it; an element takes at
    least `MIN_ELEMENT_BYTES` and a character at least one byte. `limits.unzipped-bytes` is
    checked on the declared sizes before this. Worksheets always go through `measure_package`:
    the .xlsx reader needs their cells and merges."""
    limits = current()
    xml_bytes = text_bytes = 0
    for info in archive.infolist():
        name = info.filename
        if _SHEET.match(name):
            return False
        if name == main or _TEXT_PARTS.match(name):
            text_bytes += info.file_size
        if name.endswith((".xml", ".rels")):
            xml_bytes += info.file_size
    return xml_bytes <= MIN_ELEMENT_BYTES * limits.package_elements and text_bytes <= limits.text_chars


def measure_package(archive: zipfile.ZipFile, kind: str, main: str) -> PackageScan:
    """Inflate every member of the package and count its XML parts' elements, refusing it as
    soon as it is over `limits.unzipped-bytes` or `limits.package-elements`; the parts that carry
    the report's text (`main`, the package's main part, and those `_TEXT_PARTS` names) are also
    stream-parsed and their text counted against `limits.text-chars`. Other members (images,
    styles) are inflated and counted too: their data must be sound and within the limits.
    Malformed XML is left to the reader that parses the part for real, which names it."""
    scan = PackageScan()
    for info in archive.infolist():
        if info.is_dir():
            continue
        chunks = inflate(archive, info, kind, scan)
        if info.filename == main or _TEXT_PARTS.match(info.filename):
            sheet = SheetScan() if _SHEET.match(info.filename) else None
            _measure_xml(chunks, info.filename, scan, sheet)
            if sheet is not None:
                scan.sheets[info.filename] = sheet
        elif info.filename.endswith((".xml", ".rels")):
            for chunk in chunks:
                _count_elements(chunk, info.filename, scan)
        else:
            for _ in chunks:
                pass
    return scan


def _count_elements(chunk: bytes, part: str, scan: PackageScan) -> None:
    """Count the tags a chunk opens (each `<` that is no closing tag: an upper bound on the
    elements, taken from the bytes before anything parses them)."""
    scan.elements += chunk.count(b"<") - chunk.count(b"</")
    if scan.elements > current().package_elements:
        raise over_limit("package-elements", (f"{part} 中的 XML 元素", f"XML elements in {part}"))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: The elements that hold text in Office XML: Word's text, deleted text and field codes, drawing
#: text, and a workbook's strings, values and formulas (plus the .xlsx merges and cells noted).
_TEXT_TAGS = (_W + "t", _W + "delText", _W + "instrText", _W + "delInstrText", _A + "t",
              _MAIN + "t", _MAIN + "v", _MAIN + "f", _MAIN + "c", _MAIN + "mergeCell")


def _measure_xml(chunks: Iterator[bytes], part: str, scan: PackageScan, sheet: SheetScan | None) -> None:
    """Count one part's elements from its bytes (each `<` that opens a tag: an upper bound, so
    nothing is parsed past the limit) and its text from the text elements the parser reports
    (filtered in C: the Python loop sees only them, the rest of a part costs no Python work)."""
    from lxml import etree

    limits = current()
    parser = etree.XMLPullParser(events=("end",), tag=_TEXT_TAGS, resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False)
    try:
        for chunk in chunks:
            _count_elements(chunk, part, scan)
            parser.feed(chunk)
            for _, element in parser.read_events():
                scan.chars += len(element.text or "")
                if scan.chars > limits.text_chars:
                    raise over_limit("text-chars", (f"读到 {part} 时", f"while reading {part}"))
                if sheet is not None:
                    _note_sheet_element(element, sheet)
                element.clear(keep_tail=True)
        parser.close()
    except etree.XMLSyntaxError:
        return  # the real parser names malformed XML in its own words


def _note_sheet_element(element, sheet: SheetScan) -> None:
    tag = element.tag
    if tag == _MAIN + "c":
        sheet.cells += 1
    elif tag == _MAIN + "mergeCell":
        sheet.merged.append(element.get("ref", ""))


def range_cells(reference: str) -> int:
    """Cells a range like `A1:XFD1048576` covers (a single cell: 1; unreadable: 0)."""
    corners = [_CELL_REFERENCE.match(part) for part in reference.split(":")]
    if not 1 <= len(corners) <= 2 or not all(corners):
        return 0
    rows = [int(match.group(2)) for match in corners]
    columns = [_column_number(match.group(1)) for match in corners]
    return (abs(rows[-1] - rows[0]) + 1) * (abs(columns[-1] - columns[0]) + 1)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
