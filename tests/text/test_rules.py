"""Each PL6xx report rule fires on a broken case and stays silent on a correct one.

Cases that need a region's template paragraphs or stock phrases (taken from Jiangxi reports, so
shipped with the perflint-jiangxi plugin) run under its `jiangxi` ruleset."""

# ruff: noqa: E501  (report text is quoted whole, as it appears in the reports; CJK counts double)

from perflint.testing import codes, lint_yaml, prepared


def report(*sections: tuple[str, str], indicators: str = "") -> str:
    """A normalized report with the given (heading, body) sections; bodies as literal blocks."""
    lines = ["perflint: 1", "year: 2022", "unit: {name: 某某区某某局}", "sections:"]
    for heading, body in sections:
        lines += [f"  - heading: {heading}", "    body: |-"]
        lines += [f"      {line}" if line else "" for line in body.split("\n")]
    return "\n".join(lines) + "\n" + indicators


def only(code: str, text: str, **kwargs):
    return [f for f in lint_yaml(text, select=[code], **kwargs) if f.code == code]


def with_ruleset(ruleset: str, code: str, **options) -> dict:
    """`rule_options` that add `options` to what the ruleset sets for `code` (lint_yaml's
    rule_options replace a rule's ruleset options as a whole)."""
    return {code: {**prepared(ruleset)[1].rule_options.get(code, {}), **options}}


# --- PL601 empty-content ------------------------------------------------------------------------

def test_empty_problem_section_is_reported():
    found = only("PL601", report(("（一）主要问题及原因分析", "无。"), ("（二）改进的方向和具体措施", "暂无")))
    assert len(found) == 2
    assert "只写了“无。”" in found[0].message and found[0].span.quote == "无。"


def test_real_problem_text_and_other_sections_saying_none_are_fine():
    assert not only("PL601", report(("主要问题及原因分析", "档案数字化完成率82%，低于年度指标值90%，原因是扫描设备故障。"),
                                    ("其他需要说明的情况", "无")))


# --- PL602 template-phrase ----------------------------------------------------------------------

def test_stock_phrase_in_a_paragraph_without_evidence_quotes_the_sentence():
    text = report(("社会效益指标", "通过该项目的实施，有效的为不动产窗口提供信息化支撑。2022年我局整体支出社会效益指标均按年度绩效指标完成。"))
    (finding,) = only("PL602", text)
    assert finding.severity == "info"
    assert finding.span.quote == "2022年我局整体支出社会效益指标均按年度绩效指标完成。"
    assert "均按年度绩效指标完成" in finding.message and "按年度绩效指标完成”“" not in finding.message


def test_stock_phrase_next_to_figures_is_fine():
    text = report(("时效指标", "机房运维服务响应时限在2小时以内，地图服务提供周期为3天。2022年我局整体支出时效指标均按年度绩效指标完成。"))
    assert not only("PL602", text)


def test_stock_phrase_as_heading_and_as_indicator_value():
    indicators = """indicators:
  - name: 效益指标
    level: 1
    children:
      - {name: 群众获得感, level: 3, target: "效果明显", actual: "达成预期指标"}
      - {name: 事项办结率, level: 3, target: "100%", actual: "100%"}
"""
    text = report(("缺乏正确的绩效管理理念", "在传统管理理念的约束下仍重编制轻绩效。"), indicators=indicators)
    messages = [f.message for f in only("PL602", text, ruleset="jiangxi")]
    assert any("标题是套话“缺乏正确的绩效管理理念”" in m for m in messages)
    assert any("全年完成值是套话“达成预期指标”" in m for m in messages)
    assert not any("效果明显" in m for m in messages)  # a vague target is PL603's
    assert codes(only("PL603", text)) == ["PL603"]


def test_phrase_list_can_be_extended_by_options():
    text = report(("社会效益", "工作取得了长足进步。"))
    assert not only("PL602", text)
    assert only("PL602", text, rule_options={"PL602": {"extra_phrases": ["长足进步"]}})


# --- PL603 vague-target -------------------------------------------------------------------------

