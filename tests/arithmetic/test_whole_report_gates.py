"""The whole-report searches change no outcome: a rule that returns at once after one cheap test
of the whole report (no figure a unit slip can start from, no weight note in any of its texts),
or that searches the bodies joined for its phrases instead of each body, finds exactly what it
finds without.

The reports are generated here, in the shapes of the bench corpus: sections of narrative with
money figures, some stating a 元 or bare total over 万元 parts, some a claim that every target
was met or every fund was used, some a weight note.
"""

from __future__ import annotations

import random
from pathlib import Path

from perflint.model import Report
from perflint.rules import wholetext
from perflint.rules.arithmetic import money_unit
from perflint.rules.crossref import completion_claim, funds_use_claim
from perflint.rules.execution import reasons
from perflint.rules.scoring import weight_note
from perflint.testing import default_host, lint_text

FUNDS = ["农业发展", "耕地保护补贴", "乡村振兴衔接", "农村道路建设", "良种推广", "水利设施维修"]
CLAIMS = ["各项指标均已完成", "全面完成年度绩效目标", "均达到年度指标值"]
FUNDS_CLAIMS = ["已全部拨付使用", "已全额拨付使用"]
HEADINGS = ["项目基本情况", "资金使用情况", "绩效目标完成情况", "存在的问题"]


def _money(rng: random.Random) -> str:
    return f"{rng.randint(10, 9999)}.{rng.randint(0, 99):02d}"


def _sentence(rng: random.Random) -> str:
    """One sentence of a report's narrative, of one of the shapes the gates decide on."""
    fund = rng.choice(FUNDS)
    a, b = _money(rng), _money(rng)
    total = f"{float(a) + float(b):.2f}"
    shapes = [
        f"全年下达{fund}资金{total}元，其中市级资金{a}万元、县级资金{b}万元。",  # a 元 slip
        f"全县执行数{total}（含省级资金{a}万元，县级资金{b}万元），执行率{rng.randint(80, 100)}%。",
        f"{fund}资金{total}万元，其中中央资金{a}万元，地方资金{b}万元。",
        f"{fund}资金{total}万元，其中中央资金{a}万元，地方资金{_money(rng)}万元。",
        f"培训费支出{total}元，其中讲课费{a}元，资料费{b}元。",
        f"截至年底，{fund}资金{_money(rng)}万元{rng.choice(FUNDS_CLAIMS)}。",
        f"项目{rng.choice(CLAIMS)}，群众满意度达{rng.randint(85, 99)}%。",
        f"{fund}项目预算执行率{rng.randint(40, 99)}%，尚有资金{_money(rng)}万元未使用。",
        "注：一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分。",
        f"完成{fund}面积{rng.randint(100, 5000)}亩，受益农户{rng.randint(10, 900)}户。",
        f"由于项目进度滞后，{fund}资金结余{_money(rng)}万元。",  # explains an under-execution
        "因为天气原因，工期有所延后。",  # a cause, no money
        f"受雨季影响导致{fund}资金未使用{_money(rng)}万元。",
        f"{fund}支出超出年初预算，原因是追加了建设内容。",  # explains an over-execution
    ]
    weights = [2, 2, 3, 2, 1, 1, 1, 2, 1, 4, 1, 1, 1, 1]
    return rng.choices(shapes, weights)[0]


def _report_text(seed: int) -> str:
    rng = random.Random(seed)
    lines = [f"某县{rng.choice(FUNDS)}项目{rng.randint(2021, 2024)}年度绩效自评报告", ""]
    for number in "一二三四"[:rng.randint(1, 4)]:
        lines.append(f"{number}、{rng.choice(HEADINGS)}")
        lines.append("".join(_sentence(rng) for _ in range(rng.randint(0, 4))))
    return "\n".join(lines) + "\n"


#: Reports every rule here finds something in, whatever the generator draws.
WRITTEN = [
    "某县2023年水利设施维修项目绩效自评报告\n一、资金使用情况\n水利设施维修资金共计86万元，已全部拨付使用。\n"
    "二、绩效目标完成情况\n其中泵站维修资金12万元，当年未使用，预算执行率0%。\n",
    "某县2024年良种推广项目绩效自评报告\n一、项目基本情况\n良种推广资金240.50元，其中中央资金120.25万元、"
    "省级资金120.25万元。\n二、偏差原因\n受雨季影响导致良种推广资金结余18.30万元。\n",
]
TEXTS = [_report_text(seed) for seed in range(60)] + WRITTEN


