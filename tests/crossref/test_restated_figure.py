"""PL401 restated-figure: the same concept stated in table and narrative must agree."""

from __future__ import annotations

SATISFACTION = """\
    evaluation: {total_score: "95", max_score: "100", grade: 优}
    indicators:
      - name: 满意度指标
        level: 2
        weight: "10"
        children:
          - {name: 社会公众或服务对象满意度, level: 3, target: "90%", actual: "90%", weight: "10",
             score: "10"}
    facts:
      - {concept: 满意度, value: "95%"}
      - {concept: 自评得分, value: "95分"}
"""


def test_satisfaction_differs_between_table_and_text(lint):
    # seed 004: 90% in the 自评表, 95% in the text.
    findings = lint(SATISFACTION, "PL401")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.span.quote == '"95%"' and finding.span.line == 10  # the narrative figure
    assert finding.expected == "90%" and finding.stated == "95%"
    assert finding.related[0].span.quote == '"90%"' and finding.related[0].span.line == 7
    assert finding.severity == "error"


def test_agreeing_restatements_are_silent(lint):
    assert lint(SATISFACTION.replace('value: "95%"', 'value: "90%"'), "PL401") == []


def test_adjacent_rounded_figures_disagree(lint):
    # 94 stands for [93.5, 94.5) and 95 for [94.5, 95.5): they touch but cannot be the same value.
    text = SATISFACTION.replace('value: "95%"', 'value: "91%"')
    assert len(lint(text, "PL401")) == 1


def test_total_score_restated(lint):
    text = SATISFACTION.replace('value: "95%"', 'value: "90%"').replace('value: "95分"', 'value: "94分"')
    findings = lint(text, "PL401")
    assert len(findings) == 1
    assert findings[0].span.quote == '"94分"' and findings[0].expected == "95"


def test_grade_restated(lint):
    text = SATISFACTION.replace('value: "95%"', 'value: "90%"') + '      - {concept: 自评结果, value: "良"}\n'
    findings = lint(text, "PL401")
    assert len(findings) == 1 and findings[0].expected == "优"
    assert lint(text.replace('value: "良"', 'value: "优"'), "PL401") == []


def test_figures_compare_on_stated_precision(lint):
    text = """\
        facts:
          - {concept: 执行率, value: "126.59%"}
          - {concept: 执行率, value: "126.6%"}
          - {concept: 执行数, value: "424.5万元"}
          - {concept: 执行数, value: "4245000元"}
    """
    assert lint(text, "PL401") == []
    assert len(lint(text.replace('"126.6%"', '"126.7%"'), "PL401")) == 1


def test_inequalities_agree_with_what_they_admit(lint):
    text = """\
        indicators:
          - {name: 政府采购执行率, level: 3, target: "100%", actual: ">100%"}
        facts:
          - {concept: 政府采购执行率, value: "126.59%"}
    """
    assert lint(text, "PL401") == []
    assert len(lint(text.replace('"126.59%"', '"96%"'), "PL401")) == 1


def test_targets_in_the_narrative_are_not_results(lint):
    text = SATISFACTION.replace('value: "95%"', 'value: "不低于95%"')
    assert lint(text, "PL401") == []


def test_different_kinds_of_unit_are_not_compared(lint):
    text = SATISFACTION.replace('value: "95%"', 'value: "95分"')
    assert lint(text, "PL401") == []


def test_two_satisfaction_indicators_do_not_stand_for_the_concept(lint):
    text = """\
        indicators:
          - {name: 群众满意度, level: 3, actual: "90%"}
          - {name: 企业满意度, level: 3, actual: "98%"}
        facts:
          - {concept: 满意度, value: "95%"}
    """
    assert lint(text, "PL401") == []


def test_tagged_figures_take_part(lint):
    text = """\
        budget_tables:
          - kind: 资金来源
            rows:
              - {label: 财政拨款, budget: "335.33", executed: {literal: "424.5", concept: 执行数}}
        facts:
          - {concept: 执行数, value: "424.5万元"}
    """
    assert lint(text, "PL401") == []
    findings = lint(text.replace('"424.5万元"', '"425.4万元"'), "PL401")
    assert len(findings) == 1 and findings[0].expected == "424.5"


def test_aliases_are_an_option(lint):
    text = """\
        facts:
          - {concept: 服务满意度, value: "95%"}
          - {concept: 满意度, value: "90%"}
    """
    assert lint(text, "PL401") == []
    options = {"PL401": {"aliases": {"满意度": ["服务满意度"]}}}
    assert len(lint(text, "PL401", rule_options=options)) == 1
