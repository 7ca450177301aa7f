"""PDF files with a text layer: paragraphs and ruled tables in reading order, each piece mapped to
its page and line.

How a PDF becomes a Document:
- **Text**: pypdfium2 (PDFium) gives every character with its box, baseline and size, in the page
  as displayed (`/Rotate` applied). Characters are grouped into lines by baseline and sorted by
  position within a line: the content-stream order can put the quotation marks LibreOffice draws
  in another font after their sentence (`推进 一次不跑 “ ”`). Spaces come from geometry (a gap of a
  quarter em, or a space character), except that a space between a CJK character and a digit or
  percent sign, or between a digit and `%`, is dropped unless the gap is a column gap (over 1.5
  em): LibreOffice and Word space `2022 年度` and `126.59 %` apart, and the figure readers expect
  `2022年度`, `126.59%`. A space between two digits is never dropped; between two CJK characters
  a gap counts only if it is wider than the line's usual spacing (justified lines are stretched).
  Characters that are not horizontal (watermarks, stamps) are left out.
- **Paragraphs**: a PDF wraps a paragraph over several lines; consecutive lines are joined into
  one paragraph unless geometry says a new paragraph starts: the previous line ended early (what
  must begin the next line — its first character with the punctuation that may not be separated
  from it, or its first Latin word — would have fitted in the room left on it: that is how a
  heading or a paragraph's last line ends), the line is indented further than the previous one
  (or a hanging indent ends), the line gap is wider than the document's usual line pitch, or the
  font size changes. A centred line continues a centred line (a title over two lines). Lines of
  one paragraph are joined without a space, except between two Latin letters or digits (a Latin
  wrap happens at a space). A paragraph goes on across a page break when the page's last line is
  full and the next page's first line is not indented.
- **Page headers and footers**: the top and bottom lines of a page (within its outer 12%) that
  repeat on most pages, digits ignored, or that are page numbers (`- 3 -`, `第 3 页`, `3/9`), are
  dropped.
- **Tables**: pdfplumber's table finder (`TableFinder`, what `page.find_tables()` runs, with its
  default "lines" strategies) finds the ruled tables from the page's horizontal and vertical
  edges. The edges are read from the path objects PDFium has already parsed rather than by
  pdfminer parsing the page again: the same lines, at a few milliseconds per page instead of a
  tenth of a second, and no PDF that PDFium reads is refused because pdfminer cannot parse it.
  Each table becomes the `Table` block the .docx loader makes: the grid from the cell borders, a
  cell spanning several grid positions is the origin plus `merged=True` copies, cell text is read
  from the same characters as the paragraphs (a wrapped line is rejoined, a line ending early
  keeps its line break, a number broken over a narrow column — `335.3|3`, `126.59|%` — is
  rejoined). Text inside a table is not also a paragraph. A table continued on the next page (the
  last block of one page and the first of the next, with the same left and right edges) is one
  table: header rows repeated on the new page are dropped, a row split by the page break is
  joined back (a cell of the page's last row ends in a full line and the same column goes on at
  the top of the next page), and a tall merged cell continued on the new page stays one merged
  cell. A framed box (a one-cell "table") is text.
- **Places**: `line` is the block number in reading order, as for .docx; `location` names the
  page (the physical page, 1-based) and the line a paragraph starts on, `第3页第12行` (text lines
  outside tables counted from the top, page header and footer lines not counted), or a cell,
  `第3页 表1 第2行第4列` (tables numbered through the document, rows and columns counted on the
  table's grid after expanding merged cells, rows of a continued table numbered on, the page
  being the cell's own).

Untrusted files are refused with an `InputError` in Chinese naming what is wrong, before the work
they would cost: not a PDF (no `%PDF-` header; a renamed .docx/.doc/.rtf is named), a truncated
file (no `%%EOF` near its end), one PDFium cannot open or whose page it cannot parse, one that
needs a password (permissions-only encryption, with an empty user password, is read), compressed
streams that would inflate past `MAX_INFLATED_BYTES` (counted with zlib before PDFium inflates
them, in the decrypted copy PDFium writes for an encrypted file; images are not counted, nothing
here inflates them), LZW/RunLength data beyond `MAX_OTHER_COMPRESSED_BYTES`, more than `MAX_PAGES`
pages (checked before any page is read), a page with more than `MAX_PAGE_OBJECTS` objects or
`MAX_PAGE_CHARS` characters, more text than `perflint.extract.textdoc.MAX_TEXT_CHARS` or the run's
`limits.text-chars` (counted page by page, before a page's characters are read), ruled
lines that would make a grid beyond `MAX_TABLE_GRID`, no text at all, scanned pages (fewer than
`SCANNED_PAGE_CHARS` characters on a page half covered by images, or text drawn as outlines:
OCR is not supported), text whose fonts have no Unicode mapping, and pages whose text runs
sideways.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from perflint.document import Cell, Document, Paragraph, Piece, Table
from perflint.limits import current
from perflint.loaders.base import Loader
from perflint.reading import InputError, over_limit, read_bytes

#: Refuse documents with more pages than any self-evaluation report has.
MAX_PAGES = 500
#: Refuse a page with more drawing objects (text runs, paths, images) than this.
MAX_PAGE_OBJECTS = 50_000
#: Refuse a page with more characters than this.
MAX_PAGE_CHARS = 100_000
#: A page with fewer characters than this whose images cover half of it is a scanned page.
SCANNED_PAGE_CHARS = 12
#: A page with fewer characters than SCANNED_PAGE_CHARS and this many path segments has its text
#: drawn as outlines (glyph shapes), which is no more readable than a scan.
OUTLINED_PAGE_SEGMENTS = 2_000
#: Refuse a page whose ruled lines would make a grid of more cells than this (the table finder's
#: work grows faster than the number of cells: 100 × 100 lines take it two seconds).
MAX_TABLE_GRID = 6_000
#: Refuse files whose Flate streams (other than images) inflate to more than this in total.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
#: Refuse files with more LZW- or RunLength-compressed data than this (not measured when inflated).
MAX_OTHER_COMPRESSED_BYTES = 4 * 1024 * 1024

_PREFIX = "无法读取PDF："
_NO_TEXT = "PDF没有文字层（可能是扫描件），perflint 无法读取；OCR 不在支持范围内"


# --------------------------------------------------------------------------------------------
# Characters: what counts as CJK, what cannot start a line


def _is_cjk(char: str) -> bool:
    """CJK ideographs and punctuation, full-width forms, and the quotation marks, dashes and
    ellipsis Chinese text uses (they sit between CJK characters without spaces)."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF
            or code in (0x2018, 0x2019, 0x201C, 0x201D, 0x2014, 0x2026, 0x00B7, 0x2025))


