"""Web pages (.html/.htm) as saved from a government publishing site: the report in the page's
article body, as paragraphs and tables, without the site around it.

Reading the bytes
- Size: a page larger than MAX_HTML_BYTES is refused from its size, before it is read.
- Charset: a byte-order mark; else UTF-8 when the bytes are valid UTF-8 holding non-ASCII text
  (GBK text is never valid UTF-8 for long: a page re-saved as UTF-8 that kept `charset=gbk` is
  common); else the page's own declaration (`<meta charset>`, the charset of `<meta
  http-equiv="Content-Type">`, an XML declaration) when it names a known encoding the bytes decode
  in (a declared latin-1 giving no Chinese character is checked against detection); else
  charset-normalizer's detection.
  GBK/GB2312 labels (and what the detector calls them) are decoded as GB18030, their superset:
  pages labelled gb2312 routinely hold GBK characters. A few bad bytes in a page that otherwise
  decodes (a download cut off inside a character, a CMS that cut a title inside one) become
  U+FFFD; a binary file, or bytes no encoding reads, is an `InputError` in Chinese.
- Parsing: lxml.html (libxml2's HTML parser) on the decoded text. It reads no DTD, expands no
  declared entity and touches no network (`no_network`); a DOCTYPE's internal subset is cut before
  parsing so its text cannot leak into the page, scripts are dropped, never run. libxml2 stops at
  256 levels of nesting and drops the rest of the page: such a page is refused rather than read in
  part, so the walks below may recurse.

Choosing the body
1. Invisible and non-text elements go (script, style, noscript, iframe, form controls, `hidden`,
   `display:none`), then the site chrome: nav/header/footer/aside/form elements, ARIA navigation
   roles, and elements whose id/class names navigation, menu, header, footer, breadcrumb, share,
   print, sidebar, copyright, search… (camelCase split: `mainNav`). An element whose name also
   says content (`printContent`) is not chrome, and neither is one holding half the page's text
   (an ASP.NET `<form>` or a `#header-wrap` around the whole page is a wrapper, not chrome).
2. Text weight = CJK characters and digits, outside links (menus, related-article lists and
   上一篇/下一篇 are links). Metadata blocks (a table, list or line naming three of 索引号,
   发布机构, 发布日期, 主题分类, 文号, 发布时间, 浏览次数 …) and footer blocks (版权所有,
   主办单位, 备案号, 网站标识码 …) weigh nothing, so they never attract the choice.
3. From `<body>` down, step into the child holding the most weight while it holds three quarters
   of the page's weight, or half of its parent's when it is a container (three blocks or more)
   and nothing beside it is dense (no paragraph of 40 weight, no data table: only a title, a date
   line, footer lines, which a short report must not be swamped by). Common CMS containers
   (TRS_Editor, article, content, zoom, Custom_UnionStyle, detail, 正文) count 1.25 times their
   weight in the first test: a hint, never the only way in. A data table is never entered; a
   layout table is (`_Layout`: a single cell, or a cell holding half the table's weight that is
   a page region, such as the content cell beside a sidebar). The siblings after the chosen
   element that hold text join it (the signature and date lines after an editor's box: page
   tools, link lists and 上一篇/下一篇 there are dropped in step 4), and so do dense ones before
   it holding 15% of its weight (a report split over two boxes); a title before it does not.
4. What lies outside is dropped: title bar, metadata table, 字号/打印/关闭 bars, breadcrumb,
   footer. Inside the body, blocks of nothing but links (two or more) and boxes whose text is
   nine tenths links (a related-articles list under its heading), lines made only of page tools
   (`【字号：大 中 小】【打印】【关闭】`, 分享到：微信 微博) and 上一篇/下一篇/当前位置 lines are
   dropped too; a metadata table inside the body stays (unless no container was found and the
   body is the whole page).

Blocks: `<p>`, headings, list items, `<div>` text and every `<br>`-separated line are paragraphs
(whitespace collapsed as a browser does, `&nbsp;` kept as a space, line ends trimmed; `<h1>`–`<h6>`
give the style `Heading N`). A data table becomes a `Table`: rowspan/colspan are expanded on the
HTML table grid, the origin keeps the text and the copies are `merged=True` (as .docx), a cell's
lines are joined with newlines, a nested table is flattened row by row with tab-separated cells.
Places are those of .docx: `line` is the block number in reading order, `location` is `第12段`
(the 12th paragraph of the body) or `表2 第3行第4列`.

Not read: text a script, an iframe or CSS (`::before`, list numbering of `<ol>`) would show, image
alt text and scanned pages, frames (a frameset page has no body), and the page's own `<title>`
and the article title when they sit outside the body (the report's first line is its title).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from perflint.document import Document, Paragraph, Piece, Table, table_from_grid
from perflint.limits import Limits, current
from perflint.loaders.base import Loader
from perflint.reading import InputError, detected_codecs, over_limit, read_bytes

#: Pages larger than this are refused from their size (a saved page with its images inlined is
#: a few MB; a report's text is well under one).
MAX_HTML_BYTES = 32 * 1024 * 1024
#: Grid positions (after expanding rowspan/colspan) over all the tables of a page: the default of
#: `limits.table-cells` (the run's value is what is checked).
MAX_TABLE_CELLS = Limits().table_cells
#: The HTML table model's largest colspan.
_MAX_COLSPAN = 1000
#: How much of the page is searched for a charset declaration.
_DECLARATION_WINDOW = 64 * 1024

#: A child holding this share of the page's weight is stepped into when choosing the body.
_DESCEND_SHARE = 0.75
#: Weight factor of elements whose id/class names a CMS content container.
_HINT_BOOST = 1.25
#: Or a child holding half its parent's weight when it is a container (this many blocks) and
#: nothing beside it is dense: no paragraph of this weight, no data table.
_CONTAINER_BLOCKS = 3
_DENSE_RUN = 40
#: A dense sibling of the chosen container with this share of its weight is part of the body too.
_SIBLING_SHARE = 0.15
_SIBLING_MIN_WEIGHT = 30
#: An element holding this share of the page's weight is a wrapper, never chrome.
_WRAPPER_SHARE = 0.5

# --------------------------------------------------------------------------------------------
# Bytes to text

_META_CHARSET = re.compile(rb"<meta\b[^>]{0,1024}?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]{1,40})", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*[\"']([A-Za-z0-9._:\-]{1,40})", re.I)
_GB_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312", "gb-2312", "gb_2312-80", "csgb2312",
                        "chinese", "iso-ir-58", "cp936", "ms936", "windows-936", "gb18030", "euc-cn",
                        "x-euc-cn", "euccn"})
_BIG5_LABELS = frozenset({"big5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5"})
#: WHATWG: these labels mean windows-1252.
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
                            "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100", "windows-1252", "cp1252"})
#: Encodings whose text of a Chinese page is readable; a page declaring another one (latin-1 …)
#: but holding no CJK character once decoded is checked against the detector.
_READABLE = frozenset({"utf-8", "gb18030", "big5hkscs"})

_SIGNATURES = (
    (b"PK\x03\x04", "ZIP 压缩包（也可能是 .docx/.xlsx 文件）"),
    (b"%PDF", "PDF 文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls）"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"{\\rtf", "RTF 文件"),
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]")


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label as pages spell it, or None for an unknown label."""
    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label in _BIG5_LABELS:
        return "big5hkscs"
    if label in _LATIN1_LABELS:
        return "cp1252"
    if label.startswith(("utf-16", "utf-32", "utf16", "utf32", "ucs-2", "ucs2")):
        return "utf-8"  # a declaration readable as ASCII is not in UTF-16 (HTML's rule)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs"}.get(name, name)


