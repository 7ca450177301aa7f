"""`perflint check` on the Word/Excel versions of the seeds finds what it finds on the text exports,
pointing at the paragraph or cell and quoting it."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from pydantic import BaseModel

from perflint.extract import extract_report, load_text_document
from perflint.findings import Finding
from perflint.loaders import InputError
from perflint.loaders.docx_loader import read_docx
from perflint.loaders.xlsx_loader import load_xlsx, read_xlsx
from perflint.loaders.yaml_loader import load_yaml
from perflint.model import Quantity
from perflint.testing import lint_file

SEEDS = ["000", "001", "004"]
OFFICE = Path(__file__).resolve().parents[2] / "fixtures" / "office"


def _signature(finding: Finding) -> tuple:
    """What a finding says, independent of how the file numbers its places."""
    return (finding.code, finding.span.quote if finding.span else None, finding.stated, finding.expected,
            tuple(related.span.quote for related in finding.related))


def _paragraph_number(document, starts: str) -> int:
    return next(i for i, p in enumerate(document.paragraphs(), 1) if p.text.startswith(starts))


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_reports_the_same_defects_as_the_text_export(seed: str, seeds_dir: Path) -> None:
    text = lint_file(next(seeds_dir.glob(f"{seed}_*.txt")))
    word = lint_file(OFFICE / f"seed_{seed}.docx")
    assert text, "the seed should have findings"
    assert Counter(map(_signature, word)) == Counter(map(_signature, text))


def _one(findings: list[Finding], code_prefix: str, stated: str) -> Finding:
    matches = [f for f in findings if f.code.startswith(code_prefix) and f.stated == stated]
    assert len(matches) == 1, [(f.code, f.stated, f.message) for f in findings]
    return matches[0]


def test_004_basic_expenditure_rate_points_at_its_cell() -> None:
    """资金结构 基本支出: 283.04 ÷ 193.13 = 146.55%, stated 126.59%."""
    finding = _one(lint_file(OFFICE / "seed_004.docx", select=["PL1"]), "PL1", "126.59%")
    assert finding.expected == "146.55%"
    assert (finding.span.quote, finding.span.location) == ("126.59%", "表2 第5行第9列")
    assert {(r.span.quote, r.span.location) for r in finding.related} == {
        ("283.04", "表2 第5行第8列"), ("193.13", "表2 第5行第7列")}


def test_004_xlsx_basic_expenditure_rate_points_at_its_cell() -> None:
    finding = _one(lint_file(OFFICE / "seed_004.xlsx", select=["PL1"]), "PL1", "126.59%")
    assert finding.expected == "146.55%"
    assert (finding.span.quote, finding.span.location) == ("126.59%", "自评表!I7")
    assert {(r.span.quote, r.span.location) for r in finding.related} == {
        ("283.04", "自评表!H7"), ("193.13", "自评表!G7")}


def test_001_income_parts_exceed_the_total_in_its_paragraph() -> None:
    """收入 340.29 ≠ 本年财政拨款 320.09 + 年初结转和结余 21.20 (= 341.29)."""
    path = OFFICE / "seed_001.docx"
    document = read_docx(path)
    number = _paragraph_number(document, "单位收入全年预算数340.29万元")
    text = list(document.paragraphs())[number - 1].text
    findings = [f for f in lint_file(path, select=["PL1"]) if f.span and f.span.location == f"第{number}段"]
    # stated twice in the paragraph: 全年预算数 and 决算数, each with the same two parts
    assert [(f.span.quote, f.span.column) for f in findings] == [
        ("340.29万元", text.index("340.29万元") + 1), ("340.29万元", text.rindex("340.29万元") + 1)]
    for finding in findings:
        assert sorted(r.span.quote for r in finding.related) == ["21.20万元", "320.09万元"]
        assert finding.expected == "341.29万元"


def test_variant_layout_asset_total_is_caught_and_consistent_tables_are_not() -> None:
    """The differently laid out report: 元 with thousands separators, budget in a table,
    `第一部分` headings. The planted asset defect is found; the consistent budget table and the
    indicator table raise no arithmetic or scoring finding."""
    path = OFFICE / "variant_yuan.docx"
    findings = lint_file(path)
    number = _paragraph_number(read_docx(path), "本单位编制人数18人")
    assert [(f.code[:3], f.span.quote, f.span.location, f.expected) for f in findings
            if f.code.startswith(("PL1", "PL2", "PL3"))] == [
        ("PL1", "1,523,600.00元", f"第{number}段", "1423600.00元")]


def test_variant_budget_table_is_read() -> None:
    """Silence on the variant's budget table means something only if the table was read."""
    report = extract_report(read_docx(OFFICE / "variant_yuan.docx"))
    rows = {row.label: row for table in report.budget_tables for row in table.rows}
    assert rows["基本支出"].budget.literal == "3,265,400.00"
    assert rows["基本支出"].rate.literal == "97.94%"
    assert rows["项目支出"].executed.span.location == "表1 第3行第3列"
    scores = [leaf.score.literal for root in report.indicators for leaf in root.walk() if leaf.level == 3]
    assert scores == ["20", "17", "20", "20", "19"]


