"""Text reports in every encoding they come in, and texts that are not reports at all.

Encodings (perflint.reading.decode_text): a report saved as GBK, GB18030, Big5, UTF-16
(with and without BOM) or UTF-8 with BOM is read as the same text and gives the same findings,
at the same places, as its UTF-8 copy; bytes no Chinese text encoding explains are one PL000
naming the problem. Not a report (perflint.recognize): an English letter, a diary, the mojibake
of a wrong decoding are PL000 (exit 2), while real reports, even short excerpts, are not.
"""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from perflint import reading
from perflint.cli import main
from perflint.loaders import InputError
from perflint.reading import DETECT_BYTES, UNDECODABLE, decode_text
from perflint.recognize import NO_VOCABULARY, NOT_CHINESE, not_a_report
from perflint.testing import lint_file

ROOT = Path(__file__).resolve().parents[2]
REALWORLD = ROOT.parent / "shared" / "realworld"

#: A department report: PL101 on line 3 (100 ≠ 60 + 30), in simplified characters.
SIMPLIFIED = """\
某某局2023年度部门整体支出绩效自评报告
一、基本情况
2023年度预算资金总额100万元，其中基本支出60万元、项目支出30万元。
全年执行数90万元，预算执行率为95%。
"""

#: The same kind of text in traditional characters, as a Taiwan or Hong Kong mirror has it
#: (every character in Big5): PL606 on line 5 (a repeated sentence).
TRADITIONAL = """\
某某局2023年度部門整體支出績效自評報告
一、基本情況
本年度自評項目總數為20個，其中：甲單位8個項目、乙單位10個項目。
部分項目資金未能及時撥付到位，主要原因為賬戶變更。
部分項目資金未能及時撥付到位，主要原因為賬戶變更。
"""


