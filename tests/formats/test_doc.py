""".doc, .wps, .rtf and .odt: read through LibreOffice into the Word reader's Document.

The seed fixtures converted by LibreOffice (tests/formats/convert_office_fixtures.py) must give the
findings their .docx originals give, at the same places. Those tests need LibreOffice and skip
without it; everything else (the message without LibreOffice, the content checks made before
converting, the isolation of the conversion, failures and timeouts) runs everywhere, with a
stand-in `soffice` script where a conversion is needed.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from format_helpers import office_helpers, read_bytes_refuses

from perflint.cli import main
from perflint.loaders import InputError, convert_loader
from perflint.loaders.convert_loader import load_converted, read_converted
from perflint.loaders.docx_loader import read_docx
from perflint.testing import lint_file

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parents[1] / "fixtures" / "office"
#: converted fixture → the .docx it was converted from
CONVERTED = {"seed_000.doc": "seed_000.docx", "seed_001.doc": "seed_001.docx",
             "seed_001.odt": "seed_001.docx", "seed_001.rtf": "seed_001.docx",
             "seed_004.doc": "seed_004.docx"}

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")
posix_only = pytest.mark.skipif(os.name != "posix", reason="the stand-in soffice is a POSIX script")


_signature = office_helpers("test_office_end_to_end")._signature
_ole_container = office_helpers("test_office_robustness")._ole_container


def _said(finding) -> tuple:
    return finding.code, finding.severity, finding.message


def _place(finding) -> tuple:
    span = finding.span
    return finding.code, span.location if span else None, span.quote if span else None


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_converted(path)
    return caught.value.message


# --------------------------------------------------------------------------------------------
# The fixtures, through LibreOffice


@needs_soffice
@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_converted_fixture_gives_the_docx_findings(name: str) -> None:
    converted = lint_file(HERE / name)
    original = lint_file(OFFICE / CONVERTED[name])
    assert original and not [f for f in converted if f.code in ("PL000", "PL001")]
    assert Counter(map(_said, converted)) == Counter(map(_said, original))
    assert Counter(map(_signature, converted)) == Counter(map(_signature, original))
    assert Counter(map(_place, converted)) == Counter(map(_place, original))


@needs_soffice
def test_004_doc_basic_expenditure_rate_points_at_its_cell() -> None:
    """资金结构 基本支出: 283.04 ÷ 193.13 = 146.55%, stated 126.59%: the cell of the Word table."""
    findings = [f for f in lint_file(HERE / "seed_004.doc", select=["PL1"]) if f.stated == "126.59%"]
    assert len(findings) == 1
    assert (findings[0].span.quote, findings[0].span.location) == ("126.59%", "表2 第5行第9列")
    assert {(r.span.quote, r.span.location) for r in findings[0].related} == {
        ("283.04", "表2 第5行第8列"), ("193.13", "表2 第5行第7列")}


@needs_soffice
def test_the_document_names_the_users_file_and_the_conversion_leaves_no_trace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is written next to the user's file (no lock file, no output), the temporary
    folder is removed, and the Document names the user's file."""
    reports, scratch = tmp_path / "reports", tmp_path / "scratch"
    reports.mkdir()
    scratch.mkdir()
    path = reports / "2021年 自评报告.rtf"
    shutil.copy(HERE / "seed_001.rtf", path)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    document = read_converted(path)
    assert document.path == path and document.kind == "rtf"
    assert sorted(p.name for p in reports.iterdir()) == [path.name]
    assert list(scratch.iterdir()) == []
    expected = read_docx(OFFICE / "seed_001.docx")
    assert [(p.text, p.piece.location) for p in document.paragraphs()] == [
        (p.text, p.piece.location) for p in expected.paragraphs()]


@needs_soffice
def test_wps_file_is_read(tmp_path: Path) -> None:
    """WPS 文字 saves .wps in the Word 97 binary format."""
    path = tmp_path / "报告.wps"
    shutil.copy(HERE / "seed_000.doc", path)
    assert Counter(map(_said, lint_file(path))) == Counter(map(_said, lint_file(OFFICE / "seed_000.docx")))