_DIGITS = frozenset("0123456789")
_NUMBERISH = frozenset("0123456789.,%")
_PERCENT = frozenset("%％")
_DIGIT_OR_PERCENT = _DIGITS | _PERCENT
#: Quotation marks: no line break on either side of them (UAX #14 rule LB19, as LibreOffice does).
_QUOTES = frozenset("“”‘’\"'")
#: Characters a line may not start with (they travel to the next line with the one before them).
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』】〉%％…·,.;:?!)]}") | _QUOTES
#: Characters a line may not end with (they travel to the next line with the one after them).
_NO_BREAK_AFTER = frozenset("（《「『【〈([{") | _QUOTES


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


# --------------------------------------------------------------------------------------------
# Geometry records


@dataclass(slots=True)
class _Char:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline, from the top of the page
    size: float
    typed: bool = False  # a space character comes before it
    spaced: bool = False  # a space (character or gap) comes before it on its line

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    chars: list[_Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    page: int = 0
    number: int = 0  # 1-based among the page's body lines

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class _PCell:
    """A table cell as drawn: its box (table coordinates: pages stacked), page and lines."""

    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    lines: list[_Line] = field(default_factory=list)
    text: str = ""


@dataclass
class _PTable:
    """A ruled table, possibly continued over several pages."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float  # in the coordinates of `page` for a fresh table; stacked when merged
    cells: list[_PCell]
    pad: float  # the cells' inner margin (left), from the cells whose text is left-aligned
    last_page: int = 0
    vbottom: float = 0.0  # bottom in table (stacked) coordinates


@dataclass
class _Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)  # body lines, top to bottom
    tables: list[_PTable] = field(default_factory=list)
    chars: int = 0
    scanned: bool = False


# --------------------------------------------------------------------------------------------
# Before PDFium: is it a PDF, complete, and bounded when inflated?


_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_ENDSTREAM = b"endstream"
_FILTERS = re.compile(rb"/(FlateDecode|Fl|LZWDecode|LZW|RunLengthDecode|RL)\b")


def _check_container(data: bytes) -> None:
    """Refuse what is not a complete PDF, and compression bombs, before PDFium sees the file."""
    head = data[:1024]
    if b"%PDF-" not in head:
        raise InputError(_PREFIX + "这不是PDF文件（文件开头没有 %PDF- 标记）" + _other_format(head))
    if b"%%EOF" not in data[-32768:]:  # some writers leave padding after it
        raise InputError(_PREFIX + "文件不完整（末尾没有 %%EOF 标记），可能在下载或复制时被截断；"
                         "请取得完整的文件")
    _check_streams(data)


def _check_decrypted_streams(document) -> None:
    """`_check_streams` for an encrypted PDF PDFium opened (an empty user password): its streams
    are measured in the decrypted copy PDFium saves, which decrypts but does not inflate them."""
    import pypdfium2.raw as raw

    if raw.FPDF_GetSecurityHandlerRevision(document.raw) == -1:
        return
    buffer = io.BytesIO()
    try:
        document.save(buffer, flags=raw.FPDF_REMOVE_SECURITY)
    except Exception as exc:  # PDFium could not write the objects back: they are damaged
        raise InputError(_PREFIX + f"加密的文件已损坏（{exc}）") from None
    _check_streams(buffer.getvalue())


def _check_streams(data: bytes) -> None:
    """Refuse compressed streams that would inflate past the limits (images excepted)."""
    inflated = other = 0
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            break
        start = match.end()
        end = data.find(_ENDSTREAM, start)
        end = len(data) if end == -1 else end
        position = max(end, start)
        header = data[max(0, match.start() - 2048):match.start()]
        header = header[header.rfind(b" obj") + 1:] if b" obj" in header else header
        if b"/Image" in header:
            continue  # images are not inflated to read text or find tables
        filters = _FILTERS.findall(header)
        if not filters:
            continue
        if filters[0] in (b"FlateDecode", b"Fl"):
            inflated += _inflated_size(data[start:end], MAX_INFLATED_BYTES - inflated)
            if inflated > MAX_INFLATED_BYTES:
                raise InputError(_PREFIX + f"压缩数据解压后超过 {MAX_INFLATED_BYTES // 2**20} MB 上限"
                                 "（可能是恶意构造的文件）")
        else:
            other += end - start
            if other > MAX_OTHER_COMPRESSED_BYTES:
                raise InputError(_PREFIX + f"LZW/RunLength 压缩数据超过 "
                                 f"{MAX_OTHER_COMPRESSED_BYTES // 2**20} MB 上限")


def _inflated_size(raw: bytes, limit: int) -> int:
    """The size `raw` inflates to, counted in chunks and stopped past `limit`; a damaged stream
    counts what inflated before the damage (PDFium reads no more of it either)."""
    inflater = zlib.decompressobj()
    total = 0
    chunk = raw
    try:
        while chunk and total <= limit and not inflater.eof:  # bytes after the end are not data
            output = inflater.decompress(chunk, 1 << 20)
            if not output and inflater.unconsumed_tail == chunk:
                break  # no progress
            total += len(output)
            chunk = inflater.unconsumed_tail
    except zlib.error:
        pass
    return total


def _other_format(head: bytes) -> str:
    if head.startswith(b"PK"):
        return "，而是 ZIP 包（可能是 .docx/.xlsx 改了扩展名）"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "，而是旧版 Office 文件（.doc/.xls）"
    if head.lstrip().startswith((b"{\\rtf",)):
        return "，而是 RTF 文件"
    return "，可能是其他格式改了扩展名，或文件已损坏"


# --------------------------------------------------------------------------------------------
# PDFium: open, count, and read characters


def _open(data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise InputError(_PREFIX + "文件已加密（需要密码）；请另存一份不加密的文件再检查") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise InputError(_PREFIX + "文件使用了不支持的加密方式；请另存一份不加密的文件再检查") from None
        raise InputError(_PREFIX + f"文件已损坏或格式不正确（PDFium：{exc}）") from None


def _display_transform(rotation: int, box: tuple[float, float, float, float]
                       ) -> tuple[Callable[[float, float], tuple[float, float]], float, float]:
    """User space → the page as displayed (x right, y down from the top), as pdfplumber places
    its objects (pdfminer's rotation, then pdfplumber's flip); and the displayed width, height."""
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    if rotation == 90:
        width, height = y1 - y0, x1 - x0

        def transform(x: float, y: float) -> tuple[float, float]:
            return y, height - (x1 - x) - x0
    elif rotation == 180:
        width, height = x1 - x0, y1 - y0

        def transform(x: float, y: float) -> tuple[float, float]:
            return x1 - x + x0, height - (y1 - y) - y0
    elif rotation == 270:
        width, height = y1 - y0, x1 - x0

        def transform(x: float, y: float) -> tuple[float, float]:
            return y1 - y + y0, height - (x - x0) - x0
    else:
        width, height = x1 - x0, y1 - y0

        def transform(x: float, y: float) -> tuple[float, float]:
            return x, height - (y - y0) - y0
    return transform, width, height


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """The matrix applying `inner`, then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass
class _Objects:
    """What a page draws besides text: how many objects, the straight horizontal and vertical
    edges of its paths (display coordinates), and the area its images cover."""

    count: int = 0
    segments: int = 0
    image_area: float = 0.0
    edges: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom


def _walk_objects(raw, parent, found: _Objects, number: int, transform, form: bool = False,
                  outer: _Matrix = _IDENTITY, depth: int = 0) -> None:
    """Count a page's (or a form's) objects, collect its path edges and image area; refuse
    pathological pages before anything is built from them."""
    total = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = raw.FS_MATRIX()
    for index in range(max(total, 0)):
        found.count += 1
        if found.count > MAX_PAGE_OBJECTS:
            raise InputError(_PREFIX + f"第{number}页有超过 {MAX_PAGE_OBJECTS:,} 个图形对象，超出 perflint "
                             "的处理上限")
        obj = raw.FPDFFormObj_GetObject(parent, index) if form else raw.FPDFPage_GetObject(parent, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            if raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                _path_edges(raw, obj, _compose(own, outer), found, number, transform)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                found.image_area += abs(right.value - left.value) * abs(top.value - bottom.value)
        elif (kind == raw.FPDF_PAGEOBJ_FORM and depth < 8
              and raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))):
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            _walk_objects(raw, obj, found, number, transform, True, _compose(own, outer), depth + 1)


