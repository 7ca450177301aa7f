"""The shortcuts of reading a text report give what the full path gives.

Each stage that can skip its work on most documents (no line opening with `其中`, no paragraph
that can head a space-separated table, a heading or caption answered before) is compared here with
the path it skips, on generated texts in the shapes reports have, so a shortcut that would change
one answer fails.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.document import Paragraph, Piece
from perflint.extract import text_document
from perflint.extract.headings import _detect
from perflint.extract.headings import detect as detect_heading
from perflint.extract.keyvalue import _pieces, statement_pieces
from perflint.extract.spaced import _recovered, recover
from perflint.profiles import builtin_profiles
from perflint.profiles.registry import ProfileSet
from perflint.recognize import MIN_CHINESE_SHARE, NOT_CHINESE, SAMPLE_CHARS, not_a_report

PROFILES = builtin_profiles()
OUTLINE = PROFILES.get("national/department-report").outline_index
COLUMNS = PROFILES.get("national/project-table").compiled_columns

#: Lines in the shapes of a report's: headings, prose, label–value lines, `其中` lists, space-
#: separated budget headers and rows, signatures, dates.
_LINES = st.sampled_from([
    "一、部门（单位）概况", "（二）当年部门（单位）履职总体目标、工作任务", "部门概况", "区公共资源交易中心",
    "1.社会满意度", "（1）供应土地数", "数量指标（指标分数27分，实际得分24分）",
    "五、存在的主要问题及原因分析",
    "2023年度部门整体支出绩效自评报告", "本单位2023年度预算执行率为95.2%，较上年提高3个百分点。",
    "奖励扶助资金(万元)", "年度预算资金总额: 415.60", "其中:中央补助 300.00", "市级资金 90.60",
    "本级资金 25.00", "其中：", " 其中 省级资金 30", "项目资金（万元） 年初预算数 全年预算数 全年执行数",
    "年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分", "年度资金总额: 120 120 96 10 80.00% 8",
    "上年结转资金 - -", "预算 执行 情况", "某某局", "2024年3月15日", "", "注：金额单位为万元",
])


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    document = text_document("\n".join(lines))
    return [block for block in document.blocks if isinstance(block, Paragraph)]


def _texts(pairs) -> list[tuple[str, str]]:
    return [(paragraph.text, piece.text) for paragraph, piece in pairs]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=14))
def test_statement_pieces_skip_only_texts_without_a_qizhong_line(lines: list[str]) -> None:
    paragraphs = _paragraphs(lines)
    assert _texts(statement_pieces(paragraphs)) == _texts(_pieces(paragraphs, None))


def test_a_funds_block_is_still_joined():
    paragraphs = _paragraphs(["年度预算资金总额: 415.60", "其中:中央补助 300.00", "市级资金 90.60"])
    assert [piece.text for _, piece in statement_pieces(paragraphs)] == [
        "年度预算资金总额: 415.60，其中:中央补助 300.00，市级资金 90.60。"]


def _blocks(pairs) -> list[tuple[int, str]]:
    return [(index, type(block).__name__ + ":" + (block.text if isinstance(block, Paragraph) else
                                                  repr([[c.text for c in row] for row in block.rows])))
            for index, block in pairs]


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=14))
def test_spaced_tables_are_recovered_as_without_the_shortcut(lines: list[str]) -> None:
    blocks = text_document("\n".join(lines)).blocks
    columns_at = lambda index: COLUMNS  # noqa: E731
    assert _blocks(recover(blocks, columns_at)) == _blocks(_recovered(blocks, columns_at))


def test_a_spaced_table_is_still_recovered():
    blocks = _paragraphs(["年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分",
                          "年度资金总额: 120 120 96 10 80.00% 8"])
    assert [type(block).__name__ for _, block in recover(blocks, lambda index: COLUMNS)] == ["Table"]


@settings(max_examples=200, deadline=None)
@given(_LINES, st.booleans())
def test_a_remembered_heading_is_the_one_worked_out(text: str, has_next: bool) -> None:
    expected = _detect(text, OUTLINE, has_next)
    assert detect_heading(text, OUTLINE, has_next=has_next) == expected
    assert detect_heading(text, OUTLINE, has_next=has_next) == expected  # answered from memory


def test_the_last_line_is_no_title_even_when_remembered_as_one():
    assert detect_heading("区公共资源交易中心", OUTLINE).kind == "title"
    assert detect_heading("区公共资源交易中心", OUTLINE, has_next=False) is None


def test_detection_answers_alike_with_captions_remembered():
    blocks: list[str | list[list[str]]] = [
        "2022年度部门整体支出自评情况汇总表", [["单位名称", "自评分数", "复核分数"], ["某局", "95", "93"]],
        "部门整体支出绩效自评表", "某局", "一、部门（单位）概况", "预算 执行 情况"]
    remembered = PROFILES.detect(blocks)
    again = PROFILES.detect(blocks)  # every caption that names no kind is known by now
    fresh = ProfileSet(dict(PROFILES.profiles)).detect(blocks)
    for detection in (again, fresh):
        assert (detection.kind, detection.profile, detection.parts, detection.reason) == (
            remembered.kind, remembered.profile, remembered.parts, remembered.reason)


_CHARACTER = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _share_shown(text: str) -> str | None:
    """The share of Chinese characters `not_a_report` reports for a text with report words, counted
    one character at a time; None when the text is Chinese enough."""
    sample = text[:SAMPLE_CHARS]
    chinese = len(_CHARACTER.findall(sample))
    share = chinese / max(1, len(re.findall(r"[^\W\d_]", sample)))
    if chinese >= MIN_CHINESE_SHARE * len(sample) or share >= MIN_CHINESE_SHARE:
        return None
    return f"{share * 100:.0f}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["绩效", "资金", "執行", "budget ", "report, ", "1.5", "。", "，", "㐀",
                                 "豈", "\n", "abcdefghij", "ÄÖü", "x"]), max_size=60))
def test_chinese_is_counted_as_character_by_character(parts: list[str]) -> None:
    text = "预算" + "".join(parts)
    shown = _share_shown(text)
    problem = not_a_report(text)
    assert (None if problem is None else str(problem)) == (
        None if shown is None else NOT_CHINESE[0].format(share=shown))


def _cells(text: str) -> list[Piece]:
    table = next(block for block in text_document(text).blocks if not isinstance(block, Paragraph))
    return [cell.piece for row in table.rows for cell in row]


def test_a_flattened_cell_keeps_its_lines_and_an_empty_cell_its_place():
    text = "表1\n\t\n\t全年\n\n预算数\n\t\n\t100\n\n\t合计\n\t"
    cells = _cells(text)
    assert [piece.text for piece in cells] == ["", "全年\n预算数", "", "100", "合计", ""]
    assert cells[1].span().quote == "全年\n\n预算数"  # both lines and the blank line between
    assert [cells[i].start for i in (0, 2, 5)] == [4, 15, 27]  # an empty cell: right after its tab


def test_an_empty_cell_takes_the_line_that_continues_it():
    text = "表1\n\t\n预算数\n\t100"
    cells = _cells(text)
    assert [(piece.text, piece.start, piece.offsets) for piece in cells] == [
        ("预算数", text.index("预算数"), None), ("100", text.index("100"), None)]
