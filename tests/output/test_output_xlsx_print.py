"""The workbook a bureau files: A4 landscape fitted to the page width, the header row repeated on
every printed page and frozen on screen, an auto-filter, and the columns an auditor reads and
fills in (规则说明, 依据数字, 处理意见)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from perflint.cli import main
from perflint.output import xlsx
from perflint.review import Decision, fingerprint_for
from perflint.runner import RunResult


def _sheets(data: bytes) -> list[Worksheet]:
    return load_workbook(io.BytesIO(data)).worksheets


def test_every_sheet_prints_on_a4_landscape_fitted_to_width(run_zh: RunResult) -> None:
    data = xlsx.render(run_zh)
    for sheet in _sheets(data):
        setup = sheet.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape"), sheet.title  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
        workbook_xml = archive.read("xl/workbook.xml").decode()
    assert re.search(r'<pageSetup[^>]*fitToHeight="0"', sheet_xml)
    assert re.search(r'<pageSetup[^>]*fitToWidth="1"', sheet_xml)
    assert "_xlnm.Print_Titles" in workbook_xml


def test_the_columns_an_auditor_reads(run_zh: RunResult) -> None:
    sheet = _sheets(xlsx.render(run_zh))[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["文件", "单位", "类型"]
    assert {"规则说明", "依据数字", "处理意见"} <= set(header)
    by_code: dict[str, dict] = {}
    for row in rows[1:]:
        by_code.setdefault(row[header.index("规则")], dict(zip(header, row, strict=True)))
    pl101 = by_code["PL101"]
    assert re.search(r"[\u4e00-\u9fff]", pl101["规则说明"])  # the rule's Chinese title, not a code
    assert pl101["依据数字"].splitlines()[0] == "应为：341.29；所述：340.29"
    assert '依据 财政拨款收入："320.09"' in pl101["依据数字"]
    assert by_code["PL103"]["依据数字"].splitlines() == [
        "应为：146.55%；所述：126.59%", "依据 全年执行数：283.04", "依据 全年预算数：193.13"]
    assert by_code["PL501"]["依据数字"] is None
    assert all(row[header.index("处理意见")] is None for row in rows[1:])  # for the auditor to fill


def test_decisions_fill_the_opinion_column(run_zh: RunResult) -> None:
    file = next(f for f in run_zh.files if any(x.code == "PL103" for x in f.findings))
    finding = next(x for x in file.findings if x.code == "PL103")
    key = fingerprint_for(file.path, finding, Path.cwd())
    decision = Decision(fingerprint=key, path=file.path.as_posix(), code="PL103", decision="已说明",
                        reason="附件三已说明", reviewer="张三", date="2026-12-03")
    for lang, expected in (("zh", "已说明（张三，2026-12-03）：附件三已说明"),
                           ("en", "explained (张三, 2026-12-03): 附件三已说明")):
        sheet = _sheets(xlsx.render(run_zh, lang=lang, decisions={key: decision}))[0]
        rows = list(sheet.iter_rows(values_only=True))
        opinions = {row[3]: row[-1] for row in rows[1:] if row[-1]}
        assert opinions == {"PL103": expected}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_widths_fit_a_landscape_page_legibly(run_zh: RunResult, lang: str) -> None:
    """Fitted to width, the columns print at two thirds of full size or more (A4 landscape holds
    about 135 character units at 100%)."""
    sheet = _sheets(xlsx.render(run_zh, lang=lang))[0]
    total = sum(dimension.width for dimension in sheet.column_dimensions.values())
    assert 135 / total >= 0.6, total


# ---------------------------------------------------- printed by an office suite, on A4 paper

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
A4_LANDSCAPE = (842, 595)  # points


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_clerks_folder_of_50_reports_prints_on_a4_landscape_with_every_column(tmp_path: Path) -> None:
    """What a clerk does with the workbook: print it. LibreOffice renders it to PDF as it would
    to paper; every page must be A4 landscape, the first page must hold every column of the
    header (fitted to the width: no column pushed to a page of its own), and the header row must
    come back on the following pages."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bureau_samples import write_folder

    write_folder(tmp_path / "reports")
    workbook = tmp_path / "findings.xlsx"
    # exit 2: the folder also holds a .csv, which is reported as not linted
    assert main(["check", str(tmp_path / "reports"), "--format", "xlsx", "-o", str(workbook),
                 "--no-progress"]) == 2
    assert workbook.is_file()
    header = [cell for cell in next(_sheets(workbook.read_bytes())[0].iter_rows(values_only=True))]
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    document = pdfium.PdfDocument(tmp_path / "findings.pdf")
    pages = [document[i] for i in range(len(document))]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        width, height = page.get_size()
        assert abs(width - A4_LANDSCAPE[0]) <= 2 and abs(height - A4_LANDSCAPE[1]) <= 2, number
    texts = [re.sub(r"\s", "", page.get_textpage().get_text_range()) for page in pages]
    assert all(title in texts[0] for title in header), (header, texts[0][:300])
    assert texts[0].count(".txt") >= 10  # the long 文件 paths wrap in their column, never clipped
    assert "规则说明" in texts[1] and "处理意见" in texts[1]  # the header row, printed again
