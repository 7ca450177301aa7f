"""Hypothesis strategies for every input format perflint reads, ordinary and mutated.

Each strategy draws a `Sample`: the bytes of one file, the suffix that picks its loader, and
whether the bytes are certainly unreadable (`broken`: a cut zip, a YAML syntax error, a document
the schema refuses), in which case perflint owes a PL000 on that file. The words are invented for
these tests (no real report is quoted): a report-like text is built from labels, figures, rates,
万元 amounts, 其中 lists and budget tables flattened into spaces, so the generated files reach
extraction and the rules, not only the decoder.

Sizes are bounded so an example is cheap in-process; the `hostile` strategies reach the scales
issue 20 lists (deep nesting, alias expansion, huge spans and merges) and are only ever run in a
subprocess under a memory and time limit (tests/security/harness.py).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

import docx
import openpyxl
from hypothesis import settings
from hypothesis import strategies as st

#: set by tests/fuzz/conftest.py: `--deep` or HYPOTHESIS_PROFILE=deep
DEEP = False


def fuzz_settings(examples: int, *, deep_examples: int = 2_000, deadline: float | None = None,
                  **overrides) -> settings:
    """The settings of one property: `examples` derandomized examples in CI, `deep_examples`
    random ones with `--deep`; `deadline` in seconds per example (None: none)."""
    profile = settings.get_profile("perflint-fuzz-deep" if DEEP else "perflint-fuzz-ci")
    return settings(profile, max_examples=deep_examples if DEEP else examples,
                    deadline=None if deadline is None else deadline * 1000, **overrides)

# --------------------------------------------------------------------------------------------
# Samples


@dataclass(frozen=True)
class Sample:
    """One generated input file."""

    suffix: str
    data: bytes
    #: the bytes cannot be a report (perflint must give a PL000 on the file)
    broken: bool = False
    #: what was done to it, for the failure message of a property
    note: str = ""

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # hypothesis' pretty printer
        printer.text(repr(self))

    def __repr__(self) -> str:  # hypothesis prints this for a failing example: keep it short
        head = self.data[:160]
        return (f"Sample({self.suffix!r}, {len(self.data)} bytes, broken={self.broken}, {self.note!r}, "
                f"{head!r}…)")


# --------------------------------------------------------------------------------------------
# Words (invented) and figures

UNITS = ("青禾县水利服务站", "白鹭湖街道办事处", "松岭区农业技术推广中心", "云溪镇人民政府",
         "临江市档案保护中心", "东岗区公共卫生服务所")
BUDGET_LABELS = ("基本支出", "项目支出", "人员经费", "公用经费", "设备购置费", "河道保洁专项",
                 "信息系统运维", "培训费", "上级补助", "本级财政拨款", "其他资金")
HEADINGS = ("一、基本情况", "二、绩效目标完成情况", "三、预算执行情况", "四、存在的问题",
            "五、下一步改进措施", "（一）资金使用情况", "（二）指标完成情况", "1.产出指标", "2.效益指标")
INDICATORS = ("巡查次数", "培训人次", "设备完好率", "群众满意度", "资金到位率", "项目完成及时率")
GRADES = ("优", "良", "中", "差")
KINDS = ("department-report", "department-table", "project-report", "project-table",
         "transfer-report", "summary-table", "unknown")
ODD_CHARS = ("\u3000", "\t", "\u200b", "\ufeff", "😀", "\x0b", "\x0c", "é", "𠀀", "﹪", "％", "，", "：",
             "\u202e")

#: figures: plain, with decimals, with thousands separators, full-width digits, huge
_DIGITS = st.integers(min_value=0, max_value=10**7)


@st.composite
def amounts(draw) -> str:
    """A money figure as reports write it (`1,234.50`, `96.5`, `0`, full-width, huge)."""
    value = draw(_DIGITS)
    decimals = draw(st.sampled_from([0, 1, 2, 2, 4]))
    text = f"{value / 100:.{decimals}f}" if decimals else str(value)
    style = draw(st.sampled_from(["plain", "plain", "comma", "fullwidth", "huge", "negative"]))
    if style == "comma":
        whole, _, frac = text.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    elif style == "fullwidth":
        text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    elif style == "huge":
        text = draw(st.sampled_from(["9" * 70, "1" + "0" * 400, "0." + "0" * 80 + "1", "1e999",
                                     "9" * 30 + ".5"]))
    elif style == "negative":
        text = "-" + text
    return text


def rates() -> st.SearchStrategy[str]:
    """An execution rate or share, sometimes impossible (over 100%, negative, huge)."""
    return st.one_of(st.integers(0, 100).map(lambda v: f"{v}%"),
                     st.integers(0, 20000).map(lambda v: f"{v / 100:.2f}%"),
                     st.sampled_from(["100%", "0%", "126.59%", "-5%", "1" + "0" * 65 + "%", "％", "%%"]))


def _unit_money() -> st.SearchStrategy[str]:
    return st.sampled_from(["万元", "万元", "元", "亿元", ""])


@st.composite
def report_lines(draw) -> list[str]:
    """Lines of a raw report: title, headings, budget sentences, 其中 lists, label–value blocks,
    a table flattened into spaces, scores, and a little noise."""
    unit = draw(st.sampled_from(UNITS))
    year = draw(st.integers(2015, 2030))
    lines = [f"{unit}{year}年度部门整体支出绩效自评报告"]
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["heading", "budget", "其中", "label", "table", "score", "noise",
                                     "indicator", "blank"]))
        lines.extend(draw(_PIECES[kind]))
    return lines


@st.composite
def _budget(draw) -> list[str]:
    label = draw(st.sampled_from(BUDGET_LABELS))
    money = draw(_unit_money())
    return [f"{label}预算数为{draw(amounts())}{money}，执行数为{draw(amounts())}{money}，"
            f"执行率为{draw(rates())}。"]


@st.composite
def _of_which(draw) -> list[str]:
    labels = draw(st.lists(st.sampled_from(BUDGET_LABELS), min_size=1, max_size=4, unique=True))
    money = draw(_unit_money())
    parts = "，".join(f"{label}{draw(amounts())}{money}，占比{draw(rates())}" for label in labels)
    return [f"年度资金总额{draw(amounts())}{money}，其中：{parts}。"]


@st.composite
def _label_values(draw) -> list[str]:
    separator = draw(st.sampled_from([": ", "：", " ", "\t"]))
    lines = [f"年度资金总额{separator}{draw(amounts())}"]
    for label in draw(st.lists(st.sampled_from(BUDGET_LABELS), min_size=1, max_size=3, unique=True)):
        lines.append(f"其中{separator}{label} {draw(amounts())}")
    return lines


@st.composite
def _flat_table(draw) -> list[str]:
    gap = draw(st.sampled_from([" ", "  ", "\t", " | ", "\u3000"]))
    lines = [gap.join(["项目", "预算数", "执行数", "执行率"])]
    for label in draw(st.lists(st.sampled_from(BUDGET_LABELS), min_size=1, max_size=5)):
        cells = [label, draw(amounts()), draw(amounts()), draw(rates())]
        lines.append(gap.join(cells[:draw(st.integers(1, 4))] if draw(st.booleans()) else cells))
    lines.append(gap.join(["合计", draw(amounts()), draw(amounts()), draw(rates())]))
    return lines


@st.composite
def _score(draw) -> list[str]:
    grade = draw(st.sampled_from(GRADES))
    return [f"经自评，本单位绩效自评得分{draw(st.integers(0, 120))}分，等级为“{grade}”。"]


@st.composite
def _indicator(draw) -> list[str]:
    name = draw(st.sampled_from(INDICATORS))
    return [f"{name}：年度指标值{draw(st.integers(0, 500))}，实际完成值{draw(rates())}，"
            f"分值{draw(st.integers(0, 20))}分，得分{draw(st.integers(0, 30))}分。"]


_NOISE_CHARS = "预算绩效资金执行完成提高按时到位已未其中合计万元年月日。，；、（）0123456789%"
_NOISE = st.text(st.sampled_from([*_NOISE_CHARS, *ODD_CHARS]), max_size=60)

_PIECES = {
    "heading": st.sampled_from(HEADINGS).map(lambda h: [h]),
    "budget": _budget(),
    "其中": _of_which(),
    "label": _label_values(),
    "table": _flat_table(),
    "score": _score(),
    "indicator": _indicator(),
    "noise": _NOISE.map(lambda t: [t]),
    "blank": st.just([""]),
}


def report_text() -> st.SearchStrategy[str]:
    """A whole raw report as text."""
    return st.tuples(report_lines(), st.sampled_from(["\n", "\r\n", "\r"])).map(
        lambda pair: pair[1].join(pair[0]) + pair[1])


# --------------------------------------------------------------------------------------------
# .txt


def _encode(text: str, codec: str) -> bytes:
    if codec == "utf-8-sig":
        return text.encode("utf-8-sig")
    if codec in ("gbk", "gb18030", "big5"):
        return text.encode(codec, errors="replace")
    return text.encode(codec, errors="surrogatepass")


@st.composite
def byte_mutations(draw, data: bytes) -> tuple[bytes, str]:
    """`data` with a few bytes flipped, inserted, cut or repeated (or unchanged)."""
    operation = draw(st.sampled_from(["none", "none", "flip", "insert", "truncate", "repeat", "nul"]))
    if not data or operation == "none":
        return data, "as built"
    at = draw(st.integers(0, len(data) - 1))
    if operation == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:], f"flip@{at}"
    if operation == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:], f"insert@{at}"
    if operation == "truncate":
        return data[:at], f"truncate@{at}"
    if operation == "nul":
        return data[:at] + b"\x00" + data[at:], f"nul@{at}"
    return data[:at] + data[at:at + 64] * draw(st.integers(2, 50)) + data[at + 64:], f"repeat@{at}"


@st.composite
def txt_samples(draw) -> Sample:
    """A raw report in UTF-8 (with or without BOM), GBK, GB18030, Big5 or UTF-16, sometimes
    with its bytes mutated; and, now and then, pure noise or a BOM followed by a bad byte."""
    shape = draw(st.sampled_from(["report"] * 6 + ["noise", "bom-bad-byte", "empty"]))
    if shape == "noise":
        return Sample(".txt", draw(st.binary(max_size=400)), note="noise")
    if shape == "empty":
        return Sample(".txt", draw(st.sampled_from([b"", b"\n\n", b"   ", b"\xef\xbb\xbf"])),
                      broken=True, note="empty")
    text = draw(report_text())
    if shape == "bom-bad-byte":
        bom, bad = draw(st.sampled_from([(b"\xef\xbb\xbf", b"\xff"), (b"\xff\xfe", b"\x00\xd8"),
                                         (b"\xfe\xff", b"\xd8\x00")]))
        return Sample(".txt", bom + bad + _encode(text, "utf-8"), broken=True, note="bom+bad byte")
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gbk", "gb18030", "big5",
                                  "utf-16", "utf-16-le", "utf-16-be"]))
    data, how = draw(byte_mutations(_encode(text, codec)))
    return Sample(".txt", data, note=f"{codec}, {how}")


# --------------------------------------------------------------------------------------------
# normalized .yaml / .json


def _quantity() -> st.SearchStrategy[str]:
    return st.one_of(amounts().map(lambda a: a + "万元"), amounts(), rates(),
                     st.integers(0, 99).map(lambda n: f"{n}宗"))


@st.composite
def normalized_reports(draw) -> dict:
    """A normalized report that `perflint schema` accepts: unit, budget tables with rows,
    breakdowns with parts and shares, ratios, indicators, an evaluation and sections."""
    rows = [{"label": label, "budget": draw(amounts()) + "万元", "executed": draw(amounts()) + "万元",
             "rate": draw(rates())}
            for label in draw(st.lists(st.sampled_from(BUDGET_LABELS), max_size=5, unique=True))]
    report: dict = {
        "perflint": 1,
        "kind": draw(st.sampled_from(KINDS)),
        "year": draw(st.integers(2015, 2030)),
        "unit": {"name": draw(st.sampled_from(UNITS)), "region": ["某省", "某市"]},
        "budget_tables": [{"kind": draw(st.sampled_from(["收入", "支出", "资金来源"])),
                           "total": {"label": "合计", "budget": draw(amounts()) + "万元",
                                     "executed": draw(amounts()) + "万元", "rate": draw(rates())},
                           "rows": rows}],
    }
    if draw(st.booleans()):
        report["money_unit"] = draw(st.sampled_from(["万元", "元", "亿元"]))
    if draw(st.booleans()):
        report["breakdowns"] = [{
            "label": "资产合计", "total": draw(_quantity()),
            "parts": [{"label": label, "value": draw(_quantity()), "share": draw(rates())}
                      for label in draw(st.lists(st.sampled_from(BUDGET_LABELS), max_size=4, unique=True))]}]
    if draw(st.booleans()):
        report["ratios"] = [{"label": "执行率", "stated": draw(rates()),
                             "numerator": draw(amounts()) + "万元", "denominator": draw(amounts()) + "万元"}]
    if draw(st.booleans()):
        report["indicators"] = [{"name": name, "level": 3, "weight": str(draw(st.integers(0, 30))),
                                 "score": str(draw(st.integers(0, 40))), "target": draw(_quantity()),
                                 "actual": draw(_quantity())}
                                for name in draw(st.lists(st.sampled_from(INDICATORS), max_size=4,
                                                          unique=True))]
    if draw(st.booleans()):
        report["evaluation"] = {"total_score": str(draw(st.integers(0, 120))), "max_score": "100",
                                "grade": draw(st.sampled_from(GRADES))}
    if draw(st.booleans()):
        report["sections"] = [{"heading": heading, "level": 1, "body": draw(_NOISE) or "无"}
                              for heading in draw(st.lists(st.sampled_from(HEADINGS), max_size=3,
                                                           unique=True))]
    return report


#: Stands for an integer too long for Python's int-to-str limit (`__huge__1e4300__`: a 1 with
#: 4300 zeros): `_with_huge` writes its digits into the serialized text.
_HUGE = re.compile(r"""['"]?__huge__(-?)(\d+)e(\d+)__['"]?""")


