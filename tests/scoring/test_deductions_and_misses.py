"""PL304 deduction-reason, PL305 unmet-full-score, PL306 proportional-score, PL307 dummy-indicator."""

from __future__ import annotations


def row(name: str, target: str, actual: str, weight: str, score: str, reason: str | None = None) -> str:
    """One indicator row as YAML (figures quoted so their literal is kept)."""
    extra = f", reason: {reason}" if reason is not None else ""
    return (f'indicators:\n  - {{name: {name}, level: 3, target: "{target}", actual: "{actual}", '
            f'weight: "{weight}", score: "{score}"{extra}}}\n')


# PL304 deduction-reason ----------------------------------------------------------------------

def test_deduction_without_reason(lint):
    findings = lint(row("成本节约率", "5%", "0%", "3", "0"), "PL304")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.quote == '"0"'
    assert "成本节约率" in finding.message and "未说明偏差原因" in finding.message


def test_generic_reason_does_not_count(lint):
    for reason in ("无", "暂无", '"-"', "无偏差", "“无”。"):
        findings = lint(row("成本节约率", "5%", "0%", "3", "0", reason), "PL304")
        assert len(findings) == 1, reason
        assert "仅为" in findings[0].message
        assert findings[0].related[-1].label == "偏差原因"


def test_real_reason_is_silent(lint):
    assert lint(row("成本节约率", "5%", "0%", "3", "0", "其他收入和转移支付增加"), "PL304") == []


def test_reason_where_nothing_was_deducted_is_fine(lint):
    assert lint(row("事项办结率", "100%", "100%", "4.5", "4.5", "无"), "PL304") == []
    assert lint(row("事项办结率", "100%", "100%", "4.5", "4.5"), "PL304") == []


def test_reason_in_a_section_about_the_group(lint):
    # seed 000: 数量指标 27 → 24, explained only in its section's text.
    text = """\
        indicators:
          - {name: 数量指标, level: 2, weight: "27分", score: "24分"}
        sections:
          - heading: 数量指标（指标分数27分，实际得分24分）
            level: 3
            body: 除了“土地开发补充耕地面积”未达年度绩效指标值，其他数量指标均按年度绩效指标值完成。
    """
    assert lint(text, "PL304") == []
    unexplained = text.replace("除了“土地开发补充耕地面积”未达年度绩效指标值，", "档案查询次数80万次，")
    unexplained = unexplained.replace("其他数量指标均按年度绩效指标值完成", "提供地图服务次数24次")
    assert len(lint(unexplained, "PL304")) == 1


def test_reason_in_a_sentence_naming_the_indicator(lint):
    text = row("群众满意度", "95%", "90%", "10", "8") + """\
        sections:
          - heading: 主要问题及原因分析
            body: 单位群众满意度绩效指标未达年度指标值，主要是由于增加了许多新任的业务。
    """.replace("        ", "")
    assert lint(text, "PL304") == []


def test_group_is_reported_through_its_rows(lint):
    text = """\
        indicators:
          - name: 产出指标
            level: 2
            weight: "7"
            score: "4"
            children:
              - {name: 事项办结率, level: 3, target: "100%", actual: "100%", weight: "4", score: "4"}
              - {name: 成本节约率, level: 3, target: "5%", actual: "0%", weight: "3", score: "0"}
    """
    findings = lint(text, "PL304")
    assert len(findings) == 1 and "成本节约率" in findings[0].message
    explained = text.replace('score: "0"}', 'score: "0", reason: 其他收入和转移支付增加}')
    assert lint(explained, "PL304") == []


def test_generic_reasons_are_an_option(lint):
    text = row("成本节约率", "5%", "0%", "3", "0", "见附件")
    assert lint(text, "PL304") == []
    options = {"PL304": {"generic_reasons": ["无", "见附件"]}}
    assert len(lint(text, "PL304", rule_options=options)) == 1


# PL305 unmet-full-score ----------------------------------------------------------------------

def test_missed_target_with_full_score_is_an_error(lint):
    findings = lint(row("土地开发补充耕地面积", "不少于6800亩", "0亩", "3", "3"), "PL305")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.span.quote == '"3"' and finding.span.column > 60  # the score, not the weight
    assert {r.label for r in finding.related} == {"年度指标值", "全年完成值", "分值"}
    assert "6800亩" in finding.message and "0亩" in finding.message


def test_plain_target_is_a_value_to_reach(lint):
    assert len(lint(row("土地开发补充耕地面积", "6800亩", "0亩", "3", "3"), "PL305")) == 1


def test_met_target_is_silent(lint):
    assert lint(row("办理审批服务类事项", "200000件", "239197件", "4.5", "4.5"), "PL305") == []
    assert lint(row("机房巡检次数", "不少于8次", "8次", "2", "2"), "PL305") == []


def test_missed_target_with_deduction_is_silent(lint):
    assert lint(row("成本节约率", "5%", "0%", "3", "0"), "PL305") == []


def test_rounding_follows_stated_precision(lint):
    # 99.6% rounds to the target's 100%: not a miss; 98% does not.
    assert lint(row("事项办结率", "100%", "99.6%", "4.5", "4.5"), "PL305") == []
    assert len(lint(row("事项办结率", "100%", "98%", "4.5", "4.5"), "PL305")) == 1
    # 99% stands for [98.5%, 99.5%) and 100% for [99.5%, 100.5%): they do not meet.
    assert len(lint(row("事项办结率", "100%", "99%", "4.5", "4.5"), "PL305")) == 1


def test_capped_rate_overshooting_with_full_score_is_a_warning(lint):
    # seed 004: 政府采购执行率 100% → ">100%", 1/1.
    findings = lint(row("政府采购执行率", "100%", ">100%", "1", "1"), "PL305")
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert findings[0].span.quote == '"1"'
    assert "超过" in findings[0].message


