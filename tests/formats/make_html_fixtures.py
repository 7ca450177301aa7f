"""Write the three seed reports as web pages saved from a government publishing site.

    python tests/formats/make_html_fixtures.py

Each page is built from the committed fixtures/office/seed_*.docx, read with perflint's own .docx
reader: the report's paragraphs become `<p>`/headings/`<br>` lines and its tables `<table>`s whose
merged cells are rowspan/colspan, inside site chrome invented here (no real site's text): a
navigation menu, a breadcrumb, a sidebar, a 索引号/发布机构/发布日期 metadata table, a
字号 大 中 小 | 打印 | 关闭 bar, 上一篇/下一篇 links and a footer with 版权所有 and 备案号. Some of the
chrome would raise findings if it were read as report text (a redacted 备案号 is a PL506
placeholder, the site notice repeated in header and footer a PL606 repetition): the tests check it
is not.

The three pages differ as real sites do:
- seed_000.html: UTF-8 declared by `<meta http-equiv="Content-Type">`, a TRS-style CMS page
  (`#zoom > .TRS_Editor`), Word-export paragraphs (`<p class="MsoNormal"><span>`);
- seed_001.html: GBK declared by `<meta charset="gbk">`, an HTML5 page (header, nav, main, aside,
  article, footer), headings as `<h2>`-`<h5>`, long paragraphs hard-wrapped in the source
  between Chinese characters;
- seed_004.htm: GBK with no charset declaration at all (the loader detects it), CRLF line ends,
  an old table-layout page whose class names say nothing (`nr`, `zuo`, `db`), paragraphs as
  `<br>`-separated lines of a `<div>`, table cells with `<p>` or `<br>` lines.
The outputs are committed next to this script.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from perflint.document import Document, Paragraph, Table
from perflint.loaders.docx_loader import read_docx

ROOT = Path(__file__).resolve().parents[2]

OFFICE = ROOT / "fixtures" / "office"
HERE = Path(__file__).resolve().parent

#: Site text a linter must never see: if read as report text, the redacted 备案号 is a placeholder
#: (PL506) and the notice, in both header and footer, a repeated sentence (PL606).
RECORD_NUMBER = "云ICP备XXXXXXXX号-1"
SITE_NOTICE = "本网站发布的信息仅供公众查阅参考，转载本网站内容请注明出处并保留原文链接，感谢您的理解与支持。"
MENU = ["首页", "机构概况", "政府信息公开", "政务服务", "互动交流", "专题专栏", "数据开放"]
SIDEBAR = ["法定主动公开内容", "财政预决算", "部门预算", "部门决算", "绩效评价", "政府采购", "审计结果"]


def _text(text: str) -> str:
    """Escaped paragraph text whose runs of spaces survive HTML whitespace collapsing."""
    if "\n" in text or "\t" in text:
        raise ValueError(f"paragraph with a line break or tab: {text[:40]!r}")
    escaped = html.escape(text, quote=False)
    return re.sub(r" {2,}", lambda m: " " + "&nbsp;" * (len(m.group()) - 1), escaped)


def _wrap_between_chinese(text: str, width: int = 48) -> str:
    """Hard-wrap a source line every ~`width` characters, only between two Chinese characters
    (as some CMS pretty-printers do; a browser shows no space there)."""
    out, run = [], 0
    for index, char in enumerate(text):
        out.append(char)
        run += 1
        following = text[index + 1:index + 2]
        if run >= width and "\u4e00" <= char <= "\u9fff" and "\u4e00" <= following <= "\u9fff":
            out.append("\n        ")
            run = 0
    return "".join(out)


def _spans(table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, column) of each origin cell → (rowspan, colspan), from the merged copies sharing its
    piece; every merged region must be a rectangle."""
    rows = table.rows
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.merged:
                if (r, c) not in covered:
                    raise ValueError(f"table {table.index}: merged cell ({r}, {c}) outside a rectangle")
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan].merged and row[c + colspan].piece is cell.piece:
                colspan += 1
            rowspan = 1
            while (r + rowspan < len(rows) and rows[r + rowspan][c].merged
                   and rows[r + rowspan][c].piece is cell.piece):
                rowspan += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    if (dr or dc) and rows[r + dr][c + dc].piece is not cell.piece:
                        raise ValueError(f"table {table.index}: merged region at ({r}, {c}) "
                                         "is not a rectangle")
                    covered.add((r + dr, c + dc))
            spans[(r, c)] = (rowspan, colspan)
    return spans