def _with_huge(text: str) -> str:
    """The serialized report with each huge-integer marker replaced by its digits."""
    return _HUGE.sub(lambda m: m.group(1) + m.group(2) + "0" * int(m.group(3)), text)


#: Values of the wrong type for any field (the schema refuses them: a PL000).
ODD_VALUES = st.sampled_from([None, True, [], {}, [[]], {"x": {"y": 1}}, 1.5e308, -1, "", "\x00"])

_SCALAR_FIELDS = ("year", "kind", "unit", "budget_tables")


def _refused(field: str, value: object) -> bool:
    """Whether the schema certainly refuses `value` in `field`. Only what no lax reading turns
    into the field's type: pydantic reads `true` and 1.5e308 as a year, null in `unit` as no
    unit, any string as a `kind`, and an empty list as no budget tables."""
    if field == "year":
        return isinstance(value, list | dict | str)
    if field == "budget_tables":
        return value not in (None, [])
    if field == "unit":
        return value not in (None, {})
    return False


@st.composite
def mutated_reports(draw) -> tuple[object, str, bool]:
    """A normalized report with one mutation: (data, what was done, whether it is certainly
    refused). Depths and sizes stay small enough to run in-process."""
    report = draw(normalized_reports())
    mutation = draw(st.sampled_from(["none", "none", "odd-type", "deep", "huge-number", "wide",
                                     "odd-text", "not-a-mapping", "unknown-key"]))
    if mutation == "odd-type":
        field = draw(st.sampled_from(_SCALAR_FIELDS))
        value = draw(ODD_VALUES)
        report[field] = value
        return report, f"{field}={value!r}", _refused(field, value)
    if mutation == "deep":
        depth = draw(st.integers(1, 300))
        nested: object = "1万元"
        for index in range(depth):
            nested = [nested] if index % 2 else {"x": nested}
        report["facts"] = [{"concept": "深", "value": nested}]
        return report, f"nested {depth} deep", True
    if mutation == "huge-number":
        marker = draw(st.sampled_from(["1e4300", "18446744073709551616e0", "-9e30", "1e18"]))
        report["year"] = f"__huge__{marker}__"
        return report, f"year={marker}", False
    if mutation == "wide":
        count = draw(st.integers(100, 3000))
        report["budget_tables"][0]["rows"] = [{"label": f"行{i}", "budget": "1.00万元"} for i in range(count)]
        return report, f"{count} rows", False
    if mutation == "odd-text":
        pieces = st.sampled_from((*ODD_CHARS, "\x1b[31m", "<b>", "\\", "预算"))
        report["unit"]["name"] = "".join(draw(st.lists(pieces, min_size=1, max_size=12)))
        return report, "odd unit name", False
    if mutation == "not-a-mapping":
        data = draw(st.sampled_from([[report], "perflint", 42, None]))
        return data, f"top level {type(data).__name__}", True
    if mutation == "unknown-key":
        report[draw(st.sampled_from(["colour", "预算", "x" * 200]))] = 1
        return report, "unknown key", True
    return report, "valid", False


