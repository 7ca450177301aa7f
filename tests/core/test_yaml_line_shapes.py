"""The shapes of lines the YAML line reader remembers (`yaml_lines._SHAPES`) never change what it
reads: a line's shape depends on its text alone, its place (line, offset, the open collections)
is worked out each time it is read, and a line outside the subset is never remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.loaders import report_lines, yaml_compose, yaml_lines
from tests.core.test_report_lines import _deep, _written
from tests.core.test_yaml_loader import _shape

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))


def _located(source: str):
    return yaml_lines.read(source, yaml_lines.plain_kind, 200, 10**9, 10**9)


def _model(source: str):
    return report_lines.read(source, yaml_lines.plain_kind, 200, 10**6, 10**8)


def _both(source: str) -> tuple[object, object]:
    """What both line readers make of `source`, comparable field by field and span by span."""
    located, model = _located(source), _model(source)
    return (None if located is None else _shape(located)), (None if model is None else _deep(model))


def test_reading_with_remembered_shapes_is_reading_without(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture and written report, each read with nothing remembered and then again after
    all of them were read (their lines remembered at other places, in other documents), gives the
    same located data and the same model; what is read is still what libyaml reads."""
    sources = [path.read_text(encoding="utf-8") for path in FIXTURES] + _written()
    cold = []
    for source in sources:
        monkeypatch.setattr(yaml_lines, "_SHAPES", {})
        cold.append(_both(source))
    monkeypatch.setattr(yaml_lines, "_SHAPES", {})
    warm = [_both(source) for source in sources + sources[::-1]]
    assert warm == cold + cold[::-1]
    assert sum(located is not None for located, _ in cold) >= len(sources) // 2
    for source, (located, _) in zip(sources, cold, strict=True):
        if located is not None:
            assert located == _shape(yaml_compose._build(source))


def test_a_line_read_at_another_place_gets_its_own_place() -> None:
    """The same line in another document, another indentation context and another line number:
    its spans are where it stands in each (as libyaml places them)."""
    line = '    total: "49人"\n'
    first = "a:\n  b:\n" + line
    second = "# x\n\nz: 1\nc:\n  d:\n" + line + "  e: 2\n"
    for source in (first, second, first):
        assert _shape(_located(source)) == _shape(yaml_compose._build(source))
    assert line.rstrip("\n") in yaml_lines._SHAPES


@pytest.mark.parametrize("line", ["a: 'x'", "a: [1]", "a: \"x\\ny\"", "\ta: 1", "a: x: y", "- "])
def test_a_line_outside_the_subset_is_never_remembered(line: str) -> None:
    source = f"b: 1\n{line}\n"
    assert _located(source) is None
    assert line not in yaml_lines._SHAPES
    assert _located(source) is None  # and declined again


def test_the_remembered_shapes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `_MAX_SHAPES` the shapes are forgotten and remembered again, with the same result."""
    source = _written()[0]
    monkeypatch.setattr(yaml_lines, "_SHAPES", {})
    expected = _both(source)
    monkeypatch.setattr(yaml_lines, "_SHAPES", {})
    monkeypatch.setattr(yaml_lines, "_MAX_SHAPES", 5)
    assert _both(source) == expected
    assert len(yaml_lines._SHAPES) <= 5


@pytest.mark.parametrize("text", ["", "a", "a\n", "ab\n\ncd\n", "\n\n\n", "甲乙\n丙\n"])
def test_line_starts_are_where_each_line_begins(text: str) -> None:
    lines = text.split("\n")
    expected, index = [], 0
    for line in lines:
        expected.append(index)
        index += len(line) + 1
    assert yaml_lines._line_starts(lines) == expected
    assert [text[start:start + len(line)] for start, line in zip(expected, lines, strict=True)] == lines
