"""Excel output: golden dump of the cells, deterministic bytes, what a clerk needs to filter."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from output_samples import check_golden

from perflint.findings import Finding
from perflint.output import xlsx
from perflint.runner import FileResult, RunResult

HEADERS = ["文件", "单位", "类型", "规则", "规则说明", "级别", "位置", "原文", "说明", "依据数字", "处理意见"]


def dump(data: bytes) -> str:
    """Everything a reviewer sees, as text that can be read in a diff."""
    workbook = load_workbook(io.BytesIO(data))
    out = {"properties": {"creator": workbook.properties.creator, "title": workbook.properties.title,
                          "created": str(workbook.properties.created),
                          "modified": str(workbook.properties.modified)}, "sheets": []}
    for sheet in workbook.worksheets:
        out["sheets"].append({
            "title": sheet.title,
            "freeze_panes": sheet.freeze_panes,
            "auto_filter": sheet.auto_filter.ref,
            "widths": {key: dim.width for key, dim in sorted(sheet.column_dimensions.items())},
            "rows": [list(row) for row in sheet.iter_rows(values_only=True)],
        })
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"


def test_matches_golden(run_zh: RunResult) -> None:
    check_golden("sample.xlsx.json", dump(xlsx.render(run_zh, lang="zh")))


def test_same_input_same_bytes(run_zh: RunResult) -> None:
    first = xlsx.render(run_zh)
    second = xlsx.render(run_zh)
    assert isinstance(first, bytes) and first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        assert all(info.date_time == (2000, 1, 1, 0, 0, 0) for info in archive.infolist())
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_findings_sheet(run_zh: RunResult) -> None:
    workbook = load_workbook(io.BytesIO(xlsx.render(run_zh)))
    assert workbook.sheetnames == ["问题清单", "汇总"]
    sheet = workbook["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{len(rows)}"
    findings = [f for file in run_zh.files for f in file.findings]
    assert len(rows) - 1 == len(findings)
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first == {"文件": "tests/output/reports/donghu-broken.yaml", "单位": "南昌市东湖区某局",
                     "类型": "部门整体支出绩效自评报告", "规则": "PL101", "规则说明": first["规则说明"],
                     "级别": "错误", "位置": "第21行第12列", "原文": '"340.29"', "说明": findings[0].message,
                     "依据数字": '应为：341.29；所述：340.29\n'
                                 '依据 财政拨款收入："320.09"\n依据 上年结转："21.20"',
                     "处理意见": None}
    assert first["规则说明"] and first["规则说明"] != "PL101"
    docx = next(dict(zip(HEADERS, row, strict=True)) for row in rows if row[3] == "PL302")
    assert docx["单位"] == "东湖区某单位" and docx["位置"] == "表2 第3行 第4列"
    assert all(sheet.column_dimensions[c].width >= 6 for c in "ABCDEFGHIJK")


def test_summary_sheet_counts(run_zh: RunResult) -> None:
    sheet = load_workbook(io.BytesIO(xlsx.render(run_zh)))["汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:7] == ["文件", "单位", "类型", "错误", "警告", "提示", "合计"]
    assert "PL1xx 算术" in header and "PL6xx 文本质量" in header
    by_file = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:-1]}
    assert len(by_file) == len(run_zh.files)
    assert by_file["tests/output/reports/donghu-broken.yaml"]["错误"] == 2
    assert by_file["tests/output/reports/donghu-broken.yaml"]["PL1xx 算术"] == 2
    assert by_file["tests/output/reports/clean.yaml"]["合计"] == 0
    total = dict(zip(header, rows[-1], strict=True))
    assert total["合计"] == sum(len(file.findings) for file in run_zh.files)
    assert total["错误"] + total["警告"] + total["提示"] == total["合计"]


def test_english_headers(run_en: RunResult) -> None:
    workbook = load_workbook(io.BytesIO(xlsx.render(run_en, lang="en")))
    assert workbook.sheetnames == ["Findings", "Summary"]
    assert workbook["Findings"]["A1"].value == "File"


def test_control_characters_do_not_break_the_workbook() -> None:
    finding = Finding(code="PL601", severity="info", rule="x", message="bad \x00\x1b byte")
    data = xlsx.render(RunResult([FileResult(Path("a.txt"), [finding])]))
    sheet = load_workbook(io.BytesIO(data))["问题清单"]
    assert sheet["I2"].value == "bad \\x00\\x1b byte"  # visible escapes, as in every format
