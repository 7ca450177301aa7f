"""Configuration per file: each report is linted under the config file closest to it (ruff's
rule), so one province folder can hold districts with their own rulesets and settings."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from perflint import config as config_module
from perflint import resolver as resolver_module
from perflint.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PLUGIN = ROOT / "tests" / "core" / "plugin_example" / "perflint_example_plugin.py"

#: PL101 (the parts add up to 31宗, not 32宗) and, under the district ruleset, TD101 (weight 28)
REPORT = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "32宗"
    parts:
      - {label: 出让用地, value: "7宗"}
      - {label: 划拨用地, value: "24宗"}
indicators:
  - name: 管理指标
    level: 1
    weight: "28"
  - name: 产出指标
    level: 1
    weight: "72"
"""

DISTRICT_RULESET = """\
name: district-a
extends: national
description: 甲区
rules:
  - code: TD101
    name: management-weight
    kind: compare
    each: indicator[name=管理指标]
    left: weight
    op: "="
    right: "30"
    severity: error
    message:
      zh: "{label}权重应为{expected}，实为{stated}"
      en: "{label} weight {stated}, expected {expected}"
"""


RULESET = "../../rulesets/district.yaml"  # relative to province/district-a/


@pytest.fixture
def province(tmp_path: Path, monkeypatch) -> Path:
    """province/perflint.yaml (PL101 a warning), district-a with its own config (a ruleset file
    named relative to it, PL101 ignored), district-b without one (two levels deep too)."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "province"
    for folder in ("district-a", "district-b/sub"):
        (root / folder).mkdir(parents=True)
    (root / "perflint.yaml").write_text("severity: {PL101: warning}\n", encoding="utf-8")
    (root / "district-a" / "perflint.yaml").write_text(
        f"ruleset: {RULESET}\nignore: [PL101]\n", encoding="utf-8")
    (tmp_path / "rulesets").mkdir()  # outside the linted folder: a ruleset is not a report
    (tmp_path / "rulesets" / "district.yaml").write_text(DISTRICT_RULESET, encoding="utf-8")
    for report in ("district-a/r1.yaml", "district-b/r2.yaml", "district-b/sub/r3.yaml"):
        (root / report).write_text(REPORT, encoding="utf-8")
    return root


def check(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


def by_file(document: dict) -> dict[str, list[tuple[str, str]]]:
    return {Path(f["path"]).as_posix(): [(x["code"], x["severity"]) for x in f["findings"]]
            for f in document["files"]}


def test_each_district_uses_its_closest_config(capsys, province):
    code, document, err = check(capsys, "province")
    found = by_file(document)
    assert list(found) == ["province/district-a/r1.yaml", "province/district-b/r2.yaml",
                           "province/district-b/sub/r3.yaml"]  # the configs are not linted
    assert found["province/district-a/r1.yaml"] == [("TD101", "error")]
    assert found["province/district-b/r2.yaml"] == [("PL101", "warning")]
    assert found["province/district-b/sub/r3.yaml"] == [("PL101", "warning")]
    rulesets = {f["path"]: {x["ruleset"] for x in f["findings"]} for f in document["files"]}
    assert rulesets["province/district-a/r1.yaml"] == {"district-a"}
    assert rulesets["province/district-b/r2.yaml"] == {"national"}
    assert code == 1 and err == ""


def test_a_file_without_a_config_above_it_uses_the_current_directorys(capsys, tmp_path, monkeypatch):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    (work / "perflint.yaml").write_text("severity: {PL101: info}\n", encoding="utf-8")
    (elsewhere / "r.yaml").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(work)
    code, document, _ = check(capsys, str(elsewhere))
    assert list(by_file(document).values()) == [[("PL101", "info")]]
    assert code == 0


def test_config_option_forces_one_config_for_every_file(capsys, province):
    code, document, _ = check(capsys, "--config", "province/perflint.yaml", "province")
    assert set(map(tuple, by_file(document).values())) == {(("PL101", "warning"),)}
    assert code == 0
    # and a district's config forced on the whole province
    code, document, _ = check(capsys, "--config", "province/district-a/perflint.yaml", "province")
    assert set(map(tuple, by_file(document).values())) == {(("TD101", "error"),)}
    assert code == 1


def test_the_command_line_overrides_every_config(capsys, province):
    _, document, _ = check(capsys, "--ignore", "PL1", "--lang", "en", "province")
    found = by_file(document)
    assert found["province/district-a/r1.yaml"] == [("TD101", "error")]
    assert found["province/district-b/r2.yaml"] == []
    message = document["files"][0]["findings"][0]["message"]
    assert message == "管理指标 weight 28, expected = 30"


def test_per_file_ignores_are_relative_to_the_config_even_for_absolute_paths(capsys, province):
    district = province / "district-b"
    (district / "perflint.yaml").write_text("per-file-ignores: {'sub/*.yaml': [PL101]}\n",
                                            encoding="utf-8")
    _, document, _ = check(capsys, str(province.resolve()))
    found = {Path(path).relative_to(province.resolve()).as_posix(): codes
             for path, codes in by_file(document).items()}
    assert found["district-b/sub/r3.yaml"] == []
    assert found["district-b/r2.yaml"] == [("PL101", "error")]  # the province config is not merged
    # the path as given still matches, as before
    (district / "perflint.yaml").write_text("per-file-ignores: {'province/*/r2.yaml': [PL101]}\n",
                                            encoding="utf-8")
    _, document, _ = check(capsys, "province/district-b")
    assert by_file(document) == {"province/district-b/r2.yaml": [],
                                 "province/district-b/sub/r3.yaml": [("PL101", "error")]}


def test_jobs_and_cache_do_not_change_the_output(capsys, province, tmp_path):
    for index in range(8):
        for district in ("district-a", "district-b"):
            shutil.copy(ROOT / "fixtures" / "seed_004.yaml", province / district / f"s{index}.yaml")
    (province / "district-b" / "broken.yaml").write_text("year: [\n", encoding="utf-8")
    outputs = [check(capsys, "--jobs", jobs, "province")[1] for jobs in ("1", "2", "3")]
    assert outputs[0] == outputs[1] == outputs[2]
    found = by_file(outputs[0])
    assert ("TD101", "error") in found["province/district-a/r1.yaml"]
    assert not any(code.startswith("TD") for code, _ in found["province/district-b/s0.yaml"])
    cache = ["--cache", "--cache-dir", str(tmp_path / "cache")]
    for jobs in ("1", "2", "1"):  # cold, then warm
        assert check(capsys, "--jobs", jobs, *cache, "province")[1] == outputs[0]
    # the cache keys on each file's effective config: a district's change reaches its files only
    (province / "district-a" / "perflint.yaml").write_text(
        f"ruleset: {RULESET}\nseverity: {{TD101: info}}\n", encoding="utf-8")
    expected = check(capsys, "--jobs", "1", "province")[1]
    assert check(capsys, "--jobs", "2", *cache, "province")[1] == expected
    assert ("TD101", "info") in by_file(expected)["province/district-a/r1.yaml"]
    assert by_file(expected)["province/district-b/r2.yaml"] == found["province/district-b/r2.yaml"]


@pytest.mark.parametrize(
    ("text", "line", "message", "english"),
    [
        (f"ruleset: {RULESET}\nselect: [\n", ":2", "YAML 格式错误", "invalid YAML"),
        (f"ruleset: {RULESET}\ncolour: red\n", ":2", "字段 colour 不合规", "colour"),
        ("ruleset: nowhere\n", ":1", "未知的规则集 nowhere", "unknown ruleset 'nowhere'"),
        (f"ruleset: {RULESET}\nignore: [PL101, PLX9]\n", ":2", "PLX9 不匹配任何规则", "no rule matches PLX9"),
        ("rules:\n  PL101: {tolerence: 1}\n", ":2", "PL101 的选项 tolerence 不合规",
         "PL101 option tolerence"),
        ("plugins: [not_loaded_plugin]\n", ":1", "本次运行没有加载插件“not_loaded_plugin”",
         "plugin 'not_loaded_plugin' is not loaded"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_broken_district_config_is_reported_and_the_others_are_linted(capsys, province, text, line,
                                                                         message, english, lang):
    (province / "district-a" / "perflint.yaml").write_text(text, encoding="utf-8")
    code, document, err = check(capsys, "--lang", lang, "province")
    assert code == 2
    if lang == "en":
        assert f"province/district-a/perflint.yaml{line}: " in err and english in err
    else:
        assert f"province/district-a/perflint.yaml{line}：" in err and message in err
    assert document["summary"]["problems"] == [err.strip().removeprefix("perflint: ")]
    assert by_file(document) == {"province/district-b/r2.yaml": [("PL101", "warning")],
                                 "province/district-b/sub/r3.yaml": [("PL101", "warning")]}


def test_a_district_may_name_plugins_the_run_loaded(capsys, province, monkeypatch):
    shutil.copy(EXAMPLE_PLUGIN, province / "local_rules.py")
    (province / "perflint.yaml").write_text("plugins: [local_rules.py]\n", encoding="utf-8")
    (province / "district-a" / "perflint.yaml").write_text(
        "plugins: [../local_rules.py]\nselect: [EX001, PL101]\n", encoding="utf-8")
    (province / "district-a" / "r1.yaml").write_text(REPORT.replace("year: 2021\n", ""),
                                                     encoding="utf-8")
    monkeypatch.chdir(province)  # the province config is the run's root config: it loads the plugin
    code, document, err = check(capsys, "--trust-config", ".")  # (a found config's plugins need trust)
    assert err == ""
    assert by_file(document)["district-a/r1.yaml"] == [("EX001", "warning"), ("PL101", "error")]
    assert code == 2  # the example's crashing EX999 runs on the province's other files: PL001, exit 2


def test_each_config_is_resolved_once_and_each_folder_searched_once(capsys, province, monkeypatch):
    for index in range(20):
        for folder in ("district-a", "district-b", "district-b/sub"):
            (province / folder / f"x{index}.yaml").write_text(REPORT, encoding="utf-8")
    reads, searched = [], []
    real_read, real_config_in = resolver_module.read_config_file, config_module._config_in
    monkeypatch.setattr(resolver_module, "read_config_file", lambda p: reads.append(p) or real_read(p))
    monkeypatch.setattr(config_module, "_config_in",
                        lambda folder: searched.append(folder) or real_config_in(folder))
    code, document, _ = check(capsys, "--jobs", "1", "province")
    assert len(document["files"]) == 63 and code == 1
    # no config above the current directory: both are nested configs, each read once
    assert sorted(Path(p).as_posix() for p in reads) == ["province/district-a/perflint.yaml",
                                                         "province/perflint.yaml"]
    assert len(searched) == len(set(searched))


@pytest.fixture
def allow_list(tmp_path: Path, monkeypatch) -> Path:
    """The user's allow list of trusted configs (perflint.trust), kept in tmp_path: a test never
    reads or writes the real user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "xdg" / "perflint" / "trusted.yaml"


