"""PL503 missing-actual and PL504 blank-list-figure."""

from __future__ import annotations

# PL503 missing-actual ------------------------------------------------------------------------


def test_target_without_actual(lint):
    # seed 000: 会议保障、办公设备运维故障处理率, target 100%, no value in the text.
    text = 'indicators:\n  - {name: 会议保障、办公设备运维故障处理率, level: 3, target: "100%"}\n'
    findings = lint(text, "PL503")
    assert len(findings) == 1
    assert findings[0].severity == "warning"  # read from narrative: the result may be in words
    assert findings[0].span.quote == '"100%"'
    assert "故障处理率" in findings[0].message
    scored = text.replace('target: "100%"', 'target: "100%", weight: "2", score: "2"')
    assert [f.severity for f in lint(scored, "PL503")] == ["error"]  # an empty cell of a 自评表


def test_dashed_or_blank_actual(lint):
    for actual in ('"-"', '""', '"—"'):
        text = f'indicators:\n  - {{name: 事项办结率, level: 3, target: "100%", actual: {actual}}}\n'
        findings = lint(text, "PL503")
        assert len(findings) == 1, actual
        assert findings[0].span.quote == actual
        assert findings[0].related[0].label == "年度指标值"


def test_actual_stated_is_silent(lint):
    assert lint('indicators:\n  - {name: 事项办结率, level: 3, target: "100%", actual: "100%"}\n',
                "PL503") == []
    assert lint('indicators:\n  - {name: 政府采购执行率, level: 3, target: "100%", actual: ">100%"}\n',
                "PL503") == []
    assert lint('indicators:\n  - {name: 是否按时完成各项工作, level: 3, target: "是", actual: "是"}\n',
                "PL503") == []


def test_words_where_a_figure_is_expected(lint):
    text = 'indicators:\n  - {name: 事项办结率, level: 3, target: "100%", actual: "完成"}\n'
    findings = lint(text, "PL503")
    assert len(findings) == 1
    assert findings[0].severity == "warning" and findings[0].span.quote == '"完成"'


def test_rows_without_a_target_are_skipped(lint):
    text = """\
        indicators:
          - {name: 不产生经济效益, level: 3, target: "-", actual: "-", weight: "-", score: "-"}
          - {name: 经济效益, level: 3, target: "不涉及"}
          - {name: 自然资源保护利用率, level: 3}
          - name: 数量指标
            level: 2
            target: "100%"
            children:
              - {name: 甲, level: 3, target: "2次", actual: "2次"}
    """
    assert lint(text, "PL503") == []


# PL504 blank-list-figure ---------------------------------------------------------------------

QUALITY_000 = """\
    sections:
      - heading: 质量指标（指标分数27分，实际得分24分）
        body: >-
          地图服务提供质量合格率100%，耕地验收质量完成率0%，机房运行正确率100%，全年会议保障、办公设备运维故障处理率，国土空间基础信息平台数据处理合格率100%。
"""


def test_blank_item_in_a_list_of_figures(lint):
    findings = lint(QUALITY_000, "PL504")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.span.quote == "全年会议保障、办公设备运维故障处理率"
    assert finding.severity == "warning"
    assert finding.span.line == 4


def test_complete_list_is_silent(lint):
    text = QUALITY_000.replace("故障处理率，", "故障处理率100%，")
    assert lint(text, "PL504") == []


def test_blank_last_item(lint):
    text = QUALITY_000.replace("，国土空间基础信息平台数据处理合格率100%。", "。")
    findings = lint(text, "PL504")
    assert len(findings) == 1 and findings[0].span.quote == "全年会议保障、办公设备运维故障处理率"


def test_prose_clauses_are_not_items(lint):
    text = """\
        sections:
          - heading: 社会效益
            body: >-
              档案查询次数80万次，提升了服务效率，数据处理量1500条。为档案窗口查询提供保障，提高“一窗办结率”。
    """
    assert lint(text, "PL504") == []


def test_the_blank_clause_is_quoted_even_when_its_row_lacks_an_actual(lint):
    text = QUALITY_000 + (
        "    indicators:\n"
        '      - {name: 会议保障、办公设备运维故障处理率, level: 3, target: "100%"}\n')
    assert [f.span.quote for f in lint(text, "PL504")] == ["全年会议保障、办公设备运维故障处理率"]
