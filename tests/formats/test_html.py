"""Saved web pages (.html/.htm): the report in the article body, not the site around it.

The three seed pages (written by make_html_fixtures.py from fixtures/office/seed_*.docx, wrapped in
invented site chrome: UTF-8 declared, GBK declared, GBK undeclared) read as the very same Document
as the .docx and give the same findings; hand-written pages pin the body choice, the blocks and
the places; hostile and broken files give one clear message.
"""

from __future__ import annotations

import importlib.util
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from format_helpers import office_helpers

from perflint.document import Paragraph
from perflint.findings import Finding
from perflint.loaders import InputError
from perflint.loaders.docx_loader import read_docx
from perflint.loaders.html_loader import MAX_HTML_BYTES, decode_html, parse_html, read_html
from perflint.testing import default_host, lint_file, lint_text

HERE = Path(__file__).resolve().parent
OFFICE = HERE.parents[1] / "fixtures" / "office"
PAGES = {"000": HERE / "seed_000.html", "001": HERE / "seed_001.html", "004": HERE / "seed_004.htm"}


_signature = office_helpers("test_office_end_to_end")._signature


def _fixture_module():
    path = HERE / "make_html_fixtures.py"
    spec = importlib.util.spec_from_file_location("_make_html_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks(document) -> list[tuple]:
    """Everything a Document says: text, style, merged flags, block numbers and places."""
    out: list[tuple] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            out.append(("P", block.text, block.piece.line, block.piece.location))
        else:
            cells = [[(c.text, c.merged, c.piece.line, c.piece.location) for c in row] for row in block.rows]
            out.append(("T", block.index, block.location, cells))
    return out


def _place(finding: Finding) -> tuple:
    span = finding.span
    return ((span.location, span.line, span.column, span.end_column) if span else None,
            tuple((r.span.location, r.span.line, r.span.column) for r in finding.related if r.span))


# --------------------------------------------------------------------------------------------
# The seed pages


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_page_reads_as_the_docx_document(seed: str) -> None:
    """Same paragraphs, same table grids with the same merged copies, same block numbers and places."""
    page = read_html(PAGES[seed])
    word = read_docx(OFFICE / f"seed_{seed}.docx")
    assert page.kind == "html"
    assert _blocks(page) == _blocks(word)


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_page_gives_the_docx_findings(seed: str) -> None:
    page = lint_file(PAGES[seed])
    word = lint_file(OFFICE / f"seed_{seed}.docx")
    assert word, "the seed should have findings"
    assert not [f for f in page if f.code in ("PL000", "PL001")]
    assert Counter((f.code, f.severity, f.message) for f in page) == Counter(
        (f.code, f.severity, f.message) for f in word)
    assert Counter(map(_signature, page)) == Counter(map(_signature, word))
    assert [_place(f) for f in page] == [_place(f) for f in word]


#: Site text of the fixtures (menus, sidebar, breadcrumb, metadata, tools, footer).
_CHROME = ("XXXXXXXX", "备案号", "版权所有", "索引号", "发布机构", "当前位置", "您现在的位置", "上一篇",
           "下一条", "打印", "关闭", "字号", "字体", "分享", "转载本网站内容", "云州市", "机构概况",
           "互动交流", "数据开放", "热点信息", "统计代码")


@pytest.mark.parametrize("seed", sorted(PAGES))
def test_no_finding_quotes_the_chrome(seed: str) -> None:
    """The chrome is a live trap: read as text, the page's redacted 备案号 is a PL506 placeholder.
    Read as a page, no finding quotes or names any of the site's text."""
    text = parse_html(decode_html(PAGES[seed].read_bytes()))
    for element in text.xpath("//script|//style"):
        element.drop_tree()
    flattened = lint_text(text.text_content())
    assert any(f.code == "PL506" and "XXXXXXXX" in f.span.quote for f in flattened)

    for finding in lint_file(PAGES[seed]):
        quotes = [finding.span.quote if finding.span else ""]
        quotes += [related.span.quote for related in finding.related if related.span]
        said = " ".join([finding.message, *quotes])
        assert not [word for word in _CHROME if word in said], (finding.code, finding.message)
    assert not [word for word in _CHROME if word in read_html(PAGES[seed]).full_text()]
    assert not [word for word in _CHROME if word in read_docx(OFFICE / f"seed_{seed}.docx").full_text()]


def test_fixture_pages_are_what_the_script_writes() -> None:
    """The committed pages are the script's output from the committed .docx (regenerate with
    `python tests/formats/make_html_fixtures.py`)."""
    module = _fixture_module()
    for name, (source, build) in module.PAGES.items():
        assert (HERE / name).read_bytes() == build(read_docx(OFFICE / source)), name


def test_fixture_charsets() -> None:
    """000 declares UTF-8, 001 declares GBK, 004 declares nothing and is GBK: detected."""
    utf8, gbk, undeclared = (PAGES[seed].read_bytes() for seed in ("000", "001", "004"))
    assert b'charset=utf-8' in utf8
    assert b'<meta charset="gbk">' in gbk
    assert b"charset" not in undeclared.lower() and b"encoding" not in undeclared.lower()
    for data in (gbk, undeclared):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert decode_html(data) == data.decode("gb18030")


# --------------------------------------------------------------------------------------------
# Hand-written pages

_REPORT = [
    "一、部门基本情况",
    "本单位年初预算安排基本支出120.50万元，项目支出80.00万元，全年实际支出195.30万元，预算执行率为97.55%。",
    "二、绩效目标完成情况",
    "全年完成档案数字化加工三万卷，较上年增长百分之十二，服务对象满意度调查结果为96%，达到年度目标。",
    "三、存在的问题及改进措施",
    "个别项目前期论证不够充分，资金支付进度偏慢，下一步将加强项目库管理，按月通报支出进度。",
]
_BODY = "\n".join(f"<p>{text}</p>" for text in _REPORT)
_NAV = ("<div class='nav'><ul>" + "".join(f"<li><a href='/{i}'>栏目{i}导航</a></li>" for i in range(12))
        + "</ul></div>")
_META = ("<table class='info'><tr><td>索引号：</td><td>000000-2023-001</td><td>发布机构：</td>"
         "<td>某局</td></tr><tr><td>发布日期：</td><td>2023-03-01</td><td>主题分类：</td><td>财政</td></tr></table>")
_FOOTER = "<div class='foot'>版权所有：某局 备案号：ICP备00000000号 联系电话：0000-0000000</div>"


def _page(tmp_path: Path, body: str, *, head: str = '<meta charset="utf-8">', encoding: str = "utf-8",
          name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(f"<!DOCTYPE html><html><head>{head}<title>报告</title></head><body>{body}</body></html>"
                     .encode(encoding))
    return path


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in read_html(path).paragraphs()]


def test_body_without_any_cms_hint_is_found_by_density(tmp_path: Path) -> None:
    """No id/class says content: the densest container is the body; the link menu, the metadata
    table and an unmarked footer of plain text stay out."""
    footer = "<div class='x9'>本站由某某市人民政府办公室主办，某某市大数据中心负责技术支持与日常维护。</div>"
    body = f"{_NAV}<div class='x1'>{_META}<div class='x2'>{_BODY}</div></div>{footer}"
    assert _paragraphs(_page(tmp_path, body)) == _REPORT


def test_a_cms_hint_is_only_a_hint(tmp_path: Path) -> None:
    """A small `.content` box (a column blurb) does not win over the real, unnamed body."""
    blurb = "<div class='content'><p>栏目简介：本栏目发布预算绩效相关信息。</p></div>"
    body = f"{_NAV}<div class='wrap'>{blurb}<div class='nrq'>{_BODY}</div></div>{_FOOTER}"
    assert _paragraphs(_page(tmp_path, body)) == _REPORT


def test_body_split_over_sibling_boxes_is_kept_whole(tmp_path: Path) -> None:
    table = ("<table border='1'><tr><th>项目</th><th>预算数</th><th>执行数</th><th>执行率</th></tr>"
             "<tr><td>基本支出</td><td>120.50</td><td>118.20</td><td>98.09%</td></tr>"
             "<tr><td>项目支出</td><td>80.00</td><td>77.10</td><td>96.38%</td></tr>"
             "<tr><td>合计</td><td>200.50</td><td>195.30</td><td>97.41%</td></tr></table>")
    body = f"{_NAV}<div class='wrap'><div class='a'>{_BODY}</div><div class='b'>{table}</div></div>{_FOOTER}"
    document = read_html(_page(tmp_path, body))
    assert [p.text for p in document.paragraphs()] == _REPORT
    (found,) = document.tables()
    assert found.texts()[3] == ["合计", "200.50", "195.30", "97.41%"]


def test_short_report_beside_a_title_a_date_line_and_a_footer(tmp_path: Path) -> None:
    """A short report is not swamped by the chrome's plain text around it: only short lines (a
    title, a 发布时间/来源/浏览次数 line, a footer naming 主办单位/网站标识码) sit beside it."""
    body = ("<div class='w1'><span>欢迎访问本网站，今天是2024年3月22日星期五</span></div>"
            f"<div class='w2'>{_NAV}</div><div class='w3'><h1>某档案馆2023年度部门整体支出绩效自评报告</h1>"
            "<div class='w4'>发布时间：2024-03-22 来源：某档案馆 浏览次数：356</div>"
            f"<div class='w5'>{_BODY}</div></div>"
            "<div class='w6'><p>主办单位：某区人民政府办公室 承办单位：某区大数据中心 网站标识码：0000000000 "
            "联系电话：0000-00000000 地址：某区人民路一号</p></div>")
    assert _paragraphs(_page(tmp_path, body)) == _REPORT


def test_lines_after_the_editor_box_stay_and_link_lists_go(tmp_path: Path) -> None:
    """The signature after the CMS's editor box is the report's; the related-articles list and the
    share bar after it are not."""
    signature = "<p>某某市档案馆</p><p>2022年4月22日</p>"
    related = "<div class='xgwz'><h4>相关文章</h4><ul>" + "".join(
        f"<li><a href='/a/{i}'>关于做好第{i}批档案移交工作的通知</a></li>" for i in range(5)) + "</ul></div>"
    share = "<div class='fx'>分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>"
    body = (f"{_NAV}<div id='zoom'><div class='TRS_Editor'>{_BODY}</div>{signature}{share}{related}</div>"
            f"{_FOOTER}")
    assert _paragraphs(_page(tmp_path, body)) == [*_REPORT, "某某市档案馆", "2022年4月22日"]


def test_utility_classes_do_not_make_chrome(tmp_path: Path) -> None:
    """`border-top`, `margin-bottom` or a paragraph's `.top` say nothing about the page's regions."""
    body = (f"{_NAV}<div id='zoom'><div class='border-top'><p class='top'>{_REPORT[0]}</p>"
            f"<p class='margin-bottom head'>{_REPORT[1]}</p></div>"
            + "".join(f"<p>{t}</p>" for t in _REPORT[2:]) + f"</div>{_FOOTER}")
    assert _paragraphs(_page(tmp_path, body)) == _REPORT


def test_metadata_table_is_dropped_outside_the_body_and_kept_inside(tmp_path: Path) -> None:
    outside = read_html(_page(tmp_path, f"{_NAV}{_META}<div id='zoom'>{_BODY}</div>{_FOOTER}"))
    assert not list(outside.tables())
    inside = read_html(_page(tmp_path, f"{_NAV}<div id='zoom'>{_META}{_BODY}</div>{_FOOTER}"))
    (table,) = inside.tables()
    assert table.texts()[0][0] == "索引号："
    assert [p.text for p in inside.paragraphs()] == _REPORT


def test_page_tools_and_navigation_lines_inside_the_body_are_dropped(tmp_path: Path) -> None:
    tools = ("<p>【字号：<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a>】"
             "【<a href='#'>打印本页</a>】【<a href='#'>关闭窗口</a>】</p>"
             "<div>字号：大 中 小 | 打印 | 关闭</div>")
    links = ("<p>上一篇：<a href='/1'>关于某事项的通知</a></p>"
             "<p>下一篇：<a href='/3'>关于另一事项的公告</a></p>")
    share = "<div class='bdshare'>分享到：微信 微博 QQ空间</div>"
    body = f"{_NAV}<div class='article'>{tools}{_BODY}{share}{links}</div>{_FOOTER}"
    assert _paragraphs(_page(tmp_path, body)) == _REPORT


def test_wrappers_named_like_chrome_are_not_dropped(tmp_path: Path) -> None:
    """An ASP.NET page is one <form>; `#printContent` is the printable body, not a print button."""
    aspnet = f"<form id='form1' method='post'>{_NAV}<div>{_BODY}</div>{_FOOTER}</form>"
    assert _paragraphs(_page(tmp_path, aspnet)) == _REPORT
    notice = "<div class='notice'>" + "本网站提示内容较长，" * 40 + "</div>"
    printable = f"{_NAV}<div id='printContent'>{_BODY}</div>{notice}{_FOOTER}"
    assert _REPORT[1] in _paragraphs(_page(tmp_path, printable))


def test_layout_table_around_the_body_and_a_data_table_inside(tmp_path: Path) -> None:
    data = ("<table border='1'><tr><td>指标</td><td>目标值</td><td>完成值</td></tr>"
            "<tr><td>数字化加工量</td><td>3万卷</td><td>3.2万卷</td></tr></table>")
    left = "<td class='zuo'>" + "<br>".join(f"<a href='/{i}'>链接{i}</a>" for i in range(8)) + "</td>"
    body = (f"<table width='1000'><tr><td colspan='2'>{_NAV}</td></tr>"
            f"<tr>{left}<td class='you'>{_BODY}{data}</td></tr>"
            f"<tr><td colspan='2'>{_FOOTER}</td></tr></table>")
    document = read_html(_page(tmp_path, body))
    assert [p.text for p in document.paragraphs()] == _REPORT
    (table,) = document.tables()
    assert table.texts() == [["指标", "目标值", "完成值"], ["数字化加工量", "3万卷", "3.2万卷"]]
    assert table.rows[1][2].piece.location == "表1 第2行第3列"


def test_br_lines_are_paragraphs_and_places_count_them(tmp_path: Path) -> None:
    body = ("<div id='zoom'><div>" + "<br>\n".join(_REPORT[:3]) + "<br/><br/>" + "</div>"
            f"<p>{_REPORT[3]}<br>{_REPORT[4]}</p><p>{_REPORT[5]}</p></div>")
    document = read_html(_page(tmp_path, _NAV + body + _FOOTER))
    paragraphs = list(document.paragraphs())
    assert [p.text for p in paragraphs] == _REPORT
    assert [(p.piece.line, p.piece.location) for p in paragraphs] == [(n, f"第{n}段") for n in range(1, 7)]


def test_whitespace_as_a_browser_shows_it(tmp_path: Path) -> None:
    body = ("<div id='zoom'><p>\n  本单位年初预算安排基本支出\n      120.50万元，预算\n执行率为\n"
            "  97.55%。  </p>"
            "<p>（2021年度）&nbsp;&nbsp;&nbsp;单位：万元</p>"
            "<h2>二、绩效目标<span>完成</span>情况</h2>"
            f"{''.join(f'<p>{t}</p>' for t in _REPORT)}</div>")
    document = read_html(_page(tmp_path, _NAV + body))
    paragraphs = list(document.paragraphs())
    assert paragraphs[0].text == "本单位年初预算安排基本支出 120.50万元，预算执行率为 97.55%。"
    assert paragraphs[1].text == "（2021年度）   单位：万元"
    assert (paragraphs[2].text, paragraphs[2].style) == ("二、绩效目标完成情况", "Heading 2")


def test_rowspan_and_colspan_expand_to_merged_copies(tmp_path: Path) -> None:
    table = ("<table border='1'>"
             "<tr><td rowspan='2'>项目</td><td colspan='2'>资金（万元）</td><td rowspan='0'>备注</td></tr>"
             "<tr><td>预算数</td><td>执行数</td></tr>"
             "<tr><td>基本支出</td><td>100.00</td><td rowspan='9'>98.00</td></tr>"
             "</table>")
    document = read_html(_page(tmp_path, f"{_NAV}<div id='zoom'>{_BODY}{table}</div>"))
    (found,) = document.tables()
    assert found.texts() == [["项目", "资金（万元）", "资金（万元）", "备注"],
                             ["项目", "预算数", "执行数", "备注"],
                             ["基本支出", "100.00", "98.00", "备注"]]
    assert [[c.merged for c in row] for row in found.rows] == [
        [False, False, True, False], [True, False, False, True], [False, False, False, True]]
    assert found.rows[1][0].piece is found.rows[0][0].piece
    last = len(_REPORT)
    assert [(c.piece.line, c.piece.location) for c in found.rows[0] if not c.merged] == [
        (last + 1, "表1 第1行第1列"), (last + 2, "表1 第1行第2列"), (last + 3, "表1 第1行第4列")]
    assert (found.rows[2][2].piece.line, found.rows[2][2].piece.location) == (last + 8, "表1 第3行第3列")


def test_cell_lines_and_a_nested_table_are_flattened(tmp_path: Path) -> None:
    table = ("<table border='1'><tr><td><p>全年</p><p>预算数</p></td><td>全年<br>执行数</td>"
             "<td>明细</td></tr>"
             "<tr><td>120.50</td><td>118.20</td><td><table><tr><td>办公费</td><td>10.00</td></tr>"
             "<tr><td>差旅费</td><td>5.00</td></tr></table></td></tr></table>")
    document = read_html(_page(tmp_path, f"{_NAV}<div id='zoom'>{_BODY}{table}</div>"))
    (found,) = document.tables()
    assert found.texts() == [["全年\n预算数", "全年\n执行数", "明细"],
                             ["120.50", "118.20", "办公费\t10.00\n差旅费\t5.00"]]


def test_word_html_downlevel_comments_and_hidden_text(tmp_path: Path) -> None:
    body = ("<div class='WordSection1'><p><![if !supportLists]><span>一、</span><![endif]>部门基本情况</p>"
            "<p style='display:none'>隐藏的批注文字不显示</p><p hidden>另一段隐藏文字</p>"
            + "".join(f"<p>{t}</p>" for t in _REPORT[1:]) + "</div>")
    assert _paragraphs(_page(tmp_path, _NAV + body)) == ["一、部门基本情况", *_REPORT[1:]]


# --------------------------------------------------------------------------------------------
# Charsets


def test_gb2312_label_reads_gbk_characters(tmp_path: Path) -> None:
    """Pages labelled gb2312 hold GBK characters (堃 is not in GB2312): decoded as GB18030."""
    path = _page(tmp_path, f"<div id='zoom'><p>负责人：王堃</p>{_BODY}</div>",
                 head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', encoding="gbk")
    assert _paragraphs(path)[0] == "负责人：王堃"


@pytest.mark.parametrize("head", ["", '<meta charset="utf-8">', '<meta charset="iso-8859-1">',
                                  '<meta charset="no-such-charset">'])
def test_gbk_bytes_whatever_the_page_declares(tmp_path: Path, head: str) -> None:
    """GBK bytes without a declaration, or with a wrong or unknown one, are detected."""
    path = _page(tmp_path, f"{_NAV}<div id='zoom'>{_BODY}</div>", head=head, encoding="gbk")
    assert _paragraphs(path) == _REPORT


def test_page_resaved_as_utf8_keeping_its_gbk_label(tmp_path: Path) -> None:
    path = _page(tmp_path, f"{_NAV}<div id='zoom'>{_BODY}</div>",
                 head='<meta http-equiv="Content-Type" content="text/html; charset=gbk">', encoding="utf-8")
    assert _paragraphs(path) == _REPORT


def test_byte_order_marks_and_an_xml_declaration(tmp_path: Path) -> None:
    page = f"<html><body><div id='zoom'>{_BODY}</div></body></html>"
    for name, data in (("bom8.html", b"\xef\xbb\xbf" + page.encode("utf-8")),
                       ("bom16.html", page.encode("utf-16")),
                       ("xhtml.html", ('<?xml version="1.0" encoding="gbk"?>' + page).encode("gbk"))):
        (tmp_path / name).write_bytes(data)
        assert _paragraphs(tmp_path / name) == _REPORT, name


def test_a_few_bad_bytes_are_tolerated(tmp_path: Path) -> None:
    """A title cut inside a character by the CMS, in a related-articles list: the page still reads."""
    data = _page(tmp_path, f"{_NAV}<div id='zoom'>{_BODY}</div><a href='/r'>相关</a>").read_bytes()
    cut = "相关".encode()
    data = data.replace(cut, cut[:-1])
    (tmp_path / "cut.html").write_bytes(data)
    assert _paragraphs(tmp_path / "cut.html") == _REPORT


def test_undecodable_bytes_are_a_chinese_message(tmp_path: Path) -> None:
    noise = bytes((i * 7919 + 13) % 128 + 128 for i in range(6000))
    path = tmp_path / "noise.html"
    path.write_bytes(b"<html><head><meta charset='utf-8'></head><body><p>" + noise + b"</p></body></html>")
    with pytest.raises(InputError) as caught:
        read_html(path)
    assert caught.value.message.startswith("网页无法解码")
    assert "utf-8" in caught.value.message


# --------------------------------------------------------------------------------------------
# Broken and hostile files


def _refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_html(path)
    findings = lint_file(path)
    assert [(f.code, f.message) for f in findings] == [("PL000", caught.value.message)]
    return caught.value.message


def test_empty_page(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    message = _refused(tmp_path / "empty.html")
    assert "empty" in message or "空" in message  # loaders.base's wording
    (tmp_path / "blank.html").write_bytes(b"<html><head><title></title></head><body>\n</body></html>")
    assert "没有找到正文文字" in _refused(tmp_path / "blank.html")


def test_page_without_body_text(tmp_path: Path) -> None:
    """Only navigation, images and a script that would have filled the body."""
    body = (f"{_NAV}<div id='zoom'><img src='/a.png' alt='报告扫描件'><script>load('正文内容')</script></div>"
            "<iframe src='/content.html'></iframe>")
    assert "没有找到正文文字" in _refused(_page(tmp_path, body))


def test_binary_garbage_renamed_html(tmp_path: Path) -> None:
    path = tmp_path / "garbage.html"
    path.write_bytes(bytes((i * 2654435761) % 251 for i in range(20000)))
    assert "二进制" in _refused(path)
    path.write_bytes((OFFICE / "seed_000.docx").read_bytes())
    assert "ZIP" in _refused(path)
    path.write_text("部门整体支出绩效自评报告\n一、部门基本情况\n", encoding="utf-8")
    assert "没有 HTML 标签" in _refused(path)


def test_huge_page_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:  # sparse: ~200 MB on paper, nothing on disk
        handle.write(b"<html><body><p>")
        handle.truncate(200 * 1024 * 1024)
    assert path.stat().st_size > MAX_HTML_BYTES
    started = time.perf_counter()
    message = _refused(path)
    assert time.perf_counter() - started < 5
    assert "200 MB" in message and "上限" in message


@pytest.mark.parametrize("depth", [200, 5000])
def test_deeply_nested_markup(tmp_path: Path, depth: int) -> None:
    """Deep but within libxml2's 256 levels: read. Deeper: refused, not read in part."""
    body = "<div>" * depth + f"<div id='zoom'>{_BODY}</div>" + "</div>" * depth
    path = _page(tmp_path, body)
    if depth < 250:
        assert _paragraphs(path) == _REPORT
    else:
        assert "嵌套超过 256 层" in _refused(path)


def test_unclosed_inline_tags_pile_up_and_are_refused(tmp_path: Path) -> None:
    body = "".join(f"<p><font color='red'>{text}" for text in _REPORT * 60)
    assert "嵌套超过 256 层" in _refused(_page(tmp_path, body))


def test_scripts_and_external_entities_are_ignored_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容不应出现", encoding="utf-8")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        doctype = (f'<!DOCTYPE html [<!ENTITY secret SYSTEM "file://{secret}"> '
                   f'<!ENTITY remote SYSTEM "{url}/e"> <!ENTITY % dtd SYSTEM "{url}/dtd"> %dtd; '
                   '<!ENTITY lol "哈哈哈哈哈哈哈哈">]>')
        page = (f"{doctype}<html><head><meta charset='utf-8'><link rel='stylesheet' href='{url}/a.css'>"
                f"<script src='{url}/a.js'></script><script>document.write('脚本写入的文字');</script></head>"
                f"<body>{_NAV}<div id='zoom'><p>引用：&secret;&remote;&lol;</p>{_BODY}"
                f"<img src='{url}/a.png'><iframe src='{url}/frame.html'></iframe>"
                f"<object data='{url}/o.swf'></object></div></body></html>")
        path = tmp_path / "hostile.html"
        path.write_text(page, encoding="utf-8")
        text = read_html(path).full_text()
        findings = lint_file(path)
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected
    assert "机密内容" not in text and "脚本写入" not in text and "哈哈" not in text
    assert "ENTITY" not in text and "]>" not in text
    assert _REPORT[1] in text
    assert not [f for f in findings if f.code in ("PL000", "PL001")]


def test_exploding_table_spans_are_bounded(tmp_path: Path) -> None:
    rows = "".join("<tr>" + "<td colspan='1000'>1</td>" * 3 + "</tr>" for _ in range(200))
    message = _refused(_page(tmp_path, f"<div id='zoom'>{_BODY}<table>{rows}</table></div>"))
    assert "表格过大" in message


def test_html_and_htm_are_registered() -> None:
    host = default_host()
    assert host.loader_for(Path("report.html")).name == "html"
    assert host.loader_for(Path("REPORT.HTM")).name == "html"
