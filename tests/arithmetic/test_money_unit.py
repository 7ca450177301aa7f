"""PL109 money-unit: a figure in 元 (or bare) whose 万元 parts add up to it only in 万元."""

from __future__ import annotations

import random
import textwrap

import pytest

from perflint.document import TextSource
from perflint.extract.figures import scan
from perflint.rules.arithmetic import money_unit
from perflint.testing import default_host, lint_text, lint_yaml

HEAD = "某县农业农村局2024年度项目支出绩效自评报告\n\n一、项目基本情况\n"


def raw(*sentences: str) -> str:
    return HEAD + "\n".join(sentences) + "\n"


def found(text: str, *codes: str) -> list:
    wanted = list(codes or ("PL109",))
    return [f for f in lint_text(text, select=wanted) if f.code in wanted]


# ------------------------------------------------------------------------------ raw text

def test_yuan_total_of_wan_parts_is_an_error():
    text = raw("全年下达耕地保护补贴资金356.48元，其中市级补贴资金120.36万元、县级补贴资金236.12万元。")
    findings = found(text, "PL109")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.message == "“356.48元”应为万元：其分项以万元计，合计为356.48万元"
    assert finding.stated == "356.48元" and finding.expected == "356.48万元"
    assert finding.span.quote == "356.48元"
    assert [r.span.quote for r in finding.related] == ["120.36万元", "236.12万元"]


def test_bare_total_among_wan_parts_is_an_error():
    text = raw("全县执行数2574.36（含省级资金1602.11万元，县级资金870.05万元，社会资金102.20万元），"
               "执行率96.12%。")
    findings = found(text)
    assert len(findings) == 1
    assert findings[0].message == "“2574.36”应为万元：其分项以万元计，合计为2574.36万元"
    assert findings[0].expected == "2574.36万元"
    assert findings[0].span.quote == "2574.36"


def test_parts_beyond_the_ones_a_breakdown_kept_still_count():
    text = raw("共完成农机购置补助5208.40万元，中央补助1200.10万元，地方补助4008.30万元；"
               "其中完成丘陵山区农机补助642.75元，其中中央补助300.25万元，地方补助342.50万元")
    assert [(f.severity, f.stated) for f in found(text)] == [("error", "642.75元")]


@pytest.mark.parametrize("sentence", [
    # 元 totals with 元 parts
    "培训费支出4860.00元，其中讲课费1860.00元，资料印刷费3000.00元。",
    # a sum error in 元 is PL101's, not a unit slip
    "培训费支出4860.00元，其中讲课费1860.00元，资料印刷费2900.00元。",
    # a small 元 figure next to 万元 figures that are not its parts
    "购置办公用品支出850元，项目全年预算数120.00万元，执行数118.50万元。",
    "人均补助标准300元，市级资金150.00万元，县级资金280.00万元。",
    # 万元 everywhere
    "全年下达资金356.48万元，其中市级资金120.36万元、县级资金236.12万元。",
    # the figures that would add up are in the next sentence
    "项目结余资金12.5元。市级资金7.20万元，县级资金5.30万元。",
])
def test_silent_when_the_units_are_consistent_or_unrelated(sentence):
    assert found(raw(sentence)) == []


def test_stated_parts_far_above_a_yuan_total_are_a_warning():
    # 300元 is not 150.00万元 + 280.00万元 in any unit, but 其中 says they are its parts
    findings = found(raw("人均补助标准300元，其中市级资金150.00万元，县级资金280.00万元。"))
    assert [f.severity for f in findings] == ["warning"]
    assert "可能漏写或错写单位" in findings[0].message


# ------------------------------------------------------------------------- normalized YAML

BREAKDOWN = """
    perflint: 1
    money_unit: {money_unit}
    breakdowns:
      - label: 补助资金
        total: "{total}"
        complete: {complete}
        parts:
{parts}
"""


def yaml_breakdown(total: str, *parts: str, complete: bool = True, money_unit: str = "万元") -> str:
    lines = "\n".join(f'          - {{label: 部分{i}, value: "{p}"}}' for i, p in enumerate(parts, 1))
    return textwrap.dedent(BREAKDOWN).format(total=total, parts=lines, complete=str(complete).lower(),
                                             money_unit=money_unit)


