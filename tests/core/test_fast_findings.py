"""Findings built, packed and rendered without re-validation (perflint.findings.rule_finding,
perflint.packed rows, the JSON output's rows) are exactly what the validated path gives: the same
fields, field sets, types and errors, the same fingerprints and the same JSON text."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from perflint import findings as findings_module
from perflint import packed
from perflint.findings import Finding, Related
from perflint.model import Span
from perflint.output import _encode, json_format
from perflint.results import FileResult, RunResult
from perflint.review import Decision, fingerprints_for, row_fingerprints
from perflint.rules.base import CheckContext, ReportRule
from perflint.testing import lint_paths

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [ROOT / "fixtures" / "seed_001.yaml", ROOT / "fixtures" / "seed_004.yaml",
            ROOT / "fixtures" / "office" / "seed_004.docx", ROOT / "fixtures" / "seed_004.yaml"]


def _validated_related(pairs):
    return tuple(Related(span=span, label=label) for span, label in pairs)


def _validated_finding(code, severity, message, span, related, expected, stated, rule, fixable, plugin,
                       ruleset):
    return Finding(code=code, severity=severity, message=message, span=span, related=related,
                   expected=expected, stated=stated, rule=rule, fixable=fixable, plugin=plugin,
                   ruleset=ruleset)


def _same(a: BaseModel, b: BaseModel) -> None:
    """Equal field by field: type, values (in the same `__dict__` order), field set, extras."""
    assert type(a) is type(b)
    assert list(a.__dict__) == list(b.__dict__)
    assert a.__pydantic_fields_set__ == b.__pydantic_fields_set__
    assert a.__pydantic_extra__ == b.__pydantic_extra__ and a.__pydantic_private__ == b.__pydantic_private__
    for name, value in a.__dict__.items():
        other = b.__dict__[name]
        if isinstance(value, BaseModel):
            _same(value, other)
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            assert type(other) is tuple and len(value) == len(other)
            for item, other_item in zip(value, other, strict=True):
                _same(item, other_item)
        else:
            assert type(value) is type(other) and value == other


@pytest.fixture(scope="module")
def fast() -> RunResult:
    return lint_paths(FIXTURES)


def _all(result: RunResult) -> list[Finding]:
    return [finding for file in result.files for finding in file.unpacked()]


def test_rule_findings_equal_validated_ones_field_by_field(fast, monkeypatch):
    monkeypatch.setattr("perflint.rules.base.related_of", _validated_related)
    monkeypatch.setattr("perflint.rules.base.rule_finding", _validated_finding)
    validated = _all(lint_paths(FIXTURES))
    found = _all(fast)
    assert len(found) == len(validated) and any(f.related for f in found) and any(f.fixable for f in found)
    for a, b in zip(found, validated, strict=True):
        _same(a, b)


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Rule(ReportRule):
    code = "XY900"
    name = "xy-rule"
    messages = {"zh": "{stated} → {expected}"}
    Options = _Options


def _context(rule=_Rule, options=None, **kwargs) -> CheckContext:
    return CheckContext(rule=rule(), options=options if options is not None else rule.Options(), **kwargs)


SPAN = Span(line=1, column=2, end_line=1, end_column=5, quote="合计数", offset=1, end_offset=4)
OTHER = Span(line=3, column=1, end_line=4, end_column=2, quote="甲\n乙", location="表1 第2行")


class _Number:
    def __str__(self) -> str:
        return "12.5"


@pytest.mark.parametrize("kwargs", [
    lambda: {},
    lambda: {"expected": 3, "stated": "4"},
    lambda: {"expected": _Number(), "related": [(OTHER, "分项"), (None, "缺"), (SPAN, None)]},
    lambda: {"severity": "info", "related": iter([(OTHER, "一")])},  # any iterable, read once
])
@pytest.mark.parametrize("span", [SPAN, None])
def test_context_findings_equal_validated_ones(kwargs, span, monkeypatch):
    fast = _context(plugin="p", ruleset="r").finding(span, **kwargs())
    monkeypatch.setattr("perflint.rules.base.related_of", _validated_related)
    monkeypatch.setattr("perflint.rules.base.rule_finding", _validated_finding)
    _same(fast, _context(plugin="p", ruleset="r").finding(span, **kwargs()))


class _FixableRule(_Rule):
    fixable = 0  # not a bool: validation makes it one


def test_values_of_other_types_are_validated_as_before():
    finding = _context(_FixableRule).finding(SPAN, expected=1)
    assert finding.fixable is False
    with pytest.raises(ValidationError):
        _context().finding(SPAN, related=[(OTHER, 5)])
    with pytest.raises(ValidationError):
        _context().finding(SPAN, severity="fatal")
    with pytest.raises(ValidationError):
        _context().finding({"line": 1})


class _WithSeverity(BaseModel):
    severity: str = "warning"


class _Extra(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Property(BaseModel):
    @property
    def severity(self) -> str:
        return "info"


class _Plain:
    severity = "info"


@pytest.mark.parametrize("options, expected", [
    (_Options(), None), (_WithSeverity(), "warning"), (_Extra(severity="info"), "info"), (_Extra(), None),
    (_Property(), "info"), (_Plain(), "info"), (object(), None), (_Options(), "set"),
])
def test_the_options_severity_is_the_attribute(options, expected):
    if expected == "set":  # set past pydantic: the attribute is there all the same
        object.__setattr__(options, "severity", "warning")
        expected = "warning"
    for _ in range(2):  # the first call learns the class, the second uses what it learned
        assert _context(options=options).options_severity() == expected
        assert _context(options=options).finding(SPAN).severity == (expected or "error")


# ---------------------------------------------------------------------------- packed rows, JSON

#: Strings the JSON output shows as they are, and strings that need its safety pass.
PLAIN = ["合计", "预算执行率为95%", "a\tb", "第一行\n第二行", "", "“引号”", 'say "hi"', "back\\slash\\n",
         "长" * 250]
#: Control characters (JSON escapes them), and characters it writes raw that the output escapes.
ESCAPED = ["a\x1bb", "\r", "\x00x", "长" * 230 + "\x1b", "\x1b" + "长" * 230,
           "长" * 100 + "\x1b" + "长" * 100]  # the last one clipped away
RAW = ["\x7f", "\x85", "\u202e反", "\u2028", "\ufffe", "\u061c", "长" * 230 + "\u202e"]
HOSTILE = [*ESCAPED, *RAW, "x\udcff"]


def _span(rng: random.Random, texts: list[str], location: bool) -> Span:
    line = rng.randint(1, 40)
    return Span(line=line, column=rng.randint(1, 9), end_line=line + rng.randint(0, 1),
                end_column=rng.randint(1, 30), quote=rng.choice(texts),
                offset=rng.choice([None, rng.randint(0, 500)]), end_offset=None,
                location=rng.choice(texts) if location else None)


def _finding(rng: random.Random, texts: list[str]) -> Finding:
    """A finding with each string field drawn from `texts`, as any rule (or plugin) may write it."""
    pick = lambda: rng.choice(texts)  # noqa: E731
    related = tuple(Related(span=_span(rng, texts, rng.random() < 0.5), label=rng.choice([None, pick()]))
                    for _ in range(rng.choice([0, 0, 1, 3])))
    values = {"code": rng.choice(["PL101", "PL607", "XY001"]),
              "severity": rng.choice(["error", "warning", "info"]), "message": pick(),
              "span": rng.choice([None, _span(rng, texts, rng.random() < 0.3)]), "related": related,
              "expected": rng.choice([None, pick()]), "stated": rng.choice([None, pick()]), "rule": pick(),
              "plugin": rng.choice([None, pick()]), "ruleset": rng.choice([None, pick()]),
              "fixable": rng.random() < 0.3}
    if rng.random() < 0.2:
        values["extra"] = {"k": pick()}
    return Finding(**values)


def _safe_text(file: FileResult, base: Path) -> str:
    """The file's entry as the JSON output wrote it before rows: every string made safe on its own."""
    return _encode.indented(json_format.file_to_dict(file, base), 2, floats=False)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("texts", [PLAIN, PLAIN + ESCAPED, PLAIN + RAW, PLAIN + HOSTILE],
                         ids=["plain", "escaped", "raw", "hostile"])