def test_control_rate_over_with_zero_score_is_silent(lint):
    # seed 004: 公用经费控制率 ">100%" scored 0/2: consistent.
    assert lint(row("公用经费控制率", "100%", ">100%", "2", "0"), "PL305") == []


def test_control_rate_over_with_full_score(lint):
    findings = lint(row("在职人员控制率", "100%", "105%", "2", "2"), "PL305")
    assert len(findings) == 1 and findings[0].severity == "warning"  # direction implied by the name
    stated = lint(row("在职人员控制率", "≤100%", "105%", "2", "2"), "PL305")
    assert len(stated) == 1 and stated[0].severity == "error"  # direction stated


def test_lower_is_better_inequality_under_target_is_met(lint):
    # seed 004: 结转结余率 5% → "<5%", full score.
    assert lint(row("结转结余率", "5%", "<5%", "2", "2"), "PL305") == []


def test_unmet_words_with_full_score(lint):
    findings = lint(row("区域规划方案编制", "4份", "未完成", "4", "4"), "PL305")
    assert len(findings) == 1 and findings[0].severity == "error"
    partial = lint(row("区域规划方案编制", "4份", "基本完成", "4", "4"), "PL305")
    assert len(partial) == 1 and partial[0].severity == "warning"
    assert lint(row("是否按时完成各项工作", "是", "是", "4", "4"), "PL305") == []
    assert lint(row("是否发生安全事故", "否", "否", "4", "4"), "PL305") == []
    no = lint(row("是否按时完成各项工作", "是", "否", "4", "4"), "PL305")
    assert len(no) == 1 and no[0].severity == "error"


def test_completion_rate_without_target(lint):
    text = 'indicators:\n  - {name: 区域规划方案完成率, level: 3, actual: "50%", weight: "4", score: "4"}\n'
    findings = lint(text, "PL305")
    assert len(findings) == 1 and findings[0].severity == "warning"
    full = text.replace('"50%"', '"100%"')
    assert lint(full, "PL305") == []


def test_direction_lists_are_options(lint):
    text = row("政府采购执行率", "100%", ">100%", "1", "1")
    assert lint(text, "PL305", rule_options={"PL305": {"capped": []}}) == []


# PL306 proportional-score --------------------------------------------------------------------

def test_partial_score_above_proportion(lint):
    findings = lint(row("区域规划方案完成率", "100%", "50%", "4", "3"), "PL306")
    assert len(findings) == 1
    assert findings[0].severity == "warning"
    assert findings[0].span.quote == '"3"'
    assert "2" in findings[0].message


def test_proportional_score_is_silent(lint):
    assert lint(row("区域规划方案完成率", "100%", "50%", "4", "2"), "PL306") == []
    assert lint(row("区域规划方案完成率", "100%", "50%", "4", "1"), "PL306") == []


def test_proportion_uses_stated_precision(lint):
    # 2 × 72.74% = 1.4548, and the target 100% stands for [99.5%, 100.5%], so the bound reaches
    # 1.462: 1.45 and 1.5 (which stands for [1.45, 1.55]) hold, 1.6 does not.
    assert lint(row("政府采购执行率", "100%", "72.74%", "2", "1.45"), "PL306") == []
    assert lint(row("政府采购执行率", "100%", "72.74%", "2", "1.5"), "PL306") == []
    assert len(lint(row("政府采购执行率", "100%", "72.74%", "2", "1.6"), "PL306")) == 1


def test_upper_bound_target_uses_the_inverse_ratio(lint):
    # ≤ 100% with 125%: at most 2 × 100/125 = 1.6.
    assert lint(row("三公经费控制率", "≤100%", "125%", "2", "1.6"), "PL306") == []
    assert len(lint(row("三公经费控制率", "≤100%", "125%", "2", "1.8"), "PL306")) == 1


def test_full_scores_and_inequalities_are_left_to_pl305(lint):
    assert lint(row("土地开发补充耕地面积", "6800亩", "0亩", "3", "3"), "PL306") == []
    assert lint(row("公用经费控制率", "100%", ">100%", "2", "1"), "PL306") == []


# PL307 dummy-indicator -----------------------------------------------------------------------

def test_dummy_indicator_with_weight(lint):
    text = 'indicators:\n  - {name: 不涉及, level: 3, target: "-", actual: "-", weight: "5", score: "5"}\n'
    findings = lint(text, "PL307")
    assert len(findings) == 1
    assert findings[0].span.quote == '"5"' and findings[0].severity == "error"


def test_dummy_target_with_score(lint):
    text = ('indicators:\n  - {name: 经济效益, level: 3, target: "不产生经济效益", actual: "无", '
            'weight: "-", score: "2"}\n')
    findings = lint(text, "PL307")
    assert len(findings) == 1 and findings[0].span.quote == '"2"'


def test_dashed_dummy_rows_are_silent(lint):
    # seed 004: "不产生经济效益 - - - -".
    text = ('indicators:\n  - {name: 不产生经济效益, level: 3, target: "-", actual: "-", weight: "-", '
            'score: "-"}\n')
    assert lint(text, "PL307") == []
    zero = text.replace('weight: "-", score: "-"', 'weight: "0", score: "0"')
    assert lint(zero, "PL307") == []


def test_names_containing_a_dummy_word_are_not_dummies(lint):
    assert lint(row("无障碍设施覆盖率", "100%", "100%", "2", "2"), "PL307") == []


def test_dummy_phrases_are_options(lint):
    text = row("本年无此类效益", "-", "-", "2", "2")
    assert lint(text, "PL307") == []
    assert len(lint(text, "PL307", rule_options={"PL307": {"dummy_prefixes": ["本年无"]}})) == 1
