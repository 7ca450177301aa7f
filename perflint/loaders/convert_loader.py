"""Word 97 (.doc), WPS 文字 (.wps), RTF and OpenDocument (.odt) files, read through LibreOffice.

These formats have no reader in Python worth trusting with an untrusted file, and LibreOffice
reads them all as Word does. So the file is converted to .docx by LibreOffice headless, and the
.docx is read by the Word reader (`docx_loader.read_docx`, with all its package checks): the
findings point at the same places as in the .docx version of the report (`第12段`,
`表2 第3行第4列`) and name the user's file, never the temporary copy.

LibreOffice is optional at run time. Without `soffice` (or `libreoffice`) on PATH the file is
refused with a message naming its format and the one command that converts it.

Isolation of the conversion:
- the file is read once (size-bounded by `read_bytes`), its content checked (`_check_content`:
  a text file renamed .doc, a .docx renamed .doc, a password-protected file, random bytes are
  refused here, since LibreOffice would happily "convert" them as plain text), and the same bytes
  are written to a private temporary folder as `source<ext>`: LibreOffice never opens the
  user's file, so nothing (lock files, outputs) is ever written next to it;
- LibreOffice runs with a throwaway user profile in that folder (`-env:UserInstallation`), so it
  neither touches nor hands the job to a LibreOffice the user has open; the profile is seeded
  with macros disabled and with a proxy that does not exist (`_PROFILE_ITEMS`), so nothing is
  fetched from the network;
- the process runs in its own process group, with stdin closed and a timeout
  (`CONVERT_TIMEOUT_SECONDS`); on timeout (or Ctrl-C) the whole group is killed (on Windows,
  the process tree of the command started);
- the temporary folder is removed in every case (`TemporaryDirectory`).

What passes the content check: a .doc or .wps holding a Word binary document (a Compound File
with a WordDocument stream, not encrypted; a .wps may also be a Microsoft Works file), an RTF
file under any of the names but .odt (Word saves RTF as .doc too), a .doc that is a web page, a
Word 2003 XML or an .mht (「Word 网页」, as many systems export), and an .odt that is an
OpenDocument text package within the zip-bomb limits of the Word reader and not encrypted.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from perflint.limits import current
from perflint.loaders.base import Loader
from perflint.loaders.docx_loader import MAX_MEMBERS, read_docx
from perflint.loaders.docx_loader import MAX_UNCOMPRESSED_BYTES as MAX_UNCOMPRESSED_BYTES  # the default
from perflint.reading import InputError, read_bytes

#: Seconds LibreOffice may take to convert one file before it is killed.
CONVERT_TIMEOUT_SECONDS = 120
#: The commands tried, in order, to find LibreOffice.
SOFFICE_COMMANDS = ("soffice", "libreoffice")

#: What each extension is called in messages.
FORMAT_NAMES = {".doc": "Word 97-2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）",
                ".rtf": "RTF 文档（.rtf）", ".odt": "OpenDocument 文本（.odt）"}

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_IDENT = 0xA5EC
_FIB_ENCRYPTED = 0x0100
_ODF_TEXT = re.compile(rb"^application/vnd\.oasis\.opendocument\.text(?:-template|-master)?\s*$")
_HTML = re.compile(rb"^\s*(?:<!DOCTYPE\s+html|<html|<\?xml[^>]*>\s*(?:<\?mso-application[^>]*>\s*)?"
                   rb"(?:<!--.*?-->\s*)?<(?:html|w:wordDocument|pkg:package))", re.IGNORECASE | re.DOTALL)
_MIME = re.compile(rb"^\s*(?:[\w-]+:[^\n]*\n)*MIME-Version:", re.IGNORECASE)

#: The private profile's settings: no macro ever runs during a conversion, and LibreOffice's own
#: network access (images a web-page .doc links to) goes to a proxy that is not there, port 9
#: of the local machine, so a conversion fetches nothing.
_PROFILE_ITEMS = (("Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
                  ("Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
                  ("Inet/Settings", "ooInetProxyType", "1"),
                  *(("Inet/Settings", f"ooInet{scheme}Proxy{field}", value)
                    for scheme in ("HTTP", "HTTPS", "FTP")
                    for field, value in (("Name", "127.0.0.1"), ("Port", "9"))),
                  ("Inet/Settings", "ooInetNoProxy", ""))
_PROFILE_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "".join(f'<item oor:path="/org.openoffice.{group}"><prop oor:name="{name}" oor:op="fuse">'
              f"<value>{value}</value></prop></item>\n" for group, name, value in _PROFILE_ITEMS)
    + "</oor:items>\n")


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    for name in SOFFICE_COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _quoted(name: str) -> str:
    return name if re.fullmatch(r"[\w.+-]+", name) else f'"{name}"'


def _convert_hint(path: Path) -> str:
    return (f"soffice --headless --convert-to docx {_quoted(path.name)}（或在 Word/WPS 中另存为 .docx），"
            "再检查转换出的 .docx 文件")


def _encrypted(kind: str, path: Path) -> str:
    return f"{kind} {path.name} 设置了打开密码（已加密），无法读取：请另存一份不加密的副本再检查"


def _format_name(path: Path) -> str:
    return FORMAT_NAMES.get(path.suffix.lower(), f"{path.suffix} 文件")


# --------------------------------------------------------------------------------------------
# What the file really is


def _check_content(path: Path, data: bytes) -> None:
    """Refuse, before any conversion, a file that is not what its extension says."""
    suffix = path.suffix.lower()
    kind = _format_name(path)
    if data.startswith(_CFB_MAGIC):
        if suffix in (".rtf", ".odt"):
            raise InputError(f"不是 {kind}：这是 Office 97-2003 二进制文件（.doc/.xls 一类），扩展名不符；"
                             "请改回正确的扩展名后再检查")
        _check_compound_file(path, data, kind)
        return
    if data.startswith(b"PK"):
        _check_zip(path, data, kind)
        return
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        if suffix == ".odt":
            raise InputError(f"不是 {kind}：这是 RTF 文档，扩展名不符；请把扩展名改为 .rtf 后再检查")
        return  # Word saves RTF under .doc too; LibreOffice reads it as RTF
    if suffix == ".doc" and (_HTML.match(head) or _MIME.match(head)):
        return  # 「Word 网页」/ Word 2003 XML / .mht saved as .doc: LibreOffice reads them
    if head.startswith(b"%PDF"):
        raise InputError(f"不是 {kind}：这是 PDF 文件，扩展名不符；请把扩展名改为 .pdf 后再检查")
    if _looks_like_text(data):
        raise InputError(f"不是 {kind}：内容是纯文本（可能是改了扩展名的 .txt 文件）；"
                         "请把扩展名改为 .txt 后再检查")
    raise InputError(f"不是 {kind}：无法识别的文件内容（文件已损坏，或是改了扩展名的其他格式）")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(sample) - 4:  # a character cut by the sample's end
                return True
    return False


def _check_compound_file(path: Path, data: bytes, kind: str) -> None:
    """A Compound File (what .doc and Kingsoft .wps are): it must hold a Word document, not be
    encrypted, and not be a workbook or a presentation."""
    from xlrd import compdoc

    if _ENCRYPTED_PACKAGE in data:  # what Office writes for a password-protected file
        raise InputError(_encrypted(kind, path))
    try:
        document = compdoc.CompDoc(data, logfile=io.StringIO())
        names = {node.name for node in document.dirlist}
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise InputError(_encrypted(kind, path))
        if "WordDocument" not in names:
            if "Workbook" in names or "Book" in names:
                raise InputError(f"不是 {kind}：这是 Excel 工作簿（.xls），扩展名不符；"
                                 "请把扩展名改为 .xls 后再检查")
            if "PowerPoint Document" in names:
                raise InputError(f"不是 {kind}：这是 PowerPoint 演示文稿（.ppt），perflint 不读取演示文稿")
            if path.suffix.lower() == ".wps":
                return  # Microsoft Works documents have no WordDocument stream: LibreOffice reads them
            raise InputError(f"不是 {kind}：这个 OLE 复合文件里没有 Word 文档内容"
                             "（文件已损坏，或是其他格式）")
        stream, base, size = document.locate_named_stream("WordDocument")
    except InputError:
        raise
    except Exception as exc:  # xlrd's compound-file reader on a damaged file
        raise InputError(f"{kind}已损坏或不完整，无法读取（{type(exc).__name__}: {exc}）") from None
    fib = bytes(stream[base:base + min(size, 12)]) if stream is not None else b""
    if len(fib) < 12 or int.from_bytes(fib[:2], "little") != _WORD_IDENT:
        raise InputError(f"{kind}已损坏：WordDocument 内容不是 Word 格式")
    if int.from_bytes(fib[10:12], "little") & _FIB_ENCRYPTED:
        raise InputError(_encrypted(kind, path))


_PACKAGES = {"word/": ("Word .docx 文档", ".docx"), "xl/": ("Excel .xlsx 工作簿", ".xlsx"),
             "ppt/": ("PowerPoint .pptx 演示文稿", ".pptx")}
_ODF_KINDS = {b"spreadsheet": "OpenDocument 表格（.ods）", b"presentation": "OpenDocument 演示文稿（.odp）"}


def _check_zip(path: Path, data: bytes, kind: str) -> None:
    """A ZIP package: only an OpenDocument text passes (as .odt); a .docx/.xlsx given another
    extension is named. Zip bombs and encrypted packages are refused before LibreOffice sees them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = {info.filename for info in infos}
        mimetype = archive.read("mimetype")[:200] if "mimetype" in names else b""
    except Exception as exc:  # zipfile on a damaged package
        raise InputError(f"{kind}已损坏（ZIP 包无法打开）：{type(exc).__name__}: {exc}") from None
    for prefix, (name, extension) in _PACKAGES.items():
        if any(n.startswith(prefix) for n in names) and "mimetype" not in names:
            raise InputError(f"不是 {kind}：这是 {name}，扩展名被改成了 {path.suffix}；"
                             f"请把扩展名改回 {extension} 后再检查")
    if path.suffix.lower() != ".odt" or not _ODF_TEXT.match(mimetype):
        for marker, name in _ODF_KINDS.items():
            if marker in mimetype:
                raise InputError(f"不是 {kind}：这是 {name}，perflint 不读取这种文件")
        if path.suffix.lower() == ".odt" and mimetype:
            raise InputError(f"不是 {kind}：ODF 包的类型是 {mimetype.decode('ascii', 'replace').strip()}")
        raise InputError(f"不是 {kind}：这是一个 ZIP 压缩包，不是文档"
                         "（文件已损坏，或是改了扩展名的其他格式）")
    total = sum(info.file_size for info in infos)
    limit = current().unzipped_bytes  # limits.unzipped-bytes, as for .docx
    if len(infos) > MAX_MEMBERS or total > limit:
        raise InputError(f"拒绝读取 {kind}：解压后声明 {total / 2**20:.0f} MB、{len(infos)} 个文件，"
                         f"超过 {limit // 2**20} MB（limits.unzipped-bytes）/ {MAX_MEMBERS} 个的上限"
                         "（ZIP 炸弹？）")
    try:
        manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except Exception as exc:
        raise InputError(f"{kind}已损坏：{type(exc).__name__}: {exc}") from None
    if any(info.flag_bits & 0x1 for info in infos) or b"encryption-data" in manifest:
        raise InputError(_encrypted(kind, path))
    if "content.xml" not in names:
        raise InputError(f"{kind}已损坏：包里没有 content.xml")


