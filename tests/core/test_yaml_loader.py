"""Normalized YAML/JSON loading: literals and positions kept, bad input named precisely."""

import json
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
        ("year: [1,\n", "YAML 格式错误：", "invalid YAML", 2),
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
