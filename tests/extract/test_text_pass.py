"""The text pass's shortcuts give exactly what the general path gives (issue 18).

- a text without tabs or bars is read line by line without classifying each line for tables;
- a text piece's span is built in one call, location included, equal to the validated Span;
- a flattened table remembers its established width when a row starts instead of recomputing it;
- an indicator node is built without validation, equal to the validated one;
- a table row's cells are tested against a profile's header aliases joined into one expression
  first, and only a cell it matches is tried alias by alias.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.document import Piece, TextSource
from perflint.extract.nodes import indicator
from perflint.extract.tables import _any_column, _columns
from perflint.extract.textdoc import _paragraphs, _Scanner, _TableBuilder
from perflint.model import Indicator, Quantity, Span, Text
from perflint.profiles import builtin_profiles

#: Lines of a report without tables: prose, headings, figures, the spaces `_strip` removes, blank
#: lines and characters it keeps (a carriage return).
_LINE = st.text(alphabet="一、（1）资金执行率95.5%万元。，其中：合计 \u3000\u00a0\f\v\r", max_size=12)
_TEXT = st.lists(_LINE, max_size=12).map("\n".join)


def _shape(block) -> tuple:
    piece = block.piece
    return type(block).__name__, piece.text, piece.start, piece.offsets, piece.source is not None


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_paragraphs_are_the_scanned_lines(text: str) -> None:
    source = TextSource(text)
    assert [_shape(b) for b in _paragraphs(source)] == [_shape(b) for b in _Scanner(source).scan_lines()]


def test_paragraphs_of_a_report_like_text() -> None:
    text = ("\u3000\u3000某某区财政局2023年度部门整体支出绩效自评报告\n\n一、部门基本情况  \n"
            "\u3000\u3000年度预算资金总额: 415.60万元，执行率95.5%。\n\f\n（一）项目资金\n")
    source = TextSource(text)
    assert [_shape(b) for b in _Scanner(source).scan()] == [_shape(b) for b in _Scanner(source).scan_lines()]
    assert [b.piece.span().quote for b in _paragraphs(source)] == [
        "某某区财政局2023年度部门整体支出绩效自评报告", "一、部门基本情况",
        "年度预算资金总额: 415.60万元，执行率95.5%。", "（一）项目资金"]


def _validated(source: TextSource, start: int, end: int, location: str | None) -> Span:
    """The span as the plain path built it: positions by `position`, then validated."""
    line, column = source.position(start)
    end_line, end_column = source.position(end)
    span = Span(line=line, column=column, end_line=end_line, end_column=end_column,
                quote=source.text[start:end], offset=start, end_offset=end)
    return span.model_copy(update={"location": location}) if location else span


def _same(a: Span, b: Span) -> bool:
    return (a == b and a.__dict__ == b.__dict__ and list(a.__dict__) == list(b.__dict__)
            and a.__pydantic_fields_set__ == b.__pydantic_fields_set__)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data(), st.sampled_from([None, "", "第3段", "表1 第2行第3列"]))
def test_piece_spans_are_validated_spans(text: str, data: st.DataObject, location: str | None) -> None:
    source = TextSource(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    verbatim = Piece(text[start:end], source=source, start=start, location=location)
    sub_start = data.draw(st.integers(0, end - start))
    sub_end = data.draw(st.integers(sub_start, end - start))
    expected_end = start + sub_end if sub_end > sub_start else start + sub_start
    expected = _validated(source, start + sub_start, expected_end, location)
    assert _same(verbatim.span(sub_start, sub_end), expected)
    mapped = Piece(text[start:end], source=source, start=start, offsets=list(range(start, end)),
                   location=location)
    assert _same(mapped.span(sub_start, sub_end), verbatim.span(sub_start, sub_end))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=10))
def test_established_width_is_that_of_the_two_rows_before(widths: list[int]) -> None:
    table = _TableBuilder(tsv=False)
    for width in widths:
        table.new_row()
        for column in range(width):
            rows = table.rows
            previous = len(rows[-2]) if len(rows) >= 3 else 0
            expected = previous if previous > 1 and previous == len(rows[-3]) else None
            assert table.width == expected
            table.rows[-1].append((str(column), column))


def _same_model(a, b) -> bool:
    return (type(a) is type(b) and a == b and list(a.__dict__) == list(b.__dict__)
            and a.__pydantic_fields_set__ == b.__pydantic_fields_set__
            and a.__pydantic_extra__ == b.__pydantic_extra__
            and a.__pydantic_private__ == b.__pydantic_private__)


def test_indicator_nodes_are_validated_indicators() -> None:
    source = TextSource("数量指标（指标分数27分）\n提供地图服务次数24次")
    name = Text(text="数量指标", span=source.span(0, 4))
    target = Quantity(literal="24次", value=24, unit="次", span=source.span(22, 25))
    for level in (1, 2, 3):
        assert _same_model(indicator(name, level), Indicator(name=name, level=level))
    assert _same_model(indicator(name, 3, span=source.span(0, 13)),
                       Indicator(name=name, level=3, span=source.span(0, 13)))
    assert _same_model(indicator(name, 3, target=target), Indicator(name=name, level=3, target=target))
    built, validated = indicator(name, 2), Indicator(name=name, level=2)
    built.weight = validated.weight = target  # the readers set values after building
    assert _same_model(built, validated)
    assert built.children is not indicator(name, 2).children


def _columns_one_by_one(texts: list[str], patterns) -> dict[str, int]:
    """A header row's columns as the aliases are tried one by one (no joined pretest)."""
    found: dict[str, int] = {}
    for index, text in enumerate(texts):
        for key, pattern in patterns:
            if text and key not in found and pattern.search(text):
                found[key] = index
                break
    return found


def test_joined_header_aliases_find_the_columns_each_alias_finds() -> None:
    """Every profile's header aliases, joined, answer as they do one by one, on header rows made
    of the aliases' own wordings and on data rows (figures, names, `-`)."""
    words = ["一级指标", "二级指标", "三级指标", "分值", "权重", "得分", "年度指标值", "全年实际完成值",
             "偏差原因分析及改进措施", "年初预算数", "全年预算数(A)", "全年执行数(B)", "执行率(B/A)",
             "序号", "预算单位", "自评分数", "复核分数", "项目资金（万元）", "合计", "年度资金总额：",
             "其中：当年财政拨款", "640", "83.39%", "-", "", "赣州市定南县民政局", "≥95%", "产出指标"]
    rows = [words[i:i + 7] for i in range(0, len(words), 3)] + [words]
    profiles = builtin_profiles()
    joined = 0
    for profile in profiles.profiles.values():
        for patterns in profile.compiled_columns.values():
            joined += _any_column(patterns) is not None
            for row in rows:
                assert _columns(row, patterns) == _columns_one_by_one(row, patterns)
    assert joined  # the built-in aliases can be joined


def test_aliases_that_cannot_be_joined_are_tried_one_by_one() -> None:
    backreference = (("a", re.compile(r"(预算)\1")), ("b", re.compile("执行")))
    flags = (("a", re.compile("a", re.IGNORECASE)), ("b", re.compile("b")))
    assert _any_column(backreference) is None and _any_column(flags) is None
    assert _columns(["预算预算", "执行"], backreference) == {"a": 0, "b": 1}
    assert _columns(["A", "b"], flags) == {"a": 0, "b": 1}