def test_json_entries_from_rows_are_the_safe_text(seed, texts, monkeypatch):
    rng = random.Random(seed)
    files = []
    for index in range(4):
        file = FileResult(Path(f"单位{index}.txt"), [_finding(rng, texts) for _ in range(rng.randint(0, 12))])
        file.settle()
        file.add([_finding(rng, texts) for _ in range(rng.randint(0, 3))])
        files.append(file)
    base = Path.cwd()
    for file in files:
        assert json_format._file_text(file, base, None) == _safe_text(file, base)
    monkeypatch.setattr(_encode, "orjson", None)
    for file in files:
        assert json_format._file_text(file, base, None) == _safe_text(file, base)


FIELDS = ["code", "message", "rule", "plugin", "ruleset", "expected", "stated", "quote", "location",
          "related quote", "related location", "label", "kind", "reason"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("text", ["\u202e反", "\x85", "a\x1bb"])
def test_one_unsafe_string_anywhere_makes_the_entry_safe(field, text):
    """Each string an entry shows is looked at: the only unsafe character in it is escaped as the
    safe path escapes it."""
    def value(name: str, plain: str = "合计") -> str:
        return text if name == field else plain

    span = Span(line=2, column=1, end_line=2, end_column=3, quote=value("quote"), location=value("location"))
    figure = Span(line=3, column=1, end_line=3, end_column=3, quote=value("related quote"),
                  location=value("related location"))
    finding = Finding(code=value("code", "PL101"), severity="error", message=value("message"),
                      rule=value("rule"), plugin=value("plugin"), ruleset=value("ruleset"),
                      expected=value("expected"), stated=value("stated"), span=span, fixable=True,
                      related=(Related(span=figure, label=value("label")),))
    file = FileResult(Path("a.txt"), [finding], kind=value("kind", "project"))
    file.settle()
    base = Path.cwd()
    key = row_fingerprints(file.path, file.rows(), base)[0]
    decision = Decision(fingerprint=key, path="a.txt", code="PL101", decision="误报",
                        reason="说明" + value("reason", ""), reviewer="张三", date="2026-12-03")
    expected = _encode.indented(json_format.file_to_dict(file, base, {key: decision}), 2, floats=False)
    assert json_format._file_text(file, base, {key: decision}) == expected


def _shown(row: tuple) -> tuple:
    """A row without its field sets: what an output reads of it."""
    span, related = row[packed.SPAN], row[packed.RELATED]
    return (*row[:packed.SPAN], span and span[:-1],
            tuple((figure[:-1], label) for figure, label, _fields in related))


def test_rows_are_views_of_the_findings_in_output_order(fast):
    rng = random.Random(3)
    for file in fast.files:
        found = file.unpacked()
        assert [_shown(row) for row in file.rows()] == [_shown(packed.view(f)) for f in found]
        assert row_fingerprints(file.path, file.rows(), ROOT) == fingerprints_for(file.path, found, ROOT)
    own = [_finding(rng, PLAIN) for _ in range(30)]
    later = [_finding(rng, PLAIN) for _ in range(10)]
    file = FileResult(Path("a.txt"), list(own))
    file.settle()
    file.add(later)
    expected = sorted([*own, *later], key=Finding.sort_key)
    assert [packed.view(f) for f in file.unpacked()] == [packed.view(f) for f in expected]
    assert [_shown(row) for row in file.rows()] == [_shown(packed.view(f)) for f in expected]


def test_findings_of_other_shapes_are_packed_as_models():
    reordered = Span.model_validate({"quote": "乙", "line": 2, "column": 1, "end_line": 2, "end_column": 2})
    object.__setattr__(reordered, "__dict__", dict(reversed(reordered.__dict__.items())))
    found = [Finding(code="PL1", severity="info", message="m", span=reordered),
             Finding(code="PL2", severity="info", message="m", related=(Related(span=reordered),)),
             Finding(code="PL3", severity="info", message="m", span=SPAN)]
    again = packed.unpack(packed.pack(found))
    for a, b in zip(again, found, strict=True):
        _same(a, b)
    orders = [list(f.span.__dict__) for f in found if f.span]
    assert [list(f.span.__dict__) for f in again if f.span] == orders
    assert list(again[1].related[0].span.__dict__) == list(reordered.__dict__)
    assert [type(item) for item in pickle.loads(packed.pack(found))] == [Finding, Finding, tuple]


def test_fingerprints_of_rows_are_the_baseline_fingerprints():
    rng = random.Random(11)
    found = [_finding(rng, PLAIN + HOSTILE) for _ in range(60)]
    file = FileResult(Path("子目录/报告.txt"), list(found))
    file.settle()
    base = Path("/tmp")
    expected = fingerprints_for(file.path, file.unpacked(), base)
    assert row_fingerprints(file.path, file.rows(), base) == expected
    document = json.loads("".join(json_format.render_chunks(RunResult([file]), review_base=base)))
    assert [f["fingerprint"] for f in document["files"][0]["findings"]] == expected


def test_rule_fields_are_those_a_rule_gives():
    assert set(Finding.model_fields) - {"extra"} == findings_module.RULE_FIELDS