# --------------------------------------------------------------------------------------------
# The conversion


def _stderr_summary(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and "javaldx" not in line]
    return lines[-1][:300] if lines else ""


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the conversion and whatever it started (its own process group), before reaping it."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: soffice.exe starts soffice.bin; end the tree of the process started here
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True,
                           timeout=30, check=False)
            process.kill()


def _reap(process: subprocess.Popen) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)


def convert_to_docx(path: Path, data: bytes, folder: Path, soffice: str) -> Path:
    """Write `data` (the content of `path`) into `folder`, convert it there with LibreOffice and
    return the .docx written, also in `folder`. Raises InputError on failure or timeout."""
    kind = _format_name(path)
    source_folder, out, profile = folder / "in", folder / "out", folder / "profile"
    for made in (source_folder, out, profile / "user"):
        made.mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS, encoding="utf-8")
    source = source_folder / f"source{path.suffix.lower()}"
    source.write_bytes(data)
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, cwd=folder, start_new_session=os.name == "posix")
    except OSError as exc:
        raise InputError(f"无法启动 LibreOffice（{soffice}）来读取 {kind}：{exc}") from None
    try:
        _, stderr = process.communicate(timeout=CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        _reap(process)
        raise InputError(f"LibreOffice 转换 {kind}超过 {CONVERT_TIMEOUT_SECONDS} 秒仍未完成，已终止："
                         f"文件可能过大或已损坏。可先手动转换：{_convert_hint(path)}") from None
    except BaseException:  # Ctrl-C: leave no LibreOffice behind
        _kill_group(process)
        _reap(process)
        raise
    result = out / "source.docx"
    if not result.is_file() or result.stat().st_size == 0:
        detail = _stderr_summary(stderr) or f"退出码 {process.returncode}"
        raise InputError(f"LibreOffice 无法转换这个 {kind}（文件可能已损坏或设置了密码）：{detail}")
    return result


def read_converted(path: Path):
    """The Document of a .doc/.wps/.rtf/.odt file: checked, converted to .docx in a temporary
    folder, read by the Word reader, and named after the user's file."""
    kind = _format_name(path)
    data = read_bytes(path)
    _check_content(path, data)
    soffice = find_soffice()
    if soffice is None:
        raise InputError(f"读取 {path.suffix.lower()} 文件需要 LibreOffice（未找到 soffice 命令）。"
                         f"请安装 LibreOffice，或先转换：{_convert_hint(path)}")
    with tempfile.TemporaryDirectory(prefix="perflint-convert-", ignore_cleanup_errors=True) as folder:
        converted = convert_to_docx(path, data, Path(folder), soffice)
        try:
            document = read_docx(converted)
        except InputError as error:
            raise InputError(f"LibreOffice 转换出的 .docx 无法读取（{kind} 可能已损坏）："
                             f"{error.message}") from None
    document.path = path
    document.kind = path.suffix.lower().lstrip(".")
    return document


def load_converted(path: Path):
    """A .doc/.wps/.rtf/.odt file as a Report: the Word reader's Document, then the extraction."""
    document = read_converted(path)
    from perflint.extract import extract_report

    return extract_report(document)


LOADERS = [Loader("doc", (".doc", ".wps", ".rtf", ".odt"), load_converted)]