def _declared_charset(data: bytes) -> str | None:
    head = data[:_DECLARATION_WINDOW]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode(data: bytes, codec: str, *, tolerate: bool) -> str | None:
    """`data` in `codec`; with `tolerate`, a few bad bytes (at most 8, or 1% of the non-ASCII
    characters) become U+FFFD. None when the bytes are not in that encoding."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if not tolerate:
            return None
    except LookupError:
        return None
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return text if bad <= 8 or bad * 100 <= len(_NON_ASCII.findall(text)) else None


def _detected(data: bytes) -> str | None:
    """The text in the Chinese encoding the shared detection finds likely (judged on the page's
    first bytes: `perflint.reading.detected_codecs`), a few bad bytes tolerated; None without one."""
    for codec in detected_codecs(data):
        text = _decode(data, codec, tolerate=True)
        if text is not None:
            return text
    return None


def decode_html(data: bytes) -> str:
    """The text of a page's bytes (see the module docstring for the order of evidence)."""
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8):], "utf-8", tolerate=True)
        if text is None:
            raise InputError("网页无法解码：文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 文本")
        return text
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", tolerate=True)
        if text is None:
            raise InputError("网页无法解码：文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本")
        return text
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"不是网页：这是{name}，只是扩展名为 .html/.htm；请用相应格式的文件检查")
    if b"\x00" in data:
        raise InputError("不是网页：文件含有二进制数据（NUL 字节），不是 HTML 文本")
    declared = _declared_charset(data)
    codec = _codec(declared) if declared else None
    utf8 = _decode(data, "utf-8", tolerate=False)
    if utf8 is not None and codec != "utf-8" and not data.isascii():
        # valid UTF-8 with non-ASCII text is UTF-8 whatever the label says (GBK text is never
        # valid UTF-8 for long): a page re-saved as UTF-8 that kept its old charset=gbk
        return utf8
    text = _decode(data, codec, tolerate=True) if codec else None
    if text is not None and (codec in _READABLE or data.isascii() or _CJK.search(text)):
        return text
    # no usable declaration, or latin-1 (or the like) declared on a Chinese page: the bytes decide
    detected = _detected(data)
    if detected is not None and (text is None or _CJK.search(detected)):
        return detected
    if text is not None:
        return text
    hint = f"网页声明的编码 {declared} 与内容不符，" if declared else ""
    raise InputError(f"网页无法解码：{hint}内容既不是 UTF-8 也不是 GBK/GB18030，也无法自动识别字符编码；"
                     "请在浏览器中打开后另存为 UTF-8 网页再检查")


