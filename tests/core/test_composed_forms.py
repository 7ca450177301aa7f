"""perflint.composed_forms: a shipped folder's form gives exactly the data the YAML reader
composes, spans included; a form is believed only for the text it records and only in the
folders the host's hooks ship."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from perflint import composed_forms
from perflint.config import _read_yaml
from perflint.loaders.yaml_loader import compose
from perflint.model import Span

ROOT = Path(__file__).resolve().parents[2]
#: Every folder that ships a form: perflint's rulesets and profiles, and its plugins'.
FORM_FOLDERS = sorted({path.parent for path in [*ROOT.glob("rulesets/*.yaml"),
                                                *ROOT.glob("perflint/profiles/data/*/*.yaml"),
                                                *ROOT.glob("plugins/*/*/rulesets/*.yaml"),
                                                *ROOT.glob("plugins/*/*/profiles/*.yaml")]})


@pytest.fixture(autouse=True)
def _no_folder_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(composed_forms, "_shipped", {})


def _shape(value: object) -> object:
    """Everything a consumer can see of composed data: types, values, and each span's fields,
    fields set included."""
    def span(s: Span | None) -> object:
        return None if s is None else (type(s), s.__dict__, sorted(s.__pydantic_fields_set__),
                                       s.__pydantic_extra__, s.__pydantic_private__)

    own = {k: span(v) for k, v in vars(value).items()} if hasattr(value, "__dict__") else None
    if isinstance(value, dict):
        return (type(value), own, [(_shape(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return (type(value), own, [_shape(v) for v in value])
    return (type(value), value, own)


def _generated(seed: int) -> str:
    """A YAML document in the shapes rulesets and profiles have: nested mappings and lists, block
    and flow style, Chinese keys and text, quoted, folded and plain scalars, numbers, booleans,
    nulls, comments."""
    rng = random.Random(seed)
    words = ["项目名称", "预算执行率", "绩效目标", "指标值", "满意度", "资金使用", "产出指标", "效益"]
    scalars = ["90%", "'引号 文本'", '"双引号：冒号"', "3.5", "-2", "1e3", ".nan", ".inf", "true",
               "false", "null", "~", "0x1F", "2023年", "PL101", "'多行\n  折叠'", "[一, 二, 3]",
               "{a: 1, b: 二}", "|\n  第一行\n  第二行", ">-\n  折叠的\n  一段", "值  # 注释"]
    lines: list[str] = ["# 生成的文件"] if rng.random() < 0.5 else []

    def block(indent: int, depth: int) -> None:
        pad = " " * indent
        for index in range(rng.randint(1, 4)):
            key = f"{rng.choice(words)}{index}"
            roll = rng.random()
            if depth < 3 and roll < 0.3:
                lines.append(f"{pad}{key}:")
                block(indent + 2, depth + 1)
            elif depth < 3 and roll < 0.5:
                lines.append(f"{pad}{key}:")
                lines.extend(f"{pad}  - {rng.choice(scalars[:17])}" for _ in range(rng.randint(1, 3)))
            else:
                value = rng.choice(scalars)
                lines.append(f"{pad}{key}: {value.replace(chr(10), chr(10) + pad)}")

    block(0, 0)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("folder", FORM_FOLDERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_form_is_current(folder: Path) -> None:
    """A shipped data file edited (or the reader changed) without rewriting the form would be
    read as before, only slower; this keeps the forms what a run is meant to use."""
    committed = json.loads((folder / composed_forms.FORM_NAME).read_text(encoding="utf-8"))
    assert committed == composed_forms.build_form(folder), (
        f"{folder / composed_forms.FORM_NAME} is out of date: "
        f"run `python -m perflint.composed_forms {folder}`")
    assert sorted(committed["files"]) == sorted(p.name for p in folder.glob("*.yaml"))


@pytest.mark.parametrize("path", [p for folder in FORM_FOLDERS for p in sorted(folder.glob("*.yaml"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_a_shipped_file_reads_the_same_from_its_form(path: Path) -> None:
    read = _read_yaml(path)
    composed_forms.ship([path])

    def refuse(_: str) -> object:
        raise AssertionError("composed again although the form records this text")

    text = path.read_text(encoding="utf-8")
    assert _shape(composed_forms.composed(path, text, refuse)) == _shape(read)
    assert _shape(_read_yaml(path)) == _shape(read)


@pytest.mark.parametrize("seed", range(40))
def test_generated_documents_read_back_identical(seed: int) -> None:
    text = _generated(seed)
    data = compose(text)
    encoded = json.loads(json.dumps(composed_forms.encode(data, text), ensure_ascii=False))
    assert _shape(composed_forms.decode(encoded, text)) == _shape(data)


def _plant(folder: Path, name: str, text: str, data_text: str) -> None:
    """A form that records `text`'s digest with the data of another document."""
    encoded = composed_forms.encode(compose(data_text), data_text)
    form = {"format": composed_forms.FORMAT, "files": {name: [composed_forms.digest(text), encoded]}}
    (folder / composed_forms.FORM_NAME).write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")


