"""Rule instances and their contexts are made once per run and reused for every report
(perflint.rules.reuse), but a rule that keeps something of a report on `self` or on its context,
or whose call failed, gets a fresh instance for the next report, as every rule did before."""

import json
from pathlib import Path

from perflint.cli import main

REPORT = """\
year: 2021
breakdowns:
  - label: 供应土地
    total: "{total}宗"
    parts:
      - {{label: 出让用地, value: "7宗"}}
      - {{label: 划拨用地, value: "24宗"}}
"""

PLUGIN = '''\
from perflint.hookspecs import hookimpl
from perflint.rules.base import ReportRule


class Made(ReportRule):
    """Says how many instances of it were made so far."""

    code = "ZZ001"
    name = "made"
    severity = "info"
    messages = {"zh": "第 {n} 个实例", "en": "instance {n}"}
    made = 0

    def __init__(self):
        type(self).made += 1

    def check(self, report, ctx):
        yield ctx.finding(None, n=type(self).made)


class Remembers(ReportRule):
    """Keeps a count on `self`: each report must still see a fresh instance."""

    code = "ZZ002"
    name = "remembers"
    severity = "info"
    messages = {"zh": "已检查 {n} 份", "en": "checked {n}"}

    def check(self, report, ctx):
        self.seen = getattr(self, "seen", 0) + 1
        yield ctx.finding(None, n=self.seen)


class FailsOnce(ReportRule):
    """Raises on its first report after marking itself: the instance must not be reused."""

    code = "ZZ003"
    name = "fails-once"
    severity = "info"
    messages = {"zh": "状态 {n}", "en": "state {n}"}
    failed = False

    def check(self, report, ctx):
        if not type(self).failed:
            type(self).failed = True
            self.__dict__["broken"] = True
            raise ValueError("first report")
        yield ctx.finding(None, n="broken" if "broken" in vars(self) else "fresh")


class Where(ReportRule):
    """Names the file its context says it checks."""

    code = "ZZ004"
    name = "where"
    severity = "info"
    messages = {"zh": "{n}", "en": "{n}"}

    def check(self, report, ctx):
        yield ctx.finding(None, n=ctx.path.name)


class MarksContext(ReportRule):
    """Leaves a mark on its context: the next report must get a fresh one."""

    code = "ZZ005"
    name = "marks-context"
    severity = "info"
    messages = {"zh": "{n}", "en": "{n}"}

    def check(self, report, ctx):
        yield ctx.finding(None, n="marked" if hasattr(ctx, "mark") else "clean")
        ctx.mark = True


@hookimpl
def perflint_rules():
    return [Made, Remembers, FailsOnce, Where, MarksContext]
'''


def _messages(tmp_path: Path, capsys) -> dict[str, list[str]]:
    plugin = tmp_path / "reuse_plugin.py"
    plugin.write_text(PLUGIN, encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    for index in range(4):
        (folder / f"r{index}.yaml").write_text(REPORT.format(total=31 + index), encoding="utf-8")
    main(["check", "--format", "json", "--jobs", "1", "--lang", "en", "--select", "ZZ", "-p", str(plugin),
          str(folder)])
    output = json.loads(capsys.readouterr().out)
    by_code: dict[str, list[str]] = {}
    for file in output["files"]:
        for finding in file["findings"]:
            by_code.setdefault(finding["code"], []).append(finding["message"])
    return by_code


def test_rule_instances_are_reused_stateful_ones_are_not(tmp_path, capsys):
    messages = _messages(tmp_path, capsys)
    assert messages["ZZ001"] == ["instance 1"] * 4  # one instance for the whole run
    assert messages["ZZ002"] == ["checked 1"] * 4  # state on self: a fresh instance per report
    assert messages["ZZ003"] == ["state fresh"] * 3  # the instance that failed is not reused
    assert len([m for m in messages["PL001"] if "ZZ003" in m and "first report" in m]) == 1
    assert messages["ZZ004"] == [f"r{index}.yaml" for index in range(4)]  # the context is this report's
    assert messages["ZZ005"] == ["clean"] * 4  # a context a rule left something on is not reused
