"""What the clause walk notes for the stages after it, and the shortcuts those stages take on it:
a sentence's last budget amount (`Sentence.budget`: the one a rate opening the next sentence
belongs to, and the only sentences `Statements` looks at for budget rows), a paragraph's nested
`其中` (`Para.nested`), and the look-ahead that refuses a place where no name can begin before the
name expressions are tried (`clauses._NAME`)."""

from __future__ import annotations

import re

import pytest

from perflint.document import Piece
from perflint.extract import clauses
from perflint.extract.clauses import Kind, sentences
from perflint.extract.narrative import read
from perflint.extract.statements import Statements


def _read(text: str):
    para = read(Piece(text=text), None)
    para.index = 0
    return para


def _placed(*texts: str) -> Statements:
    paras = [_read(text) for text in texts]
    for index, para in enumerate(paras):
        para.index = index
    statements = Statements(paras)
    for para in paras:
        statements.place(para)
    return statements


def test_a_sentence_notes_its_last_budget_amount_not_its_last_figure():
    found = sentences("预算数为200万元，执行数180万元，完成项目12个。全年开展培训16次。")
    first, second = found
    assert [item.kind for item in first.items] == [Kind.BUDGET, Kind.EXECUTED, Kind.GENERIC]
    assert first.budget is first.items[1]
    assert second.budget is None


def test_a_rate_opening_a_sentence_belongs_to_the_budget_amount_before_it():
    para = _read("2023年执行数为180万元，完成项目12个。执行率为90%。")
    executed, count = para.split[0].items
    rate = para.split[1].items[0]
    assert executed.rate is rate and rate.attached
    assert count.rate is None


@pytest.mark.parametrize(("text", "nested"), [
    ("全年支出500万元，其中基本支出320万元，其中人员经费200万元、公用经费120万元。", True),
    ("全年支出500万元，其中基本支出320万元，项目支出180万元。", False),
    ("全年支出500万元，基本支出320万元。", False),
])
def test_a_paragraph_notes_a_nested_list(text, nested):
    assert _read(text).nested is nested


def test_a_nested_list_is_placed_as_a_breakdown_of_its_own():
    placed = _placed("全年支出500万元，其中基本支出320万元，其中人员经费200万元、公用经费120万元。")
    assert [(b.label, b.total.literal, [p.label for p in b.parts]) for b in placed.breakdowns] == [
        ("全年支出", "500万元", ["基本支出"]), ("基本支出", "320万元", ["人员经费", "公用经费"])]


@pytest.mark.parametrize(("text", "rows"), [
    ("项目支出预算数为1500万元，执行数为1200万元，执行率为80%。",
     [("项目支出", "1500万元", "1200万元", "80%")]),
    ("执行数为1200万元，执行率为80%。", []),  # no budget before it in the sentence
    ("年初预算数为1000万元，执行数为900万元，执行率为90%。", []),  # 年初预算数 is not what a rate is of
    ("项目支出预算数为1500万元。执行数为1200万元，执行率为80%。", []),  # not one sentence
    ("全年开展培训16次，覆盖人数300人。", []),
])
def test_budget_rows_come_from_sentences_stating_a_budget(text, rows):
    tables = _placed(text).budget_tables()
    found = [(row.label, row.budget.literal, row.executed.literal, row.rate.literal)
             for table in tables for row in table.rows]
    assert found == rows


#: Sentences in the shapes that name what a figure belongs to (allocations to places and units,
#: funds and projects, organizations), and prose where nothing is named.
_NAMED = [
    ("2023年向甲县教育局下达补助资金52万元，分配至乙区数据中心31.2万元、丙镇人民政府18万元。", True),
    ("其中，丁市农业农村局安排高标准农田建设项目资金260万元，戊乡村道改造工程40万元。", True),
    ("本中心承担的农村文化活动示范村3个，覆盖全县各乡镇，服务群众2.4万人次。", True),
    ("根据市财政局关于下达专项资金的通知，己街道社区服务站获得补贴12万元，用于设备购置。", True),
    ("对口支援办公室拨付庚旗辛村饮水安全专项80万元，以及壬州癸盟牧区补助资金15万元。", True),
    ("全年召开会议6次，印发文件11份，开展调研4次，群众满意度达到96%。", False),
]


def _reference_name() -> re.Pattern[str]:
    """`_NAME` as it reads without its look-ahead: each of the three expressions on its own."""
    not_name, han = clauses._NOT_NAME, clauses._HAN
    return re.compile(f"(?={han})(?:(?P<org>{not_name}{clauses._ORG})|(?P<place>{not_name}{clauses._PLACE})"
                      f"|(?P<fund>{not_name}{clauses._FUND}))")


def _found(match: re.Match[str] | None) -> tuple[str | None, tuple[int, int]] | None:
    return None if match is None else (match.lastgroup, match.span())


@pytest.mark.parametrize(("text", "names"), _NAMED)
def test_the_name_look_ahead_refuses_only_places_where_no_name_begins(text, names):
    reference = _reference_name()
    found = 0
    for start in range(len(text)):
        for end in (len(text), min(len(text), start + 6)):
            expected, got = reference.match(text, start, end), clauses._NAME.match(text, start, end)
            assert _found(got) == _found(expected)
            found += expected is not None
    assert bool(found) is names
