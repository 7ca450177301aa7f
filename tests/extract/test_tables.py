"""Extraction from flattened Word tables (tests/extract/data/table_report.txt, the 004 layout).

The report was written for these tests: a 自评情况汇总表 with three units, a 自评表 with its
资金来源 / 资金结构 block and indicator table, and a narrative part, with other figures than seed
004 and planted defects (a 合计 that is not the sum of its rows, a wrong 执行率, a score above its
weight, a total score that is not the sum, 满意度 94% in the table and 91% in the text).
"""

from __future__ import annotations

from pathlib import Path

from perflint.extract import extract_text
from perflint.testing import lint_file

DATA = Path(__file__).resolve().parent / "data"


def place(value) -> tuple[int, int, str]:
    return value.span.line, value.span.column, value.span.quote


def test_summary_table_rows_total_and_scores(tables):
    summary = tables.budget_tables[0]
    assert (summary.kind, summary.title) == ("汇总", "2023年度部门整体支出自评情况汇总表")
    assert [r.label for r in summary.rows] == ["某某区文化广电旅游局", "某某区图书馆", "某某区文化馆"]
    first = summary.rows[0]
    assert (first.budget.literal, first.executed.literal) == ("512.30", "498.72")
    assert first.rate.literal == "97.35%"
    assert (first.self_score.literal, first.review_score.literal) == ("92", "90")
    assert first.budget.unit is None and tables.money_unit == "万元"  # 单位：万元 applies
    assert place(first.executed) == (27, 2, "498.72")
    assert summary.total.label == "合计" and place(summary.total.budget) == (50, 2, "728.80")
    assert summary.total.self_score is None  # an empty cell states nothing
    assert [u.name.text for u in tables.subunits] == ["某某区图书馆", "某某区文化馆"]


def test_funding_blocks(tables):
    sources, structure = tables.budget_tables[1:3]
    assert (sources.kind, structure.kind) == ("资金来源", "资金结构")
    assert [(r.label, r.budget.literal, r.executed.literal) for r in sources.rows] == [
        ("财政拨款", "698.80", "668.24"), ("其他资金", "30.00", "29.00")]
    assert sources.total is None  # the block states no total row
    project = structure.rows[1]
    assert project.label == "项目支出" and place(project.rate) == (99, 2, "95.31%")


def test_unit_and_year_from_the_table(tables):
    assert tables.unit.name.text == "某某区文化广电旅游局"
    assert tables.unit.subordinate_count.literal == "2"
    assert tables.year == 2023


def test_indicator_tree(tables):
    roots = tables.indicators
    assert [(r.name.text, r.level, r.weight.literal) for r in roots] == [
        ("管理指标", 1, "20分"), ("产出指标", 1, "50分"), ("效果指标", 1, "20分"), ("满意度指标", 1, "10分")]
    management = roots[0]
    assert [(c.name.text, c.weight.literal) for c in management.children] == [
        ("预算执行管理", "10分"), ("资产管理", "10分")]
    completion = management.children[0].children[0]
    assert (completion.target.literal, completion.actual.literal) == ("100%", "95.67%")
    assert (completion.weight.literal, completion.score.literal) == ("5", "4")
    assert completion.reason.text == "部分项目采购延期"
    books = roots[1].children[0].children[1]
    assert books.name.text == "图书借阅人次"  # split over lines in the source
    assert place(books.name) == (156, 2, "图书借阅\n\n人次")
    assert (books.target.literal, books.actual.literal) == ("不少于8万人次", "7.6万人次")
    assert books.score.literal == "16"
    dummy = roots[2].children[1]
    assert dummy.weight is None and dummy.children[0].weight.nil  # "-" is stated, not blank
    assert tables.evaluation.max_score.literal == "100" and tables.evaluation.total_score.literal == "98"
    assert tables.evaluation.grade.text == "优"


def test_narrative_part_of_a_table_report(tables):
    assert [(f.concept, f.value.literal) for f in tables.facts if f.concept in ("满意度", "执行率")] == [
        ("执行率", "95.67%"), ("满意度", "91%")]
    sheet = tables.balance_sheets[0]
    assert sheet.liabilities.note.text == "单位无未偿还负债"
    assert [s.heading.text for s in tables.sections][:2] == ["部门概况", "人员编制及资产"]


def test_planted_defects_are_found_on_the_raw_text():
    found = {(f.code, f.span.line, f.span.quote) for f in lint_file(DATA / "table_report.txt")}
    assert ("PL102", 50, "728.80") in found  # 512.30 + 120.00 + 86.50 = 718.80
    assert ("PL103", 99, "95.31%") in found  # 292.14 / 318.60 = 91.69%
    assert ("PL302", 162, "16") in found  # score 16 of 15
    assert ("PL401", 231, "91%") in found  # 满意度 94% in the table


def test_merged_cells_read_as_empty():
    """A .docx loader marks the copies of a merged cell; the extractor must not count them twice."""
    from perflint.document import Cell, Document, Piece, Table

    def row(index, *texts, merged=()):
        return [Cell(Piece(t, line=index, location=f"R{index}C{c}"), index, c, merged=c in merged)
                for c, t in enumerate(texts)]

    header = row(0, "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分")
    first = row(1, "产出指标", "数量指标（6分）", "培训人数", "100人", "120人", "6", "6")
    second = row(2, "产出指标", "质量指标（4分）", "合格率", "≥95%", "97%", "4", "4", merged=(0,))
    document = Document(path=Path("x.docx"), kind="docx", blocks=[Table(rows=[header, first, second])])
    from perflint.extract import extract_report

    (root,) = extract_report(document).indicators
    assert [c.name.text for c in root.children] == ["数量指标", "质量指标"]
    assert root.children[1].children[0].actual.span.location == "R2C4"


def test_tab_separated_budget_table():
    text = ("单位：万元\n项目\t全年预算数\t全年执行数\t执行率\n基本支出\t120.5\t118.2\t98.09%\n"
            "项目支出\t30\t28.75\t95.83%\n合计\t150.5\t146.95\t97.64%\n")
    (table,) = extract_text(text).budget_tables
    assert [r.label for r in table.rows] == ["基本支出", "项目支出"]
    assert table.total.executed.literal == "146.95"
    assert table.total.executed.span.line == 5