INDICATORS = """indicators:
  - name: 效益指标
    level: 1
    children:
      - {{name: 群众办事便利度, level: 3, target: "{target}", actual: "{actual}"}}
"""


def test_vague_target_is_reported():
    (finding,) = only("PL603", report(("社会效益", "略。"), indicators=INDICATORS.format(target="明显提高", actual="提高")))
    assert finding.span.quote == '"明显提高"'
    assert "“明显”“提高”" in finding.message or "“明显提高”" in finding.message


def test_measurable_and_yes_no_targets_are_fine():
    for target in ("≥90%", "不少于24次", "是", "按时完成"):
        assert not only("PL603", report(("社会效益", "略。"), indicators=INDICATORS.format(target=target, actual="是")))


# --- PL604 low-specificity ----------------------------------------------------------------------

GENERIC = ("缺乏正确的绩效管理理念。在传统管理理念的约束下仍将预算编制作为重点。\n"
           "预算编制和实际执行存在差异，不仅损害预算的严肃性，而且给预算绩效评价带来困难。")
SPECIFIC = ("档案数字化完成率82%，低于年度指标值90%。原因是2022年6月扫描设备故障停机45天。\n"
            "《东湖区数字档案馆建设方案》推迟至2023年3月批复。")


def test_problems_without_evidence_are_reported_with_the_share():
    (finding,) = only("PL604", report(("主要问题及原因分析", GENERIC)))
    assert "3句中仅0句" in finding.message and "（0%，低于30%）" in finding.message
    assert finding.span.quote == "主要问题及原因分析"


def test_problems_with_figures_dates_and_documents_are_fine():
    assert not only("PL604", report(("主要问题及原因分析", SPECIFIC)))


def test_subsections_count_for_their_evidence_section_and_floor_is_an_option():
    text = """perflint: 1
sections:
  - {heading: 履职效果情况, level: 2}
  - heading: 社会效益指标
    level: 3
    body: 有效促进了政务服务高质量发展。群众办事更加便捷。社会效益指标均按年度绩效指标完成。
  - heading: 生态效益指标
    level: 3
    body: 完成年度补充耕地利用率为0%。
  - {heading: 社会满意度, level: 2, body: 经抽样调查，满意度为95%。}
"""
    (finding,) = only("PL604", text)
    assert finding.span.quote == "履职效果情况" and "4句中仅1句" in finding.message and "25%" in finding.message
    assert not only("PL604", text, rule_options={"PL604": {"floor": "0.25"}})


# --- PL605 copy-paste-label ---------------------------------------------------------------------

def test_quality_section_concluding_about_quantity_is_reported():
    body = ("地图服务提供质量合格率100%，档案归档准确率100%。"
            "2022年我中心整体支出质量指标中，除了“耕地验收质量完成率”未达年度绩效指标值，其他数量指标均按年度绩效指标值完成。")
    (finding,) = only("PL605", report(("质量指标（指标分数27分，实际得分24分）", body)))
    assert "“数量指标”" in finding.message
    assert finding.span.quote.startswith("2022年我中心整体支出质量指标中") and finding.related[0].label == "标题"


def test_consistent_or_jointly_named_families_are_fine():
    assert not only("PL605", report(
        ("2、质量指标", "档案归档准确率100%。其他质量指标均按年度绩效指标值完成。"),
        ("数量方面", "办件量239197件。本年度数量指标和质量指标均已完成。"),
        ("社会满意度指标（指标分数5分）", "满意度95%，社会满意度指标按年度绩效指标值完成。"),
        ("履职完成情况：从数量、质量、时效等方面归纳", "质量指标均已完成，其他数量指标均按期完成。")))


# --- PL606 repeated-sentence --------------------------------------------------------------------

