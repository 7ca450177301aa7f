"""Excel workbook for a finance bureau's review file (openpyxl).

Sheet 问题清单 lists every finding (文件, 单位, 类型, 规则, 规则说明, 级别, 位置, 原文, 说明,
依据数字, 处理意见) with an auto-filter and a frozen header row, so a clerk can filter by unit or
rule and paste rows into a review letter. 规则说明 is the rule's Chinese title (perflint.ruledocs),
依据数字 the figures the finding was computed from (应为/所述 and each related figure with its
label), 处理意见 the auditor's decision from the review file (perflint.review) or an empty cell to
fill in by hand. Sheet 汇总 has one row per file (with its unit) and counts by severity and rule
family, plus a total row. Headers are Chinese by default, English with `--lang en`.

Both sheets print as a bureau files them: A4 landscape, fitted to the page width (as many pages
down as it takes), the header row repeated on every page, page numbers in the footer.

The same findings give the same bytes: openpyxl stamps the save time into docProps/core.xml and
the zip entries, so both are rewritten to a fixed date; a workbook that changes only when the
findings change can be committed and diffed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rich.cells import cell_len

from perflint import __version__
from perflint.findings import Finding
from perflint.output import _safe as safe
from perflint.output._common import (
    FAMILIES,
    FAMILY_LABELS,
    SEVERITIES,
    SEVERITY_LABELS,
    counts_by,
    display_path,
    labels,
    position,
    rule_catalogue,
    unit_name,
)
from perflint.profiles.kinds import kind_label
from perflint.runner import RunResult

if TYPE_CHECKING:
    from perflint.review import Decision

FORMAT = "xlsx"

FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

_LABELS = {
    "zh": {"findings": "问题清单", "summary": "汇总", "file": "文件", "unit": "单位",
           "kind": "类型", "rule": "规则", "rule_title": "规则说明",
           "severity": "级别", "position": "位置", "quote": "原文", "expected": "应为", "stated": "所述",
           "message": "说明", "figures": "依据数字", "opinion": "处理意见", "related": "依据",
           "total": "合计", "all": "全部文件", "title": "perflint 审查结果",
           "footer": "第 &P 页，共 &N 页", "colon": "：", "sep": "；"},
    "en": {"findings": "Findings", "summary": "Summary", "file": "File", "unit": "Unit",
           "kind": "Kind", "rule": "Rule", "rule_title": "Rule description",
           "severity": "Severity", "position": "Position", "quote": "Source text", "expected": "Expected",
           "stated": "Stated", "message": "Message", "figures": "Figures", "opinion": "Review decision",
           "related": "from", "total": "Total", "all": "All files", "title": "perflint review",
           "footer": "Page &P of &N", "colon": ": ", "sep": "; "},
}
#: The findings sheet's columns (keys of _LABELS) and their widths in Excel character units:
#: wide for the text a clerk reads, narrow for codes; together they fit an A4 landscape page at
#: about two thirds of full size.
_FINDING_COLUMNS = (("file", 20), ("unit", 16), ("kind", 12), ("rule", 7), ("rule_title", 18),
                    ("severity", 6), ("position", 12), ("quote", 22), ("message", 40), ("figures", 26),
                    ("opinion", 22))
_WRAPPED = frozenset({"file", "unit", "kind", "rule_title", "position", "quote", "message", "figures",
                      "opinion"})
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_SEVERITY_FILLS = {"error": "F8D7DA", "warning": "FFF0C2", "info": "DBEAFE"}


#: The most characters Excel keeps in a cell; a longer text is cut (`_safe.clip`).
CELL_CHARS = 32_767


def _cell_text(value: str | None) -> str | None:
    """Excel refuses control characters (openpyxl raises IllegalCharacterError) and cells over
    `CELL_CHARS`: a hostile report or plugin must not make the workbook unreadable. They are shown
    as visible escapes, as in every format (perflint.output._safe)."""
    if value is None:
        return None
    return safe.escape(safe.clip(value, CELL_CHARS))


#: Points per printed line of the default 11-point font, and the most lines a row is given.
_LINE_POINTS = 15
_MAX_LINES = 30


def _lines(text: str, width: float) -> int:
    """Lines `text` takes when wrapped in a column `width` characters wide (a Chinese character
    is two), each of its own lines counted apart."""
    columns = max(int(width), 1)
    return sum(max(1, -(-cell_len(line) // columns)) for line in text.split("\n"))


def _row_height(cells: tuple) -> float:
    """The height a findings row needs for its wrapped cells. Set explicitly: a spreadsheet
    program does not grow the rows of a generated file, so wrapped text would print over the
    next row (LibreOffice does exactly that)."""
    widths = dict(_FINDING_COLUMNS)
    keys = [key for key, _ in _FINDING_COLUMNS]
    lines = max((_lines(str(cell.value), widths[keys[index]]) for index, cell in enumerate(cells)
                 if cell.value is not None and keys[index] in _WRAPPED), default=1)
    return _LINE_POINTS * min(lines, _MAX_LINES)


def _header(sheet: Worksheet, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"


def _print_setup(sheet: Worksheet, lang: str) -> None:
    """A4 landscape, fitted to the page width, the header row on every page, page numbers."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = labels(_LABELS, lang)["footer"]


