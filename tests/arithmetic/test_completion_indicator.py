"""PL203 budget-completion-indicator: a 预算完成率 indicator against the report's own totals."""

from __future__ import annotations

import pytest

from perflint.rules.execution.completion_indicator import _Kept

REPORT = """
    perflint: 1
    budget_tables:
{tables}
    indicators:
      - name: 过程指标
        level: 1
        weight: "20"
        children:
          - name: 预算执行
            level: 2
            weight: "10"
            children:
              - {{name: "{name}", level: 3, weight: "4", score: "{score}", target: "100%",
                 actual: "{actual}"}}
              - {{name: 政府采购执行率, level: 3, weight: "2", score: "2", target: "100%", actual: "100%"}}
"""

SOURCES = """
      - kind: 资金来源
        rows:
          - {label: 财政拨款, budget: "1580.40", executed: "1422.36"}
          - {label: 其他资金, budget: "-", executed: "-"}
"""


def report(actual: str = "90%", score: str = "4", name: str = "预算执行率", tables: str = SOURCES) -> str:
    return REPORT.format(tables=tables, actual=actual, score=score, name=name)


def test_silent_when_the_indicator_agrees_with_the_totals(lint):
    # 1422.36 / 1580.40 = 90.0000%
    assert lint(report("90%"), "PL203") == []
    assert lint(report("90.00%"), "PL203") == []


def test_full_score_with_a_value_the_totals_do_not_give(lint):
    findings = lint(report("100%"), "PL203")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert (finding.span.quote, finding.stated, finding.expected) == ('"100%"', "100%", "90%")
    assert "得满分（4/4）" in finding.message and "90.00%" in finding.message
    labels = [r.label for r in finding.related]
    assert labels == ["资金来源 全年执行数", "资金来源 全年预算数", "分值", "得分"]


def test_not_full_score_still_reported_with_the_plain_message(lint):
    findings = lint(report("100%", score="3.5"), "PL203")
    assert len(findings) == 1 and "满分" not in findings[0].message


@pytest.mark.parametrize(("actual", "flagged"), [("90%", False), ("91%", True), ("89%", True),
                                                 ("90.0%", False), ("90.1%", True), (">=90%", False),
                                                 ("<85%", True)])
def test_boundary(lint, actual, flagged):
    assert bool(lint(report(actual), "PL203")) is flagged


@pytest.mark.parametrize("name", ["预算完成率", "整体支出完成率", " 预算执行率 ", "“预算完成率”"])
def test_names(lint, name):
    assert len(lint(report("100%", name=name), "PL203")) == 1


@pytest.mark.parametrize("name", ["项目预算执行率", "政府采购执行率", "区域规划方案完成率"])
def test_other_rates_are_not_budget_completion(lint, name):
    assert lint(report("100%", name=name), "PL203") == []


def test_silent_when_any_overall_total_agrees(lint):
    # the 汇总表 covers the whole 部门 (100%), the 资金来源 only 本级 (90%): either may be meant
    tables = SOURCES + """
      - kind: 汇总
        rows:
          - {label: 本级, budget: "1580.40", executed: "1422.36"}
          - {label: 下属单位, budget: "219.60", executed: "377.64"}
        total: {label: 合计, budget: "1800.00", executed: "1800.00"}
"""
    assert lint(report("100%", tables=tables), "PL203") == []
    assert lint(report("90%", tables=tables), "PL203") == []
    findings = lint(report("95%", tables=tables), "PL203")
    assert len(findings) == 1
    assert "汇总" in findings[0].message  # the 汇总 合计 comes before 资金来源


def test_no_totals_no_finding(lint):
    assert lint(report("100%", tables="      []"), "PL203") == []
    words = """
      - kind: 资金来源
        rows:
          - {label: 财政拨款, budget: "据实列支", executed: "1422.36"}
"""
    assert lint(report("100%", tables=words), "PL203") == []


def test_seed_004_shape(lint):
    tables = """
      - kind: 汇总
        rows:
          - {label: 政数局, budget: "239.56", executed: "287.97", rate: "120.21%"}
          - {label: 交易中心, budget: "95.77", executed: "136.53", rate: "142.56%"}
        total: {label: 合计, budget: "335.33", executed: "424.5", rate: "126.59%"}
"""
    findings = lint(report("100%", name="预算完成率", tables=tables), "PL203")
    assert len(findings) == 1
    assert findings[0].expected == "127%" and "126.59%" in findings[0].message


def test_totals_are_computed_as_far_as_asked_and_kept():
    made: list[int] = []

    def totals():
        for number in range(3):
            made.append(number)
            yield number

    kept = _Kept(totals())  # type: ignore[arg-type]
    assert next(iter(kept)) == 0 and made == [0]
    assert any(number == 1 for number in kept) and made == [0, 1]
    assert list(kept) == list(kept) == [0, 1, 2] and made == [0, 1, 2]
