"""Hostile YAML, JSON and text inputs (issue 20, item 1): bounded before allocated.

Every attack file is generated here; none is stored in the repository. Each CLI test runs
`perflint check` on the attack beside two good reports under the harness's 1 GB address-space
limit and time limit, and checks exit 2, a PL000 on the attack naming the limit (or the reason)
and the good reports' findings unchanged. Before the bounds: a YAML nested 20,000 deep crashed
the whole run (SIGSEGV), 350 bytes of aliases took gigabytes, a FIFO blocked the run forever, a
link to /dev/zero read until memory ran out, and a JSON nested 1,000 deep was a traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import pytest

from tests.security.harness import (
    FIXTURES,
    assert_contained,
    check_folder,
    good_folder,
    run_perflint,
)


def _attack(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """The folder with the two good reports and the attack file `name`."""
    folder = good_folder(tmp_path / "attack")
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def _deep_yaml(depth: int = 20_000) -> str:
    return "perflint: 1\ntitle: " + "[" * depth + "]" * depth + "\n"  # ≈ 40 KB at 20,000


def _laughs() -> str:
    """A "billion laughs": each anchor a list of nine aliases of the one before (9**9 nodes)."""
    lines = ["perflint: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_yaml_nested_20000_deep(tmp_path: Path) -> None:
    folder = _attack(tmp_path, "deep.yaml", _deep_yaml())
    outcome = check_folder(folder)
    assert_contained(outcome, "deep.yaml", tmp_path, words=["limits.nesting-depth = 100", "第 2 行"])
    assert outcome.findings("deep.yaml")[0]["line"] == 2


def test_yaml_nested_20000_deep_with_a_process_pool(tmp_path: Path) -> None:
    """With workers the crash was a BrokenProcessPool traceback; the pool needs four files."""
    folder = _attack(tmp_path, "deep.yaml", _deep_yaml())
    extra = {"more_a.yaml": FIXTURES / "seed_004.yaml", "more_b.yaml": FIXTURES / "seed_000.yaml"}
    reference = good_folder(tmp_path / "reference")
    for name, source in extra.items():
        shutil.copyfile(source, folder / name)
        shutil.copyfile(source, reference / name)
    expected = check_folder(reference, "--jobs", "2")
    assert expected.returncode == 1, expected.stderr
    outcome = check_folder(folder, "--jobs", "2")
    assert_contained(outcome, "deep.yaml", tmp_path, extra_args=("--jobs", "2"),
                     words=["limits.nesting-depth"])
    for name in extra:
        assert outcome.findings(name) == expected.findings(name), name


def test_yaml_alias_expansion(tmp_path: Path) -> None:
    content = _laughs()
    assert len(content) < 400
    outcome = check_folder(_attack(tmp_path, "laughs.yaml", content))
    assert_contained(outcome, "laughs.yaml", tmp_path, words=["limits.document-nodes"])
    assert outcome.seconds < 30


def test_yaml_of_60_mb(tmp_path: Path) -> None:
    """60 MB of list items: refused on the event stream at the millionth node, no tree built."""
    item = "  - heading: 一、基本情况\n    body: 本单位\n"
    content = "perflint: 1\ntitle: x\nsections:\n" + item * (60 * 2**20 // len(item.encode()))
    outcome = check_folder(_attack(tmp_path, "big.yaml", content))
    assert_contained(outcome, "big.yaml", tmp_path, words=["limits.document-nodes"])


def _minified_report(size: int) -> str:
    """A valid report as one line of JSON, its sections repeated to about `size` bytes."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load((FIXTURES / "seed_001.yaml").read_text(encoding="utf-8"))
    sections = json.dumps(data["sections"], ensure_ascii=False).encode()
    data["sections"] = data["sections"] * max(1, size // len(sections))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def test_minified_json_report_is_read_in_linear_memory(tmp_path: Path) -> None:
    """808 KB of one-line JSON took 7 GB: each collection's quote copied the rest of the line.
    It is a valid report: linted under the 1 GB limit, its quotes short, the good files unchanged."""
    content = _minified_report(808 * 1024)
    assert "\n" not in content and len(content.encode()) > 700 * 1024
    outcome = check_folder(_attack(tmp_path, "minified.json", content))
    assert outcome.returncode == 1 and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    findings = outcome.findings("minified.json")
    assert findings and all(f["code"] != "PL000" for f in findings)
    good = check_folder(good_folder(tmp_path / "good"))
    for name in ("seed_000.yaml", "seed_001.yaml"):
        assert outcome.findings(name) == good.findings(name)


def test_minified_json_of_collections_is_refused_within_memory(tmp_path: Path) -> None:
    """The same shape as an attack: 800 KB of nested empty lists, not a report. Its 480,000
    nodes are refused on the event stream, before any of them is built."""
    content = '{"perflint":1,"title":"x","ratios":[' + ",".join(["[[]]"] * 160_000) + "]}"
    outcome = check_folder(_attack(tmp_path, "lists.json", content))
    assert_contained(outcome, "lists.json", tmp_path, words=["limits.document-nodes"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_named_yaml(tmp_path: Path) -> None:
    folder = good_folder(tmp_path / "attack")
    os.mkfifo(folder / "x.yaml")
    outcome = check_folder(folder)
    assert_contained(outcome, "x.yaml", tmp_path, words=["不是普通文件"])


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_text_file_linked_to_a_device(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    folder = good_folder(tmp_path / "attack")
    (folder / "x.txt").symlink_to(device)
    (folder / "y.json").symlink_to(device)  # sniffed by discovery before it is read
    outcome = check_folder(folder)
    assert_contained(outcome, "x.txt", tmp_path, words=["不是普通文件"])
    assert outcome.findings("y.json")[0]["message"].startswith("不是普通文件")


#: Files that were `X loader failed: <exception name>` (or a traceback), with a word of the
#: clear message each gets now.
_BROKEN = {
    "bom.txt": (codecs.BOM_UTF8 + "部门整体支出绩效自评报告\n执行率100%".encode() + b"\xff\n", "文件编码"),
    "deep.json": ('{"perflint": 1, "title": ' + "[" * 1000 + "]" * 1000 + "}", "limits.nesting-depth"),
    "digits.json": ('{"perflint": 1, "year": ' + "9" * 4300 + "1}", "整数位数过多"),
    "loop.yaml": (None, "符号链接循环"),
}


def _broken(folder: Path, name: str) -> None:
    content, _ = _BROKEN[name]
    if content is None:
        (folder / name).symlink_to(name)
    else:
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)


@pytest.mark.parametrize("name", sorted(_BROKEN))
def test_broken_input_is_a_clear_pl000(tmp_path: Path, name: str) -> None:
    folder = good_folder(tmp_path / "attack")
    _broken(folder, name)
    outcome = check_folder(folder)
    assert_contained(outcome, name, tmp_path, words=[_BROKEN[name][1]])
    assert "读取程序出错" not in outcome.findings(name)[0]["message"]


@pytest.mark.parametrize("name", sorted(_BROKEN))
def test_broken_input_in_extract_is_one_line(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "extract"
    folder.mkdir()
    _broken(folder, name)
    outcome = run_perflint(["extract", name], folder)
    assert outcome.returncode == 2 and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and _BROKEN[name][1] in lines[0], lines


def test_extract_writes_yaml_that_loads_back(tmp_path: Path) -> None:
    """C0 control characters (and NEL, U+2028) in the text: written as escapes, read back."""
    text = ("2022年度部门整体支出绩效自评报告\n一、部门基本情况\n"
            "本单位\x01编制人数为52人\x07，在职人员45人。\n年度预算数100万元，执行数\x1b[31m90万元，执行率90%。\n\x0b其他\x85说明\u2028结束\n")
    folder = tmp_path / "extract"
    folder.mkdir()
    (folder / "ctl.txt").write_text(text, encoding="utf-8")
    extracted = run_perflint(["extract", "ctl.txt", "-o", "ctl.yaml"], folder)
    assert extracted.returncode == 0, extracted.stderr
    written = (folder / "ctl.yaml").read_text(encoding="utf-8")
    assert "\x01" not in written and "\\x01" in written
    outcome = run_perflint(["check", "--format", "json", "ctl.yaml"], folder)
    assert outcome.returncode in (0, 1) and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert all(f["code"] != "PL000" for f in outcome.findings("ctl.yaml")), outcome.stdout[-3000:]

    from perflint.loaders.yaml_loader import load_yaml

    body = load_yaml(folder / "ctl.yaml").sections[0].body.text
    assert "\x01编制人数为52人\x07" in body and "\x1b[31m" in body and "其他\x85说明\u2028结束" in body
