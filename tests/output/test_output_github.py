"""GitHub workflow-command output: golden file and escaping that survives the runner's parser."""

from __future__ import annotations

import re

from output_samples import check_golden

from perflint.findings import Finding
from perflint.model import Span
from perflint.output import github
from perflint.runner import RunResult

_COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read a command back the way the runner does: split properties on `,` and `=`, then
    unescape. A value that was not escaped would split wrongly and fail the round trip."""
    match = _COMMAND.match(line)
    assert match, line
    kind, raw, message = match.groups()

    def unescape(text: str) -> str:
        return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
                .replace("%2C", ",").replace("%25", "%"))

    properties = {}
    for item in (raw or "").split(","):
        key, _, value = item.partition("=")
        properties[key] = unescape(value)
    return kind, properties, unescape(message)


def test_matches_golden(run_zh: RunResult) -> None:
    check_golden("sample.github.txt", github.render(run_zh, lang="zh"))


def test_one_line_per_finding_and_problem(run_zh: RunResult) -> None:
    lines = github.render(run_zh).splitlines()
    findings = [f for file in run_zh.files for f in file.findings]
    assert len(lines) == len(findings) + len(run_zh.problems)
    assert all(line.startswith("::") for line in lines)


def test_levels_positions_and_title(run_zh: RunResult) -> None:
    parsed = [parse(line) for line in github.render(run_zh).splitlines()]
    pl101 = [p for p in parsed if p[1].get("title") == "PL101"]
    kind, properties, message = pl101[0]
    assert kind == "error"
    assert properties == {"file": "tests/output/reports/donghu-broken.yaml", "line": "21", "col": "12",
                          "endLine": "21", "endColumn": "20", "title": "PL101"}
    assert message.startswith("本年收入为340.29") and message.endswith("应为: 341.29  所述: 340.29")
    kinds = {p[1].get("title"): p[0] for p in parsed}
    assert kinds["PL201"] == "warning" and kinds["PL601"] == "notice"


def test_multiline_span_gives_lines_only(run_zh: RunResult) -> None:
    parsed = {p[1].get("title"): p for p in map(parse, github.render(run_zh).splitlines())}
    properties = parsed["PL601"][1]
    assert (properties["line"], properties["endLine"]) == ("19", "20")
    assert "col" not in properties and "endColumn" not in properties


def test_special_characters_round_trip() -> None:
    message = "50% 超出, 原因: 无\r\n第二行 %0A 不是换行"
    path = "报告,第1版: 草稿%.yaml"
    finding = Finding(code="PL201", severity="warning", message=message, rule="x",
                      span=Span(line=3, column=2, end_line=3, end_column=5, quote="abc"))
    line = github.annotation(path, finding)
    assert "\n" not in line and "\r" not in line
    _, properties, parsed_message = parse(line)
    assert properties["file"] == path
    assert parsed_message == message
    assert github.escape_data("a%b\nc:d,e") == "a%25b%0Ac:d,e"
    assert github.escape_property("a%b\nc:d,e") == "a%25b%0Ac%3Ad%2Ce"


def test_english_messages(run_en: RunResult) -> None:
    text = github.render(run_en, lang="en")
    assert "is stated as 340.29" in text and "expected: 341.29  stated: 340.29" in text
