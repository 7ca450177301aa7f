"""A document's figures found in one scan give each paragraph what scanning it alone gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.document import Paragraph
from perflint.extract.figures import scan, scan_each
from perflint.extract.keyvalue import statement_pieces
from perflint.extract.textdoc import load_text_document, text_document
from perflint.testing import default_host

ROOT = Path(__file__).resolve().parents[2]
#: Characters that make figures, dates, comparators and units meet across a paragraph's end.
_PIECES = st.text(alphabet="0123456789.,，%年月日度不少于低大小控超高过≥≤<>=万元人次个项目以上内"
                           " \u3000\x00其中：", max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=6))
def test_scan_each_is_a_scan_of_each_text(texts: list[str]) -> None:
    assert scan_each(texts) == [scan(text) for text in texts]


@pytest.mark.parametrize("texts", [
    ["预算2022", "年度执行100", "万元共1，234", "万元", "不少于", "24次", "", "１２３％"],
    ["2021.5", "万元 ", " 5人", "3个", "项目", "执行率为98.5%以上"],
    [],
    [""],
])
def test_scan_each_at_paragraph_ends(texts: list[str]) -> None:
    """A unit, a date's year or a comparator on the next paragraph belongs to no figure here."""
    assert scan_each(texts) == [scan(text) for text in texts]


@pytest.mark.parametrize("name", ["tests/extract/data/narrative_report.txt",
                                  "tests/extract/data/table_report.txt"])
def test_scan_each_on_reports(name: str) -> None:
    paragraphs = [b.text for b in load_text_document(ROOT / name).blocks if isinstance(b, Paragraph)]
    found = scan_each(paragraphs)
    assert found == [scan(text) for text in paragraphs]
    assert sum(map(len, found)) > 10


def test_label_value_lines_read_with_the_document_figures() -> None:
    """`statement_pieces` given the paragraphs' figures joins the same blocks as scanning them."""
    text = ("奖励扶助资金(万元)\n年度预算资金总额: 415.60\n其中:中央补助 300.00\n  市级资金 90.60 \n"
            "本级资金 25.00\n其他")
    paragraphs = [b for b in text_document(text).blocks if isinstance(b, Paragraph)]
    figures = scan_each([p.text for p in paragraphs])
    given_figures = [(p, piece.text) for p, piece in statement_pieces(paragraphs, figures)]
    assert given_figures == [(p, piece.text) for p, piece in statement_pieces(paragraphs)]
    assert len(given_figures) == 2


@pytest.mark.parametrize("name", ["tests/extract/data/narrative_report.txt", "fixtures/office/seed_004.docx"])
def test_extraction_unchanged_by_the_shared_scan(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report read with the one-scan table equals the report read scanning paragraph by paragraph."""
    from perflint.extract import assemble

    path = ROOT / name
    shared = default_host().loader_for(path).load(path)
    monkeypatch.setattr(assemble, "scan_each", lambda texts: [None] * len(texts))
    alone = default_host().loader_for(path).load(path)
    assert shared.model_dump_json() == alone.model_dump_json()