@pytest.mark.parametrize(("total", "parts", "complete", "expected"), [
    ("471.23元", ("189.63万元", "281.60万元"), True, "471.23万元"),
    ("471.23元", ("189.63万元", "281.60万元"), False, "471.23万元"),
    ("1032.8", ("532.80万元", "500.00万元"), True, "1032.8万元"),  # bare total, 万元 parts
    ("1.5元", ("0.75亿元", "0.75亿元"), True, "1.5亿元"),
    ("57.5元", ("12.1万元", "45.4万元"), True, "57.5万元"),  # precision: 57.5 ∈ 12.1 + 45.4
])
def test_yaml_breakdown_slip(lint, total, parts, complete, expected):
    findings = lint(yaml_breakdown(total, *parts, complete=complete), "PL109")
    assert [(f.severity, f.expected) for f in findings] == [("error", expected)]


def test_yaml_breakdown_slip_is_left_to_pl109(lint):
    # the parts exceed the total as stated, but the total's unit slipped: PL109 explains it and
    # PL101 leaves that total alone (one finding for one defect)
    from perflint.model import Report
    from perflint.rules.arithmetic.money_unit import breakdown_unit_slip

    report = Report.model_validate({"breakdowns": [{"label": "补助资金", "total": "471.23元", "parts": [
        {"label": "甲", "value": "189.63万元"}, {"label": "乙", "value": "281.60万元"}]}]})
    assert breakdown_unit_slip(report, report.breakdowns[0]) is True
    assert lint(yaml_breakdown("471.23元", "189.63万元", "281.60万元"), "PL101") == []
    assert len(lint(yaml_breakdown("471.23元", "189.63万元", "281.60万元"), "PL109")) == 1
    assert len(lint(yaml_breakdown("4000000元", "189.63万元", "281.60万元"), "PL101")) == 1


@pytest.mark.parametrize(("total", "parts", "complete"), [
    ("471.23万元", ("189.63万元", "281.60万元"), True),
    ("3500.00元", ("1200.00元", "2300.00元"), True),
    ("4712300元", ("189.63万元", "281.60万元"), True),  # right in 元
    ("471.23", ("189.63", "281.60"), True),  # bare everywhere: the table's unit
    ("5000", ("2.00万元", "3.00万元"), False),  # a partial list may be far below its total
    ("4000000元", ("189.63万元", "281.60万元"), True),  # an ordinary sum error, not slip-sized
])
def test_yaml_silent(lint, total, parts, complete):
    assert lint(yaml_breakdown(total, *parts, complete=complete), "PL109") == []


def test_yaml_magnitude_off_without_matching_sum_is_a_warning(lint):
    text = yaml_breakdown("480.00元", "189.63万元", "281.60万元")
    findings = lint(text, "PL109")
    assert [f.severity for f in findings] == ["warning"]
    assert findings[0].message == ("“480.00元”可能漏写或错写单位：其分项以万元计，合计为471.23万元，"
                                   "相差千倍以上")
    assert findings[0].expected is None
    # PL101 still reports the sum: nothing certain explains it
    assert len(lint(text, "PL101")) == 1


def test_yaml_one_listed_part_far_above_the_total_is_a_warning(lint):
    # one part is no sum to read the total by, but it exceeds the total ten-thousandfold
    findings = lint(yaml_breakdown("471.23元", "189.63万元", complete=False), "PL109")
    assert [f.severity for f in findings] == ["warning"]


ROW = """
    perflint: 1
    money_unit: 万元
    budget_tables:
      - kind: 支出
        rows:
          - label: 项目支出
            budget: "{budget}"
            executed: "{executed}"
            rate: "{rate}"
"""


@pytest.mark.parametrize(("budget", "executed", "rate", "expected"), [
    ("200.00万元", "190.00元", "95%", "190.00万元"),  # 190万元 / 200万元 = 95%
    ("200.00元", "190.00万元", "95%", "200.00万元"),
    ("200.00万元", "190.00万元", "95%", None),
    ("200.00万元", "190.00元", "0.0095%", None),  # right in 元
    ("200.00万元", "150.00元", "95%", None),  # the rate does not hold in 万元 either
    ("200.00", "190.00", "95%", None),  # bare: the table's unit
])
def test_yaml_budget_row(lint, budget, executed, rate, expected):
    findings = lint(ROW.format(budget=budget, executed=executed, rate=rate), "PL109")
    assert [(f.severity, f.expected) for f in findings] == ([("error", expected)] if expected else [])


# ------------------------------------------------------------------------------- contract

def test_rule_is_registered_and_documented():
    rule = default_host().rules["PL109"].rule
    doc = rule.documentation()
    assert doc.splitlines()[0].startswith("PL109 money-unit: ")
    for section in ("What it checks", "Why it matters", "Example"):
        assert f"\n{section}\n" in doc, section
    for key in rule.messages:
        assert rule.message_template(key, "zh") != rule.message_template(key, "en")


