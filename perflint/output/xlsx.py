"""Excel workbook for a finance bureau's review file (openpyxl).

Sheet 问题清单 lists every finding (文件, 单位, 规则, 级别, 位置, 原文, 应为, 所述, 说明) with an
auto-filter and a frozen header row, so a clerk can filter by unit or rule and paste rows into a
review letter. Sheet 汇总 has one row per file (with its unit) and counts by severity and rule
family, plus a total row. Headers are Chinese by default, English with `--lang en`.

The same findings give the same bytes: openpyxl stamps the save time into docProps/core.xml and
the zip entries, so both are rewritten to a fixed date; a workbook that changes only when the
findings change can be committed and diffed.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perflint import __version__
from perflint.output._common import (
    FAMILIES,
    FAMILY_LABELS,
    SEVERITIES,
    SEVERITY_LABELS,
    counts_by,
    display_path,
    labels,
    position,
    unit_name,
)
from perflint.profiles.kinds import kind_label
from perflint.runner import RunResult

FORMAT = "xlsx"

FIXED_TIME = datetime(2000, 1, 1)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

_LABELS = {
    "zh": {"findings": "问题清单", "summary": "汇总", "file": "文件", "unit": "单位",
           "kind": "类型", "rule": "规则",
           "severity": "级别", "position": "位置", "quote": "原文", "expected": "应为", "stated": "所述",
           "message": "说明", "total": "合计", "all": "全部文件", "title": "perflint 审查结果"},
    "en": {"findings": "Findings", "summary": "Summary", "file": "File", "unit": "Unit",
           "kind": "Kind", "rule": "Rule",
           "severity": "Severity", "position": "Position", "quote": "Source text", "expected": "Expected",
           "stated": "Stated", "message": "Message", "total": "Total", "all": "All files",
           "title": "perflint review"},
}
#: Column widths in Excel character units: wide for the text a clerk reads, narrow for codes.
_FINDING_WIDTHS = (36, 24, 10, 8, 20, 30, 14, 14, 70)
_WRAPPED = {6, 9}  # 原文, 说明
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_SEVERITY_FILLS = {"error": "F8D7DA", "warning": "FFF0C2", "info": "DBEAFE"}


def _cell_text(value: str | None) -> str | None:
    """Excel refuses control characters; a hostile report must not make the workbook unreadable."""
    if value is None:
        return None
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)


def _header(sheet: Worksheet, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    sheet.freeze_panes = "A2"


def _findings_sheet(sheet: Worksheet, result: RunResult, lang: str) -> None:
    words = labels(_LABELS, lang)
    severity_names = labels(SEVERITY_LABELS, lang)
    keys = ("file", "unit", "rule", "severity", "position", "quote", "expected", "stated", "message")
    _header(sheet, [words[key] for key in keys])
    for file in result.files:
        path, unit = display_path(file.path), unit_name(file)
        for finding in file.findings:
            span = finding.span
            sheet.append([_cell_text(v) for v in (
                path, unit, finding.code, severity_names.get(finding.severity, finding.severity),
                position(span, lang) or None, span.quote if span else None,
                finding.expected, finding.stated, finding.message)])
            row = sheet.max_row
            sheet.cell(row, 4).fill = PatternFill("solid", fgColor=_SEVERITY_FILLS[finding.severity])
            for column in _WRAPPED:
                sheet.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
    for number, width in enumerate(_FINDING_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{max(sheet.max_row, 1)}"


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
        sheet.append([_cell_text(display_path(file.path)), _cell_text(unit_name(file)), kind,
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


def build_workbook(result: RunResult, lang: str = "zh") -> Workbook:
    words = labels(_LABELS, lang)
    workbook = Workbook()
    findings = workbook.active
    findings.title = words["findings"]
    _findings_sheet(findings, result, lang)
    _summary_sheet(workbook.create_sheet(words["summary"]), result, lang)
    workbook.properties.creator = f"perflint {__version__}"
    workbook.properties.title = words["title"]
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


def render(result: RunResult, *, lang: str = "zh", color: bool = False, **_: Any) -> bytes:
    buffer = io.BytesIO()
    build_workbook(result, lang).save(buffer)
    return _normalize(buffer.getvalue())
