"""plan_fixes / apply_edits: which findings become which text edits."""

from __future__ import annotations

from perflint.findings import Finding
from perflint.fix import Edit, apply_edits, plan_fixes
from perflint.loaders.yaml_loader import compose

SOURCE = 'a: "126.59%"   # kept\nb: \'3.04%\'\nc: 75.2%\nd: "9.5%"\n'


def finding(key: str, expected: str, source: str = SOURCE, code: str = "PL103",
            fixable: bool = True) -> Finding:
    """A fixable finding on the figure under `key`, as a rule would report it."""
    normalized = source.replace("\r\n", "\n")
    value = compose(normalized)[key]
    return Finding(code=code, severity="error", message="", span=value.span, expected=expected,
                   stated=str(value), fixable=fixable)


def test_each_quoting_style_is_kept():
    plan = plan_fixes(SOURCE, [finding("a", "146.55%"), finding("b", "3.05%"), finding("c", "72.5%")])
    assert [e.replacement for e in plan.edits] == ['"146.55%"', "'3.05%'", "72.5%"]
    assert apply_edits(SOURCE, plan.edits) == 'a: "146.55%"   # kept\nb: \'3.05%\'\nc: 72.5%\nd: "9.5%"\n'


def test_edits_that_change_the_length_apply_from_the_end():
    plan = plan_fixes(SOURCE, [finding("d", "10.5%"), finding("a", "6.5%")])
    assert apply_edits(SOURCE, plan.edits) == 'a: "6.5%"   # kept\nb: \'3.04%\'\nc: 75.2%\nd: "10.5%"\n'


def test_findings_that_are_not_fixable_are_ignored():
    plan = plan_fixes(SOURCE, [finding("a", "146.55%", fixable=False)])
    assert (plan.edits, plan.skipped) == ([], [])


def test_two_rules_agreeing_make_one_edit_and_disagreeing_make_none():
    agree = plan_fixes(SOURCE, [finding("a", "146.55%"), finding("a", "146.55%", code="PL105")])
    assert len(agree.edits) == 1
    assert [f.code for f in agree.sources[agree.edits[0]]] == ["PL103", "PL105"]

    disagree = plan_fixes(SOURCE, [finding("a", "146.55%"), finding("a", "140.00%", code="PL105")])
    assert disagree.edits == []
    assert [s.reason for s in disagree.skipped] == ["conflict", "conflict"]


def test_overlapping_edits_keep_the_first():
    first = Edit(3, 12, '"1%"', "PL103", "126.59%", "1%", 1, 4)
    overlapping = Edit(5, 8, "x", "PL104", "", "", 1, 6)
    assert apply_edits(SOURCE, [first, overlapping]) == SOURCE.replace('"126.59%"', '"1%"')


def test_crlf_offsets_are_mapped_to_the_file_text():
    source = SOURCE.replace("\n", "\r\n")
    plan = plan_fixes(source, [finding("d", "10.5%", source), finding("b", "3.05%", source)])
    assert apply_edits(source, plan.edits) == SOURCE.replace("'3.04%'", "'3.05%'").replace(
        '"9.5%"', '"10.5%"').replace("\n", "\r\n")


def test_a_span_that_does_not_hold_the_stated_figure_is_refused():
    stale = finding("a", "146.55%")
    plan = plan_fixes(SOURCE.replace("126.59", "126.58"), [stale])
    assert plan.edits == []
    assert [s.reason for s in plan.skipped] == ["quote-mismatch"]


def test_an_unquoted_json_number_cannot_take_a_unit():
    source = '{"rate": 126.59}\n'
    plan = plan_fixes(source, [finding("rate", "146.55%", source)], json_file=True)
    assert [s.reason for s in plan.skipped] == ["json-plain"]
    plan = plan_fixes(source, [finding("rate", "146.55", source)], json_file=True)
    assert apply_edits(source, plan.edits) == '{"rate": 146.55}\n'


def test_an_expected_value_that_is_not_a_figure_is_refused():
    plan = plan_fixes(SOURCE, [finding("c", "yes")])
    assert [s.reason for s in plan.skipped] == ["not-figure"]
