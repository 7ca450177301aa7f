"""The declarative kinds run the built-in rules' checks: a YAML rule and a Python rule given the
same figures agree (ratio ↔ PL105, compare/range ↔ the scoring comparisons, pattern ↔ PL506,
phrase ↔ the PL6xx phrase matcher), and they quote the same characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.cli import main
from perflint.testing import lint_paths

RULESET = """\
name: kinds-test
extends: national
rules:
  - code: KT101
    name: yaml-ratio
    kind: ratio
    each: ratios[*]
    stated: stated
    numerator: numerator
    denominator: denominator
    message: "{label}为{stated}，应为{expected}"
  - code: KT102
    name: total-score-at-most-100
    kind: range
    value: evaluation.total_score
    max: "100"
    message: "总分{stated}超出{expected}"
  - code: KT103
    name: management-weight-at-least-30
    kind: compare
    each: indicator[name=管理指标]
    left: weight
    op: ">="
    right: "30"
    message: "{label}权重{stated}，应{expected}"
  - code: KT104
    name: placeholder
    kind: pattern
    regex: "(?:^|[^A-Za-z])([Xx]{2,})(?:[^A-Za-z]|$)"
    message: "占位符：{stated}"
  - code: KT105
    name: stock-phrase
    kind: phrase
    phrases: [加强宣传, 加强宣传培训]
    message: "套话：{stated}"
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "kinds.yaml"
    path.write_text(RULESET, encoding="utf-8")
    return path


def _lint(folder: Path, ruleset: Path, report: str, codes: list[str]):
    path = folder / "report.yaml"
    path.write_text(report, encoding="utf-8")
    return lint_paths([path], select=codes, ruleset=str(ruleset)).files[0].findings


RATIO = """\
ratios:
  - label: {label}
    stated: "{stated}"
    numerator: "{numerator}"
    denominator: "{denominator}"
"""


@pytest.mark.parametrize(("label", "stated", "numerator", "denominator", "expected"), [
    ("划拨用地占比", "78.13%", "25宗", "32宗", None),        # whole counts are exact
    ("划拨用地占比", "78.12%", "25宗", "32宗", "78.13%"),
    ("达标率", "≥90%", "95", "100", None),                  # a comparator claims its side only
    ("达标率", "≥90%", "85", "100", "85%"),
    ("划拨用地占比", "78", "25宗", "32宗", None),            # a bare rate is a percentage
    ("划拨用地占比", "70", "25宗", "32宗", "78"),
    ("完成率", "4‰", "2", "500", None),                      # ‰ is honoured
    ("人均面积", "5人", "10", "2", None),                    # not a rate: neither rule checks it
])
def test_yaml_ratio_agrees_with_pl105(tmp_path, ruleset, label, stated, numerator, denominator, expected):
    report = RATIO.format(label=label, stated=stated, numerator=numerator, denominator=denominator)
    findings = _lint(tmp_path, ruleset, report, ["KT101", "PL105"])
    by_code = {f.code: f for f in findings}
    if expected is None:
        assert findings == []
        return
    assert set(by_code) == {"KT101", "PL105"}
    assert by_code["KT101"].expected == expected and by_code["KT101"].span == by_code["PL105"].span
    assert f"={expected}" in by_code["PL105"].message


def test_ratio_used_to_ignore_comparators_and_read_bare_rates_as_fractions(tmp_path, ruleset):
    """The old `ratio` kind reported `≥90%` against 95/100 and `78` against 25宗/32宗; PL105
    never did."""
    for stated, numerator, denominator in (("≥90%", "95", "100"), ("78", "25宗", "32宗")):
        report = RATIO.format(label="率", stated=stated, numerator=numerator, denominator=denominator)
        assert _lint(tmp_path, ruleset, report, ["KT101"]) == []


@pytest.mark.parametrize(("score", "fires"), [("100", False), ("99.5", False), ("101", True),
                                              ("100.6", True)])
def test_range_max_follows_the_reports_rounding(tmp_path, ruleset, score, fires):
    """A rounded 101 stands for [100.5, 101.5), all above 100 (which stands for at most 100.5,
    exclusive): the old kind let it pass because the two intervals touch at 100.5."""
    report = f'evaluation: {{total_score: "{score}", max_score: "100"}}\n'
    assert bool(_lint(tmp_path, ruleset, report, ["KT102"])) is fires


@pytest.mark.parametrize(("weight", "fires"), [("30", False), ("29.6", False), ("29", True)])
def test_compare_at_least_follows_the_reports_rounding(tmp_path, ruleset, weight, fires):
    report = f'indicators:\n  - {{name: 管理指标, level: 1, weight: "{weight}"}}\n'
    assert bool(_lint(tmp_path, ruleset, report, ["KT103"])) is fires


def test_pattern_quotes_group_one_like_pl506(tmp_path, ruleset):
    report = "sections:\n  - heading: 概况\n    body: |\n      第一行正常。\n      由XX单位负责。\n"
    findings = _lint(tmp_path, ruleset, report, ["KT104", "PL506"])
    spans = {f.code: (f.span.line, f.span.column, f.span.quote) for f in findings}
    assert spans == {"KT104": (5, 8, "XX"), "PL506": (5, 8, "XX")}
    assert [f.stated for f in findings if f.code == "KT104"] == ["XX"]


def test_phrase_spans_are_exact_in_a_yaml_block_and_every_match_counts(tmp_path, ruleset):
    """Located through the same slicer as the PL6xx rules (the old kind quoted the whole body of
    a YAML block scalar)."""
    report = "sections:\n  - heading: 问题\n    body: |\n      缺乏理念。\n      加强宣传培训。\n"
    findings = _lint(tmp_path, ruleset, report, ["KT105"])
    assert sorted((f.span.line, f.span.column, f.span.quote) for f in findings) == [
        (5, 7, "加强宣传"), (5, 7, "加强宣传培训")]


