"""The 预算执行率 row of the national 项目支出绩效自评表 scores inside the 100 points (issue 14).

The form profile says so (`scoring.funds_row`, national/project-table: 分值 10). PL301 counts its
分值 with the 一级 weights, PL303 its 得分 with their scores, PL302 holds it to its 分值, PL310
compares it with 执行率 × 分值. The base table adds up: 产出50 + 效益30 + 满意度10 + 预算执行率10 =
100; 产出48 + 效益28 + 满意度10 + 9.5 = 95.5.
"""

from __future__ import annotations

import re

import pytest

TABLE = """\
    perflint: 1
    kind: 项目支出绩效自评表
    budget_tables:
      - kind: 整体
        title: 项目资金
        total: {{label: 年度资金总额, initial_budget: "200.00", budget: "240.00", executed: "{executed}",
                 rate: "{rate}", weight: "{funds_weight}", score: "{funds_score}"}}
        rows:
          - {{label: 当年财政拨款, initial_budget: "200.00", budget: "200.00", executed: "190.00",
              rate: "—", weight: "—", score: "—"}}
          - {{label: 上年结转资金, initial_budget: "0", budget: "40.00", executed: "38.00"}}
    indicators:
      - name: 产出指标
        level: 1
        weight: "{output_weight}"
        children:
          - {{name: 数量指标, level: 2, weight: "{output_weight}", score: "48"}}
      - name: 效益指标
        level: 1
        weight: "30"
        children:
          - {{name: 社会效益指标, level: 2, weight: "30", score: "28"}}
      - name: 满意度指标
        level: 1
        weight: "10"
        children:
          - {{name: 服务对象满意度指标, level: 2, weight: "10", score: "10"}}
    evaluation: {{total_score: "{total}", max_score: "100"}}
"""


def table(*, total="95.5", funds_weight="10", funds_score="9.5", rate="95.00%", executed="228.00",
          output_weight="50", kind="项目支出绩效自评表") -> str:
    text = TABLE.format(total=total, funds_weight=funds_weight, funds_score=funds_score, rate=rate,
                        executed=executed, output_weight=output_weight)
    return text.replace("kind: 项目支出绩效自评表", f"kind: {kind}")


@pytest.mark.parametrize("code", ["PL301", "PL302", "PL303", "PL310"])
def test_a_correct_project_table_is_silent(lint, code):
    assert lint(table(), code) == []


# PL303 score-sum -------------------------------------------------------------------------------

def test_total_score_counts_the_funds_row(lint):
    [finding] = lint(table(total="96.5"), "PL303")
    assert finding.severity == "error"
    assert finding.expected == "95.5" and finding.stated == "96.5"
    assert "预算执行率 9.5" in finding.message
    assert [r.label for r in finding.related][-1] == "预算执行率"


def test_a_total_that_leaves_out_the_funds_row_is_an_error_when_the_weights_count_it(lint):
    # 50 + 30 + 10 = 90 and the row's 10 make 100: the row's 9.5 belongs in the total
    [finding] = lint(table(total="86"), "PL303")
    assert finding.severity == "error" and finding.expected == "95.5"


def test_a_total_without_the_funds_row_is_a_warning_when_no_weight_says_it_counts(lint):
    head, indicators = table(total="86").split("indicators:")
    indicators = re.sub(r'\n *weight: "[^"]*"|weight: "[^"]*", ', "", indicators)  # no weight at all
    text = head + "indicators:" + indicators
    assert "weight" not in indicators
    [finding] = lint(text, "PL303")
    assert finding.severity == "warning" and finding.expected == "95.5"


def test_indicators_that_reach_the_full_score_alone_leave_the_funds_row_out(lint):
    text = table(output_weight="60", total="86")
    assert lint(text, "PL303") == []  # 48 + 28 + 10 = 86: the funds row is outside the 100
    [finding] = lint(table(output_weight="60", total="95.5"), "PL303")
    assert finding.expected == "86"


