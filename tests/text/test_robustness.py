"""Odd text never crashes a PL6xx rule (bad input is a finding or nothing, never a traceback)."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.model import Indicator, Quantity, Report, Section, Span, Text, Unit
from perflint.rules.base import CheckContext, CorpusRule, ReportRule
from perflint.testing import default_host

ALPHABET = st.sampled_from(list("预算绩效管理无暂高度重视提高明显数量质量指标其他均按年度完成"
                                "。，；\n 0123456789%“”《》（）、是我单位中心局😀\t\u3000"))
TEXT = st.text(ALPHABET, max_size=120)


def _span(text: str) -> Span:
    return Span(line=1, column=1, end_line=1, end_column=len(text) + 1, quote=text)


def _report(headings: list[str], bodies: list[str], target: str) -> Report:
    sections = [Section(heading=Text(text=h or "标题", span=_span(h or "标题")), level=1 + i % 3,
                        body=Text(text=b, span=_span(b)) if b else None)
                for i, (h, b) in enumerate(zip(headings, bodies, strict=False))]
    indicator = Indicator(name=Text(text="指标"), level=3, target=Quantity(literal=target, value=None),
                          reason=Text(text=target))
    return Report(unit=Unit(name=Text(text="某单位")), sections=sections, indicators=[indicator],
                  source_text="\n".join(bodies))


def _rules(kind):
    rules = default_host().rules.items()
    return [r.rule for code, r in rules if code.startswith("PL6") and issubclass(r.rule, kind)]


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=0, max_size=6), st.lists(TEXT, min_size=0, max_size=6),
       st.sampled_from(["明显提高", "是", "无", "效果明显", "达成预期指标", "有效"]))
def test_report_rules_survive_odd_text(headings, bodies, target):
    report = _report(headings, bodies, target)
    for rule_class in _rules(ReportRule):
        rule = rule_class()
        for finding in rule.check(report, CheckContext(rule=rule, options=rule.Options())):
            assert finding.code == rule.code and finding.message


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(TEXT, min_size=1, max_size=4), min_size=1, max_size=4))
def test_corpus_rules_survive_odd_text(corpus):
    reports = [(Path(f"r{i}.yaml"), _report(["正文"] * len(bodies), bodies, "是"))
               for i, bodies in enumerate(corpus)]
    for rule_class in _rules(CorpusRule):
        rule = rule_class()
        list(rule.check_reports(reports, CheckContext(rule=rule, options=rule.Options())))