def test_a_form_beside_a_config_is_never_believed(tmp_path: Path) -> None:
    config = tmp_path / "perflint.yaml"
    config.write_text("select: [PL101]\n", encoding="utf-8")
    _plant(tmp_path, "perflint.yaml", "select: [PL101]\n", "plugins: [evil.py]\n")
    assert _shape(_read_yaml(config)) == _shape(compose("select: [PL101]\n"))


def test_only_the_text_a_form_records_is_read_from_it(tmp_path: Path) -> None:
    shipped = tmp_path / "base.yaml"
    _plant(tmp_path, "base.yaml", "id: a/b\n", "id: x/y\n")
    composed_forms.ship([shipped])
    shipped.write_text("id: a/b\n", encoding="utf-8")
    assert _read_yaml(shipped) == {"id": "x/y"}  # the form's data: this test's planted one
    shipped.write_text("id: a/c\n", encoding="utf-8")  # edited since: read by the reader
    assert _shape(_read_yaml(shipped)) == _shape(compose("id: a/c\n"))


@pytest.mark.parametrize("damage", ['{"format": 1, "files": {"base.yaml": ["x"]}}', "{not json",
                                    '{"format": 99, "files": {}}', "[]"])
def test_a_damaged_form_is_read_past(tmp_path: Path, damage: str) -> None:
    shipped = tmp_path / "base.yaml"
    shipped.write_text("id: a/b\nkind: 表\n", encoding="utf-8")
    (tmp_path / composed_forms.FORM_NAME).write_text(damage, encoding="utf-8")
    composed_forms.ship([tmp_path])
    assert _shape(_read_yaml(shipped)) == _shape(compose("id: a/b\nkind: 表\n"))


def test_a_file_the_reader_refuses_has_no_form(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("id: a/b\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("id: [a\n", encoding="utf-8")
    assert sorted(composed_forms.build_form(tmp_path)["files"]) == ["good.yaml"]


PLAIN_FOLDER = ROOT / "perflint" / "data" / "boilerplate"


def test_the_plain_form_of_perflints_data_is_current() -> None:
    from perflint.textmatch.phrases import safe_load

    committed = json.loads((PLAIN_FOLDER / composed_forms.PLAIN_FORM_NAME).read_text(encoding="utf-8"))
    assert committed == composed_forms.build_plain_form(PLAIN_FOLDER, safe_load), (
        f"{PLAIN_FOLDER / composed_forms.PLAIN_FORM_NAME} is out of date: "
        f"run `python -m perflint.composed_forms --plain {PLAIN_FOLDER}`")
    assert sorted(committed["files"]) == sorted(p.name for p in PLAIN_FOLDER.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(p.name for p in PLAIN_FOLDER.glob("*.yaml")))
def test_perflints_data_loads_the_same_from_its_plain_form(name: str) -> None:
    from perflint.textmatch.phrases import load_data, safe_load

    load_data.cache_clear()
    text = (PLAIN_FOLDER / name).read_text(encoding="utf-8")
    loaded = load_data(name)
    assert loaded == safe_load(text)
    assert json.dumps(loaded, ensure_ascii=False, sort_keys=True) == \
        json.dumps(safe_load(text), ensure_ascii=False, sort_keys=True)
    assert composed_forms.parsed(PLAIN_FOLDER / name, text, lambda _: 1 / 0) == loaded  # from the form


def test_a_plain_form_keeps_only_what_json_gives_back(tmp_path: Path) -> None:
    from perflint.textmatch.phrases import safe_load

    (tmp_path / "a.yaml").write_text("a: [1, 2.5, 是, null, true]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("1: 整数键\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("d: 2024-01-01\n", encoding="utf-8")
    form = composed_forms.build_plain_form(tmp_path, safe_load)
    assert sorted(form["files"]) == ["a.yaml"]
    text = (tmp_path / "b.yaml").read_text(encoding="utf-8")
    composed_forms.write_form(tmp_path, form, composed_forms.PLAIN_FORM_NAME)
    assert composed_forms.parsed(tmp_path / "b.yaml", text, safe_load) == {1: "整数键"}
    edited = "a: [1, 2.5, 否, null, true]\n"
    assert composed_forms.parsed(tmp_path / "a.yaml", edited, safe_load) == {"a": [1, 2.5, "否", None, True]}
