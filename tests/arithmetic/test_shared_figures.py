"""What the arithmetic, execution, scoring and cross-reference rules now derive once and share
(`perflint.rules.figures`, `perflint.rules.quantities`, `perflint.intervals.total` and `divide`,
the per-report tables of `perflint.rules.arithmetic.common`) and the cheap tests that let a rule
stop before any work must give exactly what the direct computations gave: same intervals to the
last digit and exponent, same findings on varied input in the shapes of the bench corpus."""

from __future__ import annotations

import random
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from perflint import intervals
from perflint.intervals import Interval
from perflint.model import Quantity
from perflint.numbers import checkable
from perflint.rules import figures
from perflint.rules.crossref import document_amount
from perflint.testing import default_host, lint_text, lint_yaml

UNITS = ["", "万元", "元", "亿元", "%", "‰", "人", "宗", "个", "分", "次", "万人", "吨", "万次/年"]
COMPARATORS = ["", "", "≥", "<", "不低于", ">", "不超过"]


def _literals(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found = ["-", "—", "是", "0", "-0", "0.00%", "100%", "1,234.50万元", "0.000001", "9" * 26,
             "1." + "0" * 30]
    for _ in range(count):
        whole = rng.choice(["0", "1", "12", "100", "98", "12345", str(rng.randint(0, 10**12))])
        decimals = rng.choice(["", ".0", ".5", ".25", ".123", "." + "".join(
            rng.choice("0123456789") for _ in range(rng.randint(1, 12)))])
        sign = rng.choice(["", "", "-"])
        found.append(f"{rng.choice(COMPARATORS)}{sign}{whole}{decimals}{rng.choice(UNITS)}")
    return found


def _quantities(count: int = 1500, seed: int = 3) -> list[Quantity]:
    found = []
    for literal in _literals(count, seed):
        try:
            found.append(Quantity.model_validate(literal))
        except ValueError:
            continue
    return found


def _outcome(compute, *args) -> str:
    try:
        return repr(compute(*args))
    except Exception as exc:  # the same exception, raised again on every call
        return f"raises {type(exc).__name__}: {exc}"


@pytest.mark.parametrize("default_unit", [None, "万元", "元", "%", "人"])
def test_intervals_and_claims_are_those_of_perflint_intervals(default_unit):
    for quantity in _quantities():
        expected = _outcome(intervals.of, quantity, default_unit)
        assert _outcome(figures.interval, quantity, default_unit) == expected, quantity.literal
        assert _outcome(figures.interval, quantity, default_unit) == expected, quantity.literal  # remembered
        claimed = _outcome(intervals.of_claim, quantity, default_unit)
        assert _outcome(figures.claim, quantity, default_unit) == claimed, quantity.literal


def test_equal_values_written_differently_keep_their_own_interval():
    written = [Quantity.model_validate({"literal": "100", "value": "1E+2"}), Quantity.model_validate("100")]
    assert [repr(figures.interval(q)) for q in written] == [repr(intervals.of(q)) for q in written]


def test_is_number_and_base_are_those_of_the_model():
    for quantity in _quantities(seed=4):
        checked = not quantity.nil and checkable(quantity.value, quantity.decimals)
        assert figures.is_number(quantity) == checked
        for default_unit in (None, "万元", "%"):
            assert _outcome(figures.base, quantity, default_unit) == _outcome(quantity.base, default_unit)
    assert figures.is_number(None) is False


def _decimal(rng: random.Random) -> Decimal:
    whole = rng.randint(-10**rng.randint(1, 30), 10**rng.randint(1, 30))
    return Decimal(whole) / Decimal(10) ** rng.randint(0, 40)


def _added(items: list[Interval]) -> Interval:
    """The sum as `Interval.__add__` builds it, one partial sum at a time from exact 0."""
    result = Interval.exact(0)
    for item in items:
        result = result + item
    return result


def test_totals_are_those_of_interval_addition():
    rng = random.Random(9)
    for _ in range(5000):
        items = []
        for _ in range(rng.randint(0, 6)):
            low, high = sorted([_decimal(rng), _decimal(rng)])
            high = low if rng.random() < 0.3 else high
            items.append(Interval(low, high, rng.random() < 0.3, rng.random() < 0.3))
        assert repr(intervals.total(items)) == repr(_added(items))


def test_quotients_are_those_of_interval_division():
    rng = random.Random(5)
    for _ in range(10000):
        low, high = sorted([abs(_decimal(rng)), abs(_decimal(rng))])
        den_low, den_high = sorted([abs(_decimal(rng)), abs(_decimal(rng))])
        if rng.random() < 0.2:
            high = low
        if rng.random() < 0.2:
            den_high = den_low
        if rng.random() < 0.1:
            low = -low
        a = Interval(low, high, rng.random() < 0.3, rng.random() < 0.3)
        b = Interval(den_low, den_high)
        assert _outcome(intervals.divide, a, b) == _outcome(Interval.__truediv__, a, b), (a, b)


# -------------------------------------------------------------- PL405's cheap test, on text

HEAD = "某县财政局2023年度转移支付资金绩效自评报告\n\n一、资金基本情况\n"
DOCS = ["某财农〔2023〕41号", "某财农【2023】41号", "某财农〔2022〕41号", "某财建［2023］7号",
        "甲财预(2023)41号", "某财农〔2023〕 41 号", "《关于某财农〔2023〕41号的通知》", "某财农〔2023〕041号"]
CLAUSES = ["文件下达我县资金{a}万元", "下拨{a}万元，其中：道路{b}万元，灌溉{c}万元", "安排{a}万元",
           "到位资金{a}万元", "下达乙镇{a}万元", "分配A资金{b}万元、B资金{c}万元，合计{a}万元"]


def _allocation_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            clause = rng.choice(CLAUSES).format(a=rng.choice(["5", "6", "80", "5.0"]), b="30", c="50")
            sentences.append(f"{rng.choice(['根据', '', '一是'])}{rng.choice(DOCS)}{clause}。")
        texts.append(HEAD + rng.choice(["\n", "；"]).join(sentences) + "\n")
    return texts


def test_a_document_cited_once_cannot_be_cited_with_two_amounts():
    """Where the cheap test says no number is cited twice, the full reading finds no document
    with two whole amounts to compare."""
    host = default_host()
    for text in _allocation_texts(300, 11):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.txt"
            path.write_text(text, encoding="utf-8")
            report = host.loader_for(path).load(path)
        keys = [a.key for a in document_amount._Reader(report).wholes()]
        if not document_amount._cited_twice(report):
            assert len(keys) == len(set(keys)), text


def test_document_amount_findings_on_varied_text():
    findings = [f for text in _allocation_texts(60, 12) for f in lint_text(text, select=["PL405"])
                if f.code == "PL405"]
    assert findings  # the varied texts do restate documents with other amounts
    assert all(f.message.startswith("同一文件〔") for f in findings)


# ----------------------------------------------------------- PL401 and PL108 on YAML reports

RESTATED = """
    perflint: 1
    unit: {{name: 某县农业农村局}}
    year: 2023
    evaluation: {{total_score: "{score}", grade: 优}}
    indicators:
      - name: 满意度指标
        level: 1
        children:
          - {{name: 服务对象满意度, level: 2, target: "≥90%", actual: "{satisfaction}"}}
    facts:
      - {{concept: 总分, value: "{stated}"}}
      - {{concept: 满意度, value: "{said}"}}
      - {{concept: 满意度, value: "{said}", subject: "2023年·乙镇"}}
      - {{concept: 满意度, value: "97%", subject: "2023年·乙镇"}}
      - {{concept: 满意度, value: "97%", subject: "某县农业农村局"}}
      - {{concept: 执行率, value: "95%", subject: "2023年"}}
"""


TOWN = "满意度（乙镇）在正文为97%，与正文的{said}不一致"
OWN = "满意度在正文为97%，与自评表“服务对象满意度”完成值的95%不一致"


@pytest.mark.parametrize(("score", "stated", "said", "expected"), [
    ("92", "92", "95%", [TOWN, OWN]),
    ("92", "93", "95%", ["总分在正文为93，与自评表总分的92不一致", TOWN, OWN]),
    ("92", "92", "96%", ["满意度在正文为96%，与自评表“服务对象满意度”完成值的95%不一致", TOWN, OWN]),
])
def test_restated_figures_read_subjects_only_where_compared(score, stated, said, expected):
    """As before the subjects were read for every fact: the report's own year and unit are no
    subject (`2023年`, 某县农业农村局), another town is."""
    text = RESTATED.format(score=score, stated=stated, satisfaction="95%", said=said)
    findings = lint_yaml(textwrap.dedent(text), select=["PL401"])
    assert [f.message for f in findings if f.code == "PL401"] == [m.format(said=said) for m in expected]
