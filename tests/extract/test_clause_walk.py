"""The clause walk of `clauses.sentences` and the grouping of `narrative.read`, pinned on paragraphs
in the shapes of the reports: thousands separators inside figures (`1，234.50万元`), figures across
a line break (`100\\n万元`, in no clause), `；` before a clause, `其中` lists with counts and
enumerators (`（2）`, even under a budget's label), shares and rates (a rate in the sentence after
its budget), texts opening with sentence ends and ending without one. Each case is (text, sentences
as (start, end, items), groups as (heads, (share, rate, parts) of each item, counted, closed)),
items by their index in the paragraph; the expected values are what the reading gave before it
was made a single walk."""

from __future__ import annotations

import pytest

from perflint.document import Piece
from perflint.extract.clauses import sentences
from perflint.extract.narrative import read

_CASES = [
    ('本年度预算数为1，234.50万元，执行数1,200.00万元；执行率为97.24%。',
     [(0,
       42,
       [('本年度预算数', 0, '1，234.50万元', False, False, 'budget', '', (None, None, None, None)),
        ('执行数', 18, '1,200.00万元', False, False, 'executed', '', (None, None, None, None)),
        ('执行率', 32, '97.24%', False, True, 'rate', '', (None, None, None, None))])],
     ([0, 1], [(None, None, []), (None, 2, []), (None, None, [])], [], [])),
    ('共安排资金100\n万元，其中基本支出60万元，项目支出40万元。',
     [(0, 8, []),
      (9,
       31,
       [('基本支出', 14, '60万元', True, False, 'money_part', '', (None, None, None, '基本支出')),
        ('项目支出', 23, '40万元', False, False, 'money_part', '', (None, None, None, '项目支出'))])],
     ([0, 1], [(None, None, []), (None, None, [])], [], [])),
    ('下达资金2,400\n万元；另1,000\n万元',
     [(0, 9, []), (10, 19, []), (20, 22, [])],
     ([], [], [], [])),
    ('。。全年收入300万元；支出280万元，其中人员经费200万元、公用经费80万元。结余20万元',
     [(2,
       40,
       [('全年收入', 2, '300万元', False, False, 'generic', '', (None, None, None, None)),
        ('支出', 12, '280万元', False, True, 'generic', '', (None, None, None, None)),
        ('人员经费', 22, '200万元', True, False, 'money_part', '、公用经费', (None, None, None, '人员经费')),
        ('公用经费', 32, '80万元', False, False, 'money_part', '', (None, None, None, '公用经费'))]),
      (41, 47, [('结余', 41, '20万元', False, False, 'generic', '', (None, None, None, None))])],
     ([0, 1, 4],
      [(None, None, []), (None, None, [2, 3]), (None, None, []), (None, None, []), (None, None, [])],
      [],
      [1])),
    ('其中：（1）基本支出320万元；（2）项目支出180万元。',
     [(0,
       28,
       [('', 3, '1', True, False, 'generic', '）基本支出', (None, None, None, None)),
        ('）基本支出', 5, '320万元', False, False, 'money_part', '', (None, None, None, '基本支出')),
        ('', 16, '2', False, True, 'generic', '）项目支出', (None, None, None, '基本支出')),
        ('）项目支出', 18, '180万元', False, False, 'money_part', '', (None, None, None, '项目支出'))])],
     ([0, 1, 2, 3], [(None, None, []), (None, None, []), (None, None, []), (None, None, [])], [], [])),
    ('年初预算数500万元。执行率为92.5%。',
     [(0, 10, [('年初预算数', 0, '500万元', False, False, 'budget', '', (None, None, None, None))]),
      (11, 20, [('执行率', 11, '92.5%', False, False, 'rate', '', (None, None, None, None))])],
     ([0], [(None, 1, []), (None, None, [])], [], [])),
    ('资产合计3508.53万元，其中流动资产2301.75万元，占比65.60%；非流动资产1206.78万元，占比34.40%。',
     [(0,
       62,
       [('资产合计', 0, '3508.53万元', False, False, 'assets', '', (None, None, None, None)),
        ('流动资产', 16, '2301.75万元', True, False, 'asset_part', '', (None, None, None, None)),
        ('占比', 30, '65.60%', False, False, 'share', '', (None, None, None, None)),
        ('非流动资产', 39, '1206.78万元', False, True, 'asset_part', '', (None, None, None, None)),
        ('占比', 54, '34.40%', False, False, 'share', '', (None, None, None, None))])],
     ([0],
      [(None, None, [1, 3]), (2, None, []), (None, None, []), (4, None, []), (None, None, [])],
      [],
      [])),
    ('完成执法检查次数211次，满意度不低于95%，较上年增长5%，',
     [(0,
       31,
       [('完成执法检查次数', 0, '211次', False, False, 'generic', '', (None, None, None, None)),
        ('满意度', 13, '不低于95%', False, False, 'satisfaction', '', (None, None, None, None)),
        ('较上年增长', 23, '5%', False, False, 'generic', '', (None, None, None, None))])],
     ([0, 1, 2], [(None, None, []), (None, None, []), (None, None, [])], [], [])),
    ('分为3个项目，共下达资金860万元，其中：甲项目500万元，乙项目360万元。',
     [(0,
       38,
       [('分', 0, '3个', False, False, 'generic', '项目', (None, None, None, None)),
        ('共下达资金', 7, '860万元', False, False, 'generic', '', (None, None, None, None)),
        ('甲项目', 21, '500万元', True, False, 'generic', '', (None, None, None, '甲项目')),
        ('乙项目', 30, '360万元', False, False, 'generic', '', (None, None, None, '乙项目'))])],
     ([0, 1], [(None, None, []), (None, None, [2, 3]), (None, None, []), (None, None, [])], [], [])),
    ('根据财农〔2021〕28号文件，向甲县下达中央财政补助资金52万元，分配至乙镇12万元、丙村18万元等。',
     [(0,
       51,
       [('根据财农〔', 0, '2021', False, False, 'generic', '〕', (None, None, None, None)),
        ('〕', 9, '28', False, False, 'generic', '号文件', (None, '〔2021〕28号', None, None)),
        ('向甲县下达中央财政补助资金',
         16,
         '52万元',
         False,
         False,
         'generic',
         '',
         (None, '〔2021〕28号', '甲县', '中央财政补助资金')),
        ('分配至乙镇', 34, '12万元', False, False, 'generic', '、丙村', (None, '〔2021〕28号', '乙镇', None)),
        ('丙村', 44, '18万元', False, False, 'generic', '等', (None, '〔2021〕28号', '丙村', None))])],
     ([0, 1, 2, 3, 4],
      [(None, None, []), (None, None, []), (None, None, []), (None, None, []), (None, None, [])],
      [],
      [])),
    ('2,400.5万元；1，2万元，3；',
     [(0,
       18,
       [('', 0, '2,400.5万元', False, False, 'generic', '', (None, None, None, None)),
        ('', 10, '1', False, True, 'generic', '', (None, None, None, None)),
        ('', 12, '2万元', False, False, 'generic', '', (None, None, None, None)),
        ('', 16, '3', False, False, 'generic', '', (None, None, None, None))])],
     ([0, 1, 2, 3], [(None, None, []), (None, None, []), (None, None, []), (None, None, [])], [], [])),
    ('预算数（2）。执行率为90%。',
     [(0, 6, [('预算数', 0, '2', False, False, 'budget', '）', (None, None, None, None))]),
      (7, 14, [('执行率', 7, '90%', False, False, 'rate', '', (None, None, None, None))])],
     ([0, 1], [(None, None, []), (None, None, [])], [], [])),
    ('',
     [],
     ([], [], [], [])),
]


