"""PL308 grade-band and PL309 score-inflation."""

from __future__ import annotations

import pytest


def evaluation(total: str, grade: str, max_score: str | None = None) -> str:
    maximum = f', max_score: "{max_score}"' if max_score else ""
    return f'evaluation: {{total_score: "{total}", grade: "{grade}"{maximum}}}\n'


# PL308 grade-band ----------------------------------------------------------------------------

@pytest.mark.parametrize(("total", "grade"), [
    ("95", "优"), ("90", "优"), ("100", "优"), ("89.5", "良"), ("80", "良"), ("79.9", "中"), ("60", "中"),
    ("59.5", "差"), ("0", "差"),
])
def test_grade_matching_its_band_is_silent(lint, total, grade):
    assert lint(evaluation(total, grade), "PL308") == []


@pytest.mark.parametrize(("total", "grade", "expected"), [
    ("89.5", "优", "良"), ("90", "良", "优"), ("80", "中", "良"), ("79.99", "良", "中"), ("60", "差", "中"),
    ("59", "中", "差"),
])
def test_grade_outside_its_band(lint, total, grade, expected):
    findings = lint(evaluation(total, grade), "PL308")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.expected == expected and finding.stated == grade
    assert finding.span.quote == f'"{grade}"'
    assert finding.related[0].span.quote == f'"{total}"'
    assert finding.severity == "error"


def test_grade_words_are_normalised(lint):
    assert lint(evaluation("95", "优秀"), "PL308") == []
    assert lint(evaluation("85", "“良”"), "PL308") == []
    assert len(lint(evaluation("85", "优秀"), "PL308")) == 1


def test_unknown_grade_words_are_left_alone(lint):
    assert lint(evaluation("85", "A"), "PL308") == []


def test_bands_are_an_option(lint):
    # 江门 2018: 优良 from 80, 中 70–80.
    options = {"PL308": {"bands": [{"grade": "优良", "min": "80"}, {"grade": "中", "min": "70"},
                                   {"grade": "差", "min": "0"}]}}
    assert lint(evaluation("85", "优良"), "PL308", rule_options=options) == []
    assert len(lint(evaluation("75", "优良"), "PL308", rule_options=options)) == 1


def test_total_is_scaled_to_the_stated_full_score(lint):
    assert lint(evaluation("45", "优", max_score="50"), "PL308") == []
    assert len(lint(evaluation("44", "优", max_score="50"), "PL308")) == 1


# PL309 score-inflation -----------------------------------------------------------------------

FULL_MARKS = """\
    evaluation: {total_score: "100", max_score: "100"}
    indicators:
      - {name: 启动区域规划方案, level: 3, target: "4份", actual: "4份", weight: "30", score: "30"}
      - {name: 土地报批数, level: 3, target: "3个", actual: "3个", weight: "30", score: "30"}
      - {name: 供应土地数, level: 3, target: "32宗", actual: "32宗", weight: "30", score: "30"}
      - {name: 群众满意度, level: 3, target: "95%", actual: "95%", weight: "10", score: "10"}
    sections:
      - heading: 主要问题及原因分析
        body: 单位群众满意度绩效指标未达年度指标值，主要是由于增加了许多新任的业务。
"""


def test_full_marks_while_the_text_admits_a_miss(lint):
    findings = lint(FULL_MARKS, "PL309")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.quote == '"100"'
    assert finding.related[0].span.quote.startswith("单位群众满意度绩效指标未达年度指标值")


def test_full_marks_while_a_row_misses(lint):
    text = FULL_MARKS.replace('actual: "32宗"', 'actual: "25宗"').replace("未达年度指标值", "已达到")
    findings = lint(text, "PL309")
    assert len(findings) == 1
    assert findings[0].related[0].span.quote == '"25宗"'


def test_full_marks_without_any_miss_is_silent(lint):
    assert lint(FULL_MARKS.replace("未达年度指标值", "已达到年度指标值"), "PL309") == []


def test_any_deduction_is_silent(lint):
    text = FULL_MARKS.replace('weight: "10", score: "10"', 'weight: "10", score: "8"')
    assert lint(text, "PL309") == []


def test_few_rows_are_not_enough(lint):
    text = """\
        indicators:
          - {name: 供应土地数, level: 3, target: "32宗", actual: "25宗", weight: "30", score: "30"}
    """
    assert lint(text, "PL309") == []
    assert len(lint(text, "PL309", rule_options={"PL309": {"min_rows": 1}})) == 1
