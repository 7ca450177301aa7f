"""Extraction leaves no reference cycles behind (perflint.extract.narrative.release).

A report's working objects (paragraphs, sentences, items with their totals, parts, shares and
rates) pointed at each other, so every extracted report left ≈ 500 objects that only the cyclic
collector could free. These tests extract reports with every kind of back-pointer the reader sets
and check that reference counting alone frees everything once the report is built: no object of
perflint's is left to the cyclic collector (other libraries' threads, an event loop a Dask test
left behind, may leave garbage of their own at any time)."""

from __future__ import annotations

import gc

import pytest

from perflint.extract import extract_text

_REPORTS = {
    "breakdown with shares": (
        "2023年度某县农业农村局整体支出绩效自评报告\n\n一、部门基本概况\n\n（一）资产情况\n\n"
        "2023年年末，本单位资产合计4312.55万元，其中流动资产4012.30万元，占比93.04%；"
        "非流动资产300.25万元，占比6.96%。\n\n（二）人员情况\n\n"
        "本单位编制人数52人，实有人数48人，其中行政在职20人，事业在职28人。\n"),
    "budget with rates": (
        "二、预算执行情况\n\n2023年全年预算数为1520.40万元，其中基本支出620.10万元，项目支出900.30万元。\n\n"
        "全年执行数为1401.22万元，执行率为92.16%，其中基本支出600.05万元，执行率为96.77%；"
        "项目支出801.17万元，执行率为88.99%。\n\n三、绩效目标完成情况\n\n"
        "完成农田改造面积不少于1200亩；培训人次3150人次。\n\n整体自评结果为“优”，自评得分95分。\n"),
    "nested list and counted parts": (
        "一、项目资金情况\n\n项目资金分为3个部分，其中中央资金500万元，省级资金300万元，县级资金200万元。\n\n"
        "收到资金合计1000万元，其中上级补助800万元（其中专项600万元、一般200万元），本级安排200万元；"
        "支出资金950万元。\n"),
}


@pytest.mark.parametrize("text", list(_REPORTS.values()), ids=list(_REPORTS))
def test_an_extracted_report_leaves_no_cyclic_garbage(text: str) -> None:
    extract_text(text)  # the first extraction may load profiles and caches (kept, not garbage)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        report = extract_text(text)
        assert any((report.facts, report.breakdowns, report.budget_tables, report.balance_sheets,
                    report.staffing, report.ratios))  # items were read and placed
        del report
        gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collector finds, to see whose it is
        gc.collect()
        ours = [type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("perflint")]
        assert ours == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