# --------------------------------------------------------------------------------------------
# Text to tree

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}>", re.I)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,1000}\[.{0,65536}?\]\s*>", re.I | re.S)
#: Word's "downlevel-revealed" conditional comments: a browser shows what is between them.
_DOWNLEVEL = re.compile(r"<!\[(?:if\b[^\]]{0,200}|endif)\]>", re.I)


def parse_html(text: str):
    """The page's root element (lxml.html), parsed without network, DTD or entity expansion."""
    import lxml.html
    from lxml import etree

    if _CONTROL.search(text) and len(_CONTROL.findall(text)) * 100 > len(text):
        raise InputError("不是网页：内容中大量是控制字符，是二进制文件而不是 HTML 文本")
    if not _MARKUP.search(text):
        raise InputError("不是网页：文件中没有 HTML 标签（纯文本报告请保存为 .txt 再检查）")
    text = _XML_DECLARATION.sub("", text, count=1)
    text = _DOCTYPE_SUBSET.sub("", text, count=1)
    text = _DOWNLEVEL.sub("", text)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True,
                                  default_doctype=False, collect_ids=False, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise InputError(f"网页中没有可读的内容（{exc}）") from None
    if any("Excessive depth" in error.message for error in parser.error_log):
        raise InputError("网页的标签嵌套超过 256 层，超出解析上限，无法完整读取"
                         "（页面可能已损坏，或有大量未闭合的标签）")
    return root


# --------------------------------------------------------------------------------------------
# Weights, chrome and metadata

_JUNK = frozenset({"head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset",
                   "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "select",
                   "option", "textarea", "button", "input", "map", "link", "meta", "base"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu", "form"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                           "menubar", "toolbar"})
#: Tags whose id/class may mark them as chrome (never table rows or cells: `<td class="head">`
#: is a table's header, not the page's).
_NAMED_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table", "span", "p", "center", "nav",
                         "header", "footer", "aside", "article", "main", "font"})
