"""PL404 funds-use-claim: "资金已全部拨付使用" while the same report says part of it was not used.

The claim must be about paying or using the money (not its arrival), stated without a limit, and
contradicted by a rate below 100% or unused words about the same fund (or a part of it) for the
same period. The texts are written for these tests.
"""

from __future__ import annotations

from perflint.findings import Finding
from perflint.testing import lint_text

#: A title that names no fund: what the report is about is left to its sentences.
TITLE = "某某县2023年农业农村局项目资金绩效自评报告\n"


def lint(body: str, title: str = TITLE, **kwargs) -> list[Finding]:
    """PL404's findings on a report of `title` and `body`; no input error or crash."""
    findings = lint_text(title + body.strip() + "\n", select=["PL404"], **kwargs)
    assert all(f.code == "PL404" for f in findings), findings
    return findings


PART = "其中良种补贴资金30万元，当年未使用，预算执行率0%。"
PART_UNUSED = f"""\
一、项目基本情况
2023年上级下达我县农业发展资金120万元，用于良种推广和农机补贴。
二、资金使用情况
农业发展资金共计120万元，已全部拨付使用。
三、绩效目标完成情况
{PART}
农机购置补贴资金90万元，预算执行率100%。
"""


def with_part(text: str) -> str:
    """PART_UNUSED with `text` in place of the line about the unused part."""
    return PART_UNUSED.replace(PART, text)


def test_claim_contradicted_by_a_part_named_after_qizhong():
    findings = lint(PART_UNUSED)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.span.line == 5 and finding.span.quote == "已全部拨付使用"
    assert finding.message == "“已全部拨付使用”与第7行“当年未使用，预算执行率0%”矛盾"
    assert [(r.span.line, r.span.quote) for r in finding.related] == [(7, "当年未使用"), (7, "预算执行率0%")]
    # without 其中 nothing ties 良种补贴资金 to the claimed fund
    assert lint(with_part(PART.removeprefix("其中"))) == []


def test_unused_words_alone_contradict():
    body = """\
一、资金使用情况
县级统筹的水利发展资金80万元已全额支付，专款专用。
二、存在的问题
其中小型水库维修养护资金20万元尚未支付，主要是工程验收滞后。
"""
    findings = lint(body)
    assert len(findings) == 1
    assert findings[0].span.quote == "已全额支付"
    # the clause is quoted, so the part it names is seen
    assert [r.span.quote for r in findings[0].related] == ["其中小型水库维修养护资金20万元尚未支付"]


def test_full_rate_is_silent():
    assert lint(PART_UNUSED.replace("当年未使用，预算执行率0%", "预算执行率100%")) == []


def test_arrival_is_not_use():
    body = """\
一、资金到位情况
农业发展资金共计120万元，已全部到位。
二、资金执行情况
农业发展资金预算数120万元，执行数96万元，预算执行率80%。
"""
    assert lint(body) == []
    assert lint(body.replace("已全部到位", "已全部拨付到位")) == []
    assert lint(body.replace("已全部到位", "已全额支付至我局账户")) == []  # paid to the unit: arrived
    assert len(lint(body.replace("已全部到位", "已全部拨付使用"))) == 1


def test_negated_or_limited_claims_are_silent():
    claim = "农业发展资金共计120万元，已全部拨付使用"
    for limited in ("除良种补贴资金外，农业发展资金已全部拨付使用",
                    "农业发展资金共计120万元，尚未全部拨付使用",
                    "农业发展资金共计120万元，已基本拨付使用",
                    "农业发展资金共计120万元，是否已全部拨付使用有待核实"):
        assert lint(PART_UNUSED.replace(claim, limited)) == [], limited
    # the limit is what silences the last one
    options = {"PL404": {"limit_words": []}}
    assert len(lint(PART_UNUSED.replace(claim, "农业发展资金共计120万元，是否已全部拨付使用有待核实"),
                    rule_options=options)) == 1


