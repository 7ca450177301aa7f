"""`perflint new-plugin NAME`: a working plugin package a district edits instead of writing one.

The package it writes installs with pip, registers through the `perflint` entry point group,
ships one Python rule, one YAML ruleset with a declarative rule and one form profile (the
district's report outline, as data), and has tests in both forms (pytest and `*.cases.yaml`, one
of them on raw report text, pinning how the layout is read), so the district starts from
something green.
"""

from __future__ import annotations

import re
from pathlib import Path

from perflint import __version__
from perflint.lang import Message

_FILES: dict[str, str] = {
    "pyproject.toml": '''\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "perflint-{name}"
version = "0.1.0"
description = "perflint rules for {name}"
requires-python = ">=3.11"
dependencies = ["perflint>={version}"]

[project.optional-dependencies]
test = ["pytest>=8"]

[project.entry-points.perflint]
{name} = "{package}.plugin"

[tool.setuptools.packages.find]
include = ["{package}*"]

[tool.setuptools.package-data]
{package} = ["rulesets/*.yaml", "profiles/*.yaml"]
''',
    "README.md": '''\
# perflint-{name}

Rules and a ruleset for {name}. Install with `pip install -e .`, then

    perflint rules                      # lists {prefix}001 and {prefix}101
    perflint check --ruleset {name} reports/

Edit `{package}/rules.py` for rules in Python and `{package}/rulesets/{name}.yaml` for rules in
YAML (kinds: sum, ratio, compare, range, required, phrase, pattern, conditional). Describe your
report layout in `{package}/profiles/` (`perflint profiles` lists it once installed): how to
recognize it, its outline with the role of each heading and which are required, its table
column names. Test with `pytest`: `tests/{name}.cases.yaml` holds cases that need no Python,
on normalized reports (`report:`) or on raw report text (`source:`).
''',
    "{package}/__init__.py": '"""perflint rules for {name}."""\n',
    "{package}/plugin.py": '''\
"""Registers this package's rules and rulesets with perflint (entry point group `perflint`)."""

from pathlib import Path

from perflint.hookspecs import hookimpl

from {package}.rules import UnitNameMissing


@hookimpl
def perflint_rules():
    return [UnitNameMissing]


@hookimpl
def perflint_rulesets():
    return [Path(__file__).parent / "rulesets"]


@hookimpl
def perflint_profiles():
    return [Path(__file__).parent / "profiles"]
''',
    "{package}/rules.py": '''\
"""{prefix}001 unit-name-missing: the report must name the budget unit it evaluates.

What it checks
    The report states no unit name (预算单位名称).

Why it matters
    A review cannot be filed against a report that does not say whose it is.

Example
    unit: {{name: 东湖区政务服务数据管理局}}   (holds)
"""

from perflint.rules import ReportRule


class UnitNameMissing(ReportRule):
    """The report does not name its budget unit."""

    code = "{prefix}001"
    name = "{name}-unit-name-missing"
    severity = "warning"
    messages = {{"zh": "报告未注明预算单位名称", "en": "the report does not name its budget unit"}}
    # what `perflint rules` and `perflint rule` show a Chinese reader (English: the docstrings)
    title = {{"zh": "报告未注明预算单位"}}
    docs = {{"zh": {{
        "what": "报告没有写明预算单位名称。",
        "why": "不知道是哪个单位的报告，复核意见就无处归档。",
        "bad": "unit: {{name: ''}}",
        "good": "unit: {{name: 某县某局}}",
    }}}}

    def check(self, report, ctx):
        if report.unit.name is None or not report.unit.name.text.strip():
            yield ctx.finding(report.title.span if report.title else None)
''',
    "{package}/rulesets/{name}.yaml": '''\
name: {name}
extends: national
description: {name} ruleset
rules:
  - code: {prefix}101
    name: {name}-total-score-max
    kind: range
    value: evaluation.total_score
    min: "0"
    max: "100"
    severity: error
    message:
      zh: 自评总分{{stated}}超出{{expected}}
      en: total score {{stated}} is outside {{expected}}
    description: 自评总分必须在0到100分之间。
''',
    "{package}/profiles/department-report.yaml": '''\
# {name}'s 部门整体支出绩效自评报告 outline. It extends the national profile, is chosen for a
# report whose headings include at least `min_headings` of `detect.headings`, and makes PL501
# require the headings marked `required`. Roles: perflint/profiles/model.py ROLES.
id: {name}/department-report
kind: department-report
extends: national/department-report
description: {name} 部门整体支出绩效自评报告提纲
detect:
  headings: [单位基本情况, 绩效目标完成情况, 存在问题及改进措施]
  min_headings: 2
outline:
  - {{title: 单位基本情况, role: overview, required: true}}
  - {{title: 绩效目标完成情况, role: performance, required: true}}
  - {{title: 存在问题及改进措施, role: problems-measures, required: true}}
  - {{title: 结果应用及公开情况, role: disclosure, required: true}}
''',
    "tests/test_{name}.py": '''\
from perflint.testing import codes, lint_yaml


def test_unit_name_rule_fires_and_stays_silent():
    assert codes(lint_yaml("year: 2021\\n", select=["{prefix}001"])) == ["{prefix}001"]
    assert codes(lint_yaml("unit: {{name: 某单位}}\\n", select=["{prefix}001"])) == []
''',
    "tests/{name}.cases.yaml": '''\
rule: {prefix}101
ruleset: {name}
cases:
  - name: 总分超过100分
    report: |
      evaluation: {{total_score: "105"}}
    expect:
      - {{code: {prefix}101, quote: '"105"'}}
  - name: 总分正常
    report: |
      evaluation: {{total_score: "95"}}
    expect: []
''',
    "tests/layout.cases.yaml": '''\
# The district's report layout, pinned on raw text: the profile requires its four chapters.
rule: PL501
cases:
  - name: 缺少“结果应用及公开情况”
    source: |
      某局2023年度部门整体支出绩效自评报告
      一、单位基本情况
      本单位内设机构3个。
      二、绩效目标完成情况
      全年完成各项目标。
      三、存在问题及改进措施
      个别项目进度偏慢，下一步加强调度。
    expect:
      - {{code: PL501, line: 6}}
  - name: 四章齐全
    source: |
      某局2023年度部门整体支出绩效自评报告
      一、单位基本情况
      本单位内设机构3个。
      二、绩效目标完成情况
      全年完成各项目标。
      三、存在问题及改进措施
      个别项目进度偏慢，下一步加强调度。
      四、结果应用及公开情况
      自评结果在门户网站公开。
    expect: []
''',
}