#: Of these, the page regions: only their names may say where they sit (`.top`, `.side`); a
#: paragraph or span is chrome only by what it does (`.share`, `.print`). Utility classes such as
#: `border-top` or `margin-bottom` say nothing.
_REGION_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table", "center", "nav", "header", "footer",
                          "aside"})
_CHROME_NAME = re.compile(
    r"(?<![a-z])(?:breadcrumbs?|crumbs?|share|bdshare|jiathis|print|copyright|banquan|toolbar|"
    r"position|weizhi|dqwz|pager|pagination|qrcode|font-?size|zi-?hao|friend-?links?)(?![a-z])")
_REGION_NAME = re.compile(
    r"(?<![a-z])(?<!border-)(?<!margin-)(?<!padding-)(?:nav|navbar|navigation|menus?|submenu|footer|foot|"
    r"header|head|topbar|top|bottom|dibu|sidebar|side|banner|logo|search|login|location|related)(?![a-z])")
_CONTENT_NAME = re.compile(
    r"(?<![a-z])(?:trs_editor|trs_ueditor|custom_unionstyle|article|content|contents|zoom|detail|details|"
    r"zhengwen|main-?text|body-?text)(?![a-z])")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
#: Characters that weigh: CJK ideographs and digits.
_UNWEIGHTED = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9０-９]+")
_METADATA_LABEL = re.compile(r"索引号|发布机构|发文机关|发布日期|成文日期|生成日期|主题分类|组配分类|"
                             r"体裁分类|信息分类|发文字号|文\s*号|有效性|公开方式|公开范围|信息来源|"
                             r"主题词|所属机构|发布时间|浏览次数|阅读次数|点击[量数率]|访问[量次]|"
                             r"(?<![资金经费])来源(?=\s*[:：])|"
                             # the site's footer
                             r"版权所有|主办单位|承办单位|协办单位|技术支持|网站标识码|ICP备|备案号|"
                             r"公网安备|网站地图|联系我们")
_METADATA_TAGS = frozenset({"table", "ul", "ol", "dl", "div", "section", "p"})
_METADATA_MAX_WEIGHT = 600
_REGION_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br"})


def _tag(element) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _weight(text: str | None) -> int:
    return len(_UNWEIGHTED.sub("", text)) if text else 0


def _names(element) -> str:
    """The element's id and class, camelCase split and lower-cased: `mainNav` → `main-nav`."""
    value = f"{element.get('id') or ''} {element.get('class') or ''}"
    return _CAMEL.sub(r"\1-\2", value).lower() if value.strip() else ""


def _is_link(element) -> bool:
    href = element.get("href")
    return href is not None and not href.startswith("#")


class _Weights:
    """Per element: the weight of its text (CJK characters and digits) in total (`total`) and
    outside links (`content`, also `weights[element]`); `run`, the weight of its longest
    paragraph (the inline text of one block element, outside links); `blocks`, how many block
    elements it holds."""

    def __init__(self, root, zero: frozenset = frozenset()) -> None:
        self.content: dict = {}
        self.total: dict = {}
        self.run: dict = {}
        self.blocks: dict = {}
        linked: dict = {}
        inline: dict = {}
        for element in reversed(list(root.iter())):
            tag = _tag(element)
            if element in zero or tag is None:
                self.total[element] = linked[element] = inline[element] = self.run[element] = 0
                self.blocks[element] = 0
                continue
            weight = own = _weight(element.text)
            in_links = run = blocks = 0
            for child in element:
                weight += self.total[child]
                in_links += linked[child]
                tail = _weight(child.tail)
                weight += tail
                own += tail + inline[child]
                run = max(run, self.run[child])
                blocks += self.blocks[child]
            if tag == "a" and _is_link(element):
                in_links, own = weight, 0
            block = tag in _BLOCK_TAGS
            self.total[element], linked[element] = weight, in_links
            self.content[element] = weight - in_links
            inline[element] = 0 if block else own
            self.run[element] = max(run, own) if block else run
            self.blocks[element] = blocks + block

    def __getitem__(self, element) -> int:
        return self.content.get(element, 0)


