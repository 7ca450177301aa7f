"""HTML report: golden file, escaping, self-containment, highlights placed on the right text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from output_samples import check_golden

from perflint.findings import Finding
from perflint.model import Span
from perflint.output import html
from perflint.runner import FileResult, RunResult


class Marks(HTMLParser):
    """Collects the text inside each <mark> with its data-p / data-r ids, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._open: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            a = dict(attrs)
            self._open = {"p": (a.get("data-p") or "").split(), "r": (a.get("data-r") or "").split(),
                          "class": a.get("class", ""), "text": ""}
            self.marks.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


def test_matches_golden(run_zh: RunResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the run's time, shown on the page
    check_golden("sample.html", html.render(run_zh, lang="zh", ruleset="national"))


def test_self_contained(run_zh: RunResult) -> None:
    page = html.render(run_zh)
    assert not re.search(r"https?://", page)
    tags = parse(page).tags
    assert not [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert page.count("<style>") == 1 and page.count("<script>") == 1


def test_report_text_is_escaped(run_zh: RunResult) -> None:
    page = html.render(run_zh)
    assert "<b>&amp;</b>" not in page and "<again>" not in page
    assert "&lt;b&gt;&amp;amp;&lt;/b&gt;" in page
    texts = [m["text"] for m in parse(page).marks]
    assert texts  # highlights exist
    card = re.search(r'<div class="msg">([^<]*含特殊字符[^<]*)</div>', page)
    assert card and "&quot;引号&quot; &#x27;单引号&#x27;" in card.group(1)


def test_hostile_report_cannot_inject_markup(at_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "evil.txt"
    source.write_text('总额<script>alert(1)</script>为"10"万元\n', encoding="utf-8")
    span = Span(line=1, column=3, end_line=1, end_column=28, quote="<script>alert(1)</script>")
    finding = Finding(code="PL<1>", severity="error", rule='r" onmouseover="x', span=span,
                      message="</div><script>alert(2)</script>")
    page = html.render(RunResult([FileResult(source, [finding])]))
    assert "alert(1)</script>" not in page and "alert(2)</script>" not in page
    assert 'onmouseover="x' not in page
    assert page.count("<script>") == 1
    assert [m["text"] for m in parse(page).marks] == ["<script>alert(1)</script>"]


def test_each_highlight_covers_exactly_the_span(run_zh: RunResult) -> None:
    marks = parse(html.render(run_zh)).marks
    ids, file_of = {}, {}
    for number, file in enumerate(run_zh.files, start=1):
        for index, finding in enumerate(file.findings, start=1):
            ids[f"r{number}-{index}"] = finding
            file_of[f"r{number}-{index}"] = file
    for element_id, finding in ids.items():
        primary = "".join(m["text"] for m in marks if element_id in m["p"])
        if finding.span is None:
            assert primary == ""
            continue
        assert primary.replace("\n", "") == finding.span.quote.replace("\n", ""), element_id
        if file_of[element_id].path.suffix == ".docx":
            continue  # no source text: related figures are listed, not highlighted
        for related in finding.related:
            assert related.span.quote in "".join(m["text"] for m in marks if element_id in m["r"])


def test_initial_classes_follow_severity(run_zh: RunResult) -> None:
    marks = parse(html.render(run_zh)).marks
    pl101 = [m for m in marks if "r2-1" in m["p"]]
    assert pl101 and all("sev-error" in m["class"] for m in pl101)
    related = [m for m in marks if "r2-1" in m["r"] and not m["p"]]
    assert related and all(m["class"].split()[-1] == "rel" for m in related)
    caret = [m for m in marks if "caret" in m["class"]]
    assert len(caret) == 1 and caret[0]["text"] == ""


def test_summary_counts_and_filters(run_zh: RunResult) -> None:
    page = html.render(run_zh)
    assert '<option value="PL101">PL101 合计数与分项之和不符 (2)</option>' in page  # the Chinese title
    names = {"error": "错误", "warning": "警告", "info": "提示"}
    for severity, count in run_zh.counts().items():
        assert f'value="{severity}" checked> {names[severity]} ({count})' in page
    total = sum(run_zh.counts().values())
    assert f"显示 {total} / {total} 条问题" in page
    assert "南昌市东湖区某局" in page and "东湖区某单位" in page


def test_docx_findings_show_quotes_and_cells(run_zh: RunResult) -> None:
    page = html.render(run_zh)
    section = page[page.index('id="r4"'):page.index('id="r5"')]
    assert "该格式不显示全文" in section
    assert "表2 第3行 第4列" in section and ">18</mark>" in section


def test_quiet_stretches_are_folded(at_root: Path, tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_text("".join(f"第{n}行文字\n" for n in range(1, 101)), encoding="utf-8")
    span = Span(line=50, column=1, end_line=50, end_column=3, quote="第5")
    page = html.render(RunResult([FileResult(source, [Finding(
        code="PL601", severity="info", rule="x", message="m", span=span)])]))
    assert "… 省略 46 行" in page and "… 省略 47 行" in page  # lines 1-46 and 54-100
    assert page.count('class="ln') == 100  # folded, not dropped


def test_english_labels(run_en: RunResult) -> None:
    page = html.render(run_en, lang="en")
    assert '<html lang="en">' in page
    assert "Overview" in page and "All rules" in page and "expected" in page
    assert "总览" not in page and "全部规则" not in page


def test_no_findings_page(at_root: Path) -> None:
    page = html.render(RunResult([FileResult(Path("tests/output/reports/clean.yaml"), [])]))
    assert "tests/output/reports/clean.yaml" in page
    assert '<form id="filters">' not in page