def create_plugin(name: str, where: Path, prefix: str | None = None) -> Path:
    """Write the package `perflint-<name>` under `where`; refuses to overwrite an existing folder."""
    name = name.removeprefix("perflint-")  # `new-plugin perflint-x` means the package perflint-x
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
        raise ValueError(Message(f"插件简称“{name}”只能由小写字母、数字和连字符组成，并以字母开头",
                                 f"plugin name {name!r}: use lower-case letters, digits and hyphens"))
    prefix = (prefix or re.sub(r"[^a-z]", "", name)[:3]).upper()
    if not re.fullmatch(r"[A-Z]{2,5}", prefix) or prefix == "PL":
        raise ValueError(Message(f"规则代码前缀“{prefix}”应为 2–5 个字母且不能是 PL（perflint 自用）；"
                                 "可用 --prefix 指定",
                                 f"code prefix {prefix!r}: use 2–5 letters other than PL (perflint's "
                                 "own); choose one with --prefix"))
    target = where / f"perflint-{name}"
    if target.exists():
        raise FileExistsError(Message(f"{target} 已存在", f"{target} already exists"))
    values = {"name": name, "package": f"perflint_{name.replace('-', '_')}", "prefix": prefix,
              "version": __version__}
    for relative, template in _FILES.items():
        path = target / relative.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return target
