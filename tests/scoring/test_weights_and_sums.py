"""PL301 weight-sum, PL302 score-bounds, PL303 score-sum on constructed indicator tables.

The base table is the Donghu 自评表 layout of seed 004 (管理30 + 产出25 + 效果35 + 满意度10),
which adds up; each test breaks one thing.
"""

from __future__ import annotations

TABLE = """\
    perflint: 1
    evaluation: {total_score: "95", max_score: "100", grade: 优}
    indicators:
      - name: 管理指标
        level: 1
        weight: "30分"
        children:
          - name: 预算编审管理
            level: 2
            weight: "6分"
            children:
              - {name: 预算编制完整性, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
              - {name: 预算编制准确性, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
              - {name: 绩效目标管理, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
          - name: 预算执行管理
            level: 2
            weight: "8分"
            children:
              - {name: 预算完成率, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
              - {name: 支付进度率, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
              - {name: 公用经费控制率, level: 3, target: "100%", actual: ">100%", weight: "2", score: "0",
                 reason: 由于给交易中心拨付政府采购资金增加}
              - {name: 三公经费控制率, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}
          - name: 其他管理
            level: 2
            weight: "16分"
            children:
              - {name: 结转结余率, level: 3, target: "5%", actual: "<5%", weight: "16", score: "16"}
      - name: 产出指标
        level: 1
        weight: "25分"
        children:
          - name: 数量指标
            level: 2
            weight: "9分"
            children:
              - {name: 办理审批服务类事项, level: 3, target: "200000件", actual: "239197件", weight: "4.5",
                 score: "4.5"}
              - {name: 全程电子化注册登记数量, level: 3, target: "400000户", actual: "429247户",
                 weight: "4.5", score: "4.5"}
          - name: 其他产出
            level: 2
            weight: "16分"
            children:
              - {name: 事项办结率, level: 3, target: "100%", actual: "100%", weight: "13", score: "13"}
              - {name: 成本节约率, level: 3, target: "5%", actual: "0%", weight: "3", score: "0",
                 reason: 其他收入和转移支付增加}
      - name: 效果指标
        level: 1
        weight: "35分"
        children:
          - name: 经济效益指标
            level: 2
            children:
              - {name: 不产生经济效益, level: 3, target: "-", actual: "-", weight: "-", score: "-"}
          - name: 社会效益指标
            level: 2
            weight: "35分"
            children:
              - {name: 推进政府服务平台效率提升, level: 3, target: "100%", actual: "100%", weight: "35",
                 score: "35"}
      - name: 满意度指标
        level: 1
        weight: "10分"
        children:
          - {name: 社会公众或服务对象满意度, level: 2, target: "90%", actual: "90%", weight: "10",
             score: "10"}
"""


# PL301 weight-sum ----------------------------------------------------------------------------

def test_weights_that_add_up_are_silent(lint):
    assert lint(TABLE, "PL301") == []


def test_children_not_adding_up_to_parent(lint):
    text = TABLE.replace('name: 预算执行管理\n            level: 2\n            weight: "8分"',
                         'name: 预算执行管理\n            level: 2\n            weight: "10分"')
    findings = lint(text, "PL301")
    assert len(findings) == 2  # the group (10 ≠ 8) and, through it, the 一级 (30 ≠ 32)
    group = next(f for f in findings if f.span.quote == '"10分"')
    assert "预算执行管理" in group.message
    assert group.expected == "8" and group.stated == "10分"
    assert len(group.related) == 4
    assert group.severity == "error"


def test_top_level_not_adding_up_to_full_score(lint):
    text = TABLE.replace('weight: "10分"\n        children:\n          - {name: 社会公众',
                         'weight: "5分"\n        children:\n          - {name: 社会公众')
    text = text.replace('weight: "10",\n             score: "10"}', 'weight: "5",\n             score: "5"}')
    findings = lint(text, "PL301")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.span.quote == '"100"'  # the stated 满分
    assert "95" in finding.message and finding.expected == "100"


def test_dashed_rows_count_as_zero(lint):
    # 效果35 = 经济效益(-) + 社会效益35: holds.
    assert not [f for f in lint(TABLE, "PL301") if "效果" in f.message]


def test_partial_tree_that_cannot_reach_100_is_a_warning(lint):
    # seed 000: only the 二级 groups are stated, 27+27+8+20+2+5 = 89.
    text = """\
        indicators:
          - {name: 数量指标, level: 2, weight: "27分", score: "24分"}
          - {name: 质量指标, level: 2, weight: "27分", score: "24分"}
          - {name: 时效指标, level: 2, weight: "8分", score: "8分"}
          - {name: 社会效益指标, level: 2, weight: "20分", score: "20分"}
          - {name: 生态效益指标, level: 2, weight: "2分", score: "0分"}
          - {name: 社会满意度指标, level: 2, weight: "5分", score: "5分"}
    """
    findings = lint(text, "PL301")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert "89" in finding.message and "11" in finding.message
    assert finding.span.quote == '"27分"'
    assert len(finding.related) == 6


def test_partial_tree_reaching_100_is_silent(lint):
    text = """\
        indicators:
          - {name: 数量指标, level: 2, weight: "50分"}
          - {name: 效益指标, level: 2, weight: "50分"}
    """
    assert lint(text, "PL301") == []