def _findings(path: Path) -> list[tuple]:
    return [(f.code, f.message, f.span.line if f.span else None, f.span.column if f.span else None)
            for f in lint_file(path)]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _encoded(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; `-nobom` variants of UTF-16 without the BOM Python writes."""
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding.removesuffix("-nobom"))


# ----------------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "gb2312", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom", "utf-16-le-nobom", "utf-16-be-nobom", "utf-32"])
def test_a_simplified_report_gives_the_same_findings_in_every_encoding(tmp_path, encoding):
    reference = _findings(_write(tmp_path, "utf8.txt", SIMPLIFIED.encode("utf-8")))
    assert [f[0] for f in reference] == ["PL101"]
    path = _write(tmp_path, f"{encoding}.txt", _encoded(SIMPLIFIED, encoding))
    assert decode_text(path.read_bytes()).replace("\r\n", "\n") == SIMPLIFIED
    assert _findings(path) == reference


@pytest.mark.parametrize("encoding", ["big5", "cp950", "big5hkscs", "utf-16-le-nobom"])
def test_a_traditional_report_in_big5_is_read_as_big5_not_as_gbk(tmp_path, encoding):
    data = _encoded(TRADITIONAL, encoding)
    if encoding.startswith("big5") or encoding == "cp950":  # Big5 bytes are valid GB18030 too
        assert data.decode("gb18030") != TRADITIONAL
    reference = _findings(_write(tmp_path, "utf8.txt", TRADITIONAL.encode("utf-8")))
    assert ("PL606", 5, 1) in [(f[0], f[2], f[3]) for f in reference]
    path = _write(tmp_path, f"{encoding}.txt", data)
    assert decode_text(data) == TRADITIONAL
    assert _findings(path) == reference


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_almost_no_ascii(codec):
    """Only the newlines have a zero high byte, and 一 (U+4E00) a zero low byte: the byte order
    is the one that reads as Chinese text, not the one with more NUL bytes on one side."""
    text = "一、基本情况\n一级指标一百分，二级指标一个。\n年度资金总额一千万元。\n" * 3
    assert decode_text(text.encode(codec)) == text


@pytest.mark.parametrize("text", [
    "预算执行率95%。\n", "绩效自评\n", "资金100万元\n", "一、基本情况\n项目名称：道路维修\n",
    "2023年度部门整体支出绩效自评报告\n",
])
def test_short_gbk_texts_are_gbk(text):
    """A few GBK characters fit Big5 too; detection scores them alike and GB18030 wins."""
    assert decode_text(text.encode("gbk")) == text


@pytest.mark.parametrize("text", ["預算執行率95%。\n", "績效自評報告\n", "部門整體支出績效自評報告\n"])
def test_short_big5_texts_are_big5(text):
    assert decode_text(text.encode("big5")) == text


def test_utf8_is_decoded_without_detection(monkeypatch):
    def detect(_data):
        raise AssertionError("detection ran on UTF-8")

    monkeypatch.setattr(reading, "_detected", detect)
    assert decode_text(SIMPLIFIED.encode("utf-8")) == SIMPLIFIED
    assert decode_text(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8")) == SIMPLIFIED


def test_detection_reads_a_bounded_sample_and_the_whole_file_is_decoded(monkeypatch):
    import charset_normalizer

    seen = []
    original = charset_normalizer.from_bytes

    def from_bytes(data, **kwargs):
        seen.append(len(data))
        return original(data, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", from_bytes)
    text = SIMPLIFIED * 2000 + "结尾：绩效自评完成。\n"  # about 400 KB in GBK
    data = text.encode("gbk")
    assert len(data) > 4 * DETECT_BYTES
    assert decode_text(data) == text
    assert seen and max(seen) <= DETECT_BYTES


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02PK\x03\x04" * 20,  # binary (a zip)
    random.Random(7).randbytes(4000),  # noise
    bytes(b or 1 for b in random.Random(8).randbytes(4000)),  # noise without NUL bytes
    b"\x80\xff" * 10,  # no Chinese encoding has these
    b"\xff\xfe\x00\xd8",  # a UTF-16 BOM, then half a surrogate pair
])
def test_bytes_no_encoding_explains_are_one_clear_input_error(tmp_path, data):
    with pytest.raises(InputError) as caught:
        decode_text(data)
    assert caught.value.message == UNDECODABLE[0]
    assert caught.value.text("en") == UNDECODABLE[1]
    path = _write(tmp_path, "noise.txt", data)
    assert [(f.code, f.message) for f in lint_file(path)] == [("PL000", UNDECODABLE[0])]


def test_the_undecodable_message_follows_the_language(tmp_path, capsys):
    path = _write(tmp_path, "noise.txt", b"\x80\xff" * 10)
    assert main(["check", "--format", "json", "--lang", "en", "--no-progress", str(path)]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["files"][0]["findings"][0]["message"] == UNDECODABLE[1]
    assert document["skipped"] == [{"path": str(path), "reason": "unreadable", "detail": UNDECODABLE[1]}]


# ------------------------------------------------------------------------------ not a report

ENGLISH = """\
Dear Ms. Chen,

Thank you for your letter of 3 May. The meeting has been moved to Thursday at 10 am, in the
large conference room on the second floor. Please bring the slides and the printed agenda.

Best regards,
John
"""

DIARY = """\
2023年5月3日 星期三 晴
今天天气很好，早上和妈妈去公园散步，看见湖边的柳树发了新芽。中午在家包饺子，
下午读了半本小说，晚上给外婆打了电话。明天要早起，早点睡觉。
"""


@pytest.mark.parametrize(("name", "data"), [
    ("english.txt", ENGLISH.encode("utf-8")),
    ("english-cp1252.txt", (ENGLISH + "Café crème.\n").encode("cp1252")),
    ("diary.txt", DIARY.encode("utf-8")),
    ("diary-gbk.txt", DIARY.encode("gbk")),
])
def test_a_text_that_is_not_a_report_is_an_input_error(tmp_path, capsys, name, data):
    path = _write(tmp_path, name, data)
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]
    assert findings[0].message in (NO_VOCABULARY[0], UNDECODABLE[0])
    assert main(["check", "--no-progress", str(path)]) == 2
    err = capsys.readouterr().err
    assert "未检查的文件（1 个）" in err and name in err


def test_the_english_and_the_diary_say_why(tmp_path):
    for name, text in (("english.txt", ENGLISH), ("diary.txt", DIARY)):
        findings = lint_file(_write(tmp_path, name, text.encode("utf-8")))
        assert [(f.code, f.message) for f in findings] == [("PL000", NO_VOCABULARY[0])]


@pytest.mark.parametrize("garble", ["latin-1", "cp1252", "big5"])
def test_a_garbled_decoding_saved_as_utf8_is_not_a_report(tmp_path, garble):
    """What a wrong decoding leaves: UTF-8 (or GBK) bytes read as Latin-1 or Big5 and saved
    again. Valid UTF-8 now, but not a Chinese report any more."""
    source = SIMPLIFIED.encode("gbk" if garble == "big5" else "utf-8")
    garbage = source.decode(garble, errors="replace")
    path = _write(tmp_path, "garbled.txt", garbage.encode("utf-8"))
    findings = lint_file(path)
    assert [f.code for f in findings] == ["PL000"]
    assert findings[0].message.startswith("不是绩效自评报告")


def test_an_english_text_that_names_a_chinese_word_is_mostly_not_chinese():
    problem = not_a_report(ENGLISH + "Attached: the 预算 for next year.\n")
    assert problem is not None and problem.message.startswith(NOT_CHINESE[0].split("（")[0])
    assert "English" not in problem.message and "mostly not Chinese" in problem.text("en")


def test_a_document_with_almost_no_text_is_not_a_report():
    problem = not_a_report("  12  \n 2023 \n")
    assert problem is not None and "几乎没有文字" in problem.message


@pytest.mark.parametrize("text", [
    "本单位今年的项目资金使用情况良好。\n",  # a report of no known layout: PL507, not PL000
    TRADITIONAL,
    "預算執行率95%，績效良好。\n",
    "source: https://example.gov.cn/a.html (某县2023年度项目支出绩效自评报告)\n索引号: | 1134/2024 |\n"
    "发布机构: | 某县财政局 |\n某县2023年度项目支出绩效",  # the top of a web page, cut short
])
def test_real_report_excerpts_are_reports(text):
    assert not_a_report(text) is None


def test_a_word_document_that_is_a_letter_is_not_a_report(tmp_path):
    import docx

    document = docx.Document()
    for paragraph in ENGLISH.split("\n\n"):
        document.add_paragraph(paragraph)
    path = tmp_path / "letter.docx"
    document.save(path)
    assert [(f.code, f.message) for f in lint_file(path)] == [("PL000", NO_VOCABULARY[0])]


def test_normalized_yaml_is_judged_by_its_schema_not_its_words(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("year: 2021\nbreakdowns:\n  - label: 供应土地\n    total: 32宗\n    parts:\n"
                    "      - {label: 出让用地, value: 7宗}\n      - {label: 划拨用地, value: 25宗}\n",
                    encoding="utf-8")
    assert [f.code for f in lint_file(path)] == []


def test_not_a_report_in_english(tmp_path, capsys):
    path = _write(tmp_path, "diary.txt", DIARY.encode("utf-8"))
    assert main(["check", "--format", "json", "--lang", "en", "--no-progress", str(path)]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["files"][0]["findings"][0]["message"] == NO_VOCABULARY[1]
    assert document["skipped"][0]["reason"] == "not-a-report"


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="shared/realworld is not beside the repository")
def test_no_published_report_is_taken_for_a_non_report(capsys):
    """The 39 real published reports (web page excerpts, mirrors in traditional characters,
    flattened tables, OCR) are all reports: not one PL000. Their hand audits beside them
    (`NNN.findings.yaml`) and README are listed as not linted, not reported as errors."""
    code = main(["check", "--format", "json", "--no-progress", "-j", "1", str(REALWORLD)])
    document = json.loads(capsys.readouterr().out)
    assert len(document["files"]) == len(list(REALWORLD.glob("*.txt"))) >= 39
    assert not [f for file in document["files"] for f in file["findings"] if f["code"] == "PL000"]
    assert {s["reason"] for s in document["skipped"]} == {"not-report-data", "documentation"}
    assert code in (0, 1)