def test_no_total_check_when_the_funds_score_is_not_stated(lint):
    assert lint(table(funds_score="—", total="97"), "PL303") == []


def test_other_forms_do_not_count_a_budget_row(lint):
    # the 部门整体 form has no funds row: the total is the indicators' (as before issue 14)
    [finding] = lint(table(kind="部门整体支出绩效自评表"), "PL303")
    assert finding.expected == "86"


# PL301 weight-sum ------------------------------------------------------------------------------

def test_weights_count_the_funds_row(lint):
    [finding] = lint(table(output_weight="45"), "PL301")
    assert finding.severity == "error" and finding.expected == "100"
    assert "95" in finding.message and "预算执行率 10" in finding.message


def test_weights_summed_from_below_count_the_funds_row_as_a_warning(lint):
    # as for any table whose 一级 rows state no weight of their own (PL301's rule)
    text = table(output_weight="45").replace('        weight: "45"\n', "")
    text = text.replace('        weight: "30"\n', "")
    text = text.replace('        weight: "10"\n        children', "        children")
    [finding] = lint(text, "PL301")
    assert finding.severity == "warning" and "预算执行率 10" in finding.message


def test_the_forms_usual_funds_weight_when_the_row_states_none(lint):
    assert lint(table(funds_weight="—"), "PL301") == []


def test_a_funds_weight_on_top_of_a_full_indicator_table_is_a_warning(lint):
    [finding] = lint(table(output_weight="60"), "PL301")
    assert finding.severity == "warning"
    assert finding.span.quote == '"10"' and "110" in finding.message


def test_several_scored_rows_are_not_guessed_between(lint):
    text = table(output_weight="45").replace('rate: "—", weight: "—", score: "—"',
                                             'rate: "95.00%", weight: "5", score: "5"')
    [finding] = lint(text, "PL301")  # which row is the 预算执行率 is not said: the form's 10 counts
    assert "预算执行率 10" in finding.message
    assert lint(text.replace('total_score: "95.5"', 'total_score: "99"'), "PL303") == []


# PL302 score-bounds ----------------------------------------------------------------------------

def test_funds_score_above_its_weight(lint):
    [finding] = lint(table(funds_score="10.5", total="96.5"), "PL302")
    assert finding.severity == "error" and "年度资金总额（预算执行率）" in finding.message
    assert finding.expected == "≤ 10"


# PL310 funds-score -----------------------------------------------------------------------------

def test_funds_score_not_rate_times_weight_is_a_warning(lint):
    # 225.60 / 240.00 = 94.00%: 9.4 points, not 10 (10 stands for [9.5, 10.5))
    text = table(rate="94.00%", executed="225.60", funds_score="10", total="96")
    [finding] = lint(text, "PL310")
    assert finding.severity == "warning"
    assert finding.expected == "9.4" and finding.stated == "10"
    assert "94.00%" in finding.message


def test_funds_score_follows_the_rows_own_figures_when_its_rate_is_wrong(lint):
    # 228.00 / 240.00 = 95.00%: the score 9.5 follows from it; the stated 96.00% is PL103's
    assert lint(table(rate="96.00%"), "PL310") == []


@pytest.mark.parametrize(("rate", "executed", "score"), [
    ("100.00%", "240.00", "10"),     # full execution, full score
    ("105.00%", "252.00", "10"),     # over 100%: capped at the weight
    ("95.37%", "228.89", "9.54"),    # 9.537 at two decimals
    ("95.37%", "228.89", "9.5"),     # and at one
])
def test_funds_score_within_stated_precision(lint, rate, executed, score):
    assert lint(table(rate=rate, executed=executed, funds_score=score, total="96"), "PL310") == []


def test_funds_score_rule_can_be_turned_off(lint):
    text = table(rate="94.00%", executed="225.60", funds_score="10", total="96")
    assert lint(text, "PL310", rule_options={"PL310": {"enabled": False}}) == []
