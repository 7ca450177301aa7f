"""The HTML report a 财政局 files, in headless Chromium (issue 17, "Bureau reports").

A folder of 50 small reports (bureau_samples.py) is checked with `perflint check reports/
--format html -o report.html`, then Chromium prints the page to PDF (every page A4 landscape,
every column header and unit name in the text, the ranking's header repeated, no form control),
lays it out at the printed width with the print rules applied (no table wider than the page, no
cell whose content overflows it, a 单位 column several characters wide), takes a screenshot that
is compared with tests/output/data/bureau-overview.png, and reports no script or console error.
The run's time is fixed with SOURCE_DATE_EPOCH so the page is the same on every run; regenerate
the reference screenshot after an intended change with `PERFLINT_UPDATE_GOLDEN=1` and look at it.
Skips without Chromium.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bureau_samples import write_folder
from output_samples import DATA, ROOT
from PIL import Image, ImageChops, ImageStat

from perflint.cli import main
from perflint.output._print_css import MARGIN_MM

_SCRIPT = ROOT / "tests" / "output" / "html_browser_check.py"
_spec = importlib.util.spec_from_file_location("perflint_html_browser_check", _SCRIPT)
assert _spec and _spec.loader
browser_check = sys.modules.get(_spec.name) or importlib.util.module_from_spec(_spec)
if _spec.name not in sys.modules:
    sys.modules[_spec.name] = browser_check  # dataclasses look their module up while being built
    _spec.loader.exec_module(browser_check)

BROWSER = browser_check.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")

A4_LANDSCAPE = (842, 595)  # points
#: The printed width in CSS px (96 per inch): A4 landscape less both margins.
PRINT_WIDTH = int((297 - 2 * MARGIN_MM) / 25.4 * 96)
REFERENCE = DATA / "bureau-overview.png"
#: The Chinese fonts the reference was rendered with (`fc-list :lang=zh family`).
REFERENCE_FONTS = DATA / "bureau-overview.fonts"
#: The screenshot is compared at this size, in grey: small enough to commit, and coarse enough
#: that a font's anti-aliasing does not count, while a moved table or chart does.
COMPARED_SIZE = (640, 1000)
#: Mean absolute difference (0–255) allowed between the screenshot and the reference.
TOLERANCE = 6.0

#: Catches page errors, failed resources and console errors from the first line on (top of <head>).
_CATCH = """<script>
window.__errors = [];
window.addEventListener("error", function (e) {
  window.__errors.push(e.message ? String(e.message) : "failed to load " + (e.target.src || e.target.href));
}, true);
window.addEventListener("unhandledrejection", function (e) { window.__errors.push(String(e.reason)); });
["error", "warn"].forEach(function (level) {
  var original = console[level];
  console[level] = function () {
    window.__errors.push(level + ": " + Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
});
</script>"""

#: Applies the page's print rules on screen, then measures what a printed page would show.
_MEASURE = """<script>
(function () {
  Array.prototype.forEach.call(document.styleSheets, function (sheet) {
    Array.prototype.forEach.call(sheet.cssRules, function (rule) {
      if (rule.media && rule.media.mediaText === "print") { rule.media.mediaText = "all"; }
    });
  });
  var out = {errors: window.__errors, page: document.documentElement.clientWidth,
             scroll: document.documentElement.scrollWidth, tables: [], overflowing: [], controls: []};
  document.querySelectorAll("table").forEach(function (table) {
    out.tables.push({cls: table.className, right: table.getBoundingClientRect().right,
                     scroll: table.scrollWidth, width: table.clientWidth});
    table.querySelectorAll("th, td").forEach(function (cell) {
      if (cell.scrollWidth > cell.clientWidth + 1) { out.overflowing.push(cell.textContent.slice(0, 40)); }
    });
  });
  var unit = document.querySelector("table.ranking thead th:nth-child(2)");
  out.unit = unit ? unit.getBoundingClientRect().width : 0;
  out.fontSize = parseFloat(getComputedStyle(unit || document.body).fontSize);
  document.querySelectorAll("button, input, select, textarea, form").forEach(function (control) {
    if (control.getClientRects().length) { out.controls.push(control.outerHTML.slice(0, 60)); }
  });
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}());
</script>"""


@dataclass
class Bureau:
    """The folder run: the page, the unit names of its reports, the folder it ran in."""

    page: Path
    units: list[str]
    folder: Path


@pytest.fixture(scope="module")
def bureau(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bureau]:
    folder = tmp_path_factory.mktemp("bureau")
    units = write_folder(folder / "reports")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        code = main(["check", "reports", "--format", "html", "-o", "report.html"])
    assert code == 2  # findings, and a file that could not be checked (the .csv)
    yield Bureau(folder / "report.html", units, folder)


def measure(page: Path, width: int = PRINT_WIDTH) -> dict:
    """Lay the page out `width` px wide with its print rules applied; what the script measured."""
    html = page.read_text(encoding="utf-8")
    measured = page.with_name("measured.html")
    html = html.replace("<head>", "<head>" + _CATCH, 1).replace("</body>", _MEASURE + "</body>", 1)
    measured.write_text(html, encoding="utf-8")
    dom = browser_check._run(BROWSER, f"--window-size={width},900", "--dump-dom", measured.resolve().as_uri())
    text = browser_check.pre_text(dom, "measured")
    assert text, "the measuring script did not run"
    return json.loads(text)


def pdf_pages(page: Path) -> list[tuple[tuple[float, float], str]]:
    """Print the page to PDF; each page's size in points and its text without white space."""
    pdf = page.with_suffix(".pdf")
    browser_check._run(BROWSER, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.resolve().as_uri())
    document = pdfium.PdfDocument(pdf)
    try:
        return [(tuple(sheet.get_size()), re.sub(r"\s+", "", sheet.get_textpage().get_text_range()))
                for sheet in document]
    finally:
        document.close()


def test_every_printed_page_is_a4_landscape_with_nothing_clipped(bureau: Bureau) -> None:
    pages = pdf_pages(bureau.page)
    assert len(pages) > 5
    for number, (size, _) in enumerate(pages, start=1):
        assert all(abs(a - b) <= 2 for a, b in zip(size, A4_LANDSCAPE, strict=True)), (number, size)
    text = "".join(content for _, content in pages)
    headers = ["序号", "单位", "类型", "年度", "错误", "警告", "提示", "合计",
               "无法检查", "计算", "执行", "评分", "前后一致", "完整性", "文本"]
    assert "".join(headers) in text  # the ranking's header, each column whole and in order
    missing = [unit for unit in bureau.units if unit not in text]
    assert not missing, f"unit names cut or missing in the PDF: {missing}"
    assert "2023-11-1422:13" in text and "national" in text  # run time and ruleset
    assert "汇总台账.csv" in text and "说明文档" in text  # files not checked, with the reason
    with_header = [n for n, (_, content) in enumerate(pages, start=1) if "序号单位类型年度" in content]
    assert len(with_header) >= 3, f"the ranking's header is not repeated (pages {with_header})"
    for control in ("下载审核记录", "全部规则", "返回总览"):
        assert control not in text, f"{control} is printed"


@pytest.fixture(scope="module")
def printed(bureau: Bureau) -> dict:
    return measure(bureau.page)


def test_no_script_or_console_error(printed: dict) -> None:
    assert printed["errors"] == []


def test_tables_fit_the_printed_width(printed: dict) -> None:
    seen = printed
    assert seen["page"] == PRINT_WIDTH
    assert seen["scroll"] <= seen["page"], "something is wider than the printed page"
    assert {table["cls"] for table in seen["tables"]} >= {"grid ranking", "grid rules", "grid skipped"}
    for table in seen["tables"]:
        assert table["right"] <= seen["page"] + 1 and table["scroll"] <= table["width"] + 1, table
    assert seen["overflowing"] == [], "cells whose content does not fit"
    assert seen["unit"] >= 10 * seen["fontSize"], "the 单位 column is narrower than ten characters"
    assert seen["controls"] == [], "form controls are printed"


def test_the_measure_has_teeth(bureau: Bureau) -> None:
    """A page whose cells may not wrap is caught: too wide, cells overflowing."""
    broken = bureau.folder / "broken.html"
    broken.write_text(bureau.page.read_text(encoding="utf-8").replace(
        "</style>", "table.grid th,table.grid td{white-space:nowrap}</style>", 1), encoding="utf-8")
    seen = measure(broken)
    assert seen["overflowing"]


def _chinese_fonts() -> str | None:
    """The fonts this machine renders Chinese with (fontconfig), one family per line; None when
    fontconfig cannot tell."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                                timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return "\n".join(sorted({line.strip() for line in listed.splitlines() if line.strip()})) + "\n"


def test_screenshot_matches_the_reference(bureau: Bureau) -> None:
    """Pixels depend on the Chinese fonts installed (CI installs fonts-wqy-microhei, as here): the
    reference records them, and a machine with other fonts cannot be compared with it."""
    fonts = _chinese_fonts()
    updating = bool(os.environ.get("PERFLINT_UPDATE_GOLDEN")) or not REFERENCE.exists()
    if not updating and (fonts is None or not REFERENCE_FONTS.exists()
                         or REFERENCE_FONTS.read_text(encoding="utf-8") != fonts):
        pytest.skip(f"{REFERENCE.name} was taken with other Chinese fonts ({REFERENCE_FONTS.name}); "
                    "regenerate it here with PERFLINT_UPDATE_GOLDEN=1 to compare")
    png = bureau.folder / "shot.png"
    browser_check.screenshot(BROWSER, bureau.page.resolve().as_uri(), png, width=1280, height=2000)
    with Image.open(png) as shot:
        assert shot.size == (1280, 2000)
        actual = shot.convert("L").resize(COMPARED_SIZE, Image.Resampling.BOX)
    if updating:
        actual.save(REFERENCE, optimize=True)
        REFERENCE_FONTS.write_text(fonts or "", encoding="utf-8")
        if not os.environ.get("PERFLINT_UPDATE_GOLDEN"):
            pytest.fail(f"{REFERENCE.name} did not exist; written now, look at it and rerun")
    with Image.open(REFERENCE) as reference:
        difference = ImageStat.Stat(ImageChops.difference(actual, reference.convert("L"))).mean[0]
    assert difference <= TOLERANCE, (
        f"screenshot differs from {REFERENCE.name} by {difference:.1f} on average "
        "(PERFLINT_UPDATE_GOLDEN=1 to accept)")
