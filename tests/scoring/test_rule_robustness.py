"""Odd but valid input never crashes a PL3xx/PL4xx/PL5xx rule (a crash would surface as PL001)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.testing import lint_yaml

LITERALS = ["0", "-", "—", "", "2", "4.5", "100%", ">100%", "<5%", "≤0%", "不少于0次", "是", "否",
            "未完成", "基本完成", "不涉及", "0.00", "99.995%", "6800亩", "3个", "20万元", "0万元", "优",
            "100分", "-1", "1,000"]
TEXTS = ["", "无", "XX", "【】", "部门： （盖章）", "任务按计划100%完成。", "其他收入增加",
         "满意度95%，问卷调查。", "率，率，率", "一、部门（单位）概况", "（", "“”", "\n\n"]

TEMPLATE = """\
evaluation: {{total_score: {total}, max_score: {maximum}, grade: {grade}}}
budget_tables:
  - kind: 资金来源
    rows:
      - {{label: 其他资金, budget: {a}, executed: {b}, reason: {reason}}}
indicators:
  - name: {name}
    level: 1
    weight: {a}
    score: {b}
    children:
      - {{name: {name2}, level: 2, target: {c}, actual: {d}, weight: {e}, score: {f}, reason: {reason}}}
      - {{name: 控制率, level: 2, target: {d}, actual: {c}, weight: {f}, score: {e}}}
facts:
  - {{concept: 满意度, value: {c}}}
  - {{concept: 总分, value: {d}}}
sections:
  - {{heading: {heading}, level: 1, body: {body}}}
  - {{heading: 社会满意度, level: 2, body: {reason}}}
"""

literal = st.sampled_from(LITERALS).map(json.dumps)
text = st.sampled_from(TEXTS).map(json.dumps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(total=literal, maximum=literal, grade=text, a=literal, b=literal, c=literal, d=literal, e=literal,
       f=literal, name=text, name2=text, reason=text, heading=text, body=text)
def test_rules_never_crash(**values):
    findings = lint_yaml(TEMPLATE.format(**values), select=["PL3", "PL4", "PL5"])
    crashes = [f for f in findings if f.code == "PL001"]
    assert not crashes, crashes
