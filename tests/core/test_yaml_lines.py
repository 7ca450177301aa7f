"""The line reader (perflint/loaders/yaml_lines.py) builds what libyaml's events build, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.extract.serialize import to_yaml
from perflint.limits import Limits, applied
from perflint.loaders import yaml_compose, yaml_lines, yaml_loader
from perflint.loaders.yaml_loader import load_yaml
from tests.core.test_yaml_loader import _shape

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))


def _read(source: str):
    return yaml_lines.read(source, yaml_lines.plain_kind, 200, 10**9, 10**9)


def _assert_same_or_declined(source: str) -> bool:
    read = _read(source)
    if read is not None:
        assert _shape(read) == _shape(yaml_compose._build(source)), source
    return read is not None


def test_every_yaml_of_the_repository_is_read_as_libyaml_reads_it():
    read = sum(_assert_same_or_declined(path.read_text(encoding="utf-8")) for path in FIXTURES)
    assert read >= len(FIXTURES) // 2  # the fixtures are perflint's own format


def test_written_reports_are_read_by_lines_as_libyaml_reads_them():
    for path in sorted((ROOT / "fixtures").glob("seed_*.yaml")):
        written = to_yaml(load_yaml(path), source="x.txt")
        assert _assert_same_or_declined(written), path


REPORT = """# header
perflint: 1
title: 报告  # line 1
year: 2022
unit:
  name: 甲县
  region:
    - 江西省
    - 赣州市
staffing:
  - label: 编制人数  # line 16
    total: "41人"
    complete: false

  - label: x
    parts:
      - label: a#b
        value: ""
sections:
  - heading: 一
    body: |-
      第一行

      \t第二行 # not a comment
        缩进
   \x20
    role: null
  - heading: 二
    body: |-
      末尾

preamble: （洪发[2019]13号），a:b
"""

READ = [
    REPORT,
    "a: ~\nb: true\nc: True\nd: null\ne: 2020-01-01\nf: 0x1F\ng: .inf\nh: .5\ni: False\n",
    "a: x   # c\nb: \"q\"  # c\nc: 𝑥文字\n",
    "a:\n  b:\n    c: |-\n      x\n",
]


@pytest.mark.parametrize("source", READ)
def test_what_perflint_writes_is_read_by_lines_as_libyaml_reads_it(source):
    assert _read(source) is not None
    assert _shape(_read(source)) == _shape(yaml_compose._build(source))


@pytest.mark.parametrize("source", [
    "a: 1", "a: 'x'\n", "a: \"x\\ny\"\n", "a: [1]\n", "a: {b: 1}\n", "a: &x 1\n", "a: !!str 1\n",
    "<<: {a: 1}\n", "a: <<\n", "a: 1\na: 2\n", "null: 1\n", "a: 1\n---\nb: 2\n", "- a\n", "a: x\n  y\n",
    "a:\n- x\n", "a:\nb: 1\n", "a: |\n  x\n", "a: |-\n\n  x\n", "a: x: y\n", "a: x:\n", "a:\tx\n",
    "\ta: 1\n", "a: 1\r\n", "a: \u2028\n", "a: -x\n", "a: \"x\" y\n", " a: 1\n", "a: 1\n...\n",
    "-  a: 1\n", "a:\n  -\n    b: 1\n", "a: |-\n  x\n \tb: 1\n", "\n", "# only\n",
])
def test_anything_else_is_left_to_libyaml(source):
    assert _read(source) is None


def test_limits_are_left_to_libyaml_to_report():
    assert yaml_lines.read("a: 1\nb: 2\n", yaml_lines.plain_kind, 200, 4, 10**9) is None
    assert yaml_lines.read("a: 12\n", yaml_lines.plain_kind, 200, 10, 2) is None
    assert yaml_lines.read("a:\n  b:\n    c: 1\n", yaml_lines.plain_kind, 2, 10, 10) is None
    with applied(Limits(document_nodes=4)), pytest.raises(Exception, match="document-nodes"):
        yaml_loader.compose("a: 1\nb: 2\n")


def test_hand_edited_reports_are_read_as_libyaml_reads_them_or_declined():
    """Reports as a person edits them (a character typed or deleted, a line repeated or indented):
    whatever the line reader accepts, libyaml accepts too and reads to the same data; the rest it
    leaves to libyaml (and its error messages)."""
    import random

    rng = random.Random(18)
    sources = [text for text in (path.read_text(encoding="utf-8") for path in FIXTURES)
               if _read(text) is not None][:8]
    typed = [" ", "  ", ":", "-", "'", '"', "#", "\n", "\t", "|", ">", "值", "\\", "{", "[", "&", "*", "!",
             "?"]
    accepted = 0
    for _ in range(300):
        lines = rng.choice(sources).split("\n")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(lines))
            line, how = lines[at], rng.random()
            if how < 0.4:
                cut = rng.randrange(len(line) + 1)
                lines[at] = line[:cut] + rng.choice(typed) + line[cut:]
            elif how < 0.6 and line:
                cut = rng.randrange(len(line))
                lines[at] = line[:cut] + line[cut + 1:]
            elif how < 0.8:
                lines.insert(at, line)
            else:
                lines[at] = " " + line
        source = "\n".join(lines)
        read = _read(source)
        if read is None:
            continue
        accepted += 1
        try:
            expected = yaml_compose._build(source)
        except Exception as error:  # any refusal by libyaml is the failure here
            pytest.fail(f"read by lines, refused by libyaml ({error}): {source!r}")
        assert _shape(read) == _shape(expected), source
    assert accepted > 50