def _drop(element) -> None:
    """Remove an element, keeping its tail (the text after it belongs to its parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _remove_junk(body) -> None:
    doomed = []
    for element in body.iter():
        tag = _tag(element)
        if element is body:
            continue
        if (tag is None or tag in _JUNK or element.get("hidden") is not None
                or element.get("aria-hidden") == "true" or _HIDDEN_STYLE.search(element.get("style") or "")):
            doomed.append(element)
    for element in doomed:
        _drop(element)


def _is_chrome(element) -> bool:
    tag = _tag(element)
    if tag in _CHROME_TAGS or (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    if tag not in _NAMED_TAGS:
        return False
    names = _names(element)
    if not names or _CONTENT_NAME.search(names):
        return False
    return bool(_CHROME_NAME.search(names) or (tag in _REGION_TAGS and _REGION_NAME.search(names)))


def _remove_chrome(body) -> _Weights:
    """Drop the chrome; return the weights it was judged by (still good for the rest)."""
    weights = _Weights(body)
    wrapper = _WRAPPER_SHARE * weights[body]
    doomed = [element for element in body.iter()
              if element is not body and _is_chrome(element) and weights[element] < wrapper]
    for element in doomed:
        _drop(element)
    return weights


def _metadata_blocks(body, weights: _Weights) -> frozenset:
    """The innermost tables/lists/divs with little text naming at least three labels of the
    page's information-disclosure header (索引号, 发布机构, 发布时间, 浏览次数 …) or footer
    (版权所有, 主办单位, 备案号 …), or 索引号 and one more."""
    found = set()
    labels: dict = {}
    for element in reversed(list(body.iter())):
        own: set[str] = set(_METADATA_LABEL.findall(element.text or ""))
        for child in element:
            own |= labels.get(child, set())
            own.update(_METADATA_LABEL.findall(child.tail or ""))
        if (_tag(element) in _METADATA_TAGS and weights.total.get(element, 0) <= _METADATA_MAX_WEIGHT
                and (len(own) >= 3 or ("索引号" in own and len(own) >= 2))):
            found.add(element)
            own = set()
        labels[element] = own
    return frozenset(found)


# --------------------------------------------------------------------------------------------
# Tables


def _own_rows(table) -> list[list]:
    """The table's row groups (each a list of `<tr>`), thead/tbody/bare rows in order, tfoot last."""
    groups: list[list] = []
    feet: list[list] = []
    bare: list = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            bare.append(child)
            continue
        if bare:
            groups.append(bare)
            bare = []
        if tag in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child if _tag(tr) == "tr"]
            (feet if tag == "tfoot" else groups).append(rows)
    if bare:
        groups.append(bare)
    return groups + feet


def _own_cells(tr) -> list:
    return [cell for cell in tr if _tag(cell) in ("td", "th")]


def _span(cell, name: str, default: int) -> int:
    value = re.match(r"\s*(\d{1,7})", cell.get(name) or "")
    return int(value.group(1)) if value else default


class _Layout:
    """Whether a table lays out the page rather than holding data: `role=presentation`, a single
    cell, or one cell holding at least half the table's weight that is a page region (it holds a
    table, three blocks or more, or 200 weight of text), like the content cell beside a sidebar.
    A data table holding a small table in a cell stays a data table (the small one is flattened
    into the cell)."""

    def __init__(self, weights: _Weights) -> None:
        self.weights = weights
        self.memo: dict = {}

    def __call__(self, table) -> bool:
        if table not in self.memo:
            self.memo[table] = self._decide(table)
        return self.memo[table]

    def _decide(self, table) -> bool:
        if (table.get("role") or "").lower() in ("presentation", "none"):
            return True
        cells = [cell for group in _own_rows(table) for tr in group for cell in _own_cells(tr)]
        if len(cells) <= 1:
            return True
        whole = self.weights[table]
        for cell in cells:
            weight = self.weights[cell]
            if weight == 0 or weight * 2 < whole:
                continue
            if weight >= 200:
                return True
            blocks = 0
            for inner in cell.iter():
                tag = _tag(inner)
                if tag == "table" and inner is not cell:
                    return True
                blocks += tag in _REGION_BLOCKS
            if blocks >= 3:
                return True
        return False