def _table(table: Table, *, cell_lines: str, attrs: str) -> str:
    """A report table; `cell_lines` is "p" (each line of a cell a <p>) or "br"."""
    spans = _spans(table)
    out = [f"<table {attrs}>", "<tbody>"]
    for r, row in enumerate(table.rows):
        out.append("<tr>")
        for c, cell in enumerate(row):
            if (r, c) not in spans:
                continue
            rowspan, colspan = spans[(r, c)]
            span = ((f' rowspan="{rowspan}"' if rowspan > 1 else "")
                    + (f' colspan="{colspan}"' if colspan > 1 else ""))
            lines = [_text(line) for line in cell.text.split("\n")]
            if cell_lines == "p":
                inner = "".join(f'<p class="MsoNormal" align="center"><span>{line}</span></p>'
                                for line in lines)
            else:
                inner = "<br/>".join(lines)
            out.append(f'<td{span} valign="middle">{inner}</td>')
        out.append("</tr>")
    out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _metadata_table(index: str, unit: str, date: str, title: str) -> str:
    return f"""<table class="xxgk-info" width="100%" cellspacing="0" cellpadding="0">
<tr><th>索&nbsp;引&nbsp;号：</th><td>{index}</td><th>主题分类：</th><td>财政、金融、审计/财政预算决算</td></tr>
<tr><th>发布机构：</th><td>{unit}</td><th>发布日期：</th><td>{date}</td></tr>
<tr><th>名&nbsp;&nbsp;&nbsp;&nbsp;称：</th><td colspan="3">{html.escape(title)}</td></tr>
<tr><th>文&nbsp;&nbsp;&nbsp;&nbsp;号：</th><td></td><th>有&nbsp;效&nbsp;性：</th><td>有效</td></tr>
</table>"""


def _links(items: list[str], prefix: str) -> str:
    return "\n".join(f'<li><a href="/{prefix}/{i}/index.html" target="_blank">{item}</a></li>'
                     for i, item in enumerate(items))


_SCRIPTS = """<script type="text/javascript" src="/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript">
var _siteNotice = "欢迎访问本网站，本页面正在加载统计代码，请稍候……";
document.write('<div class="ad">' + _siteNotice + '</div>');
function doZoom(size) { document.getElementById('zoom').style.fontSize = size + 'px'; }
</script>
<style type="text/css">
.nav li { float: left; } .footer { color: #666; } /* 正文字号：默认 16px */
</style>"""


# --------------------------------------------------------------------------------------------
# Page A: seed_000, UTF-8 declared by http-equiv, TRS-style CMS


def page_000(document: Document) -> bytes:
    title = document.blocks[0].text
    body = []
    for block in document.blocks:
        assert isinstance(block, Paragraph), "seed 000 has no tables"
        text = _text(block.text)
        if block.style == "Title":
            body.append(f'<p align="center" style="text-align:center"><strong><span style="font-size:22px;'
                        f'font-family:方正小标宋简体">{text}</span></strong></p>')
        elif block.style and block.style.startswith("Heading"):
            body.append(f'<p class="MsoNormal" style="text-indent:2em"><b><span style="font-family:黑体">'
                        f'{text}</span></b></p>')
        else:
            body.append(f'<p class="MsoNormal" style="text-indent:2em;line-height:28px"><span '
                        f'style="font-family:仿宋_GB2312;font-size:16px">{text}</span></p>')
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="ArticleTitle" content="{html.escape(title)}" />
<title>{html.escape(title)}_财政预决算_云州市自然资源局</title>
<link rel="stylesheet" type="text/css" href="/css/common.css" />
{_SCRIPTS}
</head>
<body>
<div class="top-bar"><div class="w1200"><span>{SITE_NOTICE}</span>
<a href="/wza/">无障碍浏览</a> | <a href="/zzms/">长者模式</a> | <a href="/login/">登录</a></div></div>
<div class="header">
  <div class="logo"><img src="/images/logo.png" alt="云州市自然资源局" /></div>
  <div class="search"><form action="/search/" method="get"><input type="text" name="q" value="请输入关键词" />
  <button type="submit">搜索</button></form></div>
