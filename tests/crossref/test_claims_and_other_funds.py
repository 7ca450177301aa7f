"""PL402 completion-claim and PL403 other-funds-cited."""

from __future__ import annotations

# seed 001's shape: a completion claim in the 时效 paragraph, a 50% completion rate in 质量.
CLAIM = """\
    indicators:
      - name: 质量指标
        level: 2
        children:
          - {name: 区域规划方案完成率, level: 3, actual: "50%"}
          - {name: 土地报批完成组卷率, level: 3, actual: "100%"}
      - name: 时效指标
        level: 2
        children:
          - {name: 任务完成及时性, level: 3, actual: "100%"}
    sections:
      - heading: 3、时效指标
        level: 3
      - heading: （1）任务完成及时性
        level: 4
        body: |-
          资金拨付及时，任务按计划100%完成。
"""


# PL402 completion-claim ----------------------------------------------------------------------

def test_claim_contradicted_by_a_row(lint):
    findings = lint(CLAIM, "PL402")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.quote == "任务按计划100%完成"
    assert finding.span.line == 17 and finding.span.column == 14
    assert finding.related[0].span.quote == '"50%"'
    assert "区域规划方案完成率" in finding.message


def test_claim_without_a_miss_is_silent(lint):
    assert lint(CLAIM.replace('actual: "50%"', 'actual: "100%"'), "PL402") == []


def test_miss_admitted_elsewhere_is_not_repeated(lint):
    text = CLAIM + (
        "      - heading: 主要问题及原因分析\n"
        "        level: 2\n"
        "        body: 区域规划方案完成率未达年度指标值，2个方案尚在编制中。\n")
    assert lint(text, "PL402") == []
    strict = {"PL402": {"ignore_acknowledged": False}}
    assert len(lint(text, "PL402", rule_options=strict)) == 1


# seed 000's shape: scoped claims that name their exception.
EXCEPTION = "除了“土地开发补充耕地面积”未达年度绩效指标值，"
SCOPED = """\
    indicators:
      - name: 数量指标
        level: 2
        children:
          - {name: 及时提供地图服务次数, level: 3, target: "不少于24次", actual: "24次"}
          - {name: 土地开发补充耕地面积, level: 3, target: "6800亩", actual: "0亩"}
      - name: 时效指标
        level: 2
        children:
          - {name: 地图服务提供周期, level: 3, target: "3天", actual: "3天"}
    sections:
      - heading: 数量指标（指标分数27分，实际得分24分）
        body: >-
          2022年我中心整体支出数量指标中，除了“土地开发补充耕地面积”未达年度绩效指标值，其他数量指标均按年度绩效指标值完成。
      - heading: 时效指标（指标分数8分，实际得分8分）
        body: 2022年我中心整体支出时效指标均按年度绩效指标完成。
"""


def test_claim_naming_its_exception_is_silent(lint):
    assert lint(SCOPED, "PL402") == []


def test_claim_scoped_to_a_group(lint):
    # The 时效 claim does not cover the 数量 miss, even when nobody admits it.
    text = SCOPED.replace(EXCEPTION, "")
    findings = lint(text, "PL402")
    assert len(findings) == 1
    assert findings[0].span.quote == "均按年度绩效指标值完成"
    assert "土地开发补充耕地面积" in findings[0].message


def test_claim_about_a_group_the_table_lacks_is_skipped(lint):
    text = SCOPED.replace("其他数量指标均按", "其他成本指标均按").replace(EXCEPTION, "")
    assert lint(text, "PL402") == []


def test_claim_phrases_are_an_option(lint):
    text = CLAIM.replace("任务按计划100%完成", "圆满完成全年任务")
    assert lint(text, "PL402") == []
    options = {"PL402": {"claim_phrases": ["圆满完成全年任务"]}}
    assert len(lint(text, "PL402", rule_options=options)) == 1


# PL403 other-funds-cited ---------------------------------------------------------------------

OTHER_FUNDS = """\
    budget_tables:
      - kind: 资金来源
        rows:
          - {label: 财政拨款, budget: "335.33", executed: "424.5", rate: "126.59%"}
          - {label: （2）其他资金, budget: "-", executed: "-"}
    indicators:
      - {name: 成本节约率, level: 3, target: "5%", actual: "0%", weight: "3", score: "0",
         reason: 其他收入和转移支付增加}
    sections:
      - heading: 成本方面
        body: >-
          实际支出为424.5万元，实际支出超出预算支出，原因是其他资金收入增加，政府采购支出增加，实际节约率为0%。
"""


def test_blank_other_funds_while_reasons_cite_other_income(lint):
    findings = lint(OTHER_FUNDS, "PL403")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.quote == '"-"' and finding.span.line == 5
    quotes = [r.span.quote for r in finding.related]
    assert "其他收入和转移支付增加" in quotes
    assert "其他资金收入增加" in quotes


def test_other_funds_stated_is_silent(lint):
    text = OTHER_FUNDS.replace('budget: "-", executed: "-"', 'budget: "12.5", executed: "12.5"')
    assert lint(text, "PL403") == []


def test_no_citation_is_silent(lint):
    text = (OTHER_FUNDS.replace("其他收入和转移支付增加", "政府采购支出增加")
            .replace("原因是其他资金收入增加，", ""))
    assert lint(text, "PL403") == []


def test_mention_without_a_change_is_not_a_citation(lint):
    text = (OTHER_FUNDS.replace("其他收入和转移支付增加", "政府采购支出增加")
            .replace("原因是其他资金收入增加，", "本年无其他收入，"))
    assert lint(text, "PL403") == []


def test_labels_are_an_option(lint):
    text = OTHER_FUNDS.replace("（2）其他资金", "事业收入")
    assert lint(text, "PL403") == []
    options = {"PL403": {"fund_labels": ["事业收入"]}}
    assert len(lint(text, "PL403", rule_options=options)) == 1
