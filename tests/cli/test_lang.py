"""Chinese first, English available: `perflint rules`, `perflint rule`, `--help` and the text
output's severities read Chinese by default; `--lang en`, a config's `lang: en` or an English
locale (for what perflint says about itself) give English; the machine formats keep their values."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from cli_reports import CJK

from perflint import ruledocs
from perflint.cli import _build_parser
from perflint.cli_help import OPTIONS_EN, localize, option_key, walk
from perflint.lang import command_line_lang, environment_lang, help_lang, reader_lang
from tests.cli_driver import Cli

#: The subcommands cli.py defines (`review` is perflint.review_cli's and has its own tests).
CORE_COMMANDS = ("check", "fix", "extract", "rules", "rule", "rulesets", "profiles", "plugins",
                 "new-plugin", "schema")


# ---------------------------------------------------------------- perflint rules

def test_rules_lists_chinese_titles_and_severities(cli: Cli) -> None:
    run = cli("rules")
    assert run.code == 0
    lines = {line.split()[0]: line for line in run.out.splitlines()}
    assert "错误" in lines["PL101"] and "合计数与分项之和不符" in lines["PL101"]
    assert "警告" in lines["PL202"] and "提示" in lines["PL507"]
    assert "breakdown-sum" in lines["PL101"]  # the name stays: --ignore accepts it
    assert "A stated total" not in run.out


def test_rules_in_english(cli: Cli) -> None:
    run = cli("rules", "--lang", "en")
    line = next(line for line in run.out.splitlines() if line.startswith("PL101"))
    assert "error" in line and "A stated total does not equal the sum of its stated parts." in line
    assert "合计数与分项之和不符" not in run.out


def test_rules_json_keeps_machine_values_and_adds_the_title(cli: Cli) -> None:
    rows = {row["code"]: row for row in json.loads(cli("rules", "--format", "json").out)}
    assert rows["PL101"]["severity"] == "error"
    assert rows["PL101"]["title"] == "合计数与分项之和不符"
    assert rows["PL101"]["summary"].startswith("A stated total")


def test_an_english_locale_makes_rules_english(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert "A stated total" in cli("rules").out
    assert "合计数与分项之和不符" in cli("rules", "--lang", "zh").out


def test_the_config_lang_wins_over_the_locale(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    (work / "perflint.yaml").write_text("lang: zh\n", encoding="utf-8")
    assert "合计数与分项之和不符" in cli("rules").out
    (work / "perflint.yaml").write_text("lang: en\n", encoding="utf-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "A stated total" in cli("rules").out


# ---------------------------------------------------------------- perflint rule CODE

def test_rule_explains_in_chinese(cli: Cli) -> None:
    out = cli("rule", "PL101").out
    for heading in ("标题：合计数与分项之和不符", "严重程度：错误", "检查什么", "为什么重要", "问题示例",
                    "改正示例", "适用于：所有报告类型"):
        assert heading in out, heading
    assert "What it checks" not in out
    out = cli("rule", "PL501").out
    assert "部门整体支出绩效自评报告（department-report）" in out


def test_rule_options_are_listed_in_chinese(cli: Cli) -> None:
    out = cli("rule", "execution-below-floor").out
    assert "选项（规则集 national 下的实际取值）：" in out and "  floor: 90" in out


def test_rule_in_english_is_the_docstring(cli: Cli) -> None:
    out = cli("rule", "PL101", "--lang", "en").out
    assert out.startswith("PL101 breakdown-sum  [error]")
    assert "What it checks" in out and "Why it matters" in out and "检查什么" not in out


def test_a_plugin_rule_documents_itself(cli: Cli) -> None:
    out = cli("rule", "NC001").out
    assert "标题：汇总表自评分数与本单位自评表总分不符" in out and "问题示例" in out


def test_rule_markdown_is_the_docs_page(cli: Cli) -> None:
    out = cli("rule", "--markdown", "PL101").out
    page = Path(__file__).resolve().parents[2] / "docs" / "rules" / "PL101.md"
    assert out == page.read_text(encoding="utf-8")


# ---------------------------------------------------------------- findings

def test_text_severities_are_chinese_and_machine_formats_unchanged(cli: Cli, work: Path) -> None:
    out = cli("check", "report.txt").out
    assert "PL103 [*] [错误]" in out and "PL502 [警告]" in out
    out = cli("check", "--lang", "en", "report.txt").out
    assert "PL103 [*] [error]" in out and "PL502 [warning]" in out
    document = json.loads(cli("check", "--format", "json", "report.txt").out)
    assert {f["severity"] for f in document["files"][0]["findings"]} == {"error", "warning"}
    sarif = json.loads(cli("check", "--format", "sarif", "report.txt").out)
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"error", "warning"}


def test_findings_ignore_the_locale(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's findings are a record: the same on every machine, whatever its locale."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "PL103 [*] [错误]" in cli("check", "report.txt").out


# ---------------------------------------------------------------- --help

def test_help_is_chinese_by_default(cli: Cli) -> None:
    run = cli("--help")
    assert run.code == 0
    assert run.out.startswith("用法：perflint")
    assert "检查文件和文件夹" in run.out and "显示帮助并退出" in run.out
    out = cli("check", "--help").out
    assert "要检查的文件和文件夹" in out and "输出格式" in out and "选项" in out
    assert "lint files and folders" not in out


@pytest.mark.parametrize("args", [("--help", "--lang", "en"), ("--lang", "en", "--help"),
                                  ("--lang=en", "--help")])
def test_help_is_english_with_lang_en(cli: Cli, args: tuple[str, ...]) -> None:
    out = cli(*args).out
    assert out.startswith("usage: perflint") and "lint files and folders" in out
    assert "检查文件和文件夹" not in out


def test_help_follows_an_english_locale(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_GB.UTF-8")
    assert "lint files and folders" in cli("--help").out
    assert "检查文件和文件夹" in cli("--help", "--lang", "zh").out


@pytest.mark.parametrize("command", CORE_COMMANDS)
def test_every_subcommand_help_is_chinese_and_english(cli: Cli, command: str) -> None:
    chinese = cli(command, "--help").out
    assert chinese.startswith(f"用法：perflint {command}")
    english = cli(command, "--help", "--lang", "en").out
    assert english.startswith(f"usage: perflint {command}")
    assert not CJK.search(english), english


def _parser(lang: str) -> argparse.ArgumentParser:
    parser = _build_parser()
    localize(parser, lang)
    return parser


def test_every_option_has_chinese_and_english_help() -> None:
    chinese = {(command, option_key(a)): a.help for command, sub in walk(_parser("zh"))
               for a in sub._actions}
    english = {(command, option_key(a)): a.help for command, sub in walk(_parser("en"))
               for a in sub._actions}
    for (command, key), text in chinese.items():
        if command in (*CORE_COMMANDS, "") and key != "command":
            assert text and CJK.search(text), (command, key)
            assert english[command, key] and english[command, key] != text, (command, key)
    commands = {command for command, _ in english}
    for command, key in OPTIONS_EN:  # no English entry for an option that is gone
        assert command == "*" or (command, key) in english, (command, key)
        assert command != "*" or any(k == key for (_, k) in english), key
        assert command == "*" or command in commands


# ---------------------------------------------------------------- perflint.lang

def test_language_detection() -> None:
    assert command_line_lang(["check", "--lang", "en", "a.txt"]) == "en"
    assert command_line_lang(["--lang=zh"]) == "zh" and command_line_lang(["check"]) is None
    assert environment_lang({"LANG": "en_US.UTF-8"}) == "en"
    assert environment_lang({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) is None  # LC_ALL first
    assert environment_lang({"LANG": "C.UTF-8"}) is None and environment_lang({}) is None
    assert help_lang(["--help"], {"LANG": "en_US"}) == "en"
    assert help_lang(["--help", "--lang", "zh"], {"LANG": "en_US"}) == "zh"
    assert help_lang(["--help"], {}) == "zh"
    assert reader_lang("zh", {"LANG": "en_US"}) == "zh" and reader_lang(None, {"LANG": "en"}) == "en"


def test_severity_labels() -> None:
    assert [ruledocs.severity_label(s) for s in ("error", "warning", "info")] == ["错误", "警告", "提示"]
    assert [ruledocs.severity_label(s, "en") for s in ("error", "warning", "info")] == [
        "error", "warning", "info"]