@needs_soffice
def test_word_web_page_saved_as_doc_is_read(tmp_path: Path) -> None:
    """「Word 网页」: many systems export .doc files that are HTML inside."""
    path = tmp_path / "export.doc"
    path.write_text('<html xmlns:w="urn:schemas-microsoft-com:office:word"><body>'
                    "<p>部门整体支出绩效自评报告</p><table><tr><td>项目</td><td>全年预算数</td></tr><tr><td>基本支出</td><td>193.13</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    document = read_converted(path)
    assert "部门整体支出绩效自评报告" in document.full_text()
    assert next(document.tables()).texts() == [["项目", "全年预算数"], ["基本支出", "193.13"]]


@needs_soffice
def test_conversion_fetches_nothing_from_the_network(tmp_path: Path) -> None:
    """A web-page .doc linking an image: LibreOffice would fetch it; the private profile's dead
    proxy stops it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_error(404)

        do_OPTIONS = do_HEAD = do_GET

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        path = tmp_path / "linked.doc"
        path.write_text(f'<html><body><p>部门整体支出绩效自评报告</p><img src="http://127.0.0.1:'
                        f'{server.server_address[1]}/pixel.png"></body></html>', encoding="utf-8")
        assert "部门整体支出绩效自评报告" in read_converted(path).full_text()
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []


@needs_soffice
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_timeout_kills_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A conversion that does not finish in time is killed with everything it started."""
    monkeypatch.setattr(convert_loader, "CONVERT_TIMEOUT_SECONDS", 0.05)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    message = _refused(HERE / "seed_004.doc")
    assert "超过 0.05 秒仍未完成" in message
    assert "soffice --headless --convert-to docx seed_004.doc" in message
    assert list(tmp_path.iterdir()) == []
    deadline = time.monotonic() + 10
    while _processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_mentioning(str(tmp_path)) == []


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes() and _alive(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@needs_soffice
@pytest.mark.parametrize("name", ["seed_000.doc", "seed_001.odt", "seed_001.rtf"])
def test_damaged_files_through_libreoffice(name: str, tmp_path: Path) -> None:
    """Truncated and corrupted files: a Document or one clear message, in bounded time."""
    data = (HERE / name).read_bytes()
    rng = random.Random(name)
    flipped = bytearray(data)
    for _ in range(20):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    variants = {"cut": data[: len(data) * 2 // 3], "tail": data[:64] + rng.randbytes(4096),
                "flipped": bytes(flipped)}
    for label, content in variants.items():
        path = tmp_path / f"{label}{Path(name).suffix}"
        path.write_bytes(content)
        started = time.perf_counter()
        try:
            load_converted(path)
        except InputError as error:
            assert error.message and "Traceback" not in error.message
        assert time.perf_counter() - started < convert_loader.CONVERT_TIMEOUT_SECONDS + 15, label


# --------------------------------------------------------------------------------------------
# Without LibreOffice


@pytest.mark.parametrize("name", [*sorted(CONVERTED), "report.wps"])
def test_without_libreoffice_the_message_names_the_format_and_the_command(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = HERE / name
    if name == "report.wps":
        path = tmp_path / name
        shutil.copy(HERE / "seed_000.doc", path)
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert convert_loader.find_soffice() is None
    suffix = path.suffix
    assert _refused(path) == (
        f"读取 {suffix} 文件需要 LibreOffice（未找到 soffice 命令）。请安装 LibreOffice，或先转换："
        f"soffice --headless --convert-to docx {path.name}（或在 Word/WPS 中另存为 .docx），"
        "再检查转换出的 .docx 文件")


def test_without_libreoffice_the_run_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    path = tmp_path / "2021年 自评报告.doc"
    shutil.copy(HERE / "seed_000.doc", path)
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]
    assert findings[0].message.startswith("读取 .doc 文件需要 LibreOffice（未找到 soffice 命令）")
    assert 'soffice --headless --convert-to docx "2021年 自评报告.doc"' in findings[0].message


# --------------------------------------------------------------------------------------------
# The conversion's isolation, failures and timeout, with a stand-in soffice


def _stand_in(folder: Path, body: str) -> Path:
    """An executable `soffice` in `folder` running `body` (Python; `argv` holds its arguments)."""
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text(f"#!{sys.executable}\nimport json, os, sys, time, shutil, subprocess\n"
                      f"argv = sys.argv[1:]\n{body}", encoding="utf-8")
    script.chmod(0o755)
    return folder


_COPY_DOCX = """
log = os.environ["STAND_IN_LOG"]
out = argv[argv.index("--outdir") + 1]
source = argv[-1]
with open(log, "w") as handle:
    head = open(source, "rb").read()[:8].hex()
    handle.write(json.dumps({"argv": argv, "cwd": os.getcwd(), "source": head}))
shutil.copy(os.environ["STAND_IN_DOCX"], os.path.join(out, "source.docx"))
"""


@posix_only
def test_conversion_is_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command: headless, no restore, a private profile and the input copy and the output in
    one temporary folder (removed afterwards), never the user's file or folder."""
    bin_dir = _stand_in(tmp_path / "bin", _COPY_DOCX)
    log, scratch, reports = tmp_path / "argv.txt", tmp_path / "scratch", tmp_path / "reports"
    scratch.mkdir()
    reports.mkdir()
    path = reports / "seed_000.doc"
    shutil.copy(HERE / "seed_000.doc", path)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("STAND_IN_LOG", str(log))
    monkeypatch.setenv("STAND_IN_DOCX", str(OFFICE / "seed_000.docx"))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    findings = lint_file(path)
    assert Counter(map(_said, findings)) == Counter(map(_said, lint_file(OFFICE / "seed_000.docx")))
    call = json.loads(log.read_text())
    argv = call["argv"]
    assert {"--headless", "--norestore", "--convert-to"} <= set(argv)
    profile = next(a for a in argv if a.startswith("-env:UserInstallation="))
    folder = Path(call["cwd"])
    assert folder.parent == scratch and folder.name.startswith("perflint-convert-")
    assert profile == "-env:UserInstallation=" + (folder / "profile").as_uri()
    assert Path(argv[argv.index("--outdir") + 1]).parent == folder
    assert Path(argv[-1]).parent.parent == folder and call["source"] == "d0cf11e0a1b11ae1"
    assert sorted(p.name for p in reports.iterdir()) == ["seed_000.doc"]
    assert list(scratch.iterdir()) == []  # the temporary folder is gone


@posix_only
def test_conversion_failure_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = 'print("Error: source file could not be loaded", file=sys.stderr)\n'
    bin_dir = _stand_in(tmp_path / "bin", failing)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    message = _refused(HERE / "seed_001.odt")
    assert message == ("LibreOffice 无法转换这个 OpenDocument 文本（.odt）（文件可能已损坏或设置了密码）："
                       "Error: source file could not be loaded")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


@posix_only
def test_conversion_output_that_is_not_a_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What LibreOffice writes goes through the Word reader's own checks."""
    body = 'open(os.path.join(argv[argv.index("--outdir") + 1], "source.docx"), "w").write("not a zip")\n'
    monkeypatch.setenv("PATH", str(_stand_in(tmp_path / "bin", body)))
    message = _refused(HERE / "seed_001.rtf")
    assert message.startswith("LibreOffice 转换出的 .docx 无法读取（RTF 文档（.rtf） 可能已损坏）")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    if status.exists():  # a zombie waiting for its parent (or init) is dead
        try:
            return status.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    return True


@posix_only
def test_timeout_kills_the_conversion_and_what_it_started(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    body = ('child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])\n'
            'open(os.environ["STAND_IN_PIDS"], "w").write(f"{os.getpid()} {child.pid}")\n'
            "time.sleep(60)\n")
    pids = tmp_path / "pids"
    monkeypatch.setenv("PATH", str(_stand_in(tmp_path / "bin", body)))
    monkeypatch.setenv("STAND_IN_PIDS", str(pids))
    monkeypatch.setattr(convert_loader, "CONVERT_TIMEOUT_SECONDS", 2)
    started = time.perf_counter()
    message = _refused(HERE / "seed_000.doc")
    assert time.perf_counter() - started < 20
    assert message.startswith("LibreOffice 转换 Word 97-2003 文档（.doc）超过 2 秒仍未完成，已终止")
    deadline = time.monotonic() + 10
    numbers = [int(n) for n in pids.read_text().split()]
    while any(map(_alive, numbers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, numbers))


# --------------------------------------------------------------------------------------------
# What the file really is: checked before any conversion (no LibreOffice needed)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text",
         members: dict[str, bytes | None] | None = None) -> bytes:
    """An OpenDocument package: its mimetype, a content.xml (unless None) and `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        for name, data in {"content.xml": b"<office:document-content/>", **(members or {})}.items():
            if data is not None:
                archive.writestr(name, data)
    return buffer.getvalue()


def test_text_renamed_doc(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.doc", "部门整体支出绩效自评报告\n一、部门概况".encode("gbk"))
    assert _refused(path) == ("不是 Word 97-2003 文档（.doc）：内容是纯文本（可能是改了扩展名的 .txt 文件）；"
                              "请把扩展名改为 .txt 后再检查")


@pytest.mark.parametrize("name, source, says", [
    ("report.doc", OFFICE / "seed_000.docx", "这是 Word .docx 文档，扩展名被改成了 .doc；请把扩展名改回"),
    ("report.odt", OFFICE / "seed_000.docx", "这是 Word .docx 文档，扩展名被改成了 .odt"),
    ("report.wps", OFFICE / "seed_004.xlsx", "这是 Excel .xlsx 工作簿，扩展名被改成了 .wps"),
    ("report.doc", HERE / "seed_004.xls", "这是 Excel 工作簿（.xls），扩展名不符"),
    ("report.doc", HERE / "seed_000.pdf", "这是 PDF 文件"),
    ("report.rtf", HERE / "seed_000.doc", "这是 Office 97-2003 二进制文件"),
    ("report.odt", HERE / "seed_001.rtf", "这是 RTF 文档"),
])
def test_another_format_renamed(name: str, source: Path, says: str, tmp_path: Path) -> None:
    message = _refused(_write(tmp_path, name, source.read_bytes()))
    assert message.startswith(f"不是 {convert_loader.FORMAT_NAMES[Path(name).suffix]}：{says}")


def test_random_bytes(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(20_000)
    for suffix in (".doc", ".wps", ".rtf", ".odt"):
        message = _refused(_write(tmp_path, f"noise{suffix}", b"\x00\x01" + data))
        assert "无法识别的文件内容" in message


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_doc(cut: float, tmp_path: Path) -> None:
    data = (HERE / "seed_000.doc").read_bytes()
    message = _refused(_write(tmp_path, "cut.doc", data[: int(len(data) * cut)]))
    assert message.startswith("Word 97-2003 文档（.doc）已损坏")


def test_truncated_odt(tmp_path: Path) -> None:
    data = (HERE / "seed_001.odt").read_bytes()
    assert "已损坏（ZIP 包无法打开）" in _refused(_write(tmp_path, "cut.odt", data[: len(data) // 2]))


def test_ole_header_only(tmp_path: Path) -> None:
    header = (HERE / "seed_000.doc").read_bytes()[:512]
    assert "已损坏或不完整" in _refused(_write(tmp_path, "header.doc", header))


def test_password_protected_doc(tmp_path: Path) -> None:
    path = _write(tmp_path, "protected.doc", _ole_container(["EncryptionInfo", "EncryptedPackage"]))
    assert _refused(path) == ("Word 97-2003 文档（.doc） protected.doc 设置了打开密码（已加密），无法读取："
                              "请另存一份不加密的副本再检查")


def test_word97_encryption_flag(tmp_path: Path) -> None:
    """Word 97-2003's own encryption: the fEncrypted bit of the document's FIB."""
    from xlrd import compdoc

    data = bytearray((HERE / "seed_000.doc").read_bytes())
    memory, base, _ = compdoc.CompDoc(bytes(data), logfile=io.StringIO()).locate_named_stream("WordDocument")
    assert memory[base:base + 2] == b"\xec\xa5" and bytes(memory[:8]) == bytes(data[:8])  # the file's bytes
    data[base + 11] |= 0x01
    assert "设置了打开密码" in _refused(_write(tmp_path, "rc4.doc", bytes(data)))


def test_odt_checks(tmp_path: Path) -> None:
    manifest = b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
    secret = _write(tmp_path, "secret.odt", _odt(members={"META-INF/manifest.xml": manifest}))
    assert "secret.odt 设置了打开密码" in _refused(secret)
    table = _write(tmp_path, "table.odt", _odt(b"application/vnd.oasis.opendocument.spreadsheet"))
    assert "这是 OpenDocument 表格（.ods）" in _refused(table)
    hollow = _write(tmp_path, "hollow.odt", _odt(members={"content.xml": None}))
    assert "包里没有 content.xml" in _refused(hollow)
    zip_of_photos = io.BytesIO()
    with zipfile.ZipFile(zip_of_photos, "w") as archive:
        archive.writestr("photo.txt", "not a document")
    photos = _write(tmp_path, "photos.odt", zip_of_photos.getvalue())
    assert "这是一个 ZIP 压缩包，不是文档" in _refused(photos)


def test_odt_zip_bomb_is_refused_before_converting(tmp_path: Path) -> None:
    path = tmp_path / "bomb.odt"
    path.write_bytes(_odt())
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            archive.open("Pictures/bomb.bin", "w", force_zip64=True) as member:
        for _ in range(convert_loader.MAX_UNCOMPRESSED_BYTES // len(chunk) + 8):
            member.write(chunk)
    assert "ZIP 炸弹" in _refused(path)


def test_rtf_that_is_not_rtf(tmp_path: Path) -> None:
    assert "内容是纯文本" in _refused(_write(tmp_path, "report.rtf", "只是文字".encode()))


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.doc", b"")
    assert _refused(path) == read_bytes_refuses(path)


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.doc"
    with path.open("wb") as handle:  # sparse: no disk space used
        handle.truncate(65 * 2**20)
    started = time.perf_counter()
    assert _refused(path) == read_bytes_refuses(path)
    assert time.perf_counter() - started < 1


# --------------------------------------------------------------------------------------------
# A folder run with broken files still lints the others


def test_folder_run_goes_on_past_broken_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(OFFICE / "seed_001.docx", tmp_path / "a_good.docx")
    (tmp_path / "b_text.doc").write_text("不是 Word 文件", encoding="utf-8")
    (tmp_path / "c_cut.doc").write_bytes((HERE / "seed_000.doc").read_bytes()[:5000])
    (tmp_path / "d_noise.odt").write_bytes(random.Random(3).randbytes(3000))
    code = main(["check", str(tmp_path), "--format", "json", "-j", "1", "--no-cache", "--no-progress"])
    run = json.loads(capsys.readouterr().out)
    files = {Path(f["path"]).name: [x["code"] for x in f["findings"]] for f in run["files"]}
    assert code == 2
    assert files["b_text.doc"] == files["c_cut.doc"] == files["d_noise.odt"] == ["PL000"]
    assert files["a_good.docx"] and "PL000" not in files["a_good.docx"]
