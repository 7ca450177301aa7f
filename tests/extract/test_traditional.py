"""Traditional-character mirror copies and mirror-site pinyin doubling (perflint.extract.script):
read as simplified text, spans on the original text."""

from __future__ import annotations

import pytest

from perflint.extract import extract_report, text_document
from perflint.extract import script as script_module
from perflint.extract.script import is_traditional, normalize_script, strip_pinyin
from perflint.testing import lint_text

#: A department report with a planted execution rate: 1000 ÷ 1250 = 80%, stated 85%.
SIMPLIFIED = """\
松溪县水利局2024年度部门整体支出绩效自评报告
一、部门基本情况
松溪县水利局是县政府工作部门，内设机构5个，下属事业单位2个。
二、部门整体支出情况
2024年全年预算数1,250.00万元，全年执行数1,000.00万元，预算执行率为85.00%。
其中基本支出800.00万元，项目支出200.00万元。
三、绩效目标完成情况
全年完成农村饮水安全巩固提升工程12处，受益群众3.2万人。
四、存在的问题及改进措施
部分项目前期工作准备不足，资金拨付进度偏慢。
五、自评结论
经自评，部门整体支出绩效自评得分92分，等级为优。
"""

#: The same report as a traditional-character mirror copy.
TRADITIONAL = """\
松溪縣水利局2024年度部門整體支出績效自評報告
一、部門基本情況
松溪縣水利局是縣政府工作部門，內設機構5個，下屬事業單位2個。
二、部門整體支出情況
2024年全年預算數1,250.00萬元，全年執行數1,000.00萬元，預算執行率爲85.00%。
其中基本支出800.00萬元，項目支出200.00萬元。
三、績效目標完成情況
全年完成農村飲水安全鞏固提升工程12處，受益群衆3.2萬人。
四、存在的問題及改進措施
部分項目前期工作準備不足，資金撥付進度偏慢。
五、自評結論
經自評，部門整體支出績效自評得分92分，等級爲優。
"""

#: The traditional copy as a mirror site serves it, with pinyin after some characters.
PINYIN = (TRADITIONAL
          .replace("全年預算數", "全年預(yù)算數(shù)")
          .replace("執行率", "執(zhí)行率")
          .replace("項目支出", "項(xiàng)目支出")
          .replace("撥付", "撥（bō）付"))


def _rate_finding(text: str):
    [finding] = [f for f in lint_text(text, select=["PL103"])]
    return finding


def _position(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_traditional_report_gives_the_simplified_twins_finding_quoting_the_original():
    simplified, traditional = _rate_finding(SIMPLIFIED), _rate_finding(TRADITIONAL)
    assert (traditional.code, traditional.expected, traditional.stated) == \
        (simplified.code, simplified.expected, simplified.stated) == ("PL103", "80.00%", "85.00%")
    assert traditional.message == simplified.message
    assert (traditional.span.line, traditional.span.column) == _position(TRADITIONAL, "85.00%")
    quotes = {r.span.quote: (r.span.line, r.span.column) for r in traditional.related}
    assert quotes == {"1,000.00萬元": _position(TRADITIONAL, "1,000.00萬元"),
                      "1,250.00萬元": _position(TRADITIONAL, "1,250.00萬元")}


def test_heading_quotes_stay_traditional():
    heading = [f for f in lint_text(TRADITIONAL) if f.span and f.span.line == 9]
    assert heading and all(f.span.quote == "四、存在的問題及改進措施" for f in heading)


def test_kind_detection_on_the_traditional_twin():
    simplified = extract_report(text_document(SIMPLIFIED))
    traditional = extract_report(text_document(TRADITIONAL))
    assert traditional.kind == simplified.kind == "department-report"
    assert traditional.source_text == TRADITIONAL  # the report's source stays as written


def test_pinyin_doubling_is_removed_and_spans_point_at_the_original():
    finding = _rate_finding(PINYIN)
    assert (finding.code, finding.expected, finding.stated) == ("PL103", "80.00%", "85.00%")
    assert (finding.span.line, finding.span.column) == _position(PINYIN, "85.00%")
    assert finding.span.quote == "85.00%"
    quotes = {r.span.quote: (r.span.line, r.span.column) for r in finding.related}
    assert quotes["1,250.00萬元"] == _position(PINYIN, "1,250.00萬元")


def test_pinyin_pieces_map_every_character_back():
    document = text_document(PINYIN)
    [piece] = [p.piece for p in document.paragraphs() if "基本支出" in p.text]
    assert piece.text == "其中基本支出800.00万元，项目支出200.00万元。"
    span = piece.span()
    assert span.quote == "其中基本支出800.00萬元，項(xiàng)目支出200.00萬元。"
    start = piece.text.index("项目支出")
    inner = piece.span(start, start + 4)
    assert inner.quote == "項(xiàng)目支出"
    assert (inner.line, inner.column) == _position(PINYIN, "項(xiàng)目支出")


def test_strip_pinyin_map():
    text = "項(xiàng)目發(fā)布（yè）業 (GDP) 中(zhong1)社會(huì )"
    normalized = strip_pinyin(text)
    assert normalized.text == "項目發布業 (GDP) 中社會"
    assert all(text[normalized.source_offset(i)] == char for i, char in enumerate(normalized.text))
    # past the end: just after the last kept character (a span ending there leaves `(huì )` out)
    assert normalized.source_offset(len(normalized.text)) == text.index("會") + 1


@pytest.mark.parametrize("text", ["(xiàng)項目", "A(fā)", "項目(GDP)", "項目（附件1）", "項目(a)"])
def test_brackets_that_are_not_pinyin_doubling_stay(text):
    assert strip_pinyin(text).text == text


def test_traditional_conversion_keeps_every_character_in_place():
    normalized = normalize_script(TRADITIONAL)
    assert normalized.converted and normalized.offsets is None
    assert len(normalized.text) == len(TRADITIONAL)
    assert "预算执行率为85.00%" in normalized.text and "部门整体支出绩效自评报告" in normalized.text


def test_simplified_text_is_returned_unchanged_without_conversion(monkeypatch):
    def refuse() -> None:
        raise AssertionError("OpenCC invoked on a simplified text")

    monkeypatch.setattr(script_module, "_converter", refuse)
    normalized = normalize_script(SIMPLIFIED)
    assert normalized.text is SIMPLIFIED and normalized.offsets is None and not normalized.converted
    document = text_document(SIMPLIFIED)
    assert document.source is not None and document.source.text is SIMPLIFIED
    assert all(p.piece.offsets is None for p in document.paragraphs())


def test_a_few_traditional_names_in_a_simplified_report_are_not_converted():
    text = SIMPLIFIED + "附件：《臺灣地區經費預算說明》\n"
    assert not is_traditional(text)
    assert normalize_script(text).text is text
