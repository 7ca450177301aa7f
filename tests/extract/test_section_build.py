"""A report's sections built in one go (`located.section`) are the sections the plain way builds:
a validated `Section` with `piece_text` as its heading, the heading piece's own span and the
paragraphs joined by `joined_text` as its body; and a section's nearest named organization is the
one found by walking up its headings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.document import Paragraph, Piece, TextSource
from perflint.extract import extract_text
from perflint.extract.headings import Heading
from perflint.extract.located import joined_text, section
from perflint.extract.sections import SectionNode
from perflint.extract.textdoc import text_document
from perflint.model import Section, Text

_PAD = st.sampled_from(["", " ", "  ", "\u3000", "\t"])
_WORDS = st.sampled_from(["一、部门概况", "（二）预算执行情况", "区政数局本级", "资产总额1200万元",
                          "其中流动资产800万元", "群众满意度达98%", ""])


def _plain(heading: Piece, level: int, paragraphs: list[Paragraph], role: str | None) -> Section:
    """The section as validating its values gives it."""
    stripped = heading.text.strip()
    lead = len(heading.text) - len(heading.text.lstrip())
    span = heading.span(lead, lead + len(stripped)) if stripped else None
    return Section(heading=Text(text=stripped, span=span), level=level, span=heading.span(),
                   body=joined_text([p.piece for p in paragraphs]), role=role)


def _same(built: Section, plain: Section) -> None:
    assert built == plain
    assert built.model_fields_set == plain.model_fields_set
    assert built.heading.model_fields_set == plain.heading.model_fields_set
    assert built.span == plain.span
    assert (built.body is None) == (plain.body is None)


def _source_pieces(lines: list[str]) -> tuple[TextSource, list[Piece]]:
    text = "\n".join(lines)
    source = TextSource(text)
    pieces, start = [], 0
    for line in lines:
        pieces.append(Piece(line, source=source, start=start))
        start += len(line) + 1
    return source, pieces


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PAD, _WORDS, _PAD), min_size=1, max_size=8), st.integers(1, 4),
       st.sampled_from([None, "outputs", "problems"]))
def test_text_file_sections_equal_plain_ones(rows, level, role) -> None:
    _, pieces = _source_pieces([a + w + b for a, w, b in rows])
    heading, *body = pieces
    paragraphs = [Paragraph(piece) for piece in body]
    _same(section(heading, level, paragraphs, role), _plain(heading, level, paragraphs, role))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PAD, _WORDS, _PAD), min_size=1, max_size=6), st.integers(1, 4))
def test_office_and_normalized_sections_equal_plain_ones(rows, level) -> None:
    """Office pieces (block number and place, no source) and normalized pieces (an offset per
    character) take the general path, with the same result."""
    office = [Piece(a + w + b, line=i + 1, location=f"第{i + 1}段") for i, (a, w, b) in enumerate(rows)]
    source, verbatim = _source_pieces([a + w + b for a, w, b in rows])
    normalized = [Piece(p.text, source=source, offsets=list(range(p.start, p.start + len(p.text))))
                  for p in verbatim]
    for pieces in (office, normalized):
        heading, *body = pieces
        paragraphs = [Paragraph(piece) for piece in body]
        _same(section(heading, level, paragraphs, None), _plain(heading, level, paragraphs, None))


def test_body_keeps_the_blank_lines_between_its_paragraphs() -> None:
    _, pieces = _source_pieces(["一、部门概况", "", "区政数局本级资产1200万元。", "",
                                "  其中流动资产800万元。", ""])
    built = section(pieces[0], 1, [Paragraph(p) for p in pieces[1:]], None)
    assert built.body is not None
    assert built.body.text == "区政数局本级资产1200万元。\n\n  其中流动资产800万元。"
    assert (built.body.span.line, built.body.span.end_line) == (3, 5)
    assert built.span is built.heading.span  # a heading without spaces is its whole piece


def test_sections_of_a_loaded_text_report_equal_plain_ones() -> None:
    document = text_document("2023年度部门整体支出绩效自评报告\n\n一、部门概况\n（一）区政数局本级\n"
                             "  资产总额1200万元，其中流动资产800万元。\n\n二、预算执行情况\n"
                             "全年预算数500万元，执行数450万元，执行率90%。\n")
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    for index, paragraph in enumerate(paragraphs):
        body = paragraphs[index + 1:index + 3]
        _same(section(paragraph.piece, 2, body, "outputs"), _plain(paragraph.piece, 2, body, "outputs"))


def _walked(node: SectionNode | None) -> str | None:
    while node is not None:
        if node.entity:
            return node.entity
        node = node.parent
    return None


def test_named_entity_is_the_nearest_heading_naming_one() -> None:
    def node(text: str, parent: SectionNode | None) -> SectionNode:
        info = Heading(kind="numbered", level=1 if parent is None else parent.level + 1, title_start=0)
        return SectionNode(Paragraph(Piece(text)), info, info.level, parent)

    top = node("区公共资源交易中心（含下属单位）", None)
    middle = node("资产情况", top)
    bottom = node("区政数局本级", middle)
    leaf = node("预算执行", bottom)
    orphan = node("预算执行", None)
    for each in (top, middle, bottom, leaf, orphan):
        assert each.named_entity() == _walked(each)
    assert (middle.named_entity(), leaf.named_entity(), orphan.named_entity()) == (
        "区公共资源交易中心", "区政数局本级", None)


def test_a_figure_belongs_to_the_organization_its_heading_names() -> None:
    """A fact's subject is its sentence's scope, with the organization the nearest heading names
    as its place when the sentence names no place or document."""
    report = extract_text("2023年度部门整体支出绩效自评报告\n一、部门概况\n（一）区政数局本级\n"
                          "本年度完成培训12次，服务群众3500人次。\n1.培训情况\n全年开展讲座4场。\n"
                          "（二）区公共资源交易中心\n本年度完成培训8次。\n2022年甲县完成培训5次。\n"
                          "根据《关于培训的通知》（区政发〔2023〕5号），完成培训6次。\n")
    assert [(fact.value.literal, fact.subject) for fact in report.facts] == [
        ("12次", "区政数局本级"), ("3500人次", "区政数局本级"), ("4场", "区政数局本级"),
        ("8次", "区公共资源交易中心"), ("5次", "2022年·甲县"), ("6次", "〔2023〕5号")]
