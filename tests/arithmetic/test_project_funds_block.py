"""PL102 and PL103 on the funds block of a raw 项目支出绩效自评表 (issue 14).

The text is the correct national__project-table layout case: 年度资金总额 360.00 / 380.00 / 357.20
with 其中 当年财政拨款 360.00 / 360.00 / 339.00, 上年结转资金 0 / 20.00 / 18.20, 其他资金 0 / 0 / 0,
执行率 94.00%. Each test plants one figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.testing import lint_text

FORM = (Path(__file__).resolve().parents[1] / "layouts" / "national__project-table" / "correct"
        / "input.txt").read_text(encoding="utf-8")
TOTAL = "| 年度资金总额 | 360.00 | 380.00 | 357.20 | 10 | 94.00% | 9.4"


def findings(text: str, code: str):
    return [f for f in lint_text(text, select=[code]) if f.code == code]


@pytest.mark.parametrize("code", ["PL102", "PL103"])
def test_silent_on_the_correct_form(code):
    assert findings(FORM, code) == []


@pytest.mark.parametrize(("planted", "column", "stated", "expected"), [
    ("| 年度资金总额 | 370.00 | 380.00 | 357.20 | 10 | 94.00% | 9.4", "年初预算数", "370.00", "360.00"),
    ("| 年度资金总额 | 360.00 | 390.00 | 357.20 | 10 | 94.00% | 9.4", "全年预算数", "390.00", "380.00"),
    ("| 年度资金总额 | 360.00 | 380.00 | 367.20 | 10 | 94.00% | 9.4", "全年执行数", "367.20", "357.20"),
])
def test_a_total_that_is_not_the_sum_of_its_qizhong_rows(planted, column, stated, expected):
    [finding] = findings(FORM.replace(TOTAL, planted), "PL102")
    assert finding.severity == "error"
    assert (finding.stated, finding.expected) == (stated, expected)
    assert column in finding.message and "年度资金总额" in finding.message
    assert finding.span.line == 6 and finding.span.quote == stated
    assert [r.label for r in finding.related] == [f"当年财政拨款 {column}", f"上年结转资金 {column}",
                                                  f"其他资金 {column}"]


def test_a_part_that_is_wrong_is_found_on_the_total():
    text = FORM.replace("| 上年结转资金 | 0 | 20.00 | 18.20 |", "| 上年结转资金 | 0 | 20.00 | 19.20 |")
    [finding] = findings(text, "PL102")
    assert (finding.stated, finding.expected) == ("357.20", "358.20")


def test_a_stated_rate_that_is_not_executed_over_budget():
    [finding] = findings(FORM.replace(TOTAL, TOTAL.replace("94.00%", "96.00%")), "PL103")
    assert finding.severity == "error"
    assert (finding.stated, finding.expected) == ("96.00%", "94.00%")
    assert finding.span.quote == "96.00%" and "年度资金总额" in finding.message


def test_dashed_rates_of_the_parts_are_not_checked():
    assert all("当年财政拨款" not in f.message for f in findings(FORM, "PL103"))
