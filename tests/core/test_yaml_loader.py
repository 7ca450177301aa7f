"""Normalized YAML/JSON loading: literals and positions kept, bad input named precisely."""

import json
import time
from pathlib import Path

import pytest

from perflint.loaders import InputError
from perflint.loaders.yaml_loader import load_json, load_yaml

REPORT = """\
# 资产情况
year: 2022
unit:
  name: 某某中心
balance_sheets:
  - assets:
      label: 资产合计
      total: "11016.94万元"
      parts:
        - {label: 流动资产, value: "10681.52万元", share: "96.96%"}
        - {label: 非流动资产, value: 335.40}
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_values_keep_literal_and_position(tmp_path):
    report = load_yaml(write(tmp_path, "r.yaml", REPORT))
    assets = report.balance_sheets[0].assets
    assert assets.total.literal == "11016.94万元"
    assert (assets.total.span.line, assets.total.span.column) == (8, 14)
    assert assets.total.span.quote == '"11016.94万元"'
    share = assets.parts[0].share
    assert share.value == share.value.__class__("96.96") and share.decimals == 2
    unquoted = assets.parts[1].value
    assert unquoted.literal == "335.40" and unquoted.decimals == 2  # not the float 335.4
    assert report.unit.name.text == "某某中心" and report.unit.name.span.line == 4


def test_json_is_read_with_positions(tmp_path):
    data = {"year": 2021, "breakdowns": [{"label": "供应土地", "total": "32宗",
                                          "parts": [{"label": "出让", "value": "7宗"}]}]}
    path = write(tmp_path, "r.json", json.dumps(data, ensure_ascii=False, indent=2))
    report = load_json(path)
    total = report.breakdowns[0].total
    assert total.literal == "32宗" and total.span.line == 6


@pytest.mark.parametrize(
    ("content", "message", "english", "line"),
    [
        ("year: [1,\n", "YAML 格式错误：", "invalid YAML", 1),  # the end of the last line
        ("year: abc\n", "字段 year 不合规：应为整数", "year: Input should be a valid integer", 1),
        ("budget_tables:\n  - kind: 支出\n    total: {label: x, budget: '12斤'}\n",
         "字段 budget_tables.0.total.budget 不合规：“12斤”的单位“斤”未知", "unknown unit '斤' in '12斤'", 3),
        ("unit:\n  name: x\n  colour: red\n", "字段 unit.colour 不合规：未知字段",
         "unit.colour: Extra inputs are not permitted", 3),
        ("year: 2021\nyear: 2022\n", "重复的键“year”", "duplicate key 'year'", 2),
        ("a: !!python/object/apply:os.system [ls]\n", "不允许使用标签", "not allowed", 1),
        ("- 1\n- 2\n", "报告的顶层应为映射", "mapping", 1),
        ("breakdowns:\n  - label: x\n    total: 1.5\n", None, None, None),
    ],
)
def test_bad_yaml_names_the_place(tmp_path, content, message, english, line):
    path = write(tmp_path, "bad.yaml", content)
    if message is None:  # an unquoted float is still read from its literal text
        assert load_yaml(path).breakdowns[0].total.literal == "1.5"
        return
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert message in caught.value.message
    assert english in caught.value.text("en")
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "文件为空"), (b"   \n", "文件为空"), (b"\x00\x01\x02\xff", "无法识别文件编码")],
)
def test_empty_and_binary_files(tmp_path, content, message):
    with pytest.raises(InputError, match=message):
        load_yaml(write(tmp_path, "x.yaml", content))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="文件不存在") as caught:
        load_yaml(tmp_path / "nope.yaml")
    assert caught.value.text("en") == "file not found"


def test_gbk_and_bom_are_decoded(tmp_path):
    text = "year: 2022\nunit:\n  name: 东湖区政务服务数据管理局\n"
    for encoded in (text.encode("gbk"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        report = load_yaml(write(tmp_path, "enc.yaml", encoded))
        assert report.unit.name.text == "东湖区政务服务数据管理局"


# ------------------------------------------------------------ limits on the event stream (issue 20)

from perflint.limits import Limits, applied  # noqa: E402
from perflint.loaders.yaml_lines import MAX_COLLECTION_QUOTE  # noqa: E402
from perflint.loaders.yaml_loader import check_json_syntax, compose  # noqa: E402


def _nested(depth: int) -> str:
    """A mapping whose `a` holds lists `depth - 1` deep: `depth` collections open at once."""
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"


def test_depth_at_the_limit_is_read_one_more_is_refused_at_its_place():
    with applied(Limits(nesting_depth=5)):
        assert compose(_nested(5))["a"] == [[[[]]]]
        with pytest.raises(InputError) as caught:
            compose(_nested(6))
    assert "limits.nesting-depth = 5" in caught.value.message
    assert "nesting-depth" in caught.value.text("en")
    assert (caught.value.line, caught.value.column) == (1, 8)  # the fifth `[`: the sixth collection


def test_depth_is_refused_before_the_composer_recurses():
    """20,000 levels overflowed libyaml's composer (SIGSEGV); the event check stops first."""
    with pytest.raises(InputError, match=r"limits\.nesting-depth = 100"):
        compose(_nested(200_000))