def test_variant_money_unit_is_yuan() -> None:
    """`见下表（单位：元）` in the paragraph introducing the table sets the money unit."""
    report = extract_report(read_docx(OFFICE / "variant_yuan.docx"))
    assert report.money_unit == "元"


def test_workbook_without_a_self_evaluation_table_is_a_clear_message(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "采购清单"
    sheet.append(["物品", "数量", "备注"])
    sheet.append(["打印纸", 20, "A4"])
    sheet.append(["墨盒", 4, ""])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        load_xlsx(path)
    assert "没有识别出自评表" in caught.value.message
    assert "no self-evaluation table recognized" in caught.value.text("en")
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]


# --------------------------------------------------------------------------------------------
# Fact recall against the hand-normalized fixtures


def _factcompare():
    path = Path(__file__).resolve().parents[1] / "extract" / "factcompare.py"
    assert path.is_file(), f"{path} is missing"  # committed with the tests: never a skip
    spec = importlib.util.spec_from_file_location("factcompare", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("factcompare", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_fact_recall_equals_the_text_export(seed: str, seeds_dir: Path, fixtures_dir: Path) -> None:
    """The .docx version loses no fact the .txt version yields, and invents none (the report
    prints per-seed recall and precision)."""
    compare = _factcompare().compare
    expected = load_yaml(fixtures_dir / f"seed_{seed}.yaml")
    from_text = compare(expected, extract_report(load_text_document(next(seeds_dir.glob(f"{seed}_*.txt")))))
    from_word = compare(expected, extract_report(read_docx(OFFICE / f"seed_{seed}.docx")))
    print(from_text.summary(f"{seed}.txt"))
    print(from_word.summary(f"{seed}.docx"))
    assert from_word.precision == 1.0
    assert from_word.recall >= from_text.recall
    assert from_word.placed_recall >= from_text.placed_recall


def _table_quantities(report) -> list[Quantity]:
    """Every figure of a Report that was read from a Word table (its place names a 表)."""
    found: list[Quantity] = []

    def walk(value: object) -> None:
        if isinstance(value, Quantity):
            if value.span is not None and (value.span.location or "").startswith("表"):
                found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(report)
    return found


def test_xlsx_reads_every_figure_the_word_forms_hold(fixtures_dir: Path) -> None:
    """The workbook holds 004's two forms only: every figure the .docx version reads from its
    tables is read from the workbook too, and the workbook yields nothing the fixture lacks."""
    module = _factcompare()
    word = Counter(module._key(q) for q in _table_quantities(
        extract_report(read_docx(OFFICE / "seed_004.docx"))))
    excel_report = extract_report(read_xlsx(OFFICE / "seed_004.xlsx"))
    excel = Counter(f.key for f in module.figures(excel_report))
    assert sum(word.values()) > 150
    assert not word - excel
    comparison = module.compare(load_yaml(fixtures_dir / "seed_004.yaml"), excel_report)
    print(comparison.summary("004.xlsx"))
    assert comparison.precision == 1.0
