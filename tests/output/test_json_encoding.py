"""The JSON output is the standard library's text whichever encoder writes it (perflint.output._encode)."""

import json
import os
import shutil
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.output import _encode
from perflint.output import _safe as safe

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = ["plain", "中文，全角", "a\x1bb\n\t\"\\/", "\x00\x1f\x7f\x85\x9b", "\u2028\u2029\u202e\u2066",
           "\ufffe\uffff", "name\udcff\udc80", "é\u0301", "😀", ""]


def _stdlib(value: object, depth: int = 0) -> str:
    text = safe.json_document(json.dumps(value, ensure_ascii=False, indent=2))
    return text.replace("\n", "\n" + "  " * depth)


@pytest.mark.parametrize("text", HOSTILE)
def test_strings_are_encoded_as_the_standard_library_does(text):
    value = {"s": text, text: [text, None, True, False, 0, -1], "empty": [], "nothing": {},
             "nested": [{"a": [1, [2, {}]]}, []]}
    for depth in (0, 1, 2):
        assert _encode.indented(value, depth) == _stdlib(value, depth)


@pytest.mark.parametrize("value", [2**70, -(2**64), 1e16, 0.1, 1.0, float("inf"), {1: "int key"},
                                   ("tuple", 1), [1.5, {"x": 2e-9}]])
def test_values_orjson_writes_differently_fall_back(value):
    assert _encode.indented(value, 1) == _stdlib(value, 1)


def _check_json(folder: Path, capsys, jobs: str = "1") -> str:
    main(["check", "--format", "json", "--no-progress", "--jobs", jobs, str(folder)])
    return capsys.readouterr().out


def test_the_document_is_byte_identical_with_and_without_the_compiled_encoder(tmp_path, capsys, monkeypatch):
    for fixture in ROOT.glob("fixtures/*.yaml"):
        shutil.copy(fixture, tmp_path / fixture.name)
    for index in range(6):
        shutil.copy(ROOT / "fixtures" / "seed_004.yaml", tmp_path / f"copy_{index}.yaml")
    (tmp_path / "broken.yaml").write_text("year: [\n", encoding="utf-8")
    (tmp_path / "odd\x1b[31m\u202ename.txt").write_text("本单位2023年度项目支出绩效自评报告\n一、项目概况\n",
                                                        encoding="utf-8")
    (tmp_path / os.fsdecode(b"bad\xffname.txt")).write_text("不是报告", encoding="utf-8")  # a lone surrogate
    compiled = [_check_json(tmp_path, capsys, jobs) for jobs in ("1", "2")]
    monkeypatch.setattr(_encode, "orjson", None)
    plain = _check_json(tmp_path, capsys)
    assert compiled[0] == compiled[1] == plain
    assert "\\u202e" in plain and "bad\\\\xffname" in plain and json.loads(plain)["summary"]["files"] == 12
