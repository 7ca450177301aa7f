"""The narrative's lazy steps give what the eager ones gave: scopes worked out when first asked,
sentences of a paragraph without figures split when first asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.document import Paragraph, Piece
from perflint.extract.clauses import NO_SCOPE, _scope_items, sentences
from perflint.extract.narrative import read
from perflint.extract.textdoc import load_text_document

ROOT = Path(__file__).resolve().parents[2]
#: Sentences in the shapes of the reports: years, documents, places, organizations, funds, classes,
#: totals, `其中` lists, thousands separators and sentences with no mention at all.
_TEXTS = [
    "2019年全年执行数为2889.46万元，执行率为83.39%，其中基本支出1710.76万元，执行率为91.60%；"
    "项目支出1178.70万元，执行率为73.79%。",
    "根据财农〔2021〕28号文件，向甲县下达中央财政补助资金1，234万元，分配至乙镇52万元、丙村18万元。",
    "某市甲区数据局2023年预算数800万元，执行数760万元；本单位上年结转30万元，合计830万元。",
    "完成举办活动场次197场；完成执法检查次数136次，满意度不低于95%。",
    "《关于下达2023年农业补贴的通知》下达资金860万元，分为3个项目，其中：甲项目500万元，乙项目360万元。",
    "全县共供应土地32宗，供应收入总金额10.923亿元。其中出让用地7宗，出让金总额10.512亿元。",
    "2021-2023年累计投入资金2,400.5万元，较上年增长5%，当年到位率100%。",
]


def _eager(text: str) -> list[list[tuple]]:
    """The scopes of every item, each sentence's worked out at once by `_scope_items`."""
    found = []
    for sentence in sentences(text):
        if sentence.items:
            scoping = sentence.items[0].scoping
            assert scoping is not None
            _scope_items(scoping.text, scoping.clauses, sentence.items)
        found.append([tuple(item.resolved_scope or NO_SCOPE) for item in sentence.items])
    return found


@pytest.mark.parametrize("text", _TEXTS)
def test_scopes_asked_in_any_order_are_the_eager_ones(text: str) -> None:
    lazily = sentences(text)
    backwards = [[tuple(item.scope) for item in reversed(s.items)][::-1] for s in reversed(lazily)][::-1]
    assert backwards == _eager(text)
    assert all(item.scoping is None for s in lazily for item in s.items)


def test_scopes_on_a_report() -> None:
    texts = [b.text for b in load_text_document(ROOT / "tests/extract/data/narrative_report.txt").blocks
             if isinstance(b, Paragraph)]
    assert [[tuple(i.scope) for i in s.items] for t in texts for s in sentences(t)] \
        == [scopes for t in texts for scopes in _eager(t)]
    assert any(scope != tuple(NO_SCOPE) for t in texts for scopes in _eager(t) for scope in scopes)


@pytest.mark.parametrize("text", ["本中心制定《管理制度》。推进绩效运行监控！\n整体自评结果为“优”",
                                  "", "。。"])
def test_a_paragraph_without_figures_splits_when_asked(text: str) -> None:
    para = read(Piece(text), None, [])
    assert para.split is None
    assert para.sentences == sentences(text, [])