def _load(folder: Path, text: str) -> Report:
    path = folder / "report.txt"
    path.write_text(text, encoding="utf-8")
    return default_host().loader_for(path).load(path)


def test_slip_gate_finds_what_the_full_scan_finds(tmp_path, monkeypatch):
    gated = [money_unit._hits(_load(tmp_path, text)) for text in TEXTS]
    closed = sum(not money_unit._any_candidate(_load(tmp_path, text), text) for text in TEXTS)
    monkeypatch.setattr(money_unit, "_any_candidate", lambda report, text: True)
    opened = [money_unit._hits(_load(tmp_path, text)) for text in TEXTS]
    assert [[(h.figure.literal, h.slip, h.label) for h in hits] for hits in gated] \
        == [[(h.figure.literal, h.slip, h.label) for h in hits] for hits in opened]
    assert any(gated) and closed  # both ways of the gate are taken
    assert any(h.figure.unit is None for hits in gated for h in hits)  # a bare total's slip, found in text


def test_every_text_a_rule_searches_is_in_the_joined_text(tmp_path):
    for text in TEXTS:
        report = _load(tmp_path, text)
        every, bodies = wholetext.every_text(report), wholetext.bodies(report)
        assert all(t.text in every for t in weight_note._texts(report))
        assert all(s.body.text in bodies for s in report.sections if s.body is not None)


def _each_body(report: Report, phrases: tuple[str, ...]) -> list:
    """`wholetext.bodies_holding` as a search of each body."""
    return [section for section in report.sections
            if section.body is not None and weight_note.contains_any(section.body.text, phrases)]


def test_bodies_holding_a_phrase_are_those_a_search_of_each_body_finds(tmp_path):
    lists = [tuple(completion_claim.CompletionClaimOptions().claim_phrases), reasons.CAUSE_MARKERS,
             tuple(funds_use_claim.FundsUseClaimOptions().claim_phrases), ("。由于", "\n一、", "万元。\n")]
    held = 0
    for text in TEXTS:
        report = _load(tmp_path, text)
        for phrases in lists:
            found = wholetext.bodies_holding(report, phrases)
            assert found == _each_body(report, phrases)
            held += len(found)
    assert held


def test_claims_and_explanations_are_those_of_a_search_of_each_body(tmp_path, monkeypatch):
    claims = tuple(completion_claim.CompletionClaimOptions().claim_phrases)
    options = funds_use_claim.FundsUseClaimOptions()
    names = funds_use_claim._Names(options.generic_words)

    def found() -> list[tuple]:
        result = []
        for text in TEXTS:
            report = _load(tmp_path, text)
            result.append(([(s.text, phrase) for s, phrase in completion_claim._claims(report, claims)],
                           [(c.sentence.text, c.phrase, c.key)
                            for c in funds_use_claim._claims(report, options, names)],
                           reasons._elsewhere(report, "under"), reasons._elsewhere(report, "over")))
        return result

    gated = found()
    monkeypatch.setattr(completion_claim, "bodies_holding", _each_body)
    monkeypatch.setattr(funds_use_claim, "bodies_holding", _each_body)
    monkeypatch.setattr(reasons, "bodies_holding",
                        lambda report, phrases: [s for s in report.sections if s.body is not None])
    assert gated == found()
    for index in range(4):
        assert any(row[index] for row in gated) and not all(row[index] for row in gated)


def test_weight_note_gate_lets_go_only_reports_without_a_note(tmp_path):
    phrases = tuple(weight_note.DEFAULT_NOTE_PHRASES)
    closed = noted = 0
    for text in TEXTS:
        report = _load(tmp_path, text)
        notes = weight_note._notes(weight_note._texts(report), phrases)
        if not weight_note.contains_any(wholetext.every_text(report), phrases):
            closed += 1
            assert not notes
        noted += bool(notes)
    assert closed and noted


def test_funds_claim_gate_changes_no_finding(monkeypatch):
    def findings() -> list[str]:
        return [f.model_dump_json() for text in TEXTS for f in lint_text(text, select=["PL404"])]

    gated = findings()
    monkeypatch.setattr(funds_use_claim, "bodies_holding", _each_body)
    assert gated == findings()
    assert any('"PL404"' in f for f in gated)
