"""The conventions linter users expect from ruff (issue 17, item 4), each through the real CLI:
--statistics, --exit-zero, stdin, accumulating selectors, per-file ignores whatever the path's
spelling, SARIF fingerprints/help links/fixes, JUnit failures at --fail-on, text output marks."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cli_reports import EMPTY_SECTION, PLANTED, REPORT, TITLE

from perflint.baseline import fingerprint
from perflint.output._common import RULE_DOCS_URL
from tests.cli_driver import Cli

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "output" / "data" / "sarif-schema-2.1.0.json"

WRONG_SUM = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "32宗"
    parts:
      - {label: 出让用地, value: "7宗"}
      - {label: 划拨用地, value: "24宗"}
"""


def codes(run_out: str) -> list[str]:
    """The codes of a JSON run's findings, in order."""
    return [f["code"] for file in json.loads(run_out)["files"] for f in file["findings"]]


# ---------------------------------------------------------------- --statistics, --exit-zero

def test_statistics_count_per_code_instead_of_the_findings(cli: Cli, work: Path) -> None:
    (work / "second.txt").write_text(REPORT.replace("95%", "96%"), encoding="utf-8")
    run = cli("check", "--statistics", ".")
    assert run.code == 1  # the exit code of the same run without --statistics
    rows = run.out.splitlines()
    assert rows[0].split() == ["2", "PL103", "错误", "[*]", "execution-rate"]  # most frequent first
    assert rows[1].split() == ["2", "PL502", "警告", "empty-section"]
    assert rows[2].startswith("[*] 2 ")
    assert PLANTED not in run.out  # no finding is printed
    assert rows[0].index("execution-rate") == rows[1].index("empty-section")  # aligned columns

    run = cli("check", "--statistics", "--format", "json", "--lang", "en", ".")
    assert json.loads(run.out) == [
        {"code": "PL103", "name": "execution-rate", "severity": "error", "count": 2, "fixable": 2},
        {"code": "PL502", "name": "empty-section", "severity": "warning", "count": 2, "fixable": 0}]


def test_exit_zero_hides_findings_but_not_usage_or_input_errors(cli: Cli, work: Path) -> None:
    assert cli("check", "report.txt").code == 1
    run = cli("check", "--exit-zero", "report.txt")
    assert run.code == 0 and "PL103" in run.out
    assert cli("check", "--exit-zero", "missing.txt").code == 2  # PL000: not read
    assert cli("check", "--exit-zero", "--select", "PL9Z9", "report.txt").code == 2


# ---------------------------------------------------------------- stdin

def test_stdin_report_is_named_dash_and_quoted_like_a_file(cli: Cli, work: Path) -> None:
    run = cli("check", "-", stdin=REPORT.encode("utf-8"))
    assert run.code == 1
    assert "-:4:24 PL103" in run.out
    assert f"    4 | {PLANTED}" in run.out  # the source is echoed from stdin's text
    run = cli("check", "-", "--format", "json", stdin=REPORT.encode("gb18030"))  # any encoding
    document = json.loads(run.out)
    assert document["files"][0]["path"] == "-" and codes(run.out) == ["PL103", "PL502"]


def test_stdin_filename_picks_the_loader_config_and_per_file_ignores(cli: Cli, work: Path) -> None:
    run = cli("check", "--stdin-filename", "sums/b.yaml", "--format", "json", stdin=WRONG_SUM.encode())
    assert codes(run.out) == ["PL101"]  # read as YAML, by the name's suffix
    assert json.loads(run.out)["files"][0]["path"] == "sums/b.yaml"

    (work / "drafts").mkdir()
    (work / "drafts" / "perflint.yaml").write_text('per-file-ignores:\n  "old/*.txt": [PL103]\n',
                                                   encoding="utf-8")
    for name in ("drafts/old/a.txt", "./drafts/old/a.txt", str(work / "drafts" / "old" / "a.txt")):
        run = cli("check", "--stdin-filename", name, "--format", "json", stdin=REPORT.encode())
        assert codes(run.out) == ["PL502"], name
    run = cli("check", "--stdin-filename", "drafts/new.txt", "--format", "json", stdin=REPORT.encode())
    assert codes(run.out) == ["PL103", "PL502"]
    # a nested config's select applies to the name, as it would to the file
    (work / "drafts" / "perflint.yaml").write_text("select: [PL5]\n", encoding="utf-8")
    run = cli("check", "--stdin-filename", "drafts/new.txt", "--format", "json", stdin=REPORT.encode())
    assert codes(run.out) == ["PL502"]


