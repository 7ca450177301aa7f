# ruff: noqa: E501  (the embedded form keeps each of its rows on one line)
"""Write a layout case's other input formats from its `input.txt` (run from the repository root).

    python tests/layouts/make_inputs.py tests/layouts/<profile>/<case> [...]
    python tests/layouts/make_inputs.py --project-table      # the national__project-table cases

A case's `input.txt` is the report as text, its tables one row per line with cells separated by
` | ` (a leading `|` is an empty first cell, a trailing one an empty last cell). From it this
script writes the same document as the other shapes auditors receive, so one case pins that
they all read alike (tests/layouts/test_layouts.py compares their findings and extracted reports):

- `input-tabs.txt`: rows as tab-separated lines (a row whose first cell is empty starts with a tab);
- `input-cells.txt`: Word's "save as text": every cell on a line of its own after a tab, a blank
  line between rows, the grid padded to the table's width;
- `input.docx`: each plain line a paragraph (the first ones centred, as a form's title is), each
  run of rows one Word table;
- `input.xlsx`: the same on one sheet, title lines above the table; plain decimals and
  percentages are numeric cells whose number format keeps their stated decimals (`0.00`,
  `0.00%`), other cells are text.

Merged cells, as the forms have them: an empty cell *before a row's first filled cell* continues
the cell above it (`项目资金（万元）` spanning its block, `绩效指标` and `产出指标` spanning their
rows); the .docx and .xlsx merge them vertically, the text shapes leave them empty (as Word's
text export does). Output is deterministic (fixed document properties and ZIP timestamps).

`--project-table` first writes the `input.txt` of every national__project-table case: the correct
项目支出绩效自评表 below and, for each planted case, the same text with one figure changed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
_STAMP = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
_BAR = re.compile(r"[|｜]")

# ------------------------------------------------------------------ the national project form

PROJECT_TABLE = """\
项目支出绩效自评表
（2023年度）
项目名称 | 青禾区农村公路养护项目
主管部门 | 青禾区交通运输局 | 实施单位 | 青禾区公路事业发展中心
项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
| 年度资金总额 | 360.00 | 380.00 | 357.20 | 10 | 94.00% | 9.4
| 其中：当年财政拨款 | 360.00 | 360.00 | 339.00 | — | — | —
| 上年结转资金 | 0 | 20.00 | 18.20 | — | — | —
| 其他资金 | 0 | 0 | 0 | — | — | —
年度总体目标 | 预期目标 | 实际完成情况
| 完成全区农村公路日常养护，路面技术状况优良率不低于85% | 全年养护农村公路326公里，路面技术状况优良率87.5%
绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
| 产出指标 | 数量指标 | 养护农村公路里程 | ≥320公里 | 326公里 | 20 | 20 |
| | 质量指标 | 路面技术状况优良率 | ≥85% | 87.5% | 15 | 15 |
| | 时效指标 | 日常养护按期完成率 | 100% | 100% | 10 | 10 |
| | 成本指标 | 每公里养护成本 | ≤1.2万元 | 1.1万元 | 5 | 5 |
| 效益指标 | 社会效益指标 | 群众出行平均时间缩短 | ≥10分钟 | 8分钟 | 15 | 12 | 两条支线路面改造延至下年，已列入下年养护计划
| | 可持续影响指标 | 公路使用寿命延长 | ≥3年 | 3年 | 15 | 15 |
| 满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 92% | 10 | 10 |
总分 | | | | | | 100 | 96.4 |
"""

#: case → (old, new) replacements of the correct text: one planted defect each.
PROJECT_TABLE_CASES: dict[str, list[tuple[str, str]]] = {
    "correct": [],
    # 全年预算数 390.00 ≠ 360.00 + 20.00 + 0 = 380.00 (and the stated 94.00% no longer follows)
    "planted-total": [("| 年度资金总额 | 360.00 | 380.00 |", "| 年度资金总额 | 360.00 | 390.00 |")],
    # 总分 97.4 ≠ 20+15+10+5 + 12+15 + 10 + 预算执行率 9.4 = 96.4
    "planted-score-sum": [("| 100 | 96.4 |", "| 100 | 97.4 |")],
    # 执行率 96.00% ≠ 357.20 / 380.00 = 94.00%
    "planted-rate": [("| 10 | 94.00% | 9.4", "| 10 | 96.00% | 9.4")],
    # 数量指标 分值 15: 45 + 30 + 10 + 预算执行率 10 = 95 ≠ 100 (the 一级 rows state no weight of
    # their own, so PL301 reports it as a warning)
    "planted-weight-sum": [("| 326公里 | 20 | 20 |", "| 326公里 | 15 | 15 |"), ("| 100 | 96.4 |", "| 100 | 91.4 |")],
}


def write_project_table_cases() -> list[Path]:
    folders = []
    for case, replacements in PROJECT_TABLE_CASES.items():
        text = PROJECT_TABLE
        for old, new in replacements:
            assert text.count(old) == 1, (case, old)
            text = text.replace(old, new)
        folder = HERE / "national__project-table" / case
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "input.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


# ------------------------------------------------------------------ reading input.txt


def read_blocks(text: str) -> list[tuple[str, object]]:
    """("p", line) for a plain line, ("table", rows) for a run of bar-separated lines."""
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _BAR.search(line):
            cells = [cell.strip() for cell in _BAR.split(line)]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(cells)
            else:
                blocks.append(("table", [cells]))
        else:
            blocks.append(("p", line.strip()))
    return blocks


def padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def merges(rows: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """Vertical merges (row0, col, row1, col): leading empty cells continue the cell above."""
    found: dict[tuple[int, int], int] = {}  # (origin row, col) → last row
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        first = next((c for c, text in enumerate(row) if text), len(row))
        for c in range(first):
            above = owner.get((r - 1, c)) or ((r - 1, c) if r and rows[r - 1][c] else None)
            if above is None:
                continue
            owner[(r, c)] = above
            found[above] = r
    return [(r0, c, r1, c) for (r0, c), r1 in sorted(found.items())]


# ------------------------------------------------------------------ text shapes


def tabs_text(blocks: list[tuple[str, object]]) -> str:
    lines = []
    for kind, content in blocks:
        lines.extend([content] if kind == "p" else ["\t".join(row) for row in content])
    return "\n".join(lines) + "\n"


def cells_text(blocks: list[tuple[str, object]]) -> str:
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "p":
            lines.append(content)
            continue
        for index, row in enumerate(padded(content)):
            if index:
                lines.append("")
            lines.extend(f"\t{text}" for text in row)
        lines.append("")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ Office shapes


def docx_bytes(blocks: list[tuple[str, object]]) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = docx.Document()
    properties = word.core_properties
    properties.author = properties.last_modified_by = "perflint layouts"
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = FIXED_TIME
    leading = True
    for kind, content in blocks:
        if kind == "p":
            paragraph = word.add_paragraph()
            paragraph.add_run(content)
            if leading:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        leading = False
        rows = padded(content)
        table = word.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        cells = table._cells  # one snapshot of the unmerged grid
        width = len(rows[0])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    cells[r * width + c].paragraphs[0].text = text
        for r0, c, r1, _ in merges(rows):
            cells[r0 * width + c].merge(cells[r1 * width + c])
    buffer = io.BytesIO()
    word.save(buffer)
    return normalize_zip(buffer.getvalue())


def cell_value(text: str) -> tuple[object, str]:
    """A typed value and its number format, as a clerk enters a form: decimals as numbers whose
    format shows the stated decimals, percentages as fractions, anything else as text."""
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?", text)
    if match:
        decimals = len(match.group(2) or "")
        number = Decimal(text)
        return (float(number) if decimals else int(number)), ("0." + "0" * decimals if decimals else "0")
    match = re.fullmatch(r"(\d+)(?:\.(\d+))?%", text)
    if match:
        decimals = len(match.group(2) or "")
        return float(Decimal(text[:-1]) / 100), "0" + ("." + "0" * decimals if decimals else "") + "%"
    return text, "@" if text else "General"


def xlsx_bytes(blocks: list[tuple[str, object]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    workbook.properties.creator = "perflint layouts"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    sheet = workbook.active
    sheet.title = "自评表"
    top = 1
    for kind, content in blocks:
        if kind == "p":
            sheet.cell(row=top, column=1, value=content)
            top += 1
            continue
        rows = padded(content)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    cell = sheet.cell(row=top + r, column=c + 1)
                    cell.value, cell.number_format = cell_value(text)
                    cell.alignment = Alignment(vertical="center")
        for r0, c, r1, _ in merges(rows):
            sheet.merge_cells(start_row=top + r0, start_column=c + 1, end_row=top + r1, end_column=c + 1)
        top += len(rows) + 1  # a blank row after a table
    buffer = io.BytesIO()
    workbook.save(buffer)
    return normalize_zip(buffer.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a package with fixed member timestamps and fixed core-property dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + _STAMP.encode(), content)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, content)
    return out.getvalue()


def write_formats(folder: Path) -> None:
    blocks = read_blocks((folder / "input.txt").read_text(encoding="utf-8"))
    (folder / "input-tabs.txt").write_text(tabs_text(blocks), encoding="utf-8")
    (folder / "input-cells.txt").write_text(cells_text(blocks), encoding="utf-8")
    (folder / "input.docx").write_bytes(docx_bytes(blocks))
    (folder / "input.xlsx").write_bytes(xlsx_bytes(blocks))
    print(f"wrote {folder.relative_to(HERE.parent.parent)}/input-tabs.txt, input-cells.txt, "
          f"input.docx, input.xlsx")


def main(argv: list[str]) -> int:
    folders = [Path(arg) for arg in argv if not arg.startswith("--")]
    if "--project-table" in argv:
        folders.extend(write_project_table_cases())
    if not folders:
        print(__doc__)
        return 2
    for folder in folders:
        write_formats(folder.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
