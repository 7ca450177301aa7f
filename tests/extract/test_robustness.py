"""Text reports as they come: other encodings, odd layouts, garbage, huge files. No traceback, no hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perflint.extract import extract_text
from perflint.extract.textdoc import MAX_TEXT_CHARS
from perflint.loaders.text_loader import load_txt
from perflint.testing import lint_file

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_report_in_another_encoding_extracts_the_same(tmp_path, encoding):
    text = (DATA / "narrative_report.txt").read_text(encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    report = load_txt(path)
    reference = extract_text(text)
    assert report.balance_sheets[0].assets.total.literal == "2,450.60万元"
    assert [q.literal for q in _all(report)] == [q.literal for q in _all(reference)]
    share = report.balance_sheets[0].assets.parts[1].share
    assert (share.span.line, share.span.column) == (15, 69)  # places do not depend on the encoding


def _all(report):
    from perflint.extract.compare import figures

    return figures(report)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"), (b"  \n\t\n", "文件为空"), (b"\x00\x01\x02PK\x03\x04", "无法识别文件编码"),
    (b"\x80\xff" * 10, "无法识别文件编码"),
])
def test_unreadable_files_give_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]
    assert message in findings[0].message


def test_a_50_mb_text_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    line = "资产合计11016.94万元，其中流动资产10681.52万元，占比96.96%。\n".encode()
    with path.open("wb") as out:
        for _ in range(50 * 2**20 // len(line)):
            out.write(line)
    start = time.monotonic()
    findings = lint_file(path)
    assert time.monotonic() - start < 30
    assert [f.code for f in findings] == ["PL000"]
    assert "超过 perflint 读取一份报告的上限" in findings[0].message


def test_the_largest_accepted_text_is_read_in_bounded_time():
    """Adversarial text at the size limit: one paragraph of repeated 其中 lists and 占 ratios."""
    unit = "划拨用地占总供应土地比例78.13%，供应土地32宗，其中出让用地7宗，划拨用地25宗，"
    text = (unit * (MAX_TEXT_CHARS // len(unit)))[: MAX_TEXT_CHARS // 4]
    start = time.monotonic()
    report = extract_text(text)
    assert time.monotonic() - start < 30
    assert report.breakdowns  # the statement is still read


@pytest.mark.parametrize("text", [
    "\t", "\t\n\t\n\t", "\n\n\n", "其中", "其中：，；。", "占比%", "一、", "（一）", "1、\n2、\n",
    "合计\t\t\t", "\t合计\n\t1\n\t2", "资产合计万元，其中流动资产占比。", "总分\t\t",
    "\t一级指标\n\t二级指标\n\t分值",
    "序号\t预算单位\t全年预算数\t全年执行数\n合计\t-\t-", "数量指标（指标分数分，实际得分分）",
    "9" * 3000, "万元" * 500, "（" * 200 + "1万元",
])
def test_odd_input_does_not_crash(text):
    extract_text(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="\t\n 0123456789.%-，。；：（）其中合计资产负债万元人宗占比"
                        "预算执行数率一二、级指标分值得总分是", max_size=400))
def test_any_text_extracts_without_error(text):
    report = extract_text(text)
    for section in report.sections:
        assert section.heading.span is not None