def _yaml_text(data: object) -> str:
    """YAML as people write it: block style with quoted figures (json is YAML too, but the
    block style exercises the YAML loader's own paths)."""
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


@st.composite
def yaml_samples(draw) -> Sample:
    """A normalized report as YAML: valid, mutated, with anchors and aliases, or cut short."""
    data, note, refused = draw(mutated_reports())
    text = _with_huge(_yaml_text(data))
    shape = draw(st.sampled_from(["plain"] * 5 + ["aliases", "syntax", "tabs", "flow"]))
    if shape == "aliases":
        width = draw(st.integers(2, 6))
        levels = draw(st.integers(1, 5))  # at most 6**5 = 7776 expanded nodes: safe in-process
        lines = ['a0: &a0 ["1万元"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]"
                                         for i in range(1, levels + 1)]
        text = "\n".join(lines) + f"\n{text}facts: [{{concept: x, value: *a{levels}}}]\n"
        return Sample(".yaml", text.encode(), broken=True, note=f"{note}; aliases {width}^{levels}")
    if shape == "syntax":
        cut = draw(st.integers(0, len(text)))
        # a flow collection left open: an error wherever the cut fell (in a plain scalar, a
        # quoted one, a key), which a bare "[" is not (`合[` is a valid plain scalar)
        tail = draw(st.sampled_from(["\nx: [", "\n{", "\nx: {a: [1", "\n- *nope [", "\n\t- [&"]))
        return Sample(".yaml", (text[:cut] + tail).encode(), broken=True,
                      note=f"{note}; syntax error at {cut}")
    if shape == "tabs":
        text = text.replace("  ", "\t", 1)
    if shape == "flow":
        text = _with_huge(json.dumps(data, ensure_ascii=False))
    return Sample(".yaml", text.encode("utf-8"), broken=refused, note=f"{note}; {shape}")


