"""Issue 20, declarative rules' patterns and arithmetic on extreme figures, through the CLI.

Each test runs `perflint check` on a folder holding the two good reports, under the harness's
memory and time limits:

- a ruleset whose pattern is invalid RE2, or can match the empty string, or whose phrase is
  empty, is a configuration error (exit 2, one line naming the ruleset file, the line and the
  rule, no traceback) whether it is named by `--ruleset` or by a perflint.yaml; nothing is
  linted with a broken ruleset, as with every other configuration mistake;
- a report with a figure of more than 60 digits is linted: a PL111 warning quotes the figure,
  nothing raises, the report's other defects are found and the good reports' findings are those
  of a run without it;
- a zero budget with spending and a stated 100%, and a negative budget, are reported by PL103
  for what they are, with the correct twin (nothing budgeted, nothing spent, rate "-") silent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.harness import GOOD_FILES, check_folder, good_findings, good_folder, run_perflint

#: A report's budget table, for the attack reports (the kind makes it a 部门整体 report).
REPORT = """\
perflint: 1
kind: 部门整体支出绩效自评报告
title: 2023年度某单位整体支出绩效自评报告
year: 2023
money_unit: 万元
budget_tables:
  - kind: 支出
    title: 当年部门预算及执行情况
    rows:
      - {{label: 基本支出, budget: "{budget}", executed: "{executed}", rate: "{rate}"}}
      - {{label: 项目支出, budget: "100.00", executed: "80.00", rate: "90.00%"}}