def test_an_alias_counts_as_deep_as_what_it_stands_for():
    source = "x: &x [[1]]\ny: [[*x]]\n"  # y's alias opens two more lists inside two: 5 with the root
    with applied(Limits(nesting_depth=5)):
        assert compose(source)["y"] == [[[["1"]]]]
    with applied(Limits(nesting_depth=4)), pytest.raises(InputError) as caught:
        compose(source)
    assert (caught.value.line, caught.value.column) == (2, 6) and "别名展开后" in caught.value.message


def test_nodes_count_each_alias_as_what_it_expands_to():
    # root + 3 keys + the list and its 3 items + twice the alias's 4 nodes = 16
    source = "a: &x [1, 2, 3]\nb: *x\nc: *x\n"
    with applied(Limits(document_nodes=16)):
        assert compose(source)["c"] == ["1", "2", "3"]
    with applied(Limits(document_nodes=15)), pytest.raises(InputError) as caught:
        compose(source)
    assert "limits.document-nodes = 15" in caught.value.message
    assert (caught.value.line, caught.value.column) == (3, 4)


def test_text_counts_each_alias_as_the_text_it_repeats():
    source = "a: &x 一二三四五\nb: *x\n"  # keys 2 + 5 + 5 characters
    with applied(Limits(text_chars=12)):
        compose(source)
    with applied(Limits(text_chars=11)), pytest.raises(InputError, match=r"limits\.text-chars = 11"):
        compose(source)


def test_billion_laughs_is_refused_at_once():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    start = time.monotonic()
    with pytest.raises(InputError, match=r"limits\.document-nodes = 100000") as caught:
        compose("\n".join(lines) + "\n")
    assert time.monotonic() - start < 2
    assert caught.value.line == 6  # f: 9**6 nodes, the first anchor over a hundred thousand


