"""NC001 summary-score-matches: the 汇总表 row of a unit repeats that unit's own 自评 total.

What it checks
    In a 部门整体支出自评情况汇总表, the row of the unit whose report this is (部门本级, filled in
    the first row) states 所属单位自评分数; the same report's 自评表 states 总分 and its 得分.
    The two must be the same score (南昌's requirement NC-004).

Why it matters
    The 汇总表 is what the 主管部门 files; a score that differs from the unit's own table means
    one of them was changed after the fact, and the 复核 rests on the wrong figure.

Example
    汇总表: 东湖区政务服务数据管理局 … 自评分数 95;  自评表: 总分 100 / 95      (holds)
    汇总表: … 自评分数 96;  自评表 得分 95                                      (NC001)
"""

from __future__ import annotations

import re

from perflint import intervals
from perflint.rules import ReportRule

_SPACES = re.compile(r"\s+")


def _same_name(a: str, b: str) -> bool:
    return _SPACES.sub("", a) == _SPACES.sub("", b)


class SummaryScoreMatchesSelfEvaluation(ReportRule):
    """The 汇总表 self-score of the reporting unit differs from its own 自评 total."""

    code = "NC001"
    name = "summary-score-matches"
    severity = "error"
    groups = ("cross-reference", "jiangxi")
    #: Chinese for reviewers; the English title and docs come from the docstrings
    title = {"zh": "汇总表自评分数与本单位自评表总分不符"}
    docs = {"zh": {
        "what": "部门整体支出自评情况汇总表中，本报告单位所在的一行（部门本级，通常是第一行）写有所属单位"
                "自评分数；同一报告的自评表写有总分和得分。两者应当是同一个分数。",
        "why": "汇总表是主管部门上报的材料。汇总表的分数与单位自己的自评表不同，说明其中一个事后被改过，"
               "复核就建立在错误的数字上。",
        "bad": "汇总表：青山县文化馆  自评分数 92\n自评表：总分 100  得分 90\n"
               "（NC001：汇总表中的自评分数为92，与自评表总分90不一致）",
        "good": "汇总表：青山县文化馆  自评分数 90\n自评表：总分 100  得分 90",
    }}
    messages = {
        "zh": "汇总表中{label}的自评分数为{stated}，与自评表总分{expected}不一致",
        "en": "the summary table gives {label} a self-score of {stated}, its own table says {expected}",
    }

    def check(self, report, ctx):
        evaluation = report.evaluation
        if evaluation is None or evaluation.total_score is None or evaluation.total_score.value is None:
            return
        if report.unit.name is None:
            return
        total = evaluation.total_score
        for table in report.budget_tables:
            if table.kind != "汇总":
                continue
            for row in table.rows:
                score = row.self_score
                if score is None or score.value is None or not _same_name(row.label, report.unit.name.text):
                    continue
                if not intervals.of(score).intersects(intervals.of(total)):
                    yield ctx.finding(score.span, label=row.label, stated=score.literal,
                                      expected=total.literal, related=[(total.span, "总分")])
