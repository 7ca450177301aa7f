"""The report read line by line into the model (perflint/loaders/report_lines.py) is the report
libyaml and pydantic make of the same text, or the document is declined and read their way."""

from __future__ import annotations

import random
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel, model_validator

from perflint.extract import extract_text
from perflint.extract.serialize import to_yaml
from perflint.limits import Limits, applied
from perflint.loaders import report_lines, report_plan, yaml_lines, yaml_loader
from perflint.loaders.yaml_loader import load_yaml
from perflint.model.span import Located
from perflint.reading import InputError

ROOT = Path(__file__).resolve().parents[2]


def _fast(source: str):
    return report_lines.read(source, yaml_lines.plain_kind, 200, 10**6, 10**8)


def _slow(source: str):
    """What yaml_loader made of `source` before report_lines: the report, or the InputError."""
    try:
        return yaml_loader.validate(yaml_loader.compose(source))
    except InputError as error:
        return error


def _deep(value):
    """Every model's class, fields set, extras and field values in `__dict__` order, recursively,
    with each value's type (a Decimal's exponent too): what `==` compares and more."""
    if isinstance(value, BaseModel):
        return (type(value), sorted(value.__pydantic_fields_set__), value.__pydantic_extra__,
                value.__pydantic_private__, [(name, _deep(item)) for name, item in value.__dict__.items()])
    if isinstance(value, list):
        return type(value), [_deep(item) for item in value]
    if isinstance(value, Decimal):
        return type(value), value.as_tuple()
    return type(value), value


def _assert_same_or_declined(source: str) -> bool:
    fast = _fast(source)
    if fast is None:
        return False
    slow = _slow(source)
    assert not isinstance(slow, Exception), f"built, refused by yaml_loader ({slow}): {source!r}"
    assert fast == slow
    assert _deep(fast) == _deep(slow), source
    return True


@cache
def _written() -> list[str]:
    """Reports as `perflint extract` writes them: of every layout's text and every seed fixture."""
    texts = sorted((ROOT / "tests" / "layouts").rglob("input*.txt"))
    written = [to_yaml(extract_text(path.read_text(encoding="utf-8"), path.name), source=path.name)
               for path in texts]
    seeds = sorted((ROOT / "fixtures").glob("seed_*.yaml"))
    written += [to_yaml(load_yaml(path), source="x.txt") for path in seeds]
    return written


def test_written_reports_are_built_as_validated():
    built = sum(_assert_same_or_declined(source) for source in _written())
    assert built == len(_written())  # perflint's own output is never declined


def test_every_yaml_of_the_repository_is_built_as_validated_or_declined():
    paths = sorted((ROOT / "fixtures").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))
    for path in paths:
        _assert_same_or_declined(path.read_text(encoding="utf-8"))


#: Values a person may write in place of a value of a written report: other types, figures
#: pydantic refuses (an unknown unit), nulls, booleans, numbers out of range, Chinese kinds.
_VALUES = ["", "x", '"x"', "null", "~", "true", "false", "yes", "0", "1", "3", "4", "01", "-1", "1.0",
           "2022", '"2022"', "99999999999999999999", '"5外星币"', '"12.5%"', '"-"', '"约10万元"', "部门",
           "单位", "部门整体支出绩效自评表", "其他", '"90%"', "|-\n      x", "{}", "[]", "- a"]
_KEYS = ["span", "extra", "literal", "text", "concept", "label", "level", "complete", "kind", "unit", "name",
         "children", "parts", "rows", "total", "value", "region", "note", "year", "perflint"]


def _mutated(rng: random.Random, source: str) -> str:
    """`source` with one to three lines edited as a person edits a report: a value replaced, a key
    renamed or repeated, a line removed, indented or typed into."""
    lines = source.split("\n")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(lines) - 1)
        line, how = lines[at], rng.random()
        head, colon, _value = line.partition(": ")
        if how < 0.45 and colon:
            lines[at] = f"{head}: {rng.choice(_VALUES)}"
        elif how < 0.6 and ":" in line:
            indent = line[:len(line) - len(line.lstrip(" -"))]
            lines[at] = indent + rng.choice(_KEYS) + ":" + line.split(":", 1)[1]
        elif how < 0.7:
            lines.insert(at, line)
        elif how < 0.8:
            del lines[at]
        elif how < 0.9:
            lines[at] = " " + line
        else:
            cut = rng.randrange(len(line) + 1)
            lines[at] = line[:cut] + rng.choice([" ", ":", "-", "#", '"', "\t", "值", "|", "!"]) + line[cut:]
    return "\n".join(lines)


def test_edited_reports_are_built_as_validated_or_declined():
    """Whatever is built equals what libyaml and pydantic make; a document they refuse (with the
    error message a user sees) is always declined, so its message stays theirs."""
    rng = random.Random(18)
    written = _written()
    built = refused = 0
    for _ in range(1500):
        source = _mutated(rng, rng.choice(written))
        if _assert_same_or_declined(source):
            built += 1
        elif isinstance(_slow(source), InputError):
            refused += 1
    assert built > 250 and refused > 250  # both kinds of document were met


@pytest.mark.parametrize("edit", [
    ("year: ", "year: x"), ("level: 3", "level: 4"), ("level: 3", "level: 0"), ("level: 3", "level: null"),
    ("complete: false", "complete: no"), ("perflint: 1", "perflint: 01"),
    ("kind: ", "kind: 部门整体支出绩效自评表  # "), ("money_unit: 万元", "money_unit: null"),
])
def test_values_at_the_edge_of_the_schema(edit):
    source = next(text for text in _written() if edit[0] in text).replace(edit[0], edit[1], 1)
    _assert_same_or_declined(source)


def test_a_figure_pydantic_refuses_is_declined_with_its_message_kept(tmp_path):
    source = next(text for text in _written() if 'total: "' in text)
    broken = source.replace('total: "', 'total: "5外星币', 1)
    assert _fast(broken) is None
    path = tmp_path / "r.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_yaml(path)
    assert str(raised.value) == str(_slow(broken))


def test_a_unit_the_model_refuses_is_declined(monkeypatch):
    """`Quantity._check_unit` refuses a unit perflint does not know: such a figure is declined."""
    source = next(text for text in _written() if 'total: "' in text and "人" in text)
    assert _fast(source) is not None
    monkeypatch.setattr(report_plan, "is_known_unit", lambda unit: unit != "人")
    report_plan.figure.cache_clear()
    try:
        assert _fast(source) is None
    finally:
        report_plan.figure.cache_clear()


def test_limits_decline_where_the_line_reader_stops():
    source = _written()[0]
    nodes = source.count("\n")
    assert _fast(source) is not None
    assert report_lines.read(source, yaml_lines.plain_kind, 200, nodes // 3, 10**8) is None
    assert report_lines.read(source, yaml_lines.plain_kind, 200, 10**6, 10) is None
    assert report_lines.read(source, yaml_lines.plain_kind, 2, 10**6, 10**8) is None
    with applied(Limits(text_chars=10)), pytest.raises(InputError, match="text-chars"):
        yaml_loader.compose(source)


def test_a_model_with_a_validator_not_reproduced_is_planned_as_declined():
    class Checked(Located):
        label: str

        @model_validator(mode="after")
        def _check(self):
            return self

    class Plain(Located):
        label: str
        checked: Checked | None = None

    plans: dict = {}
    assert report_plan.model_plan(Checked, plans) is None
    assert report_plan.model_plan(Plain, plans).fields["checked"].code == report_plan.DECLINE