def test_config_files_get_the_same_bounds(tmp_path):
    from perflint.config import ConfigError, read_config_file

    path = write(tmp_path, "perflint.yaml", "select: " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(ConfigError, match=r"limits\.nesting-depth"):
        read_config_file(path)


def test_json_too_deep_for_the_json_parser_is_over_the_depth_limit(tmp_path):
    path = write(tmp_path, "deep.json", '{"title": ' + "[" * 5000 + "]" * 5000 + "}")
    with pytest.raises(InputError, match=r"limits\.nesting-depth = 100"):
        load_json(path)


def test_json_numbers_past_pythons_int_string_limit_are_syntax_checked_as_text():
    check_json_syntax('{"a": ' + "9" * 5000 + ", \"b\": 1e999999, \"c\": NaN}")
    with pytest.raises(InputError, match="JSON 格式错误"):
        check_json_syntax('{"a": 1,}')


def test_a_collection_quote_is_its_first_line_bounded():
    """Minified JSON is one line: a list's quote ends where the list does, and is never longer
    than MAX_COLLECTION_QUOTE characters (it was the rest of the line, for every collection)."""
    items = ",".join(['{"label": "流动资产", "value": "1万元"}'] * 50)
    data = compose('{"ratios": [[' + items + '], []], "title": "x"}')
    outer, empty = data["ratios"], data["ratios"][1]
    assert len(outer.span.quote) == MAX_COLLECTION_QUOTE
    assert outer.span.end_column == outer.span.column + MAX_COLLECTION_QUOTE
    assert empty.span.quote == "[]"
    assert data["ratios"][0][0].span.quote == '{"label": "流动资产", "value": "1万元"}'
    block = compose("a:\n  - x\nb: {c: 1}   # note\n")
    assert block["a"].span.quote == "- x" and block["b"].span.quote == "{c: 1}"


def test_a_syntax_error_at_the_end_of_a_file_is_placed_on_its_last_line():
    """The parser's end-of-stream mark is the line after the last; a finding must point inside."""
    for source in ("perflint: 1\nyear: [", "perflint: 1\nyear: [\n"):
        with pytest.raises(InputError) as caught:
            compose(source)
        assert (caught.value.line, caught.value.column) == (2, 8), source


# ------------------------------------------------------------ the one-pass build (issue 18)

from perflint.loaders import yaml_compose  # noqa: E402
from perflint.model import Span  # noqa: E402


def _composed(source: str):
    """What the composer and `_convert` make of `source`: the reading `_build` must equal."""
    return yaml_compose._convert(yaml_compose._compose_tree(source), source)


def _shape(data):
    """Every value with its type and its span's fields, fields-set and extras, keys in order."""
    span = getattr(data, "span", None)
    located = None if span is None else (span.__dict__, span.model_fields_set, span.__pydantic_extra__)
    if isinstance(data, dict):
        return type(data), located, [(type(key), key, _shape(value)) for key, value in data.items()]
    if isinstance(data, list):
        return type(data), located, [_shape(value) for value in data]
    return type(data), located, data


BUILT = [
    REPORT,
    "a: ~\nb: yes\nc: True\nd: null\ne: 2020-01-01\nf: 0x1F\ng: .inf\nh: -.5\ni: +1\nj:\n",
    "- a\n- b: 1\n  c: [1, 2, {d: []}]\n- 'q'\n- \"x\\ny\"\n- |\n  block\n- ! plain\n",
    '{"title": "x", "facts": [{"concept": "满意度", "value": "95%"}], "n": null, "t": true}',
    "a: 1\n...\n",
    "x",
    "---\n",
]


@pytest.mark.parametrize("source", BUILT)
def test_the_one_pass_build_is_what_the_composer_made(source):
    built = yaml_compose._build(source)
    assert built is not yaml_compose._EXOTIC
    assert _shape(built) == _shape(_composed(source))


def test_built_spans_equal_validated_ones():
    span = yaml_compose._build("a: 'x'\n")["a"].span
    assert span == Span.model_validate(span.model_dump())
    assert span.model_fields_set == Span.model_validate(span.model_dump(exclude_unset=True)).model_fields_set


@pytest.mark.parametrize("source", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "? [1]\n: 2\n", "a: 1\na: 2\n", "null: 1\n",
    "a: <<\n", "a: 1\n---\nb: 2\n", "a: " + "[" * 201 + "]" * 201 + "\n",
])
def test_anything_more_than_plain_data_is_left_to_the_composer(source):
    """Anchors, aliases, tags, merge keys, keys that are no text or repeated, a second document
    and a depth past _BUILD_DEPTH: the composer's path keeps their errors and their order."""
    with applied(Limits(nesting_depth=500)):
        assert yaml_compose._build(source) is yaml_compose._EXOTIC


def test_limits_are_checked_in_the_one_pass_as_on_the_event_stream():
    with applied(Limits(document_nodes=4)), pytest.raises(InputError) as caught:
        yaml_compose._build("a: 1\nb: 2\n")  # root, a, 1, b, 2: the fifth node is over
    assert "limits.document-nodes = 4" in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 4)