"""

#: The rule the ruleset attacks carry, `{check}` being the attack itself.
RULE = "name: attack\nextends: national\nrules:\n  - code: AT101\n    name: attack\n    message: x\n{check}"


def _report(folder: Path, name: str, budget: str, executed: str, rate: str) -> None:
    (folder / name).write_text(REPORT.format(budget=budget, executed=executed, rate=rate), encoding="utf-8")


def _assert_config_error(outcome, file_name: str, line: int, words: tuple[str, ...]) -> None:
    """Exit 2, nothing linted, and one stderr line naming the ruleset file, its line and the rule."""
    assert outcome.returncode == 2, (outcome.returncode, outcome.stderr[-3000:])
    assert "Traceback" not in outcome.stderr and "re2.cc" not in outcome.stderr, outcome.stderr[-3000:]
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr[-3000:]
    assert f"{file_name}:{line}：规则 AT101 " in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


CONDITION = ("    kind: conditional\n    then: {present: year}\n    if:\n"
             "      matches: sections[*].body\n      regex: '{regex}'\n")

ATTACKS = {
    # row: invalid RE2 in a conditional rule's `matches` (was: traceback, exit 1)
    "invalid-condition": (CONDITION.replace("{regex}", "(unclosed"), 11, ("if.regex", "RE2", "missing )")),
    "invalid-pattern": ("    kind: pattern\n    regex: '[[:nope:]]'\n", 8, ("regex", "RE2")),
    "invalid-filter": ("    kind: pattern\n    regex: XX\n    scope: 'sections[heading~=a**].body'\n", 4,
                       ("定义有误", "a**", "RE2")),
    # row: `phrases: [""]` or a regex matching the empty string (was: one finding per character)
    "empty-phrase": ("    kind: phrase\n    phrases: ['']\n", 8, ("phrases", "短语为空")),
    "empty-regex": ("    kind: pattern\n    regex: ''\n", 8, ("regex", "空字符串")),
    "nullable-regex": ("    kind: pattern\n    regex: '(?:XX)*'\n", 8, ("regex", "空字符串")),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("named_by", ["--ruleset", "perflint.yaml"])
def test_a_broken_declarative_pattern_is_a_configuration_error(tmp_path, attack, named_by):
    check, line, words = ATTACKS[attack]
    folder = good_folder(tmp_path / "reports")
    # a 200 KB text the empty pattern would have reported character by character
    _report(folder, "long.yaml", "100.00", "80.00", "80.00%")
    with (folder / "long.yaml").open("a", encoding="utf-8") as handle:
        handle.write("sections:\n  - heading: 概况\n    body: '" + "字" * 200_000 + "'\n")
    (folder / "attack-rules.yaml").write_text(RULE.format(check=check), encoding="utf-8")
    if named_by == "--ruleset":
        outcome = check_folder(folder, "--ruleset", "attack-rules.yaml")
    else:
        (folder / "perflint.yaml").write_text("ruleset: attack-rules.yaml\n", encoding="utf-8")
        outcome = check_folder(folder)
    _assert_config_error(outcome, "attack-rules.yaml", line, words)
    assert outcome.stdout == ""


def test_a_figure_of_more_than_60_digits_is_a_warning_not_an_internal_error(tmp_path):
    """Row: a figure needing > 60 significant digits was `decimal.InvalidOperation` as PL001
    (exit 1, the "defects found" code). Now a PL111 warning quotes it, the attack report's own
    defect (项目支出 80 / 100 = 80%, not 90%) is found, and the good reports are untouched."""
    figure = "1" * 70 + ".505"
    folder = good_folder(tmp_path / "reports")
    _report(folder, "extreme.yaml", figure, figure, "100.0000000000000000000000000000001%")
    with (folder / "extreme.yaml").open("a", encoding="utf-8") as handle:
        # the total PL102 used to write to 3 decimals: 74 digits, over the old 60-digit context
        handle.write(f'    total: {{label: 合计, budget: "{figure}", executed: "{figure}"}}\n')
    outcome = check_folder(folder)
    assert outcome.returncode == 1, outcome.stderr[-3000:]  # the good reports' own errors
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    findings = outcome.findings("extreme.yaml")
    codes = [f["code"] for f in findings]
    assert "PL000" not in codes and "PL001" not in codes, findings
    unchecked = [f for f in findings if f["code"] == "PL111"]
    assert len(unchecked) == 5 and all(f["severity"] == "warning" for f in unchecked), findings
    assert "有73位，超出可核对的24位" in unchecked[0]["message"]
    assert "11111111111111111111…" in unchecked[0]["message"]
    assert any(f["code"] == "PL103" and f["line"] == 11 for f in findings), findings
    expected = good_findings(tmp_path)
    for name in GOOD_FILES:
        assert outcome.findings(name) == expected[name], name
    # alone, the extreme report fails only for its real defect, never for an internal error
    (folder / "extreme.yaml").write_text(REPORT.replace('      - {{label: 项目支出, budget: "100.00", '
                                                        'executed: "80.00", rate: "90.00%"}}\n', "")
                                         .format(budget=figure, executed=figure, rate="100%"),
                                         encoding="utf-8")
    alone = run_perflint(["check", "--format", "json", "extreme.yaml"], folder)
    assert alone.returncode == 0, (alone.returncode, alone.stdout[-2000:], alone.stderr[-2000:])
    assert [f["code"] for f in alone.findings("extreme.yaml")] == ["PL111", "PL111"]


@pytest.mark.parametrize(("budget", "executed", "rate", "words"), [
    # row: 预算数 0 with 执行数 5 and a stated 100% (was: nothing reported)
    ("0", "5", "100%", ("预算数为0、执行数为5", "没有预算却有支出", "至少为900%")),
    # row: a negative budget (was: "执行率 −1000000%")
    ("-0.01", "100.00", "100%", ("全年预算数为负数（-0.01）",)),
    ("100.00", "-5.00", "-5%", ("全年执行数为负数（-5.00）",)),
])
def test_a_zero_or_negative_budget_is_reported_for_what_it_is(tmp_path, budget, executed, rate, words):
    folder = good_folder(tmp_path / "reports")
    _report(folder, "budget.yaml", budget, executed, rate)
    _report(folder, "twin.yaml", "0", "0", "-")  # nothing budgeted, nothing spent: correct
    outcome = check_folder(folder)
    assert outcome.returncode == 1 and "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    on_row = [f for f in outcome.findings("budget.yaml") if f["line"] == 10]
    assert [f["code"] for f in on_row] == ["PL103"], on_row
    assert on_row[0]["severity"] == "error" and on_row[0].get("expected") is None
    for word in words:
        assert word in on_row[0]["message"], on_row[0]["message"]
    assert "1000000" not in outcome.stdout
    assert [f for f in outcome.findings("twin.yaml") if f["line"] == 10] == []
    expected = good_findings(tmp_path)
    for name in GOOD_FILES:
        assert outcome.findings(name) == expected[name], name