def test_exception_stated_in_the_claims_sentence_is_silent():
    body = PART_UNUSED.replace(
        "农业发展资金共计120万元，已全部拨付使用。",
        "农业发展资金共计120万元，已全部拨付使用，但其中良种补贴资金因招标延期尚未支付。")
    findings = lint(body)
    assert len(findings) == 1  # the later 0% still contradicts; the 但… exception does not
    assert all(r.span.line == 7 for r in findings[0].related)


def test_claim_about_one_fund_and_a_low_rate_of_another():
    body = """\
一、资金使用情况
农业发展资金共计120万元，已全部拨付使用。
水利发展资金共计50万元，预算执行率60%，剩余资金已结转下年使用。
"""
    assert lint(body) == []
    # a rate of the unit's money as a whole is not the named fund's either
    assert lint(body.replace("水利发展资金共计50万元，预算执行率60%，剩余资金已结转下年使用。",
                             "全年预算执行率95%。")) == []


def test_claim_naming_no_fund_among_several_funds_is_silent():
    body = """\
一、资金使用情况
农业发展资金120万元，预算执行率100%。
水利发展资金50万元，预算执行率60%。
二、资金管理情况
资金已全部拨付使用，无挤占挪用。
"""
    assert lint(body) == []
    # the same claim in a report on one fund is about that fund
    single = body.replace("农业发展资金120万元，预算执行率100%。\n", "")
    findings = lint(single)
    assert len(findings) == 1
    assert findings[0].message == "“已全部拨付使用”与第3行“预算执行率60%”矛盾"


def test_title_names_the_fund_so_every_part_is_covered():
    body = """\
一、资金使用情况
畜牧发展资金共 80 万元，已全面拨付使用。
二、绩效目标完成情况
动物防疫补助资金全年共10万元，当年未使用，预算执行率0%。
"""
    assert lint(body) == []  # two funds side by side: the text does not tie them together
    title = "某某县2023年畜牧业发展资金绩效自评报告\n"
    findings = lint(body, title=title)
    assert len(findings) == 1
    assert findings[0].span.quote == "已全面拨付使用"
    # a title naming both funds does not make one a part of the other
    assert lint(body, title="某某县2023年畜牧业发展资金和动物防疫补助资金绩效自评报告\n") == []


def test_no_rates_is_silent():
    body = """\
一、资金使用情况
农业发展资金共计120万元，已全部拨付使用。
二、绩效目标完成情况
完成良种推广面积5000亩，发放农机购置补贴210户。
"""
    assert lint(body) == []


def test_rate_of_another_period_is_silent():
    for rate in ("截至6月底，农业发展资金预算执行率为40%。",
                 "上半年农业发展资金预算执行率45%。",
                 "2022年农业发展资金预算执行率85%。"):
        assert lint(with_part(rate)) == [], rate


def test_surplus_of_this_year_contradicts_and_carry_over_does_not():
    findings = lint(with_part("农业发展资金年末结余12.5万元。"))
    assert len(findings) == 1
    assert findings[0].related[0].span.quote == "农业发展资金年末结余12.5万元"
    for text in ("农业发展资金无结余。", "农业发展资金收入中，年初结转和结余12.5万元。",
                 "农业发展资金结余0万元。"):
        assert lint(with_part(text)) == [], text


def test_unused_words_about_something_else_are_silent():
    for text in ("本项目无未拨付资金。", "农业发展资金未使用于楼堂馆所建设。"):
        assert lint(with_part(text)) == [], text


def test_claim_phrases_are_an_option():
    body = PART_UNUSED.replace("已全部拨付使用", "已足额兑付到户")
    assert lint(body) == []
    options = {"PL404": {"claim_phrases": ["已足额兑付到户"]}}
    assert len(lint(body, rule_options=options)) == 1


def test_english_message():
    findings = lint(PART_UNUSED, lang="en")
    assert findings[0].message == ("“已全部拨付使用” says the funds were paid or used in full, but "
                                   "line 7 “当年未使用，预算执行率0%” says otherwise")