def _district_plugin_province(province: Path) -> None:
    """The province config names a local plugin and selects its code; district-a names it too."""
    shutil.copy(EXAMPLE_PLUGIN, province / "local_rules.py")
    (province / "perflint.yaml").write_text("plugins: [local_rules.py]\nselect: [EX001, PL101]\n",
                                            encoding="utf-8")
    (province / "district-a" / "perflint.yaml").write_text(
        "plugins: [../local_rules.py]\nselect: [EX001, PL101]\n", encoding="utf-8")
    (province / "district-a" / "r1.yaml").write_text(REPORT.replace("year: 2021\n", ""), encoding="utf-8")


def test_a_found_configs_plugins_wait_for_trust_and_the_built_in_rules_still_run(
        capsys, province, monkeypatch, allow_list):
    _district_plugin_province(province)
    monkeypatch.chdir(province)
    code, document, err = check(capsys, ".")
    # nothing of the plugin ran; its code EX001 in both configs' `select` is no typo that stops
    # the run: every file is linted with the built-in rules, and the run says why, once
    assert by_file(document) == {"district-a/r1.yaml": [("PL101", "error")],
                                 "district-b/r2.yaml": [("PL101", "error")],
                                 "district-b/sub/r3.yaml": [("PL101", "error")]}
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(province / "perflint.yaml") in lines[0], err
    assert "local_rules.py" in lines[0] and "--trust-config" in lines[0] and "perflint trust" in lines[0]
    assert "local_rules" not in sys.modules and not any(m.startswith("perflint_local_local_rules")
                                                        for m in sys.modules)
    assert not allow_list.exists()  # reading the allow list never creates it
    # trusted, the same run loads the plugin for both configs
    assert main(["trust", "perflint.yaml"]) == 0
    capsys.readouterr()
    code, document, err = check(capsys, ".")
    assert err == "" and code == 1
    assert by_file(document)["district-a/r1.yaml"] == [("EX001", "warning"), ("PL101", "error")]


def test_a_found_configs_unknown_ruleset_is_said_and_the_national_one_used(capsys, tmp_path, monkeypatch,
                                                                          allow_list):
    """A ruleset only a withheld plugin ships is unknown: said, and the run lints with the default."""
    (tmp_path / "perflint.yaml").write_text("plugins: [district.py]\nruleset: district-only\n",
                                            encoding="utf-8")
    (tmp_path / "district.py").write_text("raise SystemExit('imported')\n", encoding="utf-8")
    (tmp_path / "r.yaml").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, document, err = check(capsys, "r.yaml")
    assert code == 2
    assert "district.py" in err and "district-only" in err
    assert by_file(document) == {"r.yaml": [("PL101", "error")]}


def test_a_config_named_with_config_is_chosen_and_needs_no_trust(capsys, province, monkeypatch, allow_list):
    _district_plugin_province(province)
    monkeypatch.chdir(province)
    code, document, err = check(capsys, "--config", "perflint.yaml", ".")
    assert err == "" and code == 1
    assert by_file(document)["district-a/r1.yaml"] == [("EX001", "warning"), ("PL101", "error")]