# --------------------------------------------------------------------------------------------
# Choosing the body


def _choose_body(body, weights: _Weights, layout: _Layout, metadata: frozenset) -> list:
    page = weights[body]
    if page == 0:
        raise InputError("网页中没有找到正文文字（页面可能只有导航和图片，或正文由脚本、iframe 加载，"
                         "保存的网页中没有正文）")

    def score(element) -> float:
        names = _names(element)
        hinted = _tag(element) == "article" or bool(names and _CONTENT_NAME.search(names))
        return weights[element] * (_HINT_BOOST if hinted else 1.0)

    def dense(element) -> bool:
        """Holds report-like text: a paragraph of `_DENSE_RUN` weight, or a data table."""
        return weights.run.get(element, 0) >= _DENSE_RUN or any(
            weights[table] >= _DENSE_RUN and not layout(table) for table in element.iter("table"))

    node = body
    while not (_tag(node) == "table" and not layout(node)):
        children = [child for child in node if _tag(child) is not None]
        if not children:
            break
        best = max(children, key=score)
        if score(best) >= _DESCEND_SHARE * page:
            node = best
        elif (weights[best] * 2 >= weights[node] > 0 and weights.blocks[best] >= _CONTAINER_BLOCKS
              and not any(dense(child) for child in children if child is not best)):
            node = best  # beside it only short lines: a title, a date line, a footer
        else:
            break
    parent = node.getparent()
    if node is body or parent is None:
        return [node]
    least = max(_SIBLING_MIN_WEIGHT, _SIBLING_SHARE * weights[node])
    roots, after = [], False
    for child in parent:
        if child is node:
            roots.append(child)
            after = True
        elif _tag(child) is not None and child not in metadata and weights[child] > 0 and (
                after or (weights[child] >= least and dense(child))):
            roots.append(child)
    return roots


# --------------------------------------------------------------------------------------------
# Walking the body

_BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
                         "blockquote", "pre", "section", "article", "main", "center", "address", "figure",
                         "figcaption", "form", "fieldset", "legend", "details", "summary", "hr", "header",
                         "footer", "nav", "aside", "menu", "dir", "hgroup", "table", "caption", "thead",
                         "tbody", "tfoot", "tr", "td", "th", "body", "html", "listing", "xmp", "plaintext"})
_PRE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
_HEADINGS = {f"h{n}": f"Heading {n}" for n in range(1, 7)}
_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
#: A line break in the source between two Chinese characters is not a space (CSS Text's rule for
#: East Asian text), any other run of whitespace is one.
_CJK_BREAK = re.compile(rf"(?<=[{_CJK_CLASS}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK_CLASS}])")
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_TOOL_WORDS = re.compile(r"扫一扫在手机打开当前页|打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|"
                         r"收藏本页|加入收藏|收藏|分享到|分享|新浪微博|腾讯微博|微信好友|朋友圈|QQ空间|"
                         r"QQ好友|微信|微博|QQ|返回顶部|返回|字号|字体|默认|[大中小]")
_TOOL_PUNCTUATION = re.compile(r"[\s【】\[\]（）()|｜:：/,，、·•>＞»]+")
_NAVIGATION_LINE = re.compile(r"^\s*[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|当前位置|您的位置|"
                              r"您现在的位置|你的位置|你现在的位置|所在位置)\s*[:：]")


def _is_tool_line(text: str) -> bool:
    """Lines that are only page tools (【字号：大 中 小】【打印】【关闭】) or navigation
    (上一篇：…, 当前位置：…): never report text."""
    if _NAVIGATION_LINE.match(text):
        return True
    words = _TOOL_PUNCTUATION.sub("", text)
    return bool(words) and not _TOOL_WORDS.sub("", words)