def test_stated_full_score_other_than_100(lint):
    text = """\
        evaluation: {max_score: "90"}
        indicators:
          - {name: 产出指标, level: 1, weight: "50"}
          - {name: 效益指标, level: 1, weight: "40"}
    """
    assert lint(text, "PL301") == []
    assert len(lint(text.replace('"90"', '"100"'), "PL301")) == 1


def test_total_is_an_option(lint):
    text = """\
        indicators:
          - {name: 产出指标, level: 1, weight: "50"}
          - {name: 效益指标, level: 1, weight: "40"}
    """
    assert len(lint(text, "PL301")) == 1
    assert lint(text, "PL301", rule_options={"PL301": {"total": "90"}}) == []


def test_rounded_decimal_weights_use_their_precision(lint):
    thirds = """\
        indicators:
          - name: 质量指标
            level: 1
            weight: "10"
            children:
              - {name: 甲, level: 2, weight: "3.33"}
              - {name: 乙, level: 2, weight: "3.33"}
              - {name: 丙, level: 2, weight: "3.33"}
          - {name: 其他, level: 1, weight: "90"}
    """
    assert lint(thirds, "PL301") == []
    # whole points are exact: 3 + 3 + 3 is not 10
    assert len(lint(thirds.replace('"3.33"', '"3"'), "PL301")) == 1


def test_unknown_weights_are_not_guessed(lint):
    text = """\
        indicators:
          - name: 管理指标
            level: 1
            weight: "30"
            children:
              - {name: 甲, level: 2, weight: "6"}
              - {name: 乙, level: 2}
          - {name: 产出指标, level: 1, weight: "70"}
    """
    assert lint(text, "PL301") == []


# PL302 score-bounds --------------------------------------------------------------------------

def test_scores_within_weights_are_silent(lint):
    assert lint(TABLE, "PL302") == []


def test_score_above_weight(lint):
    paid = '{name: 支付进度率, level: 3, target: "100%", actual: "100%", weight: "2", score: "2"}'
    text = TABLE.replace(paid, paid.replace('score: "2"', 'score: "3"'))
    findings = lint(text, "PL302")
    assert len(findings) == 1
    assert findings[0].span.quote == '"3"'
    assert "支付进度率" in findings[0].message
    assert findings[0].related[0].span.quote == '"2"'


def test_score_equal_to_weight_with_decimals(lint):
    text = """\
        indicators:
          - {name: 甲, level: 3, weight: "4.5", score: "4.5"}
          - {name: 乙, level: 3, weight: "4.5", score: "4.6"}
    """
    findings = lint(text, "PL302")
    assert [f.span.quote for f in findings] == ['"4.6"']


def test_negative_score(lint):
    text = 'indicators:\n  - {name: 甲, level: 3, weight: "2", score: "-1"}\n'
    findings = lint(text, "PL302")
    assert len(findings) == 1 and "负数" in findings[0].message


def test_dashed_row_with_points(lint):
    text = 'indicators:\n  - {name: 不产生经济效益, level: 3, weight: "-", score: "2"}\n'
    assert len(lint(text, "PL302")) == 1
    dashed = 'indicators:\n  - {name: 不产生经济效益, level: 3, weight: "-", score: "-"}\n'
    assert lint(dashed, "PL302") == []


def test_total_above_full_score(lint):
    text = 'evaluation: {total_score: "101", max_score: "100"}\n'
    findings = lint(text, "PL302")
    assert len(findings) == 1 and findings[0].span.quote == '"101"'
    assert lint('evaluation: {total_score: "100", max_score: "100"}\n', "PL302") == []


# PL303 score-sum -----------------------------------------------------------------------------

def test_total_equal_to_sum_of_scores_is_silent(lint):
    # 28 + 22 + 35 + 10 = 95, summed from the rows (the 一级 rows state no score).
    assert lint(TABLE, "PL303") == []


def test_total_not_equal_to_sum_of_scores(lint):
    text = TABLE.replace('total_score: "95"', 'total_score: "97"')
    findings = lint(text, "PL303")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.span.quote == '"97"'
    assert finding.expected == "95" and finding.stated == "97"
    assert finding.severity == "error"
    assert len(finding.related) == 4


def test_group_score_not_equal_to_children(lint):
    text = """\
        indicators:
          - name: 数量指标
            level: 2
            weight: "9"
            score: "9"
            children:
              - {name: 甲, level: 3, weight: "4.5", score: "4.5"}
              - {name: 乙, level: 3, weight: "4.5", score: "3.5"}
    """
    findings = lint(text, "PL303")
    assert len(findings) == 1
    assert findings[0].span.quote == '"9"' and findings[0].expected == "8"
    assert lint(text.replace('score: "9"', 'score: "8"'), "PL303") == []


def test_total_of_a_partial_tree_is_a_warning(lint):
    text = """\
        evaluation: {total_score: "90"}
        indicators:
          - {name: 数量指标, level: 2, weight: "27分", score: "24分"}
          - {name: 质量指标, level: 2, weight: "27分", score: "24分"}
    """
    findings = lint(text, "PL303")
    assert len(findings) == 1 and findings[0].severity == "warning"


def test_missing_scores_are_not_guessed(lint):
    text = """\
        evaluation: {total_score: "90"}
        indicators:
          - {name: 数量指标, level: 1, weight: "50"}
          - {name: 质量指标, level: 1, weight: "50", score: "40"}
    """
    assert lint(text, "PL303") == []
