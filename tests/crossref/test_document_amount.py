"""PL405 document-amount: one allocation document (文号) cited with two different whole amounts.

A transfer-payment report names the documents that allocated its money and what each allocated.
The same 文号 with two different whole amounts is a defect; the same amount repeated, a total
with its 其中 parts, a list of parts, and two documents (another number, another year, another
issuer) are not. The texts are written for these tests.
"""

from __future__ import annotations

import pytest

from perflint.findings import Finding
from perflint.testing import lint_text

TITLE = "某某县2023年中央农田建设补助资金绩效自评报告\n"


def lint(body: str, lang: str = "zh") -> list[Finding]:
    """PL405's findings on a report of `body` after the title line; no input error or crash."""
    findings = lint_text(TITLE + body.strip() + "\n", select=["PL405"], lang=lang)
    assert all(f.code == "PL405" for f in findings), findings
    return findings


CONFLICT = """\
一、项目基本情况
某市财政局某财农〔2023〕41号文件《关于下达2023年中央农田建设补助资金的通知》，下达我县2023年资金5万元。
二、资金管理情况
资金到位后，县财政局及时拨付至项目实施单位。
三、资金使用情况
某财农〔2023〕41号文件下达我县农田灌溉设施维修资金6万元，已全部拨付。
"""


def test_same_number_with_two_whole_amounts():
    findings = lint(CONFLICT)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.severity == "warning"
    assert finding.message == "同一文件〔2023〕41号下达金额前后不一：第3行为5万元，第7行为6万元"
    assert finding.span.line == 7 and finding.span.quote == "6万元"  # the later figure
    assert finding.stated == "6万元"
    assert [(r.span.line, r.span.quote) for r in finding.related] == [(3, "5万元")]


def test_square_brackets_and_mixed_brackets_name_one_document():
    both = CONFLICT.replace("〔2023〕", "【2023】")
    mixed = CONFLICT.replace("某财农〔2023〕41号文件下达", "某财农【2023】41号文件下达")
    for text in (both, mixed):
        findings = lint(text)
        assert [f.span.line for f in findings] == [7]
        assert "〔2023〕41号" in findings[0].message


def test_message_in_english():
    findings = lint(CONFLICT, lang="en")
    assert findings[0].message == ("document 〔2023〕41号 is cited with two allocated amounts: "
                                   "5万元 at line 3, 6万元 at line 7")


def test_same_amount_repeated_is_silent():
    assert lint(CONFLICT.replace("维修资金6万元", "维修资金5万元")) == []
    # the same amount at another precision or in another unit
    assert lint(CONFLICT.replace("维修资金6万元", "维修资金5.0万元")) == []
    assert lint(CONFLICT.replace("维修资金6万元", "维修资金50000元")) == []


def test_total_and_its_parts_are_silent():
    text = """\
一、项目基本情况
甲财农〔2023〕12号文件下达我县高标准农田建设资金80万元，其中：田间道路30万元，灌溉设施50万元。
二、资金使用情况
甲财农〔2023〕12号文件下达我县田间道路建设资金30万元，已拨付至实施单位。
"""
    assert lint(text) == []


def test_list_of_parts_and_a_later_part_are_silent():
    text = """\
一、项目基本情况
甲财农〔2023〕15号文件下达我县农田水利资金20万元、耕地保护资金10万元。
二、资金使用情况
甲财农〔2023〕15号文件下达的耕地保护资金10万元已全部拨付。
甲财农〔2023〕15号文件下达我县农田水利资金20万元，用于灌溉渠道维修。
"""
    assert lint(text) == []


def test_one_document_cited_twice_in_a_paragraph_lists_parts():
    text = """\
一、项目基本情况
一是甲财农〔2023〕15号文件下达我县农田水利资金20万元；二是甲财农〔2023〕15号文件下达我县耕地保护资金10万元。
二、资金使用情况
甲财农〔2023〕15号文件下达我县资金30万元。
"""
    assert lint(text) == []


def test_two_stated_totals_that_differ():
    text = """\
一、项目基本情况
甲财农〔2023〕12号文件下达我县资金80万元，其中：田间道路30万元，灌溉设施50万元。
二、资金使用情况
甲财农〔2023〕12号文件下达田间道路资金30万元、灌溉设施资金60万元，合计90万元。
"""
    findings = lint(text)
    assert len(findings) == 1
    assert findings[0].span.quote == "90万元" and findings[0].related[0].span.quote == "80万元"


FIRST = "一、项目基本情况\n甲财农〔2023〕41号文件下达我县资金50万元。\n二、资金使用情况\n"


@pytest.mark.parametrize("later", [
    "甲财农〔2023〕42号文件下达我县资金60万元。",  # another number
    "甲财农〔2022〕41号文件下达我县资金70万元。",  # another year
    "乙财建【2023】41号文件下达我县资金80万元。",  # another issuer
])
def test_other_documents_are_not_compared(later):
    assert lint(FIRST + later) == []


@pytest.mark.parametrize("later", [
    "甲财农〔2023〕41号文件下达的资金已支出45万元。",  # money spent
    "甲财农〔2023〕41号文件安排的补助标准为每亩1500元。",  # a rate per unit
    "根据甲财农〔2023〕40号、甲财农〔2023〕41号文件，下达我县资金90万元。",  # two numbers, one sum
    "依据《关于下达甲财农〔2023〕41号文件的补充通知》，我县收到资金55万元。",  # a number in a title
])
def test_what_is_not_the_documents_allocation_is_not_compared(later):
    assert lint(FIRST + later) == []


def test_allocations_to_other_places_are_not_compared():
    text = """\
一、项目基本情况
甲财农〔2023〕41号文件分配至乙县资金30万元。
二、资金使用情况
甲财农〔2023〕41号文件分配至丙县资金20万元。
"""
    assert lint(text) == []


def test_a_fund_named_after_sites_is_no_recipient_of_its_own():
    """`…客运站点建设资金`: 站点 (sites) is no organisation, so both citations go to the same
    recipient (the county) and the two whole amounts of one document are compared."""
    findings = lint("""
青松市财政局青财教【2023】18号《关于下达2023年交通运输发展资金的通知》，下达禾丰县2023年资金86.20万元。
根据青财教【2023】18号，上级财政下达禾丰县交通客运站点建设资金86.45万元。
""")
    assert [f.span.quote for f in findings] == ["86.45万元"]