ODD = """
    perflint: 1
    money_unit: 千美金
    budget_tables:
      - kind: 自定义
        total: {label: 合计, budget: "0元", executed: "-", rate: "-"}
        rows:
          - {label: 甲, budget: "0万元", executed: "0元", rate: "0%"}
          - {label: 乙, budget: "是", executed: "1元", rate: "≥100%"}
    breakdowns:
      - {label: 空, total: "0元", parts: []}
      - {label: 零, total: "0", parts: [{label: 甲, value: "0万元"}, {label: 乙, value: "-"}]}
      - {label: 负, total: "-5元", parts: [{label: 甲, value: "-2万元"}, {label: 乙, value: "-3万元"}]}
      - {label: 混, total: "5元", parts: [{label: 甲, value: "2万元"}, {label: 乙, value: "3亿元"}]}
      - {label: 次, total: "5", parts: [{label: 甲, value: "2万次"}, {label: 乙, value: "3万次"}]}
"""


def test_odd_input_never_crashes():
    findings = lint_yaml(textwrap.dedent(ODD), select=["PL109"])
    assert [f for f in findings if f.code in ("PL000", "PL001")] == []
    # -5元 against -2万元 + -3万元 is a slip like any other; mixed 万元/亿元 or 万次 parts are not
    assert [f.stated for f in findings if f.code == "PL109"] == ["-5元"]


# ------------------------------------------------------- bare totals after a verb (no fact)

@pytest.mark.parametrize("sentence", [
    "全年农田建设资金到位618.40（含中央补助410.25万元、省级配套208.15万元）。",
    "下达我县水利资金共计618.40（含中央补助410.25万元；省级配套208.15万元）。",
    "本年度下达618.40，其中中央补助410.25万元、省级配套208.15万元。",
])
def test_a_bare_total_after_a_verb_is_found_by_its_parts(sentence):
    (finding,) = found(raw(sentence))
    assert finding.span.quote == "618.40" and finding.expected == "618.40万元"


@pytest.mark.parametrize("sentence", [
    "全年农田建设资金到位618.40万元（含中央补助410.25万元、省级配套208.15万元）。",
    # parts that do not add up to it: no evidence of a missing unit
    "全年农田建设资金到位618.40（含中央补助410.25万元、省级配套200.15万元）。",
    # the ； closes the sentence outside a parenthesis: the figure after it is no part
    "全年农田建设资金到位618.40；中央补助410.25万元、省级配套208.15万元另行下达。",
])
def test_bare_totals_that_hold_or_have_no_parts_are_silent(sentence):
    assert found(raw(sentence)) == []


def _bare_totals_of_whole_text_scan(text: str) -> list[tuple[str, str, str]]:
    """What `_bare_totals` finds, by a scan of the whole text (how it was found before it scanned
    only the `。`-bounded stretches holding 含, 其中 or 包括)."""
    found = []
    for figure in scan(text):
        if figure.unit is None and figure.parsed.value is not None \
                and money_unit._OPENS_PARTS.match(text, figure.end) is not None:
            line_start = text.rfind("\n", 0, figure.start) + 1
            label = text[max(line_start, figure.start - 12):figure.start].strip()
            span = TextSource(text).span(figure.start, figure.end)
            found.append((figure.literal, span.model_dump_json(), label))
    return found


def test_bare_totals_scanned_by_stretch_are_those_of_a_whole_text_scan():
    """A figure never contains `。` nor looks across it, so scanning only the stretches that hold
    a word opening a list of parts finds the same bare totals, spans and labels."""
    pieces = ["。", "含", "其中", "包括", "（", "(", "，", " ", "\n", "万元", "元", "12", "3.5", "１２", "．",
              "%", "不少于", "以上", "2022年", "3月", "5日", "亿", "人", "个", "-", "执行数", "到位"]
    rng = random.Random(7)
    texts = [raw(s) for s in ("全年到位618.40（含中央补助410.25万元）。到位12。其中3万元",
                              "到位618.40。（含中央补助410.25万元）", "618.40。其中", "其中618.40", "")]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for text in texts:
        assert [(q.literal, q.span.model_dump_json(), label) for q, label in money_unit._bare_totals(text)] \
            == _bare_totals_of_whole_text_scan(text), text


def test_a_yuan_total_read_as_a_budget_table_is_a_unit_slip_not_a_sum_error():
    """`执行数为x元，其中…万元…` is read as a budget table: PL109 names the unit, and PL102 does
    not also report the 万元 rows as exceeding a total in 元."""
    text = raw("农田建设项目执行数为618.40元，其中中央补助410.25万元、省级配套208.15万元。")
    findings = found(text, "PL109", "PL102")
    assert [(f.code, f.expected) for f in findings] == [("PL109", "618.40万元")]
