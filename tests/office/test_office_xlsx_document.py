"""Reading .xlsx into a Document: displayed numbers, merged ranges, tables split at blank rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perflint.document import Paragraph, Table
from perflint.loaders.xlsx_loader import display_value, read_xlsx


@pytest.mark.parametrize("value, number_format, shown", [
    (0.9, "0.00%", "90.00%"),
    (1.2659, "0.00%", "126.59%"),
    (0.05, "0%", "5%"),
    (0.125, "0.0%", "12.5%"),
    (126.59, "General", "126.59"),
    (424.5, "General", "424.5"),
    (239197.0, "General", "239197"),
    (0.1 + 0.2, "General", "0.3"),  # Excel keeps 15 significant digits
    (424.5, "0.00", "424.50"),
    (2.675, "0.00", "2.68"),  # half away from zero on the 15-digit value, as Excel shows it
    (1234.5, "#,##0.00", "1,234.50"),
    (4110.78, '#,##0.00"万元"', "4,110.78万元"),
    (12.5, "0.0元", "12.5元"),
    (-5, "#,##0.00_);[Red](#,##0.00)", "(5.00)"),
    (-5, "#,##0.00", "-5.00"),
    (0, "0.00;-0.00;", ""),
    (1234567, "#,##0,", "1,235"),
    (1.2, "0.0#", "1.2"),
    (1.25, "0.0#", "1.25"),
    (5, "[$¥-804]#,##0.00", "¥5.00"),
    (Decimal("3198215.36"), "#,##0.00", "3,198,215.36"),
    (0.5, "0.00E+00", "0.5"),  # scientific: falls back to General
    ("100%", "@", "100%"),
    (">100%", "General", ">100%"),
    (True, "General", "TRUE"),
    (None, "General", ""),
])
def test_display_value_reproduces_what_excel_shows(value, number_format: str, shown: str) -> None:
    assert display_value(value, number_format) == shown


def test_dates_are_shown_as_dates() -> None:
    import datetime

    assert display_value(datetime.datetime(2022, 4, 22), 'yyyy"年"m"月"d"日"') == "2022年4月22日"
    assert display_value(datetime.datetime(2022, 4, 22), "yyyy-mm-dd") == "2022-04-22"


@pytest.fixture(scope="module")
def workbook_document(office_dir: Path):
    return read_xlsx(office_dir / "seed_004.xlsx")


def test_titles_and_notes_become_paragraphs(workbook_document) -> None:
    kinds = [(type(b).__name__, getattr(b, "location", None) or b.piece.location)
             for b in workbook_document.blocks]
    assert kinds == [
        ("Paragraph", "汇总表!A1"), ("Table", "汇总表!A2:G7"), ("Paragraph", "汇总表!A9"),
        ("Paragraph", "自评表!A1"), ("Paragraph", "自评表!A2"), ("Table", "自评表!A3:I41"),
        ("Paragraph", "自评表!A42"),
    ]


def test_numbers_are_shown_as_formatted(workbook_document) -> None:
    summary = next(workbook_document.tables())
    assert summary.texts()[-1] == ["9", "合计", "335.33", "424.5", "126.59%", "95", ""]
    form = list(workbook_document.tables())[1]
    basic = form.rows[4]
    assert [c.text for c in basic if not c.merged] == ["资金结构：（1）基本支出", "193.13", "283.04",
                                                       "126.59%"]
    assert basic[8].piece.location == "自评表!I7"
    span = basic[8].piece.span()
    assert (span.quote, span.location) == ("126.59%", "自评表!I7")


def test_merged_ranges_expand_with_copies(workbook_document) -> None:
    form = list(workbook_document.tables())[1]
    management = [row for row in form.rows if row[0].text == "管理指标"]
    assert len(management) == 17
    assert [row[0].merged for row in management] == [False] + [True] * 16
    assert {row[0].piece.location for row in management} == {"自评表!A14"}
    assert [c.text for c in form.rows[-1] if not c.merged] == ["总分", "100", "95", ""]


def test_blank_rows_split_tables_but_merged_rows_do_not(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet 1"
    sheet.append(["一级指标", "二级指标", "分值"])
    sheet.append(["产出指标", "数量指标", 20])
    sheet.append([None, None, None])  # covered by the merge A2:A3 below: not blank
    sheet.append([None, None, None])  # blank: the next table starts after it
    sheet.append(["项目", "预算数"])
    sheet.append(["基本支出", 12.5])
    sheet.merge_cells("A2:A3")
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    document = read_xlsx(path)
    tables = list(document.tables())
    assert [t.location for t in tables] == ["'Sheet 1'!A1:C3", "'Sheet 1'!A5:B6"]
    assert tables[0].texts()[2] == ["产出指标", "", ""]
    assert tables[0].rows[2][0].merged
    assert tables[1].texts() == [["项目", "预算数"], ["基本支出", "12.5"]]
    assert all(isinstance(b, Table | Paragraph) for b in document.blocks)


def test_lines_number_blocks_in_reading_order(workbook_document) -> None:
    lines = []
    for block in workbook_document.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.piece.line)
        else:
            lines.extend(c.piece.line for row in block.rows for c in row if not c.merged)
    assert lines == list(range(1, len(lines) + 1))
