"""Word .docx files: paragraphs and real tables in reading order, each piece mapped to its place.

Why this module walks the XML itself rather than python-docx's high-level API:
- body order matters (a table sits between the paragraphs that introduce and explain it), and
  tables inside content controls (`w:sdt`) must not be lost;
- merged cells: python-docx repeats a merged cell's object for every grid position; here each
  grid position becomes a `Cell`, the origin keeps the text and the copies are marked
  `merged=True` (same text, same place), so a row-by-row reader still sees the row's 一级指标 while
  nothing is counted twice;
- paragraph text must include tracked insertions and hyperlinks and exclude deleted text, text
  boxes and field codes, which python-docx's `Paragraph.text` does not all do.

Places: there is no line/column in a .docx. Every non-empty paragraph and every table cell is a
block; `line` is the block's number in reading order and `location` names it: `第12段` (the 12th
non-empty body paragraph), `表2 第3行第4列` (1-based, columns counted on the table grid after
expanding merged cells). Headers, footers, footnotes and text boxes are not read.

Untrusted files: a .docx is a ZIP package. Before any XML is parsed the package is checked
(`open_package`): not a ZIP, an encrypted (password-protected) file, a missing main part, XML with
a DTD (entity expansion), and declared uncompressed sizes beyond a limit (zip bombs) are refused
with an `InputError`. Then every member is inflated in bounded chunks and every XML part streamed
without building a tree (perflint.loaders.package): the bytes actually inflated
(`limits.unzipped-bytes`), the XML elements (`limits.package-elements`) and the text characters
(`limits.text-chars`) are counted as they come, and a damaged member is named. A table's spans
(`gridSpan`, `gridBefore`, `gridAfter`) are clamped to its grid (`w:tblGrid`, else Word's 63
columns) and its cells checked against `limits.table-cells` before the grid is built; the text
built from the document is counted against `limits.text-chars` as it grows (a nested table's text
is copied into its cell).
"""

from __future__ import annotations

import functools
import gc
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from lxml import etree

from perflint.document import Document, Paragraph, Piece, Table, table_from_grid
from perflint.limits import Limits, current
from perflint.loaders.base import Loader
from perflint.loaders.members import PackageMembers
from perflint.loaders.package import PackageScan, corrupt_member, measure_package, within_declared_sizes
from perflint.reading import InputError, over_limit, read_bytes

#: Refuse packages whose members declare more than this many bytes once inflated (zip bombs):
#: the default of `limits.unzipped-bytes` (the run's value is what is checked).
MAX_UNCOMPRESSED_BYTES = Limits().unzipped_bytes
#: Refuse any single member declaring more than this.
MAX_MEMBER_BYTES = 128 * 1024 * 1024
#: Refuse packages with more members than any real Office file has.
MAX_MEMBERS = 10_000

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OFFICE_DOCUMENT_REL = re.compile(r"/officeDocument$")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
#: The fact (members.PackageMembers) that a member's first 4 KB inflate and declare no DTD.
_HEAD_CHECKED = "head inflates, no DTD"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)

#: What each Office format calls itself, to name a file that was given the wrong extension (zh, en).
_FORMATS = {"word/": ("Word (.docx) 文档", "a Word (.docx) document"),
            "xl/": ("Excel (.xlsx) 工作簿", "an Excel (.xlsx) workbook"),
            "ppt/": ("PowerPoint (.pptx) 演示文稿", "a PowerPoint (.pptx) presentation")}


# --------------------------------------------------------------------------------------------
# The package check, shared with the .xlsx loader


def open_package(path: Path, *, kind: str, main_prefix: str) -> bytes:
    """Read an Office Open XML file and check it is safe to parse; return its bytes.

    `kind` names the expected format in messages ("Word .docx", the same in both languages);
    `main_prefix` is where its main part lives ("word/", "xl/"). Raises InputError for anything
    that is not a sound package.
    """
    return open_measured_package(path, kind=kind, main_prefix=main_prefix)[0]


def open_measured_package(path: Path, *, kind: str, main_prefix: str,
                          quick: bool = False) -> tuple[bytes, PackageScan | None]:
    """`open_package`, and what measuring the package found (its worksheets' merged ranges and
    cells, for the .xlsx reader). `quick`: a package whose declared sizes already keep it within
    the limits (package.within_declared_sizes) is not inflated to be measured, and the scan is
    None; a corrupt member then surfaces when the package is parsed (`read_docx` measures it
    then, to name the member)."""
    members, scan = _open_members(path, kind=kind, main_prefix=main_prefix, quick=quick)
    return members.data, scan


