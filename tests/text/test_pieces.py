"""Sentences and paragraphs keep their exact place in the file, whatever the YAML quoting."""

from perflint.loaders.yaml_loader import compose, validate
from perflint.model import Span, Text
from perflint.textmatch import blocks, locate, paragraphs, sentences
from perflint.textmatch.evidence import Evidence, has_figure

YAML = """\
sections:
  - heading: 主要问题
    body: |
      缺乏正确的绩效管理理念

      在传统管理理念的约束下，我单位仍将预算编制作为重点。二是加强“宣传”。
  - heading: 二
    body: "第一句。第二句\\n第三句；第四\\"引号\\"句。"
  - heading: 三
    body: '单''引号。后一句。'
  - heading: 四
    body: 普通文本。第二句。
  - heading: 五
    body: >
      折叠的文本。
      第二行。
"""


def load(source: str):
    return validate(compose(source))


def test_every_sentence_maps_to_its_exact_source_text():
    report = load(YAML)
    checked = 0
    for block in blocks(report)[:4]:
        for piece in sentences(block) + paragraphs(block):
            span = piece.exact_span()
            assert span is not None, piece.text
            assert YAML[span.offset:span.end_offset] == span.quote
            # the quote is the sentence as written in the file (YAML escapes included)
            unescaped = span.quote.replace('\\"', '"').replace("''", "'").replace("\\n", "\n")
            assert unescaped == piece.text
            line = YAML.split("\n")[span.line - 1]
            assert line[span.column - 1:].startswith(span.quote.split("\n")[0])
            checked += 1
    assert checked == 17


def test_sentences_split_at_stops_semicolons_and_lines():
    report = load(YAML)
    block = blocks(report)[0]
    assert [p.text for p in sentences(block)] == [
        "缺乏正确的绩效管理理念", "在传统管理理念的约束下，我单位仍将预算编制作为重点。", "二是加强“宣传”。"]
    assert [p.text for p in paragraphs(block)] == [
        "缺乏正确的绩效管理理念", "在传统管理理念的约束下，我单位仍将预算编制作为重点。二是加强“宣传”。"]
    span = sentences(block)[2].span()
    assert (span.line, span.column, span.quote) == (6, 33, "二是加强“宣传”。")


def test_folded_scalar_maps_what_folding_kept_and_falls_back_across_a_fold():
    report = load(YAML)
    block = blocks(report)[4]
    piece = sentences(block)[1]  # on one source line: the quote holds it as often as the text
    span = piece.exact_span()
    assert (span.line, span.column, span.quote) == (16, 7, "第二行。")
    assert YAML[span.offset:span.end_offset] == "第二行。"
    (across,) = paragraphs(block)  # "折叠的文本。 第二行。": the space is a folded line break
    assert across.exact_span() is None
    assert across.span() == block.text.span


def test_raw_text_offsets_map_directly():
    source = "标题\n\n第一段第一句。第二句。\n"
    body = source[4:16]
    text = Text(text=body, span=Span(line=3, column=1, end_line=3, end_column=13, quote=body, offset=4,
                                     end_offset=16))
    span = locate(text, 7, 11)
    assert (span.line, span.column, span.quote, span.offset) == (3, 8, "第二句。", 11)
    assert source[span.offset:span.end_offset] == "第二句。"


def test_raw_source_without_sections_is_one_block():
    from perflint.model import Report

    report = Report(source_text="第一行。\n第二行。")
    (block,) = blocks(report)
    assert [p.span().line for p in sentences(block)] == [1, 2]


def test_evidence_counts_figures_dates_and_named_projects_but_not_years_or_numbering():
    assert has_figure("面积385.773亩")
    assert has_figure("截至2021年12月31日")
    assert not has_figure("2022年我中心整体支出社会效益指标均按年度绩效指标完成。")
    assert not has_figure("1、单位保障我区项目用地的需求绩效指标未达年度指标值")
    assert not has_figure("（2）土地报批数")
    text = "开展南昌市“国土资源云”建设工程项目，编制《儒乐湖新城田园风光概念景观规划》。"
    evidence = Evidence(text)
    assert evidence.kinds(0, len(text)) == {"project"}