</div>
<div class="nav"><ul>
{_links(MENU, "nav")}
</ul></div>
<div class="main w1200">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt;
  <a href="/zwgk/czyjs/">财政预决算</a></div>
  <div class="left-side">
    <h3>信息公开目录</h3>
    <ul>
{_links(SIDEBAR, "zwgk")}
    </ul>
    <div class="hot"><h3>热点信息</h3><ul>
    <li><a href="/news/1.html">关于开展自然资源领域安全生产大检查的通知</a></li>
    <li><a href="/news/2.html">市自然资源局召开全市耕地保护工作推进会</a></li>
    </ul></div>
  </div>
  <div class="right-main">
    {_metadata_table("11360100MB1234567X/2023-00042", "云州市自然资源局", "2023-05-12", title)}
    <h1 class="article-title">{html.escape(title)}</h1>
    <div class="article-info">发布时间：2023-05-12 10:30　来源：云州市自然资源局
      浏览次数：<span id="hits">1024</span>
      <span class="fontsize">【字号：<a href="javascript:doZoom(18)">大</a>
      <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span>
      <span class="share">分享到：（<a class="wx" href="javascript:;"></a>）</span></div>
    <div id="zoom">
<div class="TRS_Editor">
{chr(10).join(body)}
</div>
    </div>
    <div class="article-tools">【<a href="javascript:window.print()">打印本页</a>】<!--
    -->【<a href="javascript:window.close()">关闭窗口</a>】</div>
    <div class="prev-next">
      <p>上一篇：<a href="/zwgk/czyjs/1.html">云州市自然资源局2023年部门预算公开说明</a></p>
      <p>下一篇：<a href="/zwgk/czyjs/3.html">云州市自然资源局2022年部门决算公开说明</a></p>
    </div>
  </div>
</div>
<div class="footer">
  <p>{SITE_NOTICE}</p>
  <p>主办单位：云州市自然资源局　承办单位：云州市大数据中心　联系电话：0000-1234567</p>
  <p>版权所有 &copy; 云州市自然资源局　备案号：{RECORD_NUMBER}　网站标识码：3600000000</p>
</div>
</body>
</html>
"""
    return page.encode("utf-8")


# --------------------------------------------------------------------------------------------
# Page B: seed_001, GBK declared by <meta charset="gbk">, HTML5


def page_001(document: Document) -> bytes:
    title = "云州市国土空间规划服务中心2021年度部门整体支出绩效自评报告"
    body = []
    for block in document.blocks:
        assert isinstance(block, Paragraph), "seed 001 has no tables"
        text = _wrap_between_chinese(_text(block.text))
        if block.style == "Title":
            body.append(f'<h1 class="doc-title">{text}</h1>')
        elif block.style and block.style.startswith("Heading "):
            level = min(int(block.style.split()[1]) + 1, 6)
            body.append(f"<h{level}>{text}</h{level}>")
        else:
            body.append(f"<p>{text}</p>")
    page = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="gbk">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{_SCRIPTS}
</head>
<body>
<header class="site-header">
  <div class="site-name">云州市国土空间规划服务中心</div>
  <p class="notice">{SITE_NOTICE}</p>
</header>
<nav class="main-nav"><ul>
{_links(MENU, "nav")}
</ul></nav>
<div class="crumbs">您现在的位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt;
<a href="/xxgk/yjs/">预决算公开</a> &gt; 部门决算</div>
<main class="page">
  <aside class="sidebar"><h3>栏目导航</h3><ul>
{_links(SIDEBAR, "xxgk")}
  </ul></aside>
  <article>
    <h1>{title}</h1>
    <div class="meta"><ul class="xxgk-meta">
      <li>索引号：12360100MB7654321Y/2022-00007</li>
      <li>发布机构：云州市国土空间规划服务中心</li>
      <li>发布日期：2022-06-30</li>
      <li>主题分类：财政预决算</li>
    </ul></div>
    <div class="tools">字号：<a href="#" data-size="18">大</a> <a href="#" data-size="16">中</a>
    <a href="#" data-size="14">小</a> | <a href="javascript:window.print()">打印</a> |
    <a href="javascript:window.close()">关闭</a></div>
    <div class="article-content">
{chr(10).join(body)}
    </div>
    <div class="bdshare">分享到：<a class="bds_weixin">微信</a> <a class="bds_tsina">微博</a></div>
  </article>
</main>
<footer>
  <p>{SITE_NOTICE}</p>
  <p>版权所有：云州市国土空间规划服务中心　备案号：<a href="https://beian.miit.gov.cn/">{RECORD_NUMBER}</a></p>
  <p>地址：云州市新城区政务大道1号　邮编：000000</p>
</footer>
</body>
</html>
"""
    return page.encode("gbk", errors="xmlcharrefreplace")