def _open_members(path: Path, *, kind: str, main_prefix: str,
                  quick: bool = False) -> tuple[PackageMembers, PackageScan | None]:
    """`open_measured_package`, keeping the package's archive and the members it inflated
    (PackageMembers) for the reader that parses it next."""
    data = read_bytes(path)
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise InputError(f"{kind} 文件设有密码（已加密），perflint 无法读取：请另存一份不加密的文件"
                             "再检查",
                             english=f"the {kind} file is password-protected (encrypted); perflint "
                                     "cannot read it: save an unprotected copy and lint that")
        raise InputError(f"不是 {kind} 文件：这是旧版二进制 Office 文件（.doc/.xls）或 OLE 容器；"
                         f"请先另存为 {kind} 格式",
                         english=f"not {_a(kind)} file: this is an old binary Office file (.doc/.xls) "
                                 f"or an OLE container; save it as {kind} first")
    if not data.startswith(b"PK"):
        raise InputError(f"不是 {kind} 文件：文件不是 ZIP 包（已损坏，或是其他格式改了扩展名）",
                         english=f"not {_a(kind)} file: the file is not a ZIP package (corrupt, or "
                                 "another format renamed)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = PackageMembers(data, archive)
        _check_members(members, kind)
        main = _main_part(members, kind)
        if not main.startswith(main_prefix):
            zh, en = next((names for prefix, names in _FORMATS.items() if main.startswith(prefix)),
                          (f"其他类型的 ZIP 包（主体部分为 {main}）",
                           f"another kind of package (main part {main})"))
            raise InputError(f"不是 {kind} 文件：这是{zh}",
                             english=f"not {_a(kind)} file: the package is {en}")
        if main not in archive.namelist():
            raise InputError(f"{kind} 文件已损坏：包中缺少 {main}",
                             english=f"corrupt {kind} file: the package has no {main}")
        quickly = quick and within_declared_sizes(archive, main)
        scan = None if quickly else measure_package(archive, kind, main)
    except zipfile.BadZipFile as exc:
        raise _corrupt(kind, str(exc)) from None
    except (OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        raise _corrupt(kind, f"{type(exc).__name__}: {exc}") from None
    return members, scan


def _corrupt(kind: str, detail: str) -> InputError:
    """A package that cannot be read, with the library's own words (English) as the detail."""
    return InputError(f"{kind} 文件已损坏（{detail}）", english=f"corrupt {kind} file: {detail}")


def _a(kind: str) -> str:
    return ("an " if kind[:1] in "AEIOU" else "a ") + kind


def _check_members(members: PackageMembers, kind: str) -> None:
    archive = members.archive
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"拒绝读取 {kind} 文件：包中有 {len(infos)} 个成员，超过 {MAX_MEMBERS} 个的上限",
                         english=f"refusing the {kind} file: {len(infos)} package members is more "
                                 f"than the {MAX_MEMBERS} limit")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(f"{kind} 文件设有密码（ZIP 成员 {info.filename} 已加密）：请另存一份不加密的"
                             "文件再检查",
                             english=f"the {kind} file is password-protected (encrypted ZIP member "
                                     f"{info.filename}); save an unprotected copy and lint that")
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError(
                f"拒绝读取 {kind} 文件：成员 {info.filename} 声明解压后为 {info.file_size / 2**20:.0f} MB，"
                f"超过 {MAX_MEMBER_BYTES // 2**20} MB 的上限（疑似 ZIP 炸弹）",
                english=f"refusing the {kind} file: member {info.filename} declares "
                        f"{info.file_size / 2**20:.0f} MB uncompressed, more than the "
                        f"{MAX_MEMBER_BYTES // 2**20} MB limit (a zip bomb?)")
        total += info.file_size
    limit = current().unzipped_bytes
    if total > limit:
        raise InputError(f"拒绝读取 {kind} 文件：各成员声明解压后共 {total / 2**20:.0f} MB，超过 "
                         f"limits.unzipped-bytes = {limit} 字节的上限（疑似 ZIP 炸弹）",
                         english=f"refusing the {kind} file: its members declare {total / 2**20:.0f} MB "
                                 f"uncompressed, more than limits.unzipped-bytes = {limit} bytes "
                                 "(a zip bomb?)")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and not members.known(info, _HEAD_CHECKED):
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (zlib.error, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                raise corrupt_member(kind, info.filename, exc) from None
            if _DTD.search(head):
                raise InputError(f"拒绝读取 {kind} 文件：{info.filename} 声明了 DTD，Office 文件从不如此"
                                 "（疑似实体扩展攻击）",
                                 english=f"refusing the {kind} file: {info.filename} declares a DTD, "
                                         "which Office files never do (entity expansion attack?)")
            members.remember(info, _HEAD_CHECKED)


def _main_part(members: PackageMembers, kind: str) -> str:
    """The package's main part, as its root relationships name it (word/document.xml …)."""
    names = set(members.archive.namelist())
    if "_rels/.rels" not in names:
        if "word/document.xml" in names:
            return "word/document.xml"
        if "xl/workbook.xml" in names:
            return "xl/workbook.xml"
        raise InputError(f"不是 {kind} 文件：ZIP 包中没有 Office 内容（没有 _rels/.rels、word/document.xml "
                         "或 xl/workbook.xml）",
                         english=f"not {_a(kind)} file: a ZIP package without Office content "
                                 "(no _rels/.rels, word/document.xml or xl/workbook.xml)")
    info = members.archive.getinfo("_rels/.rels")
    main = members.known(info, _MAIN_PART)
    if main is None:
        main = _main_part_named(members, kind)
        members.remember(info, _MAIN_PART, main)
    return main


#: The fact (members.PackageMembers) that a root relationship part names this main part.
_MAIN_PART = "names the main part"


def _main_part_named(members: PackageMembers, kind: str) -> str:
    """The main part the package's `_rels/.rels` names (InputError when it names none)."""
    try:
        root = ElementTree.fromstring(members.read("_rels/.rels"))
    except ElementTree.ParseError as exc:
        raise InputError(f"{kind} 文件已损坏：_rels/.rels 不是有效的 XML（{exc}）",
                         english=f"corrupt {kind} file: _rels/.rels is not valid XML ({exc})") from None
    for rel in root:
        if _OFFICE_DOCUMENT_REL.search(rel.get("Type", "")):
            if "purl.oclc.org" in rel.get("Type", ""):
                raise InputError(f"{kind} 文件保存为 Strict Open XML 格式，perflint 无法读取：请另存为标准"
                                 "（transitional）格式",
                                 english=f"the {kind} file is saved as Strict Open XML, which perflint "
                                         "cannot read: save it in the standard (transitional) format")
            target = rel.get("Target", "").lstrip("/")
            return str(PurePosixPath(target))
    raise InputError(f"不是 {kind} 文件：包中没有指明主文档",
                     english=f"not {_a(kind)} file: the package names no main document")


# --------------------------------------------------------------------------------------------
# Reading the document


@dataclass
class _Counter:
    """Numbers blocks in reading order (`line`) and paragraphs/tables for their names."""

    block: int = 0
    paragraph: int = 0
    table: int = 0

    def next_block(self) -> int:
        self.block += 1
        return self.block


def read_docx(path: Path) -> Document:
    """The paragraphs and tables of a .docx, in body order, as a Document."""
    members, scan = _open_members(path, kind="Word .docx", main_prefix="word/", quick=True)
    try:
        found = _package_parts(members)
    except Exception:  # python-docx, below, names what is wrong with the package
        found = None
    try:
        body, styles = found if found is not None else _python_docx_parts(members.data)
    except InputError:
        if scan is None:  # not measured: a corrupt member is named by measuring it now
            open_measured_package(path, kind="Word .docx", main_prefix="word/")
        raise
    if body is None:  # a main part without <w:body> (or another root element, another namespace)
        raise InputError("Word .docx 文件已损坏：word/document.xml 中没有 Word 正文"
                         "（w:document 下的 w:body）",
                         english="corrupt Word .docx file: word/document.xml holds no Word body "
                                 "(w:body in w:document)")
    return _document(path, body, styles)


def _document(path: Path, body, styles: dict[str, tuple[str, int | None]]) -> Document:
    """The Document of a body element, python-docx's or a plain lxml one (`_package_parts`)."""
    document = Document(path=path, kind="docx")
    counter = _Counter()
    budget = _TextBudget()
    for element in _body_items(body):
        if element.tag == _P:
            paragraph = _paragraph(element, styles, counter, budget)
            if paragraph is not None:
                document.blocks.append(paragraph)
        else:
            document.blocks.append(_table(element, counter, budget))
    return document


#: python-docx's refusal of a package whose main part is not a Word document.
_NOT_WORD = re.compile(r"is not a Word file, content type is '([^']{0,200})'")


def _python_docx_parts(data: bytes) -> tuple[object, dict[str, tuple[str, int | None]]]:
    """The document body and the style names, from python-docx's own Document object: for the
    packages `_package_parts` leaves to it, so the messages for broken files are python-docx's."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(io.BytesIO(data))
    except PackageNotFoundError as exc:
        raise InputError(f"不是 Word .docx 文件（{exc}）", english=f"not a Word .docx file: {exc}") from None
    except Exception as exc:  # any parser failure here is a malformed file, not a perflint bug
        other = _NOT_WORD.search(str(exc))
        if other is not None:  # python-docx names its BytesIO object (an address) and the type
            raise InputError(f"不是 Word .docx 文件：主文档的内容类型是 {other.group(1)}",
                             english=f"not a Word .docx file: its main part's content type is "
                                     f"{other.group(1)}") from None
        raise _corrupt("Word .docx", f"{type(exc).__name__}: {exc}") from None
    styles = _style_names(word)
    body = getattr(word.element, "body", None)  # None: another root element, or another namespace
    del word
    # python-docx's package and parts refer to each other, so the parsed XML trees (megabytes
    # of libxml2 memory behind a few hundred Python objects) are freed only by the cyclic
    # collector, which `perflint check` runs rarely (runner.GC_THRESHOLDS). Collect the young
    # generations now, while that garbage is still young and cheap to find.
    gc.collect(1)
    return body, styles


#: The facts (members.PackageMembers) `_package_parts` remembers of a part: the style names a
#: styles part defines (parsing 300 KB of latent styles cost more than the rest of reading a
#: report), and that python-docx loads any other part (its XML parses, its data inflates).
_STYLE_NAMES = "style names"
_LOADS = "python-docx loads it as"


def _package_parts(members: PackageMembers) -> tuple[object, dict[str, tuple[str, int | None]]] | None:
    """The document body and the style names python-docx's `Document(data)` would give, without
    building its Document (package objects, relationship graph, every part parsed).

    The package is read with python-docx's own reader and every part it would load is loaded with
    its own part classes (so a member, a relationship or XML that python-docx refuses raises here
    too), except a part byte-identical to one loaded before (members.PackageMembers: a template's
    styles, theme, fonts …), which is neither inflated nor parsed again, and the main document,
    parsed with the options of python-docx's parser but into plain lxml elements (the same tree,
    without python-docx's element classes, whose Python objects made walking the body a quarter
    slower). The relationship walk itself is done once per template (`_package_layout`).
    Returns None when the package is unusual (no or several main documents or styles parts,
    another content type, no body): `_python_docx_parts` then reads it, as before.
    """
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import PartFactory
    from docx.parts.document import DocumentPart
    from docx.parts.styles import StylesPart

    main, styles_name, parts = _package_layout(members)
    if styles_name is None:
        return None
    document = None
    styles: dict[str, tuple[str, int | None]] | None = None
    for partname, content_type, reltype, member in parts:
        info = members.archive.getinfo(member)
        if partname == main:
            if (content_type != CT.WML_DOCUMENT_MAIN or reltype != RT.OFFICE_DOCUMENT
                    or PartFactory.part_type_for.get(content_type) is not DocumentPart):
                return None
            document = etree.fromstring(members.read(info.filename), _document_parser())
            continue
        is_styles = partname == styles_name and content_type == CT.WML_STYLES and reltype == RT.STYLES
        loads = (_LOADS, str(partname), content_type, reltype)
        if is_styles:
            styles = members.known(info, _STYLE_NAMES)
            if styles is not None:
                continue
        elif partname != styles_name and members.known(info, loads):
            continue
        part = PartFactory(partname, content_type, reltype, members.read(info.filename), None)
        if partname == styles_name:
            if not is_styles or not isinstance(part, StylesPart):
                return None
            styles = _styles_of(part.element)
            members.remember(info, _STYLE_NAMES, styles)
        else:
            members.remember(info, loads)
    if document is None or document.tag != W + "document" or styles is None:
        return None  # python-docx's Document has no body then, or other styles
    body = _first(document, W + "body")  # python-docx's `CT_Document.body`
    return (body, styles) if body is not None else None


#: The fact (members.PackageMembers) that python-docx's package reader, reading a package with
#: these member names, content types and relationship parts, finds what `_package_layout` returns.
_LAYOUT = "python-docx's package reader finds"

#: A part as python-docx's package reader finds it: its name, content type, the type of the
#: relationship that reaches it, and its member's name.
_Part = tuple[str, str, str, str]


def _package_layout(members: PackageMembers) -> tuple[str | None, str | None, tuple[_Part, ...]]:
    """The main document part, its styles part and every part python-docx's package reader
    (`_package_reader`) finds. What the reader finds depends only on the package's member names,
    its content types and its relationship parts, which reports made from one template share byte
    for byte: walking the relationships again (a third of reading the package) is then skipped."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    archive = members.archive
    consulted = tuple(info for info in archive.infolist()
                      if info.filename == "[Content_Types].xml" or info.filename.endswith(".rels"))
    fact = (_LAYOUT, tuple(archive.namelist()))
    layout = members.known_together(consulted, fact)
    if layout is None:
        reader = _package_reader(members)
        srels = list(reader.iter_srels())
        main = _related_part(srels, "/", RT.OFFICE_DOCUMENT)
        styles_name = _related_part(srels, main, RT.STYLES) if main is not None else None
        parts = tuple((partname, content_type, reltype, info.filename)
                      for partname, content_type, reltype, info in reader.iter_sparts())
        layout = (main, styles_name, parts)
        members.remember_together(consulted, fact, layout)
    return layout


@functools.cache
def _document_parser():
    """An lxml parser with python-docx's options (`docx.oxml.parser.oxml_parser`), without its
    element classes."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _package_reader(members: PackageMembers):
    """python-docx's `PackageReader.from_file`, reading the package through `_PhysicalPackage`:
    the same relationship walk, content types and errors, but each part's blob is its ZipInfo
    (the part is inflated by `_package_parts` when it must be)."""
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.pkgreader import PackageReader, _ContentTypeMap

    physical = _PhysicalPackage(members)
    content_types = _ContentTypeMap.from_xml(physical.content_types_xml)
    package_rels = PackageReader._srels_for(physical, PACKAGE_URI)
    parts = PackageReader._load_serialized_parts(physical, package_rels, content_types)
    return PackageReader(content_types, package_rels, parts)


class _PhysicalPackage:
    """python-docx's physical package reader (`_ZipPkgReader`) over PackageMembers."""

    def __init__(self, members: PackageMembers) -> None:
        self._members = members

    def blob_for(self, pack_uri) -> zipfile.ZipInfo:
        """The member's ZipInfo; KeyError for a missing member, as `ZipFile.read` raises."""
        return self._members.archive.getinfo(pack_uri.membername)

    @property
    def content_types_xml(self) -> bytes:
        return self._members.read("[Content_Types].xml")

    def rels_xml_for(self, source_uri) -> bytes | None:
        try:
            return self._members.read(source_uri.rels_uri.membername)
        except KeyError:
            return None


def _related_part(srels: list, source: str, reltype: str) -> str | None:
    """The part `source` relates to by `reltype`, when exactly one internal relationship does so
    (relationships with the same id replace each other, as in python-docx)."""
    by_id = {srel.rId: srel for source_uri, srel in srels if source_uri == source}
    found = [srel for srel in by_id.values() if srel.reltype == reltype]
    if len(found) != 1 or found[0].is_external:
        return None
    return found[0].target_partname


_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = W + "p", W + "tbl", W + "sdt", W + "sdtContent", W + "customXml"
#: Block-level wrappers whose content is read as if it stood in their place (content controls'
#: `w:sdtContent` is reached through `w:sdt`).
_TRANSPARENT = frozenset({_CUSTOM_XML, W + "ins", W + "moveTo"})


def _first(parent, tag: str):
    """`parent.find(tag)` for a plain tag: its first child with that tag, or None. lxml's `find`
    goes through ElementPath and costs six times this loop over a few children."""
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _body_items(container) -> list:
    """Block-level paragraphs and tables in order, looking inside content controls."""
    items: list = []
    _add_body_items(container, items)
    return items


def _add_body_items(container, items: list, properties: str | None = None):
    """Add the paragraphs and tables of `container` to `items`, looking through content controls
    and transparent wrappers; with `properties` (a cell's `tcPr` tag), the first child so tagged
    is returned, found in the same pass."""
    found = None
    for child in container:
        tag = child.tag
        if tag in (_P, _TBL):
            items.append(child)
        elif tag == properties:
            found = child if found is None else found
        elif tag == _SDT:
            content = _first(child, _SDT_CONTENT)
            if content is not None:
                _add_body_items(content, items)
        elif tag in _TRANSPARENT:
            _add_body_items(child, items)
    return found


def _style_names(word) -> dict[str, tuple[str, int | None]]:
    """styleId → (name, outline level) for paragraph styles, following `basedOn` for the level."""
    try:
        element = word.styles.element
    except (KeyError, AttributeError, NotImplementedError):  # no styles part: plain paragraphs
        return {}
    return _styles_of(element)


def _styles_of(element) -> dict[str, tuple[str, int | None]]:
    """`_style_names` of a styles part's root element."""
    raw: dict[str, tuple[str, int | None, str | None]] = {}
    try:
        for style in element.findall(W + "style"):
            style_id = style.get(W + "styleId")
            if not style_id:
                continue
            name_el = _first(style, W + "name")
            name = name_el.get(W + "val") if name_el is not None else style_id
            based = _first(style, W + "basedOn")
            raw[style_id] = (_builtin_name(name), _outline_level(_first(style, W + "pPr")),
                             based.get(W + "val") if based is not None else None)
    except (KeyError, AttributeError, NotImplementedError):  # no styles part: plain paragraphs
        return {}
    resolved: dict[str, tuple[str, int | None]] = {}
    for style_id, (name, level, based) in raw.items():
        seen = {style_id}
        while level is None and based in raw and based not in seen:
            seen.add(based)
            level, based = raw[based][1], raw[based][2]
        resolved[style_id] = (name, level)
    return resolved


def _builtin_name(name: str) -> str:
    """Word stores built-in names in lower case (`heading 1`); WPS may store `标题 1`."""
    match = _HEADING_NAME.match(name.strip())
    if match:
        return f"Heading {match.group(1)}"
    return name[:1].upper() + name[1:] if name in ("normal", "title", "subtitle") else name


def _outline_level(ppr) -> int | None:
    if ppr is None:
        return None
    element = _first(ppr, W + "outlineLvl")
    if element is None:
        return None
    try:
        level = int(element.get(W + "val", ""))
    except ValueError:
        return None
    return level if 0 <= level < 9 else None


def _paragraph_style(p, styles: dict[str, tuple[str, int | None]]) -> str | None:
    """The style name; a paragraph with an outline level is reported as `Heading N`.

    Chinese reports often use custom heading styles or direct outline levels rather than the
    built-in `Heading N`; the outline level is what makes Word list it in the navigation pane.
    """
    ppr = _first(p, W + "pPr")
    name, level = None, None
    if ppr is not None:
        style_el = _first(ppr, W + "pStyle")
        if style_el is not None:
            name, level = styles.get(style_el.get(W + "val", ""), (style_el.get(W + "val"), None))
        direct = _outline_level(ppr)
        level = direct if direct is not None else level
    if level is not None and not (name or "").startswith("Heading"):
        return f"Heading {level + 1}"
    return name


def paragraph_text(p) -> str:
    """What Word shows for a paragraph: runs, hyperlinks, insertions; no deletions, text boxes,
    field codes or fallback copies of drawings."""
    parts: list[str] = []
    _collect_text(p, parts)
    return "".join(parts)


_SKIP = frozenset({W + "del", W + "moveFrom", W + "txbxContent", W + "instrText", W + "delText",
                   W + "rPr", W + "pPr", _MC_FALLBACK, W + "footnoteReference"})
_T, _BR, _TYPE = W + "t", W + "br", W + "type"
#: The character each of these run elements stands for (`w:br` only when it breaks a line).
_CHARACTERS = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _collect_text(element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag in _SKIP:
            continue
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == _BR:
            if child.get(_TYPE) in (None, "textWrapping"):
                parts.append("\n")
        elif isinstance(tag, str):  # not a comment or processing instruction
            _collect_text(child, parts)


def _paragraph(p, styles: dict[str, tuple[str, int | None]], counter: _Counter,
               budget: _TextBudget) -> Paragraph | None:
    text = paragraph_text(p)
    if not text.strip():
        return None
    counter.paragraph += 1
    number = counter.paragraph
    budget.charge(text, lambda: (f"第{number}段", f"paragraph {number}"))
    piece = Piece(text, line=counter.next_block(), location=f"第{number}段")
    return Paragraph(piece, style=_paragraph_style(p, styles))


# --------------------------------------------------------------------------------------------
# Tables and merged cells


def _int_attribute(parent, tag: str, default: int) -> int:
    return _int_value(_first(parent, tag) if parent is not None else None, default)


def _int_value(element, default: int) -> int:
    """An element's `w:val` as a count (negative ones are 0), `default` when absent or no number."""
    if element is None:
        return default
    try:
        return max(int(element.get(W + "val", default)), 0)
    except ValueError:
        return default


#: Columns a span may reach in a table that declares no grid (`w:tblGrid`): Word's own maximum.
MAX_GRID_COLUMNS = 63


class _TextBudget:
    """The characters of text built from one document so far, against `limits.text-chars`:
    a nested table's text is copied into its cell, so the text built can outgrow the text stored."""

    def __init__(self) -> None:
        self.left = current().text_chars

    def charge(self, text: str, place: Callable[[], tuple[str, str]]) -> str:
        """Count `text`; over the limit, refuse it naming `place()` (zh, en), only then built."""
        self.left -= len(text)
        if self.left < 0:
            raise over_limit("text-chars", place())
        return text


def _cell_text(items: list, budget: _TextBudget, where: tuple[str, str]) -> str:
    """The text of a cell of paragraphs and tables `items` (`_body_items`): its paragraphs joined by
    newlines (empty ones dropped: they are spacing); a nested table is flattened row by row with
    tab-separated cells so its text is not lost."""
    lines: list[str] = []
    for element in items:
        if element.tag == _P:
            text = paragraph_text(element)
            if text.strip():
                lines.append(text)
        else:
            for row in _grid(element, budget, (f"{where[0]}中的嵌套表格", f"a table nested in {where[1]}")):
                texts = [text for text, origin in row if origin is None]
                if any(t.strip() for t in texts):
                    lines.append("\t".join(texts))
    return "\n".join(lines)


def _span_bound(tbl) -> int:
    """The most grid columns one span may cover: the table's declared grid, else Word's maximum."""
    grid = _first(tbl, W + "tblGrid")
    declared = sum(1 for col in grid if col.tag == W + "gridCol") if grid is not None else 0
    return declared or MAX_GRID_COLUMNS


_TR, _TC, _TRPR, _TCPR = W + "tr", W + "tc", W + "trPr", W + "tcPr"
_GRID_BEFORE, _GRID_AFTER, _GRID_SPAN = W + "gridBefore", W + "gridAfter", W + "gridSpan"
_VMERGE, _HMERGE, _VAL = W + "vMerge", W + "hMerge", W + "val"

#: A cell as the grid is built from it: its paragraphs and tables (`_body_items`), the grid columns
#: it spans, and whether it continues the merge of the cell above (`vMerge`) or to its left (the
#: legacy `hMerge`).
_GridCell = tuple[list, int, bool, bool]


def _row_spans(tr, bound: int) -> tuple[int, list[_GridCell], int]:
    """A row's gridBefore, its cells with their spans, and its gridAfter, each clamped to `bound`:
    a span of 10⁷ (or 2⁶⁴) columns in a 5-column table is a hostile file, not a layout. Its cells
    are those of the row and of row-level content controls and custom XML; the row's children are
    read once for its properties and its cells."""
    trpr = None
    cells: list[_GridCell] = []
    for child in tr:
        tag = child.tag
        if tag == _TC:
            cells.append(_grid_cell(child, bound))
        elif tag == _TRPR:
            trpr = child if trpr is None else trpr
        elif tag in (_SDT, _CUSTOM_XML):
            content = _first(child, _SDT_CONTENT) if tag == _SDT else child
            if content is not None:
                cells.extend(_grid_cell(tc, bound) for tc in content if tc.tag == _TC)
    before = after = 0
    if trpr is not None:
        before = min(_int_attribute(trpr, _GRID_BEFORE, 0), bound)
        after = min(_int_attribute(trpr, _GRID_AFTER, 0), bound)
    return before, cells, after


def _grid_cell(tc, bound: int) -> _GridCell:
    """A cell's body items and its first `gridSpan`, `vMerge` and `hMerge` properties, from one
    pass over its children and one over its properties (a bound is at least 1, so a cell without
    them spans 1): a table has hundreds of cells, and its text is read from these items."""
    items: list = []
    tcpr = _add_body_items(tc, items, _TCPR)
    if tcpr is None:
        return items, 1, False, False
    span = vertical = horizontal = None
    for child in tcpr:
        tag = child.tag
        if tag == _GRID_SPAN:
            span = child if span is None else span
        elif tag == _VMERGE:
            vertical = child if vertical is None else vertical
        elif tag == _HMERGE:
            horizontal = child if horizontal is None else horizontal
    width = 1 if span is None else min(max(_int_value(span, 1), 1), bound)  # most cells: no span
    return (items, width, vertical is not None and _continues(vertical),
            horizontal is not None and _continues(horizontal))


def _continues(merge) -> bool:
    """Whether a `vMerge`/`hMerge` element continues a merge (its `val` absent or `continue`)."""
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _check_size(rows: list[tuple[int, list[_GridCell], int]], where: tuple[str, str]) -> None:
    """Refuse a table whose grid (rows × widest row) is over `limits.table-cells`, before it is built."""
    width = max((before + sum(cell[1] for cell in cells) + after for before, cells, after in rows),
                default=0)
    if len(rows) * width > current().table_cells:
        zh, en = where
        raise over_limit("table-cells", (f"{zh}：{len(rows)} 行 × {width} 列",
                                         f"{en}: {len(rows)} rows × {width} columns"))


def _grid(tbl, budget: _TextBudget | None = None,
          where: tuple[str, str] = ("表格", "a table")) -> list[list[tuple[str, tuple[int, int] | None]]]:
    """The table on its grid: per position the text and, for merged copies, the origin's (row,
    column). Handles gridSpan, vMerge, the legacy hMerge, and gridBefore/gridAfter, with every
    span clamped to the grid (`_span_bound`) and the grid's size checked before it is built."""
    budget = budget or _TextBudget()
    bound = _span_bound(tbl)
    spans = [_row_spans(tr, bound) for tr in tbl.iterchildren(_TR)]
    _check_size(spans, where)
    rows: list[list[tuple[str, tuple[int, int] | None]]] = []
    for before, cells, after in spans:
        row: list[tuple[str, tuple[int, int] | None]] = [_EMPTY] * before
        r = len(rows)
        for items, span, vertical, horizontal in cells:
            column = len(row)
            origin: tuple[int, int] | None = None
            if vertical and rows:
                above = rows[-1][column] if column < len(rows[-1]) else None
                if above is not None:
                    origin = above[1] or (r - 1, column)
            elif horizontal and row:
                origin = row[-1][1] or (r, column - 1)
            if origin is not None:
                text = (rows[origin[0]] if origin[0] < r else row)[origin[1]][0]
                row.extend([(text, origin)] * span)
            else:
                text = budget.charge(_cell_text(items, budget, where),
                                     lambda r=r: (f"{where[0]}第{r + 1}行", f"{where[1]}, row {r + 1}"))
                row.append((text, None))
                if span > 1:
                    row.extend([(text, (r, column))] * (span - 1))
        if after:
            row.extend([_EMPTY] * after)
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([_EMPTY] * (width - len(row)))
    return rows


#: A grid position with no cell (before/after a row's cells, or past a short row's end).
_EMPTY: tuple[str, None] = ("", None)


def _table(tbl, counter: _Counter, budget: _TextBudget) -> Table:
    counter.table += 1
    grid = _grid(tbl, budget, (f"表{counter.table}", f"table {counter.table}"))
    return table_from_grid(grid, counter.table, counter.next_block)


def load_docx(path: Path):
    """A .docx file as a Report: read its Document, then the format-independent extraction."""
    document = read_docx(path)
    from perflint.extract import extract_report

    return extract_report(document)


LOADERS = [Loader("docx", (".docx",), load_docx)]