def _config_error(tmp_path: Path, capsys, rule: str, *args: str) -> str:
    """The one stderr line of a run whose ruleset holds `rule` (it must exit 2)."""
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nrules:\n" + rule, encoding="utf-8")
    report = tmp_path / "r.yaml"
    report.write_text("year: 2023\n", encoding="utf-8")
    assert main(["check", *args, "--ruleset", str(path), str(report)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.parametrize(("rule", "where"), [
    ("  - {code: BD101, name: bad, kind: pattern, regex: '(unclosed', message: x}\n",
     ":3：规则 BD101 的 regex"),
    ("  - {code: BD102, name: bad, kind: conditional, message: x,\n"
     "     if: {matches: 'sections[*].body', regex: '(unclosed'}, then: {present: year}}\n",
     ":4：规则 BD102 的 if.regex"),
    ("  - code: BD103\n    name: bad\n    kind: conditional\n    message: x\n    then: {present: year}\n"
     "    if:\n      matches: sections[*].body\n      regex: '(unclosed'\n", ":10：规则 BD103 的 if.regex"),
])
def test_an_invalid_re2_pattern_is_a_configuration_error(tmp_path, capsys, rule, where):
    """Both the pattern kind and a condition's `regex` are validated as RE2 when the ruleset
    loads; the message names the file, the line of the pattern and the rule (issue 20: a
    condition's invalid pattern was a traceback), in the run's language, with RE2's reason and
    none of RE2's own log lines."""
    err = _config_error(tmp_path, capsys, rule)
    assert f"bad.yaml{where} 不合规：不是有效的 RE2 正则表达式（missing ): (unclosed）" in err
    assert "re2.cc" not in err and "b'" not in err
    err = _config_error(tmp_path, capsys, rule, "--lang", "en")
    assert "not a valid RE2 expression: missing ): (unclosed" in err and "BD10" in err


@pytest.mark.parametrize("rule", [
    "  - {code: BD104, name: bad, kind: required, message: x,\n"
    "     each: 'sections[heading~=(bad]', select: body}\n",
    "  - {code: BD104, name: bad, kind: pattern, message: x,\n"
    "     regex: XX, scope: 'sections[heading~=a**].body'}\n",
    "  - {code: BD104, name: bad, kind: conditional, message: x,\n"
    "     if: {matches: 'sections[heading~=(bad].body', regex: a}, then: {present: year}}\n",
])
def test_an_invalid_pattern_in_a_selector_filter_is_a_configuration_error(tmp_path, capsys, rule):
    """The third place a declarative rule compiles a pattern: a selector's `~=` filter (in
    `each`, `scope` or a condition's `matches`)."""
    err = _config_error(tmp_path, capsys, rule)
    assert "bad.yaml:3：规则 BD104 定义有误" in err and "not a valid RE2 expression" in err


@pytest.mark.parametrize("regex", ["", "x*", "(?:)", "^", "$", "\\b", "(?m)^$", "XX|", "(X?)\\s", "(x*)"])
def test_a_pattern_that_can_match_the_empty_string_is_refused(tmp_path, capsys, regex):
    """Issue 20: `regex: ''` reported every character of every text (a 200 KB report: 200,000
    findings). A pattern that can quote an empty string is a configuration error naming the
    file, the line and the rule."""
    rule = f"  - {{code: BD105, name: bad, kind: pattern, message: x, regex: '{regex}'}}\n"
    err = _config_error(tmp_path, capsys, rule)
    assert "bad.yaml:3：规则 BD105 的 regex 不合规：正则表达式可以匹配空字符串" in err


def test_a_condition_may_ask_whether_a_text_is_blank(tmp_path, ruleset):
    """A condition reports nothing by itself, so a regex that matches the empty string is
    meaningful there (`^\\s*(无)?\\s*$`: the text says nothing) and allowed."""
    path = tmp_path / "blank.yaml"
    path.write_text("name: blank\nrules:\n  - code: BL101\n    name: blank\n    kind: conditional\n"
                    "    message: x\n    each: sections\n    if: {matches: body, regex: '^\\s*(无)?\\s*$'}\n"
                    "    then: {absent: heading}\n", encoding="utf-8")
    report = "sections:\n  - {heading: 概况, body: 无}\n  - {heading: 问题, body: 有内容}\n"
    findings = _lint(tmp_path, path, report, ["BL101"])
    assert [f.span.line for f in findings] == [2]


@pytest.mark.parametrize("phrases", ["['']", "[加强宣传, '  ']"])
def test_an_empty_phrase_is_refused(tmp_path, capsys, phrases):
    """An empty phrase occurs at every character (issue 20's `phrases: [""]`)."""
    rule = f"  - {{code: BD106, name: bad, kind: phrase, message: x, phrases: {phrases}}}\n"
    err = _config_error(tmp_path, capsys, rule)
    assert "bad.yaml:3：规则 BD106 的 phrases 不合规" in err and "短语为空" in err


def test_a_pattern_rule_never_reports_an_empty_quote(tmp_path, ruleset):
    """The loader refuses patterns the probes show quoting nothing; a group that can be empty
    only in a context no probe has is still never reported as an empty quote."""
    path = tmp_path / "group.yaml"
    path.write_text("name: group\nrules:\n  - {code: GR101, name: g, kind: pattern, message: x,"
                    " regex: '甲(乙?)丙'}\n", encoding="utf-8")
    report = "sections:\n  - {heading: 概况, body: 甲丙与甲乙丙}\n"
    findings = _lint(tmp_path, path, report, ["GR101"])
    assert [f.stated for f in findings] == ["乙"]