class _Flow:
    """Walks elements as a browser lays them out: inline text joins the current line, block
    elements and `<br>` end it. Finished lines go to `on_line(text, style)`, data tables to
    `on_table(element)`."""

    def __init__(self, layout: _Layout, on_line: Callable[[str, str | None], None],
                 on_table: Callable[[object], None], skip: Callable[[object], bool] | None = None) -> None:
        self.layout = layout
        self.on_line = on_line
        self.on_table = on_table
        self.skip = skip
        self.parts: list[str] = []
        self.style: str | None = None
        self.pre = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self.pre:
            self.parts.append(text)
            return
        lines = text.split("\n")
        for line in lines[:-1]:
            self.parts.append(line)
            self.flush()
        self.parts.append(lines[-1])

    def flush(self) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        self.parts.clear()
        if self.pre:
            text = raw.replace("\xa0", " ").rstrip()
        else:
            text = _WHITESPACE.sub(" ", _CJK_BREAK.sub("", raw)).replace("\xa0", " ").strip()
        if text.strip():
            self.on_line(text, self.style)

    def walk(self, element) -> None:
        tag = _tag(element)
        if tag is None:
            return
        if tag == "br":
            self.flush()
            return
        if self.skip is not None and self.skip(element):
            return
        if tag == "table" and not self.layout(element):
            self.flush()
            self.on_table(element)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        style = self.style
        if tag in _HEADINGS:
            self.style = _HEADINGS[tag]
        pre = tag in _PRE_TAGS
        self.pre += pre
        self.add(element.text)
        for child in element:
            self.walk(child)
            self.add(child.tail)
        if block:
            self.flush()
        self.pre -= pre
        self.style = style


class _Reader:
    """Builds the Document's blocks from the body, numbering them as the .docx reader does."""

    def __init__(self, layout: _Layout, dropped: frozenset = frozenset()) -> None:
        self.layout = layout
        self.dropped = dropped
        self.blocks: list[Paragraph | Table] = []
        self.block = 0
        self.paragraph = 0
        self.table = 0
        self.cells = 0
        #: characters of text still allowed (`limits.text-chars`), counted as blocks are built
        self.chars_left = current().text_chars

    def next_block(self) -> int:
        self.block += 1
        return self.block

    def read(self, roots: Iterable) -> list[Paragraph | Table]:
        flow = _Flow(self.layout, self._paragraph, self._table, skip=self._link_list)
        for root in roots:
            flow.walk(root)
            flow.flush()
        return self.blocks

    def _link_list(self, element) -> bool:
        """A block of links and nothing else, or a box whose text is nine tenths links (a menu,
        a related-articles list under its heading), is not report text."""
        if element in self.dropped:
            return True
        weights = self.layout.weights
        total, content, tag = weights.total.get(element, 0), weights[element], _tag(element)
        if not total or tag not in _BLOCK_TAGS:
            return False
        if content and not (tag in _REGION_TAGS and content * 10 <= total):
            return False
        links = 0
        for link in element.iter("a"):
            links += _is_link(link)
            if links >= 2:
                return True
        return False

    def _paragraph(self, text: str, style: str | None) -> None:
        if _is_tool_line(text):
            return
        self.paragraph += 1
        self._charge(text, (f"第{self.paragraph}段", f"paragraph {self.paragraph}"))
        piece = Piece(text, line=self.next_block(), location=f"第{self.paragraph}段")
        self.blocks.append(Paragraph(piece, style=style))

    def _table(self, element) -> None:
        for caption in (child for child in element if _tag(child) == "caption"):
            _Flow(self.layout, self._paragraph, self._table).walk(caption)
        grid = self._grid(element)
        if not any(text.strip() for row in grid for text, origin in row if origin is None):
            return  # a spacer or an empty frame: nothing a reader sees
        self.table += 1
        self.blocks.append(table_from_grid(grid, self.table, self.next_block))

    def _grid(self, table) -> list[list[tuple[str, tuple[int, int] | None]]]:
        """The table on the HTML table grid: per position the text and, for the copies of a
        spanning cell, its origin's (row, column). rowspan stops at the end of its row group
        (rowspan=0 reaches it), colspan is at most 1000, overlapping cells keep the first."""
        grid: list[list[tuple[str, tuple[int, int] | None] | None]] = []
        for group in _own_rows(table):
            start = len(grid)
            grid.extend([] for _ in group)
            for i, tr in enumerate(group):
                r = start + i
                row = grid[r]
                c = 0
                for cell in _own_cells(tr):
                    while c < len(row) and row[c] is not None:
                        c += 1
                    colspan = min(max(_span(cell, "colspan", 1), 1), _MAX_COLSPAN)
                    rowspan = _span(cell, "rowspan", 1)
                    rowspan = len(group) - i if rowspan == 0 or rowspan > len(group) - i else rowspan
                    self._count(rowspan * colspan)
                    text = self._cell_text(cell)
                    for dr in range(rowspan):
                        target = grid[r + dr]
                        if len(target) < c + colspan:
                            target.extend([None] * (c + colspan - len(target)))
                        for dc in range(colspan):
                            if target[c + dc] is None:
                                target[c + dc] = (text, None) if dr == dc == 0 else (text, (r, c))
                    c += colspan
        width = max((len(row) for row in grid), default=0)
        self._count(width * len(grid))
        return [[entry or ("", None) for entry in row] + [("", None)] * (width - len(row)) for row in grid]

    def _count(self, positions: int) -> None:
        self.cells += positions
        if self.cells > current().table_cells:
            raise over_limit("table-cells", ("网页的表格过大：各表格展开合并单元格后的位置",
                                             "the page's tables, with their spans expanded"))

    def _charge(self, text: str, place: tuple[str, str]) -> None:
        """Count text as it is built: a nested table's text is copied into its cell."""
        self.chars_left -= len(text)
        if self.chars_left < 0:
            raise over_limit("text-chars", place)

    def _cell_text(self, cell) -> str:
        """A cell's lines joined by newlines; a nested table row by row, cells tab-separated."""
        lines: list[str] = []

        def nested(element) -> None:
            for row in self._grid(element):
                texts = [text for text, origin in row if origin is None]
                if any(t.strip() for t in texts):
                    lines.append("\t".join(texts))

        flow = _Flow(self.layout, lambda text, style: lines.append(text), nested)
        flow.add(cell.text)
        for child in cell:
            flow.walk(child)
            flow.add(child.tail)
        flow.flush()
        text = "\n".join(lines)
        self._charge(text, (f"表{self.table + 1}", f"table {self.table + 1}"))
        return text