def _path_edges(raw, path, matrix: _Matrix, found: _Objects, number: int, transform) -> None:
    """The horizontal and vertical straight segments of a painted path, as pdfplumber makes edges
    of lines, rectangles and polygons (curves are left out)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    drawn = raw.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke))
    if drawn and not (fill.value or stroke.value):
        return  # an invisible path
    count = raw.FPDFPath_CountSegments(path)
    found.segments += max(count, 0)
    if found.segments > MAX_PAGE_OBJECTS * 4:
        raise InputError(_PREFIX + f"第{number}页的线条超过 {MAX_PAGE_OBJECTS * 4:,} 段，"
                         "超出 perflint 的处理上限")
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    current = start = None
    for index in range(max(count, 0)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            current = None
            continue
        point = transform(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and current is not None:
            _add_edge(found, current, point)
        current = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None and current is not None:
            _add_edge(found, current, start)
            current = start


def _add_edge(found: _Objects, p: tuple[float, float], q: tuple[float, float]) -> None:
    """Keep p–q if it is vertical or horizontal, made exactly so (a rotated page's coordinates
    are a hair off, and pdfplumber tells a horizontal edge by top == bottom)."""
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < 0.5 and abs(y0 - y1) >= 0.5:
        x = (x0 + x1) / 2
        found.edges.append((x, min(y0, y1), x, max(y0, y1)))
    elif abs(y0 - y1) < 0.5 and abs(x0 - x1) >= 0.5:
        y = (y0 + y1) / 2
        found.edges.append((min(x0, x1), y, max(x0, x1), y))


def _read_page(document, index: int, budget: list[int]) -> tuple[_Page, list]:
    """A page's characters (display coordinates), what it holds, and its path edges (a page
    without edges in both directions has no ruled table)."""
    import pypdfium2.raw as raw

    number = index + 1
    try:
        page = document[index]
    except Exception as exc:  # PDFium could not parse the page
        raise InputError(_PREFIX + f"第{number}页已损坏（{exc}）") from None
    try:
        rotation = page.get_rotation() % 360
        box = page.get_mediabox()
        transform, width, height = _display_transform(rotation, box)
        objects = _Objects()
        _walk_objects(raw, page.raw, objects, number, transform)
        textpage = page.get_textpage()
        try:
            chars, unmapped, slanted = _page_chars(raw, textpage.raw, number, rotation, transform, budget)
        finally:
            textpage.close()
    finally:
        page.close()
    result = _Page(number=number, width=width, height=height, chars=len(chars))
    if unmapped and unmapped * 5 > len(chars) + unmapped:
        raise InputError(_PREFIX + f"第{number}页的文字无法解码（字体缺少 Unicode 映射，提取出的是乱码）；"
                         "请用原始文件另存PDF，或提供 .docx 版本")
    if slanted and slanted > len(chars):
        raise InputError(_PREFIX + f"第{number}页的文字不是横排（页面内容旋转了？），perflint 无法可靠读取")
    if len(chars) < SCANNED_PAGE_CHARS and (objects.image_area >= 0.5 * width * height
                                            or objects.segments >= OUTLINED_PAGE_SEGMENTS):
        result.scanned = True  # a page image or text drawn as outlines, at most a page number as text
    result.lines = _lines(chars, number)
    return result, objects.edges


def _page_chars(raw, textpage, number: int, rotation: int, transform, budget: list[int]
                ) -> tuple[list[_Char], int, int]:
    """The page's drawn characters, in display coordinates, without PDFium's generated spaces
    and line breaks; also how many had no Unicode mapping and how many were not horizontal."""
    count = raw.FPDFText_CountChars(textpage)
    if count > MAX_PAGE_CHARS:
        raise InputError(_PREFIX + f"第{number}页有 {count:,} 个字符，超过每页 {MAX_PAGE_CHARS:,} 个的上限")
    budget[0] -= max(count, 0)
    if budget[0] < 0:
        from perflint.extract.textdoc import MAX_TEXT_CHARS

        if current().text_chars < MAX_TEXT_CHARS:  # the run's own limit is the lower one
            raise over_limit("text-chars", (f"读到第{number}页时", f"at page {number}"))
        raise InputError(_PREFIX + f"文字超过 perflint 读取上限（{MAX_TEXT_CHARS:,} 个字符）；"
                         "一个文件只放一份报告")
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    loose_box, origin = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin
    font_size = raw.FPDFText_GetFontSize
    angle_of = raw.FPDFText_GetCharAngle
    unmap_error = raw.FPDFText_HasUnicodeMapError
    upright = {0: 0.0, 90: 4.712389, 180: 3.1415927, 270: 1.5707963}[rotation]  # PDFium: clockwise
    chars: list[_Char] = []
    unmapped = slanted = 0
    pending_space = False
    for i in range(max(count, 0)):
        if is_generated(textpage, i) == 1:
            continue
        code = get_unicode(textpage, i)
        if code in (0x20, 0xA0, 0x3000):
            pending_space = True
            continue
        if code < 0x20 or code in (0xFFFE, 0xFFFF, 0xAD) or 0xD800 <= code <= 0xDFFF:
            continue
        if code == 0xFFFD or unmap_error(textpage, i) == 1:
            unmapped += 1
            continue
        angle = angle_of(textpage, i)
        if angle >= 0:
            difference = abs(angle - upright) % 6.2831853
            if 0.1 < difference < 6.18:
                slanted += 1  # watermarks, stamps, rotated labels: not part of the text lines
                continue
        if not loose_box(textpage, i, ctypes.byref(rect)) or not origin(textpage, i, ox, oy):
            continue
        ax, atop = transform(rect.left, rect.top)
        bx, bbottom = transform(rect.right, rect.bottom)
        _, base = transform(ox.value, oy.value)
        size = font_size(textpage, i)
        top, bottom = min(atop, bbottom), max(atop, bbottom)
        if not 2 <= size <= 500:
            size = max(bottom - top, 1.0)
        chars.append(_Char(chr(code), min(ax, bx), max(ax, bx), top, bottom, base, size, typed=pending_space))
        pending_space = False
    return chars, unmapped, slanted


# --------------------------------------------------------------------------------------------
# Lines


def _lines(chars: list[_Char], page: int) -> list[_Line]:
    """Characters grouped into lines by baseline, each line sorted left to right, top to bottom."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c.base)
    groups: list[list[_Char]] = [[ordered[0]]]
    anchor = ordered[0]
    for char in ordered[1:]:
        if char.base - anchor.base > 0.45 * max(min(char.size, anchor.size), 1.0):
            groups.append([char])
            anchor = char
        else:
            groups[-1].append(char)
    return [line for group in groups if (line := _make_line(group, page)) is not None]


