"""The golden cases of issue 3 on the hand-normalized seed reports (fixtures/seed_*.yaml).

Must be reported: 001's 收入 340.29 ≠ 320.09 + 21.20 (预算数 and 决算数); 004's 基本支出 执行率
126.59% (283.04 / 193.13 = 146.55%); 004's 120.21%, 142.56% and 126.59% over 100%; 004's
预算完成率 100% with full points while 424.5 / 335.33 = 126.59%.
Must stay silent: every relation of the seeds that holds (listed per test below). And no other
error-level finding of the PL1xx/PL2xx rules may appear on these fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.findings import Finding
from perflint.testing import lint_file

ARITHMETIC = ["PL1", "PL2"]


def literal(span_holder) -> str:
    """The stated literal a span quotes, without the YAML quotation marks."""
    return span_holder.span.quote.strip("\"'") if span_holder.span else ""


@pytest.fixture
def findings(fixtures_dir: Path):
    def lint(name: str) -> list[Finding]:
        path = fixtures_dir / f"{name}.yaml"
        if not path.is_file():
            pytest.skip(f"fixtures/{name}.yaml is not there")
        result = lint_file(path, select=ARITHMETIC)
        assert not [f for f in result if f.code in ("PL000", "PL001")], result
        return result

    return lint


def quotes(finding: Finding) -> set[str]:
    """The stated figure and every figure it was computed from, as literals."""
    return {literal(finding), *(literal(r) for r in finding.related)}


# ------------------------------------------------------------------------------ must report

def test_001_income_total_is_not_the_sum_of_its_parts(findings):
    income = [f for f in findings("seed_001") if f.code in ("PL101", "PL102") and literal(f) == "340.29万元"]
    assert len(income) == 2  # 全年预算数 and 决算数
    for finding in income:
        assert finding.severity == "error"
        assert (finding.stated, finding.expected) == ("340.29万元", "341.29万元")
        assert {"320.09万元", "21.20万元"} <= quotes(finding)
    columns = {("全年预算数" in f.message, "全年执行数" in f.message) for f in income}
    assert columns == {(True, False), (False, True)}


def test_004_basic_expenditure_rate_is_recomputed(findings):
    rate = [f for f in findings("seed_004") if f.code == "PL103"]
    assert len(rate) == 1
    finding = rate[0]
    assert (literal(finding), finding.stated, finding.expected) == ("126.59%", "126.59%", "146.55%")
    assert {"283.04", "193.13"} <= quotes(finding)
    assert "基本支出" in finding.message


def test_004_rates_over_100_are_warnings(findings):
    over = [f for f in findings("seed_004") if f.code == "PL201"]
    assert all(f.severity == "warning" for f in over)
    stated = {literal(f) for f in over}
    assert {"120.21%", "142.56%", "126.59%"} <= stated
    # the 汇总表's three rows are each reported, with the figures they rest on
    assert any({"287.97", "239.56"} <= quotes(f) for f in over)
    assert any({"136.53", "95.77"} <= quotes(f) for f in over)
    assert any({"424.5", "335.33"} <= quotes(f) for f in over)
    # 004 has no 偏差原因 for these rows; its 成本方面 paragraph says why spending exceeded the budget
    assert all("本行未说明原因" in f.message for f in over)


def test_004_budget_completion_scored_full_against_its_own_totals(findings):
    completion = [f for f in findings("seed_004") if f.code == "PL203"]
    assert len(completion) == 1
    finding = completion[0]
    assert literal(finding) == "100%" and finding.stated == "100%"
    assert {"424.5", "335.33"} <= quotes(finding)
    assert "126.59%" in finding.message and "满分" in finding.message


# ---------------------------------------------------------------------------- stay silent

def test_000_relations_that_hold(findings):
    result = findings("seed_000")
    held = {"11016.94万元", "10681.52万元", "335.42万元", "96.96%", "3.04%", "3030.06万元", "72.5%",
            "2640.89万元", "1221.65万元", "1419.24万元"}
    assert not [f for f in result if quotes(f) & held]
    assert [f for f in result if f.severity == "error"] == []


def test_001_relations_that_hold(findings):
    result = findings("seed_001")
    held = {"326.98万元", "13.31万元", "32宗", "7宗", "25宗", "78.13%", "10.923亿元", "10.512亿元",
            "4110.78万元"}
    assert not [f for f in result if quotes(f) & held]
    spending = [f for f in result if "支出" in f.message]
    assert spending == []


def test_004_relations_that_hold(findings):
    result = findings("seed_004")
    # 合计 335.33 = 239.56 + 95.77 and 424.5 = 287.97 + 136.53; 资产 79.33 = 11.44 + 67.89 with
    # 14.42% / 85.58%; 141.46 = 82.1 + 59.36
    sums = [f for f in result if f.code in ("PL101", "PL102", "PL104", "PL108")]
    assert sums == []
    rates = {literal(f) for f in result if f.code == "PL103"}
    assert "99.48%" not in rates and "120.21%" not in rates and "142.56%" not in rates
    assert rates == {"126.59%"}
    # only the 基本支出 row's 126.59% is wrong: the 汇总 合计 and 财政拨款 rows hold as quotients
    assert len([f for f in result if f.code == "PL103"]) == 1


# ----------------------------------------------------------------- no other error-level finding

#: Error-level findings these fixtures are expected to produce, as (fixture, code, stated literal).
EXPECTED_ERRORS = {
    ("seed_001", "PL102", "340.29万元"),  # 收入 全年预算数 and 决算数
    ("seed_004", "PL103", "126.59%"),     # 资金结构 基本支出
}


@pytest.mark.parametrize("name", ["seed_000", "seed_001", "seed_004"])
def test_no_unexpected_error_findings(findings, name):
    errors = {(name, f.code, literal(f)) for f in findings(name) if f.severity == "error"}
    assert errors - EXPECTED_ERRORS == set()
    assert {e for e in EXPECTED_ERRORS if e[0] == name} <= errors