# --------------------------------------------------------------------------------------------
# The loader


def _read_page(path: Path) -> bytes:
    """The page's bytes; a page over MAX_HTML_BYTES is refused from its size, unread."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_bytes names what is wrong
    if size > MAX_HTML_BYTES:
        raise InputError(f"网页文件有 {size / 2**20:.0f} MB，超过 {MAX_HTML_BYTES // 2**20} MB 的上限，"
                         "不予读取（绩效自评报告的网页通常不到 1 MB）")
    return read_bytes(path, limit=MAX_HTML_BYTES)


def read_html(path: Path) -> Document:
    """The report in a saved web page: its body's paragraphs and tables, in page order."""
    text = decode_html(_read_page(path))
    root = parse_html(text)
    body = root.find("body")
    if body is None:
        body = root
    _remove_junk(body)
    metadata = _metadata_blocks(body, _remove_chrome(body))
    weights = _Weights(body, zero=metadata)
    layout = _Layout(weights)
    roots = _choose_body(body, weights, layout, metadata)
    # no container found (the body is the whole page): the metadata and footer are not in an article
    blocks = _Reader(layout, dropped=metadata if roots == [body] else frozenset()).read(roots)
    if not blocks:
        raise InputError("网页中没有找到正文文字（正文区域为空）")
    return Document(path=path, kind="html", blocks=blocks)


def load_html(path: Path):
    """A .html/.htm page as a Report: read its Document, then the format-independent extraction."""
    document = read_html(path)
    from perflint.extract import extract_report

    return extract_report(document)


LOADERS = [Loader("html", (".html", ".htm"), load_html)]
