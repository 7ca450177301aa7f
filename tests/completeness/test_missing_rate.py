"""PL510 missing-rate: the scored funds row with 分值/得分 but a blank 执行率."""

from __future__ import annotations

import pytest

from perflint.testing import lint_text

HEAD = ("项目支出绩效自评表\n（2023年度）\n项目名称 社区养老服务补助\n项目资金\n（万元）\n"
        "年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分\n")
BAR_HEAD = ("项目支出绩效自评表\n（2023年度）\n"
            "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n")


def _pl510(text: str):
    return [f for f in lint_text(text, select=["PL510"]) if f.code == "PL510"]


def test_a_blank_rate_in_a_spaced_row_is_reported_with_the_rate_its_figures_give():
    (finding,) = _pl510(HEAD + "年度资金总额: 64 64 48 10 7.5\n")
    assert finding.severity == "warning"
    assert finding.span.quote == "年度资金总额:" and finding.span.line == 7
    assert "75.00%" in finding.message


def test_a_blank_rate_cell_in_a_bar_table_is_reported():
    (finding,) = _pl510(BAR_HEAD + "年度资金总额 | 64 | 64 | 48 | 10 |  | 7.5\n")
    assert "75.00%" in finding.message


@pytest.mark.parametrize("row", [
    "年度资金总额: 64 64 48 10 75.00% 7.5",  # stated
    "年度资金总额: 64 64 48 10 - 7.5",  # a dash is a stated "no rate", not a blank
])
def test_a_stated_rate_is_silent(row):
    assert not _pl510(HEAD + row + "\n")


def test_a_row_without_points_is_silent():
    assert not _pl510(BAR_HEAD + "年度资金总额 | 64 | 64 | 48 |  |  | \n")