@st.composite
def json_samples(draw) -> Sample:
    """A normalized report as JSON: pretty, minified, deep, with huge integers, or cut short."""
    data, note, refused = draw(mutated_reports())
    indent = draw(st.sampled_from([None, 2]))
    text = _with_huge(json.dumps(data, ensure_ascii=draw(st.booleans()), indent=indent))
    shape = draw(st.sampled_from(["plain"] * 5 + ["cut", "nan", "dup-keys"]))
    if shape == "cut":
        text = text[:draw(st.integers(0, max(0, len(text) - 1)))]
        refused = True
    elif shape == "nan":
        text = text.replace('"perflint": 1', '"perflint": NaN', 1)
        refused = refused or '"perflint": NaN' in text
    elif shape == "dup-keys":
        text = text.replace("{", '{"year": "x", ', 1)
    return Sample(".json", text.encode("utf-8"), broken=refused, note=f"{note}; {shape}")


# --------------------------------------------------------------------------------------------
# .docx / .xlsx


def _docx_bytes(lines: list[str], table: list[list[str]]) -> bytes:
    document = docx.Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(_xml_safe(line))
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = _xml_safe(value)
    out = io.BytesIO()
    document.save(out)
    return _rewrite(out.getvalue())


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_BAD.sub("", text)


_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


