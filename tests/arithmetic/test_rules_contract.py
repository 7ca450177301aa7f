"""Every PL1xx/PL2xx rule is documented, bilingual, and never crashes on odd but valid input."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from perflint.testing import default_host, lint_yaml

CODES = ["PL101", "PL102", "PL103", "PL104", "PL105", "PL106", "PL107", "PL108", "PL201", "PL202", "PL203"]


@pytest.mark.parametrize("code", CODES)
def test_rule_is_registered_and_documented(code):
    rule = default_host().rules[code].rule
    doc = rule.documentation()
    first = doc.splitlines()[0]
    assert first.startswith(f"{code} {rule.name}: ")
    for section in ("What it checks", "Why it matters", "Example"):
        assert f"\n{section}\n" in doc, section
    for key in (rule.messages if "zh" not in rule.messages else {"default": rule.messages}):
        assert rule.message_template(key, "zh") != rule.message_template(key, "en")
    rule.Options()  # defaults validate


def test_rule_command_prints_the_documentation():
    result = subprocess.run([sys.executable, "-m", "perflint", "rule", "PL103", "--lang", "en"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "执行率" in result.stdout and "What it checks" in result.stdout


ODD = """
    perflint: 1
    money_unit: 千美金
    balance_sheets:
      - assets: {label: 资产合计, total: "0", parts: [{label: 流动资产, value: "-", share: "是"}]}
        liabilities: {label: 负债合计, total: "无"}
        net_assets: {label: 净资产, total: "-"}
        debt_ratio: "≥0%"
      - assets: {label: 资产合计, total: "0.00"}
        liabilities: {label: 负债合计, total: "0.00"}
        net_assets: {label: 净资产, total: "0.00"}
        debt_ratio: "0%"
    budget_tables:
      - kind: 资金来源
        total: {label: 合计, budget: "0", executed: "-", rate: "-"}
        rows:
          - {label: 财政拨款, budget: "0", executed: "0", rate: "0%"}
          - {label: 其他资金, budget: "是", executed: "按实际", rate: "≥100%"}
      - kind: 资金结构
        rows: []
      - kind: 自定义
        total: {label: 合计, budget: "99999999999999999999.99亿元", executed: "1元", rate: "0.000000001‰"}
        rows:
          - {label: 甲, budget: "1元", executed: "99999999999999999999.99亿元", rate: "3分"}
    breakdowns:
      - {label: 空, parts: []}
      - {label: 只有总数, total: "5人"}
      - label: 次数
        total: "80万次"
        parts: [{label: 网络, value: "72万次", share: "90%"}, {label: 窗口, value: "8次"}]
    ratios:
      - {label: 执行率, stated: "-", numerator: "0", denominator: "0"}
      - {label: 预算执行率, stated: "是", numerator: "1", denominator: "0.00"}
      - {label: 比例, stated: "50%", numerator: "1万次", denominator: "2亩"}
    indicators:
      - name: 预算完成率
        level: 1
        weight: "-"
        score: "是"
        actual: "完成"
      - {name: 预算执行率, level: 1, actual: "≥100%"}
    sections:
      - heading: 说明
        body: ""
"""


def test_odd_input_never_crashes_a_rule():
    findings = lint_yaml(textwrap.dedent(ODD), select=CODES)
    assert [f for f in findings if f.code in ("PL000", "PL001")] == []


def test_known_findings_on_odd_input_are_sensible():
    findings = lint_yaml(textwrap.dedent(ODD), select=CODES)
    # 72万次 + 8次 is far from 80万次, and 72万次 is 90% of it
    assert any(f.code == "PL101" and f.stated == "80万次" for f in findings)
    assert not any(f.code == "PL104" for f in findings)