def _sentences(text: str) -> list[tuple]:
    return [(s.start, s.end, [(i.label, i.label_start, i.figure.literal, i.qizhong, i.after_semicolon,
                               i.kind.value, i.trailing, tuple(i.scope)) for i in s.items])
            for s in sentences(text)]


def _groups(text: str) -> tuple:
    para = read(Piece(text), None)
    items = list(para.items())
    index = {id(item): n for n, item in enumerate(items)}

    def at(item):
        return None if item is None else index[id(item)]

    return ([index[id(h)] for h in para.heads],
            [(at(i.share), at(i.rate), [index[id(p)] for p in i.parts]) for i in items],
            [index[id(h)] for h in para.counted], [index[id(h)] for h in para.closed])


@pytest.mark.parametrize(("text", "expected", "_"), _CASES)
def test_sentences_and_items(text: str, expected: list[tuple], _: tuple) -> None:
    assert _sentences(text) == expected


@pytest.mark.parametrize(("text", "_", "expected"), _CASES)
def test_statements(text: str, _: list[tuple], expected: tuple) -> None:
    assert _groups(text) == expected


def test_items_point_to_their_paragraph_and_the_item_before() -> None:
    text = "全年收入300万元；支出280万元，其中人员经费200万元、公用经费80万元。结余20万元"
    para = read(Piece(text), None)
    for sentence in para.sentences:
        assert all(item.para is para for item in sentence.items)
        assert [item.previous for item in sentence.items] == [None, *sentence.items[:-1]]