# --------------------------------------------------------------------------------------------
# Page C: seed_004, GBK without any declaration, table layout, CRLF


def page_004(document: Document) -> bytes:
    title = "东湖区政务服务数据管理局2021年度部门整体支出绩效自评报告"
    body: list[str] = []
    lines: list[str] = []

    def flush_lines() -> None:
        if lines:
            body.append('<div style="line-height:2">' + "<br>\n".join(lines) + "<br></div>")
            lines.clear()

    for block in document.blocks:
        if isinstance(block, Table):
            flush_lines()
            cell_lines = "p" if block.index == 1 else "br"
            body.append(_table(block, cell_lines=cell_lines,
                               attrs='border="1" cellspacing="0" cellpadding="0" width="100%" '
                                     'style="border-collapse:collapse"'))
        elif block.style and block.style.startswith("Heading"):
            flush_lines()
            body.append(f'<p style="text-indent:2em"><strong>{_text(block.text)}</strong></p>')
        else:
            lines.append("&nbsp;&nbsp;&nbsp;&nbsp;" + _text(block.text))
    flush_lines()
    menu = " | ".join(f'<a href="/{i}/">{item}</a>' for i, item in enumerate(MENU))
    left = "<br>\n".join(f'<a href="/xxgk/{i}/">・{item}</a>' for i, item in enumerate(SIDEBAR))
    page = f"""<html>
<head>
<title>{title}</title>
{_SCRIPTS}
</head>
<body topmargin="0" leftmargin="0">
<table width="1000" align="center" cellspacing="0" cellpadding="0">
<tr><td class="dh" height="40">{menu}</td></tr>
<tr><td class="tz">{SITE_NOTICE}</td></tr>
</table>
<table width="1000" align="center" cellspacing="0" cellpadding="0">
<tr>
<td width="220" valign="top" class="zuo">{left}</td>
<td width="780" valign="top" class="you">
  <table width="100%"><tr><td class="wz">当前位置：<a href="/">首页</a> &gt;&gt;
  <a href="/xxgk/">政务公开</a> &gt;&gt; 绩效评价</td></tr></table>
  {_metadata_table("11360102MB0000000A/2022-00015", "东湖区政务服务数据管理局", "2022-04-28", title)}
  <table width="100%" cellspacing="0" cellpadding="0">
  <tr><td align="center" class="bt"><font size="5"><b>{title}</b></font></td></tr>
  <tr><td align="center" class="sj">发布日期：2022-04-28&nbsp;&nbsp;【字体：
  <a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a>
  <a href="javascript:doZoom(12)">小</a>】&nbsp;【<a href="javascript:window.print()">打印</a>】<!--
  -->【<a href="javascript:window.close()">关闭</a>】</td></tr>
  <tr><td class="nr">
{chr(10).join(body)}
  </td></tr>
  <tr><td class="sxp">上一条：<a href="/xxgk/1.htm">东湖区政务服务数据管理局2022年部门预算</a><br>
  下一条：<a href="/xxgk/3.htm">东湖区政务服务数据管理局2020年度部门决算</a></td></tr>
  </table>
</td>
</tr>
</table>
<table width="1000" align="center"><tr><td class="db" align="center">
{SITE_NOTICE}<br>
版权所有：东湖区政务服务数据管理局&nbsp;&nbsp;备案号：{RECORD_NUMBER}<br>
建议使用1366×768分辨率浏览本站
</td></tr></table>
</body>
</html>
"""
    return page.replace("\r\n", "\n").replace("\n", "\r\n").encode("gbk", errors="xmlcharrefreplace")


PAGES = {"seed_000.html": ("seed_000.docx", page_000), "seed_001.html": ("seed_001.docx", page_001),
         "seed_004.htm": ("seed_004.docx", page_004)}


def main() -> int:
    for name, (source, build) in PAGES.items():
        (HERE / name).write_bytes(build(read_docx(OFFICE / source)))
        print(f"wrote {(HERE / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