def _make_line(group: list[_Char], page: int) -> _Line | None:
    group.sort(key=lambda c: c.x0)
    chars: list[_Char] = []
    for char in group:  # text drawn twice a hair apart (fake bold) is one character
        if chars and char.ch == chars[-1].ch and abs(char.x0 - chars[-1].x0) < 0.25 * char.size:
            continue
        chars.append(char)
    for previous, char in itertools.pairwise(chars):
        char.spaced = char.typed or char.x0 - previous.x1 > 0.25 * max(previous.size, char.size, 1.0)
    sizes = Counter(round(c.size, 1) for c in chars)
    size = sizes.most_common(1)[0][0]
    return _Line(chars, _line_text(chars), min(c.x0 for c in chars), max(c.x1 for c in chars),
                 min(c.top for c in chars), max(c.bottom for c in chars),
                 Counter(round(c.base, 1) for c in chars).most_common(1)[0][0], size, page)


def _line_text(chars: list[_Char]) -> str:
    """The text of a line: spaces where the geometry has them, none between CJK characters and
    digits or percent signs (the autospace of Office and LibreOffice), see the module docstring."""
    gaps = sorted(char.x0 - previous.x1 for previous, char in itertools.pairwise(chars)
                  if _is_cjk(previous.ch) and _is_cjk(char.ch))
    stretch = max(gaps[(len(gaps) - 1) // 2], 0.0) if gaps else 0.0  # a justified line's spacing
    parts: list[str] = []
    previous: _Char | None = None
    for char in chars:
        if previous is not None and char.spaced:
            em = max(previous.size, char.size, 1.0)
            if not _drop_space(previous.ch, char.ch, char.x0 - previous.x1, em, char.typed, stretch):
                parts.append(" ")
        parts.append(char.ch)
        previous = char
    return "".join(parts)


def _drop_space(left: str, right: str, gap: float, em: float, typed: bool, stretch: float) -> bool:
    """Whether the space before `right` (a space character when `typed`, else a gap) goes;
    `stretch` is the usual gap between the line's CJK characters (justification)."""
    if gap > 1.5 * em:
        return False  # a column gap, kept as one space
    left_cjk, right_cjk = _is_cjk(left), _is_cjk(right)
    if left_cjk and right_cjk:
        return not typed and gap - stretch < 0.2 * em
    if (left_cjk and right in _DIGIT_OR_PERCENT) or (right_cjk and left in _DIGIT_OR_PERCENT):
        return True
    return left in _DIGITS and right in _PERCENT


def _lead_width(line: _Line) -> float:
    """Width of what must move to a new line together with the line's first character: a Latin
    word or number, or a CJK character with the punctuation that may not start a line."""
    chars = line.chars
    first = chars[0]
    end = 0
    while end + 1 < len(chars) and not chars[end + 1].spaced:
        here, after = chars[end].ch, chars[end + 1].ch
        latin = not _is_cjk(here) and not _is_cjk(after) and here not in _QUOTES and after not in _QUOTES
        if not (latin or after in _NO_BREAK_BEFORE or here in _NO_BREAK_AFTER):
            break
        end += 1
    width = chars[end].x1 - first.x0
    if first.ch in _NO_BREAK_BEFORE:
        width += first.size  # the character before it would have moved down too
    return width


# --------------------------------------------------------------------------------------------
# Page headers and footers


_PAGE_NUMBER = re.compile(
    r"^[-–—－_~\s]*(?:第\s*)?[0-9一二三四五六七八九十百零]+\s*(?:页)?\s*"
    r"(?:(?:[/／]|of|共)\s*[0-9]+\s*(?:页)?)?[-–—－_~\s]*$"
    r"|^[-–—－\s]*page\s*[0-9]+(?:\s*(?:of|/)\s*[0-9]+)?[-–—－\s]*$", re.IGNORECASE)
_BAND = 0.12  # headers and footers live in the top and bottom 12% of a page


def _drop_headers_and_footers(pages: list[_Page]) -> None:
    """Remove the lines at the top and bottom of pages that repeat (digits ignored) on most pages,
    and page numbers there."""
    candidates: list[tuple[_Page, _Line, str]] = []
    for page in pages:
        lines = page.lines
        for line in [lines[i] for i in sorted({0, 1, len(lines) - 2, len(lines) - 1}) if 0 <= i < len(lines)]:
            if line.bottom <= _BAND * page.height or line.top >= (1 - _BAND) * page.height:
                candidates.append((page, line, re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))))
    pages_with: dict[str, set[int]] = {}
    for page, _, key in candidates:
        pages_with.setdefault(key, set()).add(page.number)
    needed = max(2, (len([p for p in pages if p.lines]) + 1) // 2)
    dropped = {id(line) for page, line, key in candidates
               if len(pages_with[key]) >= needed or _PAGE_NUMBER.match(line.text.strip())}
    if dropped:
        for page in pages:
            page.lines = [line for line in page.lines if id(line) not in dropped]


# --------------------------------------------------------------------------------------------
# Tables (pdfplumber finds them; the text comes from our characters)


@dataclass
class _EdgePage:
    """What pdfplumber's table finder reads of a page with its default ("lines") strategies: the
    page's box and its edges. Here the edges are those of the path objects PDFium has parsed, so
    `TableFinder(_EdgePage(...))` is `page.find_tables()` on the same lines without pdfminer
    parsing the page a second time in Python: a table page costs milliseconds, not a tenth of a
    second, and a PDF that PDFium reads is never refused because pdfminer chokes on it."""

    bbox: tuple[float, float, float, float]
    edges: list[dict]
    chars: list = field(default_factory=list)


def _find_tables(number: int, width: float, height: float, edges: list[tuple[float, float, float, float]]
                 ) -> list[tuple[tuple[float, float, float, float], list[tuple]]]:
    """The ruled tables of a page: (bbox, cell bboxes) each, in display coordinates."""
    from pdfplumber.table import TableFinder

    vertical = _joined([(edge[0], edge[1], edge[3]) for edge in edges if edge[0] == edge[2]])
    horizontal = _joined([(edge[1], edge[0], edge[2]) for edge in edges if edge[1] == edge[3]])
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    if len(vertical) * len(horizontal) > MAX_TABLE_GRID:
        raise InputError(_PREFIX + f"第{number}页的表格线太多（{len(vertical)} 条竖线 × "
                         f"{len(horizontal)} 条横线），perflint 无法在合理时间内识别表格")
    lines = ([_edge_object((x, start, x, end), "v") for x, start, end in vertical]
             + [_edge_object((start, y, end, y), "h") for y, start, end in horizontal])
    finder = TableFinder(_EdgePage((0.0, 0.0, width, height), lines))
    return [(tuple(table.bbox), [tuple(cell) for cell in table.cells]) for table in finder.tables]


def _joined(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear segments (position, start, end) joined where they touch or overlap, as
    pdfplumber's snapping and joining would (tolerance 3): a table border drawn cell by cell is
    one edge, which bounds the work of the table finder by the table's lines, not its cells."""
    clusters: list[list[tuple[float, float, float]]] = []
    for segment in sorted(segments):
        if clusters and segment[0] - clusters[-1][-1][0] <= 1.0:
            clusters[-1].append(segment)
        else:
            clusters.append([segment])
    joined: list[tuple[float, float, float]] = []
    for cluster in clusters:
        position = sum(segment[0] for segment in cluster) / len(cluster)
        current: list[float] | None = None
        for _, start, end in sorted(cluster, key=lambda segment: segment[1]):
            if current is not None and start <= current[1] + 3.0:
                current[1] = max(current[1], end)
            else:
                if current is not None:
                    joined.append((position, current[0], current[1]))
                current = [start, end]
        if current is not None:
            joined.append((position, current[0], current[1]))
    return joined


def _edge_object(edge: tuple[float, float, float, float], orientation: str) -> dict:
    """An edge as pdfplumber's `page.edges` holds it."""
    x0, top, x1, bottom = edge
    return {"object_type": "line_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


def _take_tables(page: _Page, found: list, chars_by_line: list[_Line]) -> None:
    """Make `page.tables` from pdfplumber's cell boxes; the characters inside a table leave the
    page's body lines for the table's cells."""
    tables: list[tuple[tuple, list[tuple]]] = []
    for bbox, cells in found:
        cells = [cell for cell in cells if cell[2] - cell[0] > 1 and cell[3] - cell[1] > 1]
        if len(cells) < 2:
            continue  # a framed box is not a table
        tables.append((bbox, cells))
    if not tables:
        return
    body: list[_Char] = []
    in_cells: list[list[list[_Char]]] = [[[] for _ in cells] for _, cells in tables]
    indexes = [_CellIndex(cells) for _, cells in tables]
    for line in chars_by_line:
        for char in line.chars:
            cx, cy = char.cx, char.cy
            for t, (bbox, _) in enumerate(tables):
                if bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1:
                    in_cells[t][indexes[t].find(cx, cy)].append(char)
                    break
            else:
                body.append(char)
    page.lines = _lines(body, page.number)
    for (bbox, cells), cell_chars in zip(tables, in_cells, strict=True):
        pcells = [_PCell(cell[0], cell[1], cell[2], cell[3], page.number, _lines(chars, page.number))
                  for cell, chars in zip(cells, cell_chars, strict=True)]
        pads = [line.x0 - cell.x0 for cell in pcells for line in cell.lines[:1] if line.x0 - cell.x0 >= 0]
        pad = min(pads) if pads else 2.0
        table = _PTable(page.number, bbox[0], bbox[1], bbox[2], bbox[3], pcells, pad,
                        last_page=page.number, vbottom=bbox[3])
        for cell in pcells:
            cell.text = _cell_text(cell.lines, cell.x1 - cell.x0 - 2 * pad)
        page.tables.append(table)
    page.tables.sort(key=lambda table: table.top)


class _CellIndex:
    """Which cell of a table holds a point: the table's grid positions map to the cell covering
    them (a lookup by bisection), the nearest cell for a point on no cell."""

    def __init__(self, cells: list[tuple]) -> None:
        self.cells = cells
        self.xs = sorted({round(value, 2) for cell in cells for value in (cell[0], cell[2])})
        self.ys = sorted({round(value, 2) for cell in cells for value in (cell[1], cell[3])})
        self.slots: dict[tuple[int, int], int] = {}
        for index, (x0, top, x1, bottom) in enumerate(cells):
            for i in range(_at(self.xs, x0), _at(self.xs, x1)):
                for j in range(_at(self.ys, top), _at(self.ys, bottom)):
                    self.slots.setdefault((i, j), index)

    def find(self, x: float, y: float) -> int:
        slot = (bisect.bisect_right(self.xs, x) - 1, bisect.bisect_right(self.ys, y) - 1)
        index = self.slots.get(slot)
        return index if index is not None else _nearest_cell(self.cells, x, y)


def _at(bounds: list[float], value: float) -> int:
    return bisect.bisect_left(bounds, round(value, 2))


def _nearest_cell(cells: list[tuple], x: float, y: float) -> int:
    best, best_distance = 0, float("inf")
    for index, (x0, top, x1, bottom) in enumerate(cells):
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(top - y, 0.0, y - bottom)
        distance = dx * dx + dy * dy
        if distance == 0:
            return index
        if distance < best_distance:
            best, best_distance = index, distance
    return best


def _cell_text(lines: list[_Line], room: float) -> str:
    """A cell's lines joined: a number broken by a narrow column and a wrapped line are rejoined,
    a line that ends early keeps its line break (a new paragraph in the cell)."""
    if not lines:
        return ""
    parts = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        last, first = previous.text[-1], line.text[0]
        if last in _NUMBERISH and first in _NUMBERISH and (last in _DIGITS or first in _DIGIT_OR_PERCENT):
            parts.append("")  # a number broken by a narrow column: 335.3|3, 126.59|%
        elif room - previous.width < _lead_width(line) + 0.3 * max(line.size, 1.0):
            latin = last.isascii() and last.isalpha() and first.isascii() and first.isalpha()
            parts.append(" " if latin else "")
        else:
            parts.append("\n")
        parts.append(line.text)
    return "".join(parts)


def _line_full(line: _Line, room: float) -> bool:
    return room - line.width < max(line.size, 1.0)


# --------------------------------------------------------------------------------------------
# Tables continued over pages


def _continues(first: _PTable, second: _PTable) -> bool:
    return abs(first.x0 - second.x0) <= 3 and abs(first.x1 - second.x1) <= 3


def _rows(table: _PTable) -> list[float]:
    return sorted({round(cell.top, 1) for cell in table.cells})


def _row_texts(table: _PTable, top: float) -> tuple[str, ...]:
    return tuple(cell.text for cell in sorted(table.cells, key=lambda c: c.x0) if round(cell.top, 1) == top)


def _append(first: _PTable, second: _PTable) -> None:
    """Stack `second` (the table's part on the next page) under `first`."""
    rows_first, rows_second = _rows(first), _rows(second)
    repeated = 0
    while (repeated < min(len(rows_first), len(rows_second)) - 1
           and any(_row_texts(second, rows_second[repeated]))
           and _row_texts(second, rows_second[repeated]) == _row_texts(first, rows_first[repeated])):
        repeated += 1
    cells = second.cells
    if repeated:
        cut = rows_second[repeated]
        cells = [cell for cell in cells if round(cell.top, 1) >= cut]
    if not cells:
        return
    start = min(cell.top for cell in cells)
    offset = first.vbottom - start
    for cell in cells:
        cell.top += offset
        cell.bottom += offset
    top_row = [cell for cell in cells if abs(cell.top - first.vbottom) < 0.5]
    above = {id(cell): _cell_above(first, cell) for cell in top_row}
    split = any(
        (a := above[id(cell)]) is not None and cell.text and len(a.lines) >= 2
        and _line_full(a.lines[-1], a.x1 - a.x0 - 2 * first.pad)
        for cell in top_row)
    absorbed: set[int] = set()
    first_rows = _rows(first)
    for cell in top_row:
        a = above[id(cell)]
        if a is None or abs(a.x0 - cell.x0) > 2 or abs(a.x1 - cell.x1) > 2:
            continue
        if split:
            a.lines = a.lines + cell.lines
            a.text = _cell_text(a.lines, a.x1 - a.x0 - 2 * first.pad)
        elif cell.text or not a.text or round(a.top, 1) >= first_rows[-1]:
            continue  # a new row; or an empty cell under a one-row cell
        a.bottom = cell.bottom
        absorbed.add(id(cell))
    first.cells.extend(cell for cell in cells if id(cell) not in absorbed)
    first.vbottom = max(cell.bottom for cell in first.cells)
    first.last_page = second.page


def _cell_above(table: _PTable, cell: _PCell) -> _PCell | None:
    center = (cell.x0 + cell.x1) / 2
    for candidate in table.cells:
        if abs(candidate.bottom - table.vbottom) < 0.5 and candidate.x0 <= center <= candidate.x1:
            return candidate
    return None


# --------------------------------------------------------------------------------------------
# Paragraphs


@dataclass
class _Layout:
    """The body text's left and right margins (per page size) and its line pitch (÷ font size)."""

    margins: dict[tuple[int, int], tuple[float, float]]
    pitch: float

    def bounds(self, page: _Page) -> tuple[float, float]:
        return self.margins.get((round(page.width), round(page.height)), (0.0, page.width))


def _layout(pages: list[_Page]) -> _Layout:
    lefts: dict[tuple[int, int], Counter] = {}
    rights: dict[tuple[int, int], Counter] = {}
    for page in pages:
        key = (round(page.width), round(page.height))
        for line in page.lines:
            lefts.setdefault(key, Counter())[round(line.x0)] += len(line.chars)
            if line.x1 > page.width / 2:
                rights.setdefault(key, Counter())[round(line.x1)] += len(line.chars)
    margins = {}
    for key, counter in lefts.items():
        left = _cluster_mode(counter)
        right = _cluster_mode(rights[key]) if key in rights else max(counter) + 1
        margins[key] = (left, max(right, left + 1))
    ratios: Counter = Counter()
    for page in pages:
        for previous, line in zip(page.lines, page.lines[1:], strict=False):
            if abs(previous.size - line.size) < 0.5 and abs(previous.x1 - line.x1) < 2 and previous.size > 0:
                ratios[round((line.base - previous.base) / previous.size, 2)] += 1
    pitch = _cluster_mode(ratios, 0.02) if ratios else 1.5
    return _Layout(margins, pitch if 0.9 <= pitch <= 4 else 1.5)


def _cluster_mode(counter: Counter, width: float = 1.0) -> float:
    """The value around which most weight lies (values within `width` of it count for it)."""
    best, best_weight = 0.0, -1
    for value in counter:
        weight = sum(w for v, w in counter.items() if abs(v - value) <= width)
        if weight > best_weight or (weight == best_weight and value < best):
            best, best_weight = value, weight
    return best


def _breaks(previous: _Line, line: _Line, layout: _Layout, page: _Page, first_of_paragraph: bool,
            same_page: bool = True) -> bool:
    """Whether `line` starts a new paragraph after `previous` (see the module docstring)."""
    left, right = layout.bounds(page)
    em = max(previous.size, line.size, 1.0)
    if abs(previous.size - line.size) > 0.5:
        return True  # a heading in another size, or body text after it
    if same_page and line.base - previous.base > layout.pitch * em * 1.18:
        return True
    previous_centred, line_centred = _centred(previous, left, right, em), _centred(line, left, right, em)
    room = right - previous.x1 + (previous.x0 - left if previous_centred else 0.0)
    if room >= _lead_width(line) + 0.3 * em:
        return True  # the previous line ended early
    if previous_centred and line_centred:
        return False
    if line.x0 > previous.x0 + 0.8 * em:
        return True  # indented: a first line
    if first_of_paragraph:
        return previous.x0 > left + 3 * em and not previous_centred  # a right-aligned or deep line
    return line.x0 < previous.x0 - 0.8 * em  # a hanging indent ends


def _centred(line: _Line, left: float, right: float, em: float) -> bool:
    """Centred between the margins, and not merely an indented full line."""
    indent, rest = line.x0 - left, right - line.x1
    return indent > em and abs(indent - rest) < em


def _join(left: str, right: str) -> str:
    if left and right and _ascii_alnum(left[-1]) and _ascii_alnum(right[0]):
        return left + " " + right
    return left + right


@dataclass
class _Para:
    lines: list[_Line]
    page: int

    @property
    def text(self) -> str:
        text = self.lines[0].text
        for line in self.lines[1:]:
            text = _join(text, line.text)
        return text


def _page_items(page: _Page) -> Iterator[_Line | _PTable]:
    items: list[tuple[float, int, _Line | _PTable]] = [(line.top, 1, line) for line in page.lines]
    items += [(table.top, 0, table) for table in page.tables]
    items.sort(key=lambda item: (item[0], item[1]))
    return (item for _, _, item in items)


def _blocks(pages: list[_Page], layout: _Layout) -> list[_Para | _PTable]:
    """Paragraphs and tables in reading order, over all pages."""
    blocks: list[_Para | _PTable] = []
    for page in pages:
        for number, line in enumerate(page.lines, 1):
            line.number = number
        first_item = True
        for item in _page_items(page):
            last = blocks[-1] if blocks else None
            if isinstance(item, _PTable):
                if (first_item and isinstance(last, _PTable) and last.last_page == page.number - 1
                        and _continues(last, item)):
                    _append(last, item)
                else:
                    blocks.append(item)
            elif isinstance(last, _Para) and last.lines[-1].page == page.number and not first_item:
                if _breaks(last.lines[-1], item, layout, page, len(last.lines) == 1):
                    blocks.append(_Para([item], page.number))
                else:
                    last.lines.append(item)
            elif (first_item and isinstance(last, _Para) and last.lines[-1].page == page.number - 1
                  and not _breaks(last.lines[-1], item, layout, page, len(last.lines) == 1, same_page=False)):
                last.lines.append(item)  # the paragraph goes on at the top of the next page
            else:
                blocks.append(_Para([item], page.number))
            first_item = False
    return blocks


# --------------------------------------------------------------------------------------------
# The Document


def _table_block(table: _PTable, number: int, next_block: Callable[[], int]) -> Table:
    xs = _snap(sorted([cell.x0 for cell in table.cells] + [cell.x1 for cell in table.cells]), 2.0)
    ys = _snap(sorted([cell.top for cell in table.cells] + [cell.bottom for cell in table.cells]), 1.0)
    width, height = len(xs) - 1, len(ys) - 1
    grid: list[list[_PCell | None]] = [[None] * width for _ in range(height)]
    for cell in sorted(table.cells, key=lambda c: (c.top, c.x0)):
        c0, c1 = _index(xs, cell.x0), _index(xs, cell.x1)
        r0, r1 = _index(ys, cell.top), _index(ys, cell.bottom)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if grid[r][c] is None:
                    grid[r][c] = cell
    pieces: dict[int, Piece] = {}
    rows: list[list[Cell]] = []
    for r, grid_row in enumerate(grid):
        cells: list[Cell] = []
        for c, pcell in enumerate(grid_row):
            if pcell is not None and id(pcell) in pieces:
                cells.append(Cell(pieces[id(pcell)], row=r, column=c, merged=True))
                continue
            page = pcell.page if pcell is not None else table.page
            piece = Piece(pcell.text if pcell is not None else "", line=next_block(),
                          location=f"第{page}页 表{number} 第{r + 1}行第{c + 1}列")
            if pcell is not None:
                pieces[id(pcell)] = piece
            cells.append(Cell(piece, row=r, column=c))
        rows.append(cells)
    return Table(rows=rows, index=number, location=f"第{table.page}页 表{number}")


def _snap(values: list[float], tolerance: float) -> list[float]:
    snapped: list[float] = []
    for value in values:
        if not snapped or value - snapped[-1] > tolerance:
            snapped.append(value)
    return snapped


def _index(bounds: list[float], value: float) -> int:
    """The position in the sorted `bounds` nearest to `value`."""
    at = bisect.bisect_left(bounds, value)
    if at == len(bounds) or (at > 0 and value - bounds[at - 1] <= bounds[at] - value):
        return at - 1
    return at


def read_pdf(path: Path) -> Document:
    """The paragraphs and ruled tables of a PDF with a text layer, in reading order."""
    from perflint.extract.textdoc import MAX_TEXT_CHARS

    data = read_bytes(path)
    _check_container(data)
    document = _open(data)
    try:
        _check_decrypted_streams(document)
        count = len(document)
        if count > MAX_PAGES:
            raise InputError(_PREFIX + f"文件有 {count:,} 页，超过 perflint 的读取上限（{MAX_PAGES} 页）")
        if count == 0:
            raise InputError(_PREFIX + "文件没有任何页面")
        budget = [min(MAX_TEXT_CHARS, current().text_chars)]
        pages: list[_Page] = []
        edges: list[list] = []
        for index in range(count):
            page, page_edges = _read_page(document, index, budget)
            pages.append(page)
            edges.append(page_edges)
    finally:
        document.close()
    scanned = [page.number for page in pages if page.scanned]
    if not any(page.chars for page in pages):
        raise InputError(_NO_TEXT)
    if scanned:
        shown = "、".join(map(str, scanned[:10])) + ("等" if len(scanned) > 10 else "")
        raise InputError(f"PDF第{shown}页没有文字层（可能是扫描件），perflint 无法读取这些页；"
                         "OCR 不在支持范围内，请提供有文字层的PDF或 .docx 版本")
    for index, page in enumerate(pages):
        if edges[index] and page.lines:
            _take_tables(page, _find_tables(page.number, page.width, page.height, edges[index]), page.lines)
    _drop_headers_and_footers(pages)
    layout = _layout(pages)
    result = Document(path=path, kind="pdf")
    counter = [0]

    def next_block() -> int:
        counter[0] += 1
        return counter[0]

    tables = 0
    for block in _blocks(pages, layout):
        if isinstance(block, _PTable):
            tables += 1
            result.blocks.append(_table_block(block, tables, next_block))
        else:
            text = block.text
            if text.strip():
                first = block.lines[0]
                piece = Piece(text, line=next_block(), location=f"第{first.page}页第{first.number}行")
                result.blocks.append(Paragraph(piece))
    return result


def load_pdf(path: Path):
    """A PDF as a Report: read its Document, then the format-independent extraction."""
    document = read_pdf(path)
    from perflint.extract import extract_report

    return extract_report(document)


LOADERS = [Loader("pdf", (".pdf",), load_pdf)]