def _rule_titles(codes: set[str], rules: Mapping[str, Any] | None, findings: list[Finding],
                 lang: str) -> dict[str, str]:
    """Each code's title in the reader's language (perflint.ruledocs); without it, the rule's
    one-line summary from the catalogue."""
    try:
        from perflint.ruledocs import title
    except ImportError:
        catalogue = rule_catalogue(findings, rules, lang)
        return {code: catalogue[code].summary for code in codes}
    registered = rules or {}
    names = {f.code: f.rule for f in findings if f.rule}
    titles = {code: title(code, lang, rule=getattr(registered.get(code), "rule", None)) for code in codes}
    # a code nothing documents is titled by itself: its finding's rule name says more
    return {code: names.get(code, code) if text == code else text for code, text in titles.items()}


def _figures(finding: Finding, lang: str) -> str | None:
    """应为 / 所述 and each figure the finding rests on (`依据 全年执行数：283.04万元`), a line each."""
    words = labels(_LABELS, lang)
    colon = words["colon"]
    lines = []
    stated = [f"{words[key]}{colon}{value}" for key, value in
              (("expected", finding.expected), ("stated", finding.stated)) if value is not None]
    if stated:
        lines.append(words["sep"].join(stated))
    for related in finding.related:
        label = f"{words['related']} {related.label}" if related.label else words["related"]
        lines.append(f"{label}{colon}{safe.clip(related.span.quote)}")
    return "\n".join(lines) or None


def _findings_sheet(sheet: Worksheet, result: RunResult, lang: str, rules: Mapping[str, Any] | None,
                    review_base: Path, decisions: Mapping[str, Decision]) -> None:
    from perflint.review import decision_label, fingerprints_for

    words = labels(_LABELS, lang)
    severity_names = labels(SEVERITY_LABELS, lang)
    keys = [key for key, _ in _FINDING_COLUMNS]
    _header(sheet, [words[key] for key in keys])
    findings = [f for file in result.files for f in file.findings]
    titles = _rule_titles({f.code for f in findings}, rules, findings, lang)
    severity_column = keys.index("severity") + 1
    wrapped = [number for number, key in enumerate(keys, start=1) if key in _WRAPPED]
    for file in result.files:
        path, unit = safe.name(display_path(file.path)), unit_name(file)
        kind = kind_label(file.kind, lang) if file.kind else None
        for finding, key in zip(file.findings, fingerprints_for(file.path, file.findings, review_base),
                                strict=True):
            span = finding.span
            decision = decisions.get(key)
            sheet.append([_cell_text(v) for v in (
                path, unit, kind, finding.code, titles.get(finding.code),
                severity_names.get(finding.severity, finding.severity),
                position(span, lang) or None, safe.clip(span.quote) if span else None, finding.message,
                _figures(finding, lang), decision_label(decision, lang) if decision else None)])
            row = sheet.max_row
            sheet.cell(row, severity_column).fill = PatternFill("solid",
                                                                fgColor=_SEVERITY_FILLS[finding.severity])
            for column in range(1, len(keys) + 1):
                sheet.cell(row, column).alignment = Alignment(wrap_text=column in wrapped, vertical="top")
            sheet.row_dimensions[row].height = _row_height(sheet[row])
    for number, (_, width) in enumerate(_FINDING_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(sheet.max_row, 1)}"
    _print_setup(sheet, lang)


def _summary_sheet(sheet: Worksheet, result: RunResult, lang: str) -> None:
    words = labels(_LABELS, lang)
    severity_names = labels(SEVERITY_LABELS, lang)
    family_names = labels(FAMILY_LABELS, lang)
    header = [words["file"], words["unit"], words["kind"], *(severity_names[s] for s in SEVERITIES),
              words["total"],
              *(f"{f} {family_names[f]}" if f != "other" else family_names[f] for f in FAMILIES)]
    _header(sheet, header)
    for file in result.files:
        severities, families = counts_by(file.findings)
        kind = kind_label(file.kind, lang) if file.kind else None
        sheet.append([_cell_text(safe.name(display_path(file.path))), _cell_text(unit_name(file)), kind,
                      *severities.values(), len(file.findings), *families.values()])
    severities, families = counts_by(f for file in result.files for f in file.findings)
    total = sum(severities.values())
    sheet.append([f"{words['total']}（{len(result.files)}）" if lang != "en"
                  else f"{words['total']} ({len(result.files)})", words["all"], None,
                  *severities.values(), total, *families.values()])
    for cell in sheet[sheet.max_row]:
        cell.font = _HEADER_FONT
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 22
    for number in range(4, len(header) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 12
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{sheet.max_row - 1}"
    _print_setup(sheet, lang)


def _normalize(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps (zip entries and dcterms:modified)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, content)
    return output.getvalue()


def build_workbook(result: RunResult, lang: str = "zh", rules: Mapping[str, Any] | None = None,
                   review_base: Path | None = None, decisions: Mapping[str, Decision] | None = None
                   ) -> Workbook:
    """The workbook; `rules` ({code: registered rule}) name plugin rules the default host does
    not know, `decisions` (by fingerprint relative to `review_base`) fill 处理意见."""
    words = labels(_LABELS, lang)
    workbook = Workbook()
    findings = workbook.active
    findings.title = words["findings"]
    _findings_sheet(findings, result, lang, rules, review_base or Path.cwd(), decisions or {})
    _summary_sheet(workbook.create_sheet(words["summary"]), result, lang)
    workbook.properties.creator = f"perflint {__version__}"
    workbook.properties.title = words["title"]
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def render(result: RunResult, *, lang: str = "zh", color: bool = False,
           rules: Mapping[str, Any] | None = None, review_base: Path | None = None,
           decisions: Mapping[str, Decision] | None = None, **_: Any) -> bytes:
    buffer = io.BytesIO()
    build_workbook(result, lang, rules, review_base, decisions).save(buffer)
    return _normalize(buffer.getvalue())
