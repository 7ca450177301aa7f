"""PL311 weight-note on invented 项目支出绩效自评表 texts: first-level weights against the form's note.

The base table (a township's irrigation project) gives its 一级 rows their own 分值; each test
changes the weights, the note or the layout (pipe-separated, tab-separated, cells run together).
"""

from __future__ import annotations

import pytest

from perflint.testing import lint_text

NOTE = ("注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、"
        "预算资金执行率10分。\n2.各项指标得分不得超过该指标分值。")

HEAD = [
    ["项目支出绩效自评表"],
    ["（2023年度）"],
    ["项目名称", "柳塘镇小型灌区渠系维护项目"],
    ["主管部门", "柳塘镇人民政府", "实施单位", "柳塘镇水务站"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
]
FUNDS = ["", "年度资金总额", "80.00", "80.00", "76.00", "{funds}", "95.00%", "{funds_score}"]
FUNDS_SOURCES = ["", "其中：当年财政拨款", "80.00", "80.00", "76.00", "—", "—", "—"]
INDICATORS = [
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    ["", "产出指标", "", "", "", "", "{output}", "{output}", ""],
    ["", "", "数量指标", "清淤渠道长度", "≥8公里", "8.4公里", "{quantity}", "{quantity}", ""],
    ["", "", "质量指标", "渠道过水能力达标率", "≥95%", "97%", "20", "20", ""],
    ["", "", "时效指标", "灌溉期前完工率", "100%", "100%", "10", "10", ""],
    ["", "效益指标", "", "", "", "", "{benefit}", "{benefit}", ""],
    ["", "", "社会效益指标", "改善灌溉面积", "≥1500亩", "1620亩", "{benefit}", "{benefit}", ""],
    ["", "满意度指标", "", "", "", "", "10", "10", ""],
    ["", "", "服务对象满意度指标", "用水户满意度", "≥90%", "94%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "99.5", ""],
]


def table(*, output: int = 50, benefit: int = 30, separator: str = " | ", funds: bool = True,
          funds_weight: str = "10", note: str | None = NOTE) -> str:
    """The base 自评表 in text form, cells joined by `separator`, with the given 一级 weights."""
    values = {"output": output, "quantity": output - 30, "benefit": benefit,
              "funds": funds_weight, "funds_score": "9.5" if funds_weight == "10" else "4.75"}
    rows = HEAD + ([FUNDS, FUNDS_SOURCES] if funds else []) + INDICATORS
    lines = [separator.join(cell.format(**values) for cell in row).strip(" ") for row in rows]
    if note is not None:
        lines.append(note)
    return "\n".join(lines) + "\n"


RUN_TOGETHER = (
    "附件：2023年度渔港码头维修项目绩效自评表项目名称渔港码头维修项目主管部门海湾镇人民政府"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
    "产出指标(60分)数量指标维修码头泊位数20≥4个5个20质量指标验收合格率20100%100%20时效指标"
    "按期完工率20100%100%20效益指标(20分)社会效益指标(10分)渔船停靠安全保障10显著提升显著提升10"
    "生态效益指标港池水质改善10有所改善有所改善10满意度指标(10分)服务对象满意度指标渔民满意度"
    "10≥90%≥90%10总分100100注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、"
    "预算资金执行率10分,三级指标分值由各单位确定。\n"
)


def pl311(text: str, **kwargs) -> list:
    return lint_text(text, select=["PL311"], **kwargs)


@pytest.mark.parametrize("separator", [" | ", "\t"], ids=["pipes", "tabs"])
def test_table_weights_that_contradict_the_note_are_reported(separator: str) -> None:
    findings = pl311(table(output=60, benefit=20, separator=separator))
    assert [f.message for f in findings] == [
        "表注规定产出指标分值为50分，但表中产出指标为60分",
        "表注规定效益指标分值为30分，但表中效益指标为20分",
    ]
    assert all(f.severity == "warning" for f in findings)
    output = findings[0]
    assert output.span.quote == "60"
    assert output.expected == "50分" and output.stated == "60分"
    assert [r.span.quote for r in output.related] == ["50分"]
    assert output.related[0].span.line == table().count("\n") - 1  # the note, under the table


@pytest.mark.parametrize("separator", [" | ", "\t"], ids=["pipes", "tabs"])
def test_table_that_agrees_with_the_note_is_silent(separator: str) -> None:
    assert pl311(table(separator=separator)) == []


def test_run_together_table_text_is_read_without_the_notes_own_figures() -> None:
    findings = pl311(RUN_TOGETHER)
    assert [f.message for f in findings] == [
        "表注规定产出指标分值为50分，但报告写作“产出指标(60分)”",
        "表注规定效益指标分值为30分，但报告写作“效益指标(20分)”",
    ]
    quotes = [(f.span.quote, f.related[0].span.quote) for f in findings]
    assert quotes == [("60分", "50分"), ("20分", "30分")]
    # 社会效益指标(10分) is a second-level row, not 效益指标: no finding says 10
    assert not any("10分”" in f.message for f in findings)


def test_without_the_note_nothing_is_reported() -> None:
    assert pl311(table(output=60, benefit=20, note=None)) == []
    assert pl311(RUN_TOGETHER.split("注:")[0] + "\n") == []


def test_service_recipient_satisfaction_in_the_note_is_the_tables_satisfaction() -> None:
    text = ("产出指标（50分）\n效益指标（30分）\n满意度指标（10分）\n"
            "注：一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分。\n")
    assert pl311(text) == []
    findings = pl311(text.replace("满意度指标（10分）", "满意度指标（15分）"))
    assert [f.message for f in findings] == [
        "表注规定服务对象满意度指标分值为10分，但报告写作“满意度指标（15分）”"]


def test_funds_item_without_a_funds_row_is_silent() -> None:
    assert pl311(table(funds=False)) == []


def test_funds_row_weight_that_contradicts_the_note_is_reported() -> None:
    findings = pl311(table(funds_weight="5"))
    assert [f.message for f in findings] == ["表注规定预算资金执行率分值为10分，但年度资金总额行分值为5分"]
    assert findings[0].span.quote == "5"


def test_semicolons_and_percent_weights_in_the_note() -> None:
    note = "注：一级指标权重统一设置为：产出指标50%；效益指标30%；服务对象满意度指标10%；预算执行率10%。"
    findings = pl311(table(output=60, benefit=20, note=note))
    assert [f.stated for f in findings] == ["60分", "20分"]
    assert [f.expected for f in findings] == ["50%", "30%"]


def test_heading_and_table_stating_the_same_weight_make_one_finding() -> None:
    text = ("南坪村2023年度人居环境整治项目支出绩效自评报告\n"
            "一、绩效目标完成情况\n"
            "产出指标（40分）：完成村道硬化2.1公里。\n"
            "效益指标（30分）：受益群众1200人。\n"
            "二、存在的问题\n"
            "部分路段排水沟尚未配套。\n"
            "附件：项目支出绩效自评表\n"
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
            "| 产出指标（40分） | 数量指标 | 村道硬化长度 | ≥2公里 | 2.1公里 | 40 | 40\n"
            "注：一级指标分值统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、预算资金执行率10分。\n")
    findings = pl311(text)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message == "表注规定产出指标分值为50分，但表中产出指标为40分"
    assert finding.span.line == 9
    assert sorted(r.span.line for r in finding.related) == [3, 10]


def test_a_phrase_without_a_list_prescribes_nothing() -> None:
    note = "注：一级指标分值统一设置为准，具体见评价办法。"
    assert pl311(table(output=60, benefit=20, note=note)) == []


def test_english_messages() -> None:
    findings = pl311(table(output=60, benefit=20), lang="en")
    assert findings[0].message == "the form's note sets 产出指标 at 50分, but the table gives 产出指标 60分"