def _rewrite(package: bytes, member: str | None = None, edit=None) -> bytes:
    """`package` with one member's text passed through `edit`, and made reproducible: python-docx
    and openpyxl stamp the time of saving into the zip entries and docProps/core.xml, and a
    strategy whose bytes change from one draw to the next is one hypothesis cannot replay."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = old.read(item.filename)
            if item.filename == member:
                content = edit(content.decode("utf-8")).encode("utf-8")
            if item.filename == "docProps/core.xml":
                content = _TIMESTAMP.sub(b"2020-01-01T00:00:00Z", content)
            new.writestr(zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0)), content,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


@st.composite
def table_rows(draw) -> list[list[str]]:
    """A budget table as cells."""
    rows = [["项目", "预算数", "执行数", "执行率"]]
    for label in draw(st.lists(st.sampled_from(BUDGET_LABELS), min_size=0, max_size=6)):
        rows.append([label, draw(amounts()), draw(amounts()), draw(rates())])
    return rows if len(rows) > 1 else []


@st.composite
def zip_damage(draw, package: bytes) -> tuple[bytes, str, bool]:
    """A package cut short, with a bad byte in a compressed stream, or not a zip at all."""
    damage = draw(st.sampled_from(["none", "none", "none", "cut", "deflate", "not-zip", "empty-zip"]))
    if damage == "cut":
        at = draw(st.integers(0, len(package) - 23))  # the end-of-directory record is lost
        return package[:at], f"cut@{at}", True
    if damage == "deflate":
        at = draw(st.integers(60, len(package) // 2))
        return package[:at] + bytes([package[at] ^ 0xFF]) + package[at + 1:], f"deflate@{at}", False
    if damage == "not-zip":
        return draw(st.binary(min_size=1, max_size=200)), "not a zip", True
    if damage == "empty-zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(zipfile.ZipInfo("x.txt", date_time=(1980, 1, 1, 0, 0, 0)), "x")
        return out.getvalue(), "zip of something else", True
    return package, "intact", False


def _span_mutation(xml: str, value: str) -> str:
    """Give the first table cell a `w:gridSpan` (and the first row a `w:gridBefore`) of `value`."""
    xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>', 1)
    return xml.replace("<w:trPr>", f'<w:trPr><w:gridBefore w:val="{value}"/>', 1)


@st.composite
def docx_samples(draw) -> Sample:
    """A Word report (paragraphs and a budget table), with its XML mutated (spans of odd size,
    vertical merges, a doctype) or its zip damaged."""
    lines = draw(report_lines())
    table = draw(table_rows())
    package = _docx_bytes(lines, table)
    xml_change = draw(st.sampled_from(["none", "none", "span", "vmerge", "doctype", "bad-xml"]))
    note = xml_change
    broken = False
    if xml_change == "span" and table:
        value = draw(st.sampled_from(["0", "-1", "2", "3", "50", "abc", "2000", str(2**31), str(2**64)]))
        package = _rewrite(package, "word/document.xml", lambda x: _span_mutation(x, value))
        note = f"gridSpan {value}"
    elif xml_change == "vmerge" and table:
        package = _rewrite(package, "word/document.xml",
                           lambda x: x.replace("<w:tcPr>", '<w:tcPr><w:vMerge w:val="restart"/>', 3))
    elif xml_change == "doctype":
        package = _rewrite(package, "word/document.xml",
                           lambda x: x.replace("?>", '?><!DOCTYPE d [<!ENTITY e "预算">]>', 1))
    elif xml_change == "bad-xml":
        package = _rewrite(package, "word/document.xml", lambda x: x[: len(x) // 2])
        broken = True
    package, how, damaged = draw(zip_damage(package))
    return Sample(".docx", package, broken=broken or damaged, note=f"{note}; {how}")


def _xlsx_bytes(lines: list[str], table: list[list[str]], numbers: bool) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for line in lines:
        if line.strip():
            sheet.cell(row=row, column=1, value=_xml_safe(line)[:32000])
            row += 1
    for cells in table:
        for column, value in enumerate(cells, start=1):
            cleaned = value.replace(",", "")
            if numbers and re.fullmatch(r"-?\d{1,15}(\.\d{1,4})?", cleaned):
                sheet.cell(row=row, column=column, value=float(cleaned))
            else:
                sheet.cell(row=row, column=column, value=_xml_safe(value))
        row += 1
    out = io.BytesIO()
    book.save(out)
    return _rewrite(out.getvalue())


@st.composite
def xlsx_samples(draw) -> Sample:
    """An Excel report (a title, lines, a budget table, numbers as numbers or text), with its
    sheet XML mutated (merged ranges, a far-away cell, a bad dimension) or its zip damaged."""
    lines = draw(report_lines())
    table = draw(table_rows())
    package = _xlsx_bytes(lines, table, draw(st.booleans()))
    xml_change = draw(st.sampled_from(["none", "none", "merge", "far-cell", "dimension", "bad-xml"]))
    note, broken = xml_change, False
    sheet = "xl/worksheets/sheet1.xml"
    if xml_change == "merge":
        ref = draw(st.sampled_from(["A1:B2", "A1:D1", "B2:A1", "A1:A1", "C3:H40", "A1:Z200", "ZZ:1",
                                    "A0:B0"]))
        package = _rewrite(package, sheet, lambda x: x.replace(
            "</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>', 1))
        note = f"merge {ref}"
    elif xml_change == "far-cell":
        ref = draw(st.sampled_from(["Z1", "AA300", "CV100"]))  # within a few tens of thousands of cells
        row = f'<row r="{re.sub("[A-Z]", "", ref)}"><c r="{ref}" t="inlineStr"><is><t>预算</t></is></c></row>'
        package = _rewrite(package, sheet, lambda x: x.replace("</sheetData>", f"{row}</sheetData>", 1))
        note = f"cell at {ref}"
    elif xml_change == "dimension":
        package = _rewrite(package, sheet, lambda x: re.sub(r'<dimension ref="[^"]*"/>',
                                                            '<dimension ref="A1:XFD1048576"/>', x, count=1))
    elif xml_change == "bad-xml":
        package = _rewrite(package, sheet, lambda x: x[: len(x) // 2])
        broken = True
    package, how, damaged = draw(zip_damage(package))
    return Sample(".xlsx", package, broken=broken or damaged, note=f"{note}; {how}")


# --------------------------------------------------------------------------------------------
# .html


@st.composite
def html_samples(draw) -> Sample:
    """A saved web page: site chrome around an article with the report's paragraphs and a
    table, a declared (sometimes wrong) charset, odd nesting or a cut end."""
    from html import escape

    lines = draw(report_lines())
    table = draw(table_rows())
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if table:
        spans = draw(st.sampled_from(["", ' colspan="2"', ' rowspan="3"', ' colspan="0"', ' colspan="99999"',
                                      ' rowspan="-1"', ' colspan="x"']))
        cells = ["<tr>" + "".join(f"<td{spans if r == 1 and c == 0 else ''}>{escape(value)}</td>"
                                  for c, value in enumerate(row)) + "</tr>" for r, row in enumerate(table)]
        body += "<table>" + "".join(cells) + "</table>"
    depth = draw(st.sampled_from([0, 0, 5, 200]))
    body = "<div>" * depth + body + "</div>" * depth
    codec = draw(st.sampled_from(["utf-8", "gbk", "gb18030"]))
    declared = draw(st.sampled_from([codec, codec, "utf-8", "big5", "nonsense", None]))
    meta = f'<meta charset="{declared}">' if declared else ""
    page = (f"<html><head>{meta}<title>自评报告</title></head><body><div class='nav'>首页 | 通知公告</div>"
            f"<div class='article'>{body}</div><div class='footer'>版权所有</div></body></html>")
    data = page.encode(codec, errors="replace")
    data, how = draw(byte_mutations(data))
    return Sample(".html", data, note=f"{codec} declared {declared}, {how}")


#: Every format's strategy, by suffix.
BY_FORMAT = {
    ".txt": txt_samples(),
    ".yaml": yaml_samples(),
    ".json": json_samples(),
    ".docx": docx_samples(),
    ".xlsx": xlsx_samples(),
    ".html": html_samples(),
}


def any_sample() -> st.SearchStrategy[Sample]:
    """A sample of any format."""
    return st.one_of(*BY_FORMAT.values())


# --------------------------------------------------------------------------------------------
# Hostile scale (subprocess only)


def _deep_yaml(depth: int) -> bytes:
    value = "[" * depth + "1" + "]" * depth
    return f"perflint: 1\nfacts:\n  - concept: x\n    value: {value}\n".encode()


def _alias_bomb(levels: int) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return ("\n".join(lines) + "\nperflint: 1\n").encode()


def _docx_span(value: int) -> bytes:
    package = _docx_bytes(["某单位预算执行情况"], [["项目", "预算数"], ["基本支出", "1.00"]])
    return _rewrite(package, "word/document.xml", lambda x: _span_mutation(x, str(value)))


def _xlsx_merge(ref: str) -> bytes:
    package = _xlsx_bytes(["某单位预算执行情况"], [["项目", "预算数"], ["基本支出", "1.00"]], True)
    return _rewrite(package, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>', 1))


def _xlsx_sparse(rows: int) -> bytes:
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>预算{r}</t></is></c>'
                    f'<c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, rows + 1))
    package = _xlsx_bytes(["预算"], [], False)
    return _rewrite(package, "xl/worksheets/sheet1.xml",
                    lambda x: re.sub(r"<sheetData>.*</sheetData>|<sheetData/>",
                                     f"<sheetData>{cells}</sheetData>", x, count=1, flags=re.S))


def _minified_json(rows: int) -> bytes:
    table = {"kind": "支出", "rows": [{"label": f"行{i}", "budget": "1.00万元", "executed": "1.00万元"}
                                      for i in range(rows)]}
    return json.dumps({"perflint": 1, "budget_tables": [table] * 8}, ensure_ascii=False,
                      separators=(",", ":")).encode()


#: (attack name, suffix, builder of its bytes from a size parameter, the sizes drawn from):
#: the scales issue 20's table names, drawn from small to the reported ones.
HOSTILE = (
    ("deep-yaml", ".yaml", _deep_yaml, (200, 5_000, 20_000)),
    ("alias-bomb", ".yaml", _alias_bomb, (4, 7, 9)),
    ("docx-gridspan", ".docx", _docx_span, (10**4, 10**7, 2**64)),
    ("xlsx-merge", ".xlsx", _xlsx_merge, ("A1:Z500", "A1:XFD1048576")),
    ("xlsx-sparse", ".xlsx", _xlsx_sparse, (200, 2_000)),
    ("minified-json", ".json", _minified_json, (500, 1_500)),
)


@st.composite
def hostile_samples(draw) -> Sample:
    """One of issue 20's resource attacks at a drawn scale; every one must end in a PL000
    within the harness' limits (a scale under the limits may also lint normally)."""
    name, suffix, build, sizes = draw(st.sampled_from(HOSTILE))
    size = draw(st.sampled_from(sizes))
    return Sample(suffix, build(size), note=f"{name} {size}")