def test_repeated_sentence_points_back_at_the_first():
    text = report(
        ("预算绩效管理开展情况", "强化结果运用。一是将绩效评价结果作为以后年度安排预算的依据；"
                                "二是将评价结果按照政府信息公开的方式进行公开，加强社会公众对财政资金使用效益的监督。"),
        ("绩效自评结果拟应用和公开情况", "单位建立了结果应用机制。同时将评价结果按照政府信息公开的方式进行公开，"
                                         "加强社会公众对财政资金使用效益的监督。"))
    (finding,) = only("PL606", text)
    assert finding.span.quote.startswith("同时将评价结果") and finding.span.line == 10
    assert finding.related[0].span.quote.startswith("二是将评价结果") and "第7行" in finding.message


def test_restated_figures_and_short_sentences_are_fine():
    text = report(("供应土地数", "经开区全年共供应土地32宗，其中出让用地7宗，划拨用地25宗。按期完成。"),
                  ("划拨用地占总供应土地比例", "经开区全年共供应土地32宗，其中出让用地7宗，划拨用地25宗。按期完成。"))
    assert not only("PL606", text)


# --- PL609 template-paragraph -------------------------------------------------------------------

def test_known_template_paragraph_is_found_in_another_units_wording():
    body = ("缺乏正确的绩效管理理念\n\n"
            "在传统管理理念的约束下我局仍将预算编制作为预算管理工作开展的主要内容，而未能注意到实际支出与预算存在较大的差距。")
    (finding,) = only("PL609", report(("主要问题及原因分析", body)), ruleset="jiangxi")
    assert "problem-management-concept" in finding.message
    assert finding.span.quote.startswith("在传统管理理念的约束下我局") and finding.span.line == 9


OPENING = ("根据《某某市人民政府关于深化预算绩效管理改革的实施意见》（某政发[2019]8号）和《某某市市级部门整体支出"
           "绩效评价办法》（某财绩[2020]17号）的规定，为强化部门支出责任，提高财政资金配置效率，按照《某某市财政局"
           "关于做好{y}年度部门整体支出绩效自评工作的通知》（某财绩[{z}]3号）的要求，{u}开展了{y}年度部门整体支出"
           "绩效自评，现将自评情况报告如下：")


def test_unit_specific_paragraphs_and_the_prescribed_opening_are_fine():
    opening = OPENING.format(y=2021, z=2022, u="某某区某某局")
    text = report(("2021年度某某区某某局整体支出绩效自评报告", opening), ("主要问题及原因分析", SPECIFIC))
    assert not only("PL609", text, ruleset="jiangxi")
    prescribed = OPENING.format(y=2023, z=2024, u="某某县某某中心")
    options = with_ruleset("jiangxi", "PL609", extra_prescribed=[prescribed])
    assert not only("PL609", text, ruleset="jiangxi", rule_options=options)
    options = with_ruleset("jiangxi", "PL609", extra_templates=[prescribed])  # the same text as a template
    assert codes(only("PL609", text, ruleset="jiangxi", rule_options=options)) == ["PL609"]


def test_rulesets_add_their_own_templates():
    text = report(("改进措施", "坚持问题导向，压实主体责任，确保各项整改措施落地见效，推动工作再上新台阶。"))
    assert not only("PL609", text)
    options = {"PL609": {"extra_templates": ["坚持问题导向，压实主体责任，确保各项整改措施落地见效。"]}}
    assert codes(only("PL609", text, rule_options=options)) == ["PL609"]


# --- every PL6xx rule is documented and bilingual -----------------------------------------------

def test_rules_are_registered_documented_and_bilingual():
    from perflint.testing import default_host

    rules = {code: r.rule for code, r in default_host().rules.items() if code.startswith("PL6")}
    assert sorted(rules) == [f"PL60{i}" for i in range(1, 10)]
    for code, rule in rules.items():
        doc = rule.documentation()
        assert doc.splitlines()[0].startswith(f"{code} {rule.name}: ")
        for section in ("What it checks", "Why it matters", "Options", "Example"):
            assert f"\n{section}\n" in doc, (code, section)
        for key in (rule.messages if "zh" not in rule.messages else {"default": rule.messages}):
            assert rule.message_template(key, "zh") != rule.message_template(key, "en")
        assert rule.severity in ("info", "warning")
        rule.Options()  # defaults validate