def test_stdin_excluded_name_is_not_linted_under_force_exclude(cli: Cli, work: Path) -> None:
    run = cli("check", "--force-exclude", "--exclude", "drafts", "--stdin-filename", "drafts/a.txt",
              "--format", "json", stdin=REPORT.encode())
    document = json.loads(run.out)
    assert run.code == 0 and document["files"] == []
    assert [(s["path"], s["reason"]) for s in document["skipped"]] == [("drafts/a.txt", "excluded")]


def test_stdin_read_is_bounded(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("perflint.reading.MAX_FILE_BYTES", 100)
    run = cli("check", "-", stdin=REPORT.encode() * 10)
    assert run.code == 2 and "标准输入超过" in run.err and not run.out


def test_stdin_baseline_round_trip(cli: Cli, work: Path) -> None:
    assert cli("check", "--stdin-filename", "a.txt", "--write-baseline", "b.json",
               stdin=REPORT.encode()).code == 0
    run = cli("check", "--stdin-filename", "a.txt", "--baseline", "b.json", stdin=REPORT.encode())
    assert run.code == 0 and "隐藏了 2 个问题" in run.err


# ---------------------------------------------------------------- selection

def test_repeated_select_and_ignore_add_up(cli: Cli, work: Path) -> None:
    def found(*options: str) -> list[str]:
        return codes(cli("check", "--format", "json", *options, "report.txt").out)

    assert found("--select", "PL103") == ["PL103"]
    assert found("--select", "PL103", "--select", "PL502") == ["PL103", "PL502"]
    assert found("--select", "PL103", "--extend-select", "PL5") == ["PL103", "PL502"]
    assert found("--ignore", "PL103", "--ignore", "PL502") == []
    (work / "perflint.yaml").write_text("select: [PL5]\n", encoding="utf-8")
    assert found() == ["PL502"]
    assert found("--extend-select", "PL103") == ["PL103", "PL502"]  # added to the config's
    assert found("--select", "PL103") == ["PL103"]  # --select replaces the config's


# ---------------------------------------------------------------- per-file ignores

@pytest.mark.parametrize("pattern", ["reports/*.txt", "./reports/*.txt", "**/a.txt"])
def test_per_file_ignores_match_however_the_path_is_written(cli: Cli, tmp_path: Path, pattern: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    project, other = tmp_path / "project", tmp_path / "other"
    (project / "reports").mkdir(parents=True)
    other.mkdir()
    (project / "reports" / "a.txt").write_text(REPORT, encoding="utf-8")
    (project / "perflint.yaml").write_text(f'per-file-ignores:\n  "{pattern}": [PL103]\n', encoding="utf-8")
    (tmp_path / "link").symlink_to(project)
    absolute = str(project / "reports" / "a.txt")
    spellings = [(project, "reports/a.txt"), (project, "./reports/a.txt"), (project, absolute),
                 (project / "reports", "a.txt"), (other, "../project/reports/a.txt"), (other, absolute),
                 (tmp_path / "link", "reports/a.txt")]
    for cwd, path in spellings:
        monkeypatch.chdir(cwd)
        assert codes(cli("check", "--format", "json", path).out) == ["PL502"], (cwd, path)
    monkeypatch.chdir(other)  # one config for all, the file named through a symlinked folder
    run = cli("check", "--config", "../project/perflint.yaml", "--format", "json", "../link/reports/a.txt")
    assert codes(run.out) == ["PL502"]


# ---------------------------------------------------------------- SARIF

def test_sarif_fingerprints_help_links_and_fixes(cli: Cli, work: Path) -> None:
    run = cli("check", "--format", "sarif", "report.txt")
    document = json.loads(run.out)
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(document)
    sarif_run = document["runs"][0]
    rules = {rule["id"]: rule for rule in sarif_run["tool"]["driver"]["rules"]}
    assert rules["PL103"]["helpUri"] == RULE_DOCS_URL.format(code="PL103")
    results = {result["ruleId"]: result for result in sarif_run["results"]}

    # the baseline's fingerprint, so a dashboard and a baseline agree on what is the same finding
    linted = json.loads(cli("check", "--format", "json", "report.txt").out)["files"][0]["findings"]
    from perflint.testing import lint_paths

    findings = {f.code: f for f in lint_paths([Path("report.txt")]).files[0].findings}
    assert {f["code"] for f in linted} == set(findings) == {"PL103", "PL502"}
    for code, finding in findings.items():
        expected = fingerprint(Path("report.txt"), finding)
        assert results[code]["partialFingerprints"] == {"perflint/v1": expected}

    assert "fixes" not in results["PL502"]
    (fix,) = results["PL103"]["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    assert change["artifactLocation"]["uri"] == "report.txt"
    assert replacement["insertedContent"]["text"] == "90%"
    # applying the fix as a SARIF viewer would removes the finding
    Path("report.txt").write_text(apply(REPORT, replacement), encoding="utf-8")
    assert codes(cli("check", "--format", "json", "report.txt").out) == ["PL502"]


def apply(text: str, replacement: dict) -> str:
    """`text` with a SARIF replacement applied (a one-line region, columns in code points)."""
    region = replacement["deletedRegion"]
    lines = text.split("\n")
    line = lines[region["startLine"] - 1]
    start, end = region["startColumn"] - 1, region["endColumn"] - 1
    lines[region["startLine"] - 1] = line[:start] + replacement["insertedContent"]["text"] + line[end:]
    return "\n".join(lines)


def test_sarif_fix_writes_what_perflint_fix_writes(cli: Cli, work: Path) -> None:
    """On a normalized YAML report the SARIF fix, applied, gives the file `perflint fix` writes
    (a quoted figure stays quoted)."""
    share = WRONG_SUM.replace('value: "24宗"}', 'value: "25宗", share: "80.00%"}')
    Path("share.yaml").write_text(share, encoding="utf-8")
    results = json.loads(cli("check", "--format", "sarif", "share.yaml").out)["runs"][0]["results"]
    (replacement,) = [r["fixes"][0]["artifactChanges"][0]["replacements"][0] for r in results if "fixes" in r]
    assert replacement["insertedContent"]["text"] == '"78.13%"'
    assert cli("fix", "share.yaml").code == 0
    assert Path("share.yaml").read_text(encoding="utf-8") == apply(share, replacement)


# ---------------------------------------------------------------- JUnit

def test_junit_fails_only_at_or_above_fail_on(cli: Cli, work: Path) -> None:
    def suite(*options: str) -> ET.Element:
        return ET.fromstring(cli("check", "--format", "junit", *options, "report.txt").out)

    root = suite()  # --fail-on error (the default): the PL502 warning passes
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    cases = {case.get("name").split()[0]: case for case in root.iter("testcase")}
    assert cases["PL103"].find("failure") is not None
    assert cases["PL502"].find("failure") is None
    assert EMPTY_SECTION in cases["PL502"].find("system-out").text
    assert suite("--fail-on", "warning").get("failures") == "2"


# ---------------------------------------------------------------- text output

def test_fixable_marker_and_show_fixes(cli: Cli, work: Path) -> None:
    out = cli("check", "report.txt").out
    assert "report.txt:4:24 PL103 [*] [错误]" in out
    assert "PL502 [警告]" in out  # not fixable: no mark
    assert "[*] 1 个可修正" in out.splitlines()[-1]
    assert "修正 [*]" not in out
    out = cli("check", "--show-fixes", "report.txt").out
    assert "      = 修正 [*]: 95% → 90%" in out
    out = cli("check", "--show-fixes", "--lang", "en", "report.txt").out
    assert "      = fix [*]: 95% → 90%" in out and "[*] 1 fixable" in out


def caret_checks(out: str, quote: str) -> tuple[int, int]:
    """(cells before `quote` in the echoed line, cells before the first caret) for the first
    snippet of `out` that shows `quote`."""
    from rich.cells import cell_len

    lines = out.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("    ") and " | " in line
                 and quote in line and lines[i + 1].lstrip().startswith("|"))
    echoed, carets = lines[index], lines[index + 1]
    body = echoed.split(" | ", 1)[1]
    return cell_len(body[:body.index(quote)]), carets.index("^") - len("      | ")


def test_carets_align_under_full_width_text_and_tabs(cli: Cli, work: Path) -> None:
    # indented with full-width spaces, with full-width letters and brackets before the span
    indented = REPORT.replace(PLANTED, "　　本项目（ＡＢ路段）" + PLANTED[3:])
    Path("wide.txt").write_text(indented, encoding="utf-8")
    before, caret = caret_checks(cli("check", "--select", "PL103", "wide.txt").out, "95%")
    assert before == caret > 0
    Path("tabs.yaml").write_text(WRONG_SUM.replace('total: "32宗"', 'total:\t"32宗"'), encoding="utf-8")
    out = cli("check", "tabs.yaml").out
    assert "\t" not in out
    before, caret = caret_checks(out, '"32宗"')
    assert before == caret == len('    total:    ')


def test_long_lines_are_cut_to_a_window_around_the_span(cli: Cli, work: Path) -> None:
    from rich.cells import cell_len

    paragraph = "本年度全县共养护乡村道路若干公里，" * 30 + PLANTED + "群众满意度较高，" * 40
    Path("long.txt").write_text(f"{TITLE}\n\n一、项目基本情况\n{paragraph}\n", encoding="utf-8")
    out = cli("check", "--select", "PL103", "long.txt").out
    snippet = [line for line in out.splitlines() if line.startswith(("    4 | ", "      | "))]
    assert snippet and all(cell_len(line) <= 8 + 60 + 60 + 60 for line in snippet)
    assert all(line.count("^") <= 60 for line in snippet)
    echoed = next(line for line in snippet if "95%" in line)
    assert echoed.split(" | ", 1)[1].startswith("…") and echoed.endswith("…")
    before, caret = caret_checks(out, "95%")
    assert before == caret

    # a span longer than the window is marked over its first cells only
    Path("para.txt").write_text(f"{TITLE}\n\n一、项目基本情况\n{PLANTED}\n二、绩效目标完成情况" + "很" * 300
                                + "\n", encoding="utf-8")
    out = cli("check", "--select", "PL5", "para.txt").out
    assert all(line.count("^") <= 60 for line in out.splitlines())


def test_terminal_output_links_codes_to_their_docs(work: Path) -> None:
    from perflint.output import text
    from perflint.testing import lint_paths

    colored = text.render(lint_paths([Path("report.txt")]), color=True)
    assert "\x1b]8;" in colored and RULE_DOCS_URL.format(code="PL103") in colored
    assert "\x1b" not in text.render(lint_paths([Path("report.txt")]))


def test_the_console_script_exits_2_without_traceback(work: Path) -> None:
    """The installed entry point, not only main(): exit status and stderr as a shell sees them."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "perflint", "check", "report.txt", "-o", "nowhere/out.txt"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "nowhere" in done.stderr and "不存在" in done.stderr
