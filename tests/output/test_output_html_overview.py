"""The overview that opens the HTML report (issue 17, "Bureau reports"): run metadata, per-unit
counts by severity and by rule family ranked most errors first, inline-SVG charts, links down to
each unit's findings, rules named by their Chinese titles, and the A4 print stylesheet. What
Chromium makes of it (printing, layout, screenshot) is tested in test_output_html_print.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from bureau_samples import write_folder

from perflint import __version__
from perflint.cli import main
from perflint.discovery import Skipped
from perflint.findings import Finding
from perflint.model import Span
from perflint.output import _charts, html
from perflint.ruledocs import title
from perflint.runner import FileResult, RunResult


class Tables(HTMLParser):
    """Every table's rows as cell texts, by the table's class; every id and in-page link."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.ids: set[str] = set()
        self.links: list[str] = []
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append((a["href"] or "")[1:])
        if tag == "table":
            self._table = self.tables.setdefault(a.get("class") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table is not None and self._cell is not None:
            self._table[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Tables:
    parser = Tables()
    parser.feed(page)
    return parser


def _finding(code: str, severity: str) -> Finding:
    return Finding(code=code, severity=severity, rule=f"rule-{code}", message=f"{code} 的问题",
                   ruleset="national", span=Span(line=1, column=1, end_line=1, end_column=3, quote="预算"))


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    """Three units: 乙 with two errors, 甲 with one error and a warning, 丙 clean; 丁 unreadable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("甲.txt", "乙.txt", "丙.txt"):
        Path(name).write_text("预算数100万元。\n", encoding="utf-8")
    files = [
        FileResult(Path("甲.txt"), [_finding("PL103", "error"), _finding("PL201", "warning")],
                   unit_name="甲县交通运输局", kind="department-report", year=2023),
        FileResult(Path("乙.txt"), [_finding("PL101", "error"), _finding("XY001", "error")],
                   unit_name="乙县<b>教育局</b>", kind="project-report", year=2022),
        FileResult(Path("丙.txt"), [], unit_name="丙县水利局", kind="department-report", year=2023),
    ]
    return RunResult(files, skipped=[Skipped(Path("说明.md"), "documentation")])


#: XY001, a plugin's code outside the PLnxx scheme, is a consistency rule by its groups.
RULES = {"XY001": SimpleNamespace(rule=SimpleNamespace(groups=("cross-reference", "plugin-x"),
                                                       summary=lambda: "表内数字与正文不一致",
                                                       documentation=lambda: ""))}


def render(run: RunResult, lang: str = "zh") -> str:
    return html.render(run, lang=lang, rules=RULES, ruleset="national")


def test_units_are_ranked_most_errors_first_with_counts_by_severity_and_family(run: RunResult) -> None:
    ranking = parse(render(run)).tables["grid ranking"]
    assert ranking[0] == ["序号", "单位", "类型", "年度", "错误", "警告", "提示", "合计",
                          "计算", "执行", "评分", "前后一致", "完整性", "文本"]
    rows = {row[1]: row for row in ranking[1:]}
    assert [row[1] for row in ranking[1:]] == ["乙县<b>教育局</b>乙.txt", "甲县交通运输局甲.txt",
                                               "丙县水利局丙.txt", "合计"]
    assert rows["乙县<b>教育局</b>乙.txt"][2:] == ["项目支出绩效自评报告", "2022", "2", "0", "0", "2",
                                                  "1", "0", "0", "1", "0", "0"]
    assert rows["甲县交通运输局甲.txt"][2:] == ["部门整体支出绩效自评报告", "2023", "1", "1", "0", "2",
                                               "1", "1", "0", "0", "0", "0"]
    assert rows["合计"][4:] == ["3", "1", "0", "4", "2", "1", "0", "1", "0", "0"]


def test_run_metadata_is_on_the_page(run: RunResult) -> None:
    page = render(run)
    assert '<time datetime="2023-11-14T22:13:20+00:00">2023-11-14 22:13</time>' in page
    assert f"<dt>perflint 版本</dt><dd>{__version__}</dd>" in page
    assert "<dt>规则集</dt><dd>national</dd>" in page
    assert "<dt>检查文件</dt><dd>3 个文件，其中 2 个有问题</dd>" in page
    assert parse(page).tables["grid skipped"] == [["文件", "原因"], ["说明.md", "说明文档"]]


def test_a_nested_config_s_ruleset_is_named_too(run: RunResult) -> None:
    run.files[1].findings[0] = run.files[1].findings[0].model_copy(update={"ruleset": "jiangxi"})
    assert "<dt>规则集</dt><dd>national、jiangxi</dd>" in render(run)


def test_each_unit_links_to_its_findings(run: RunResult) -> None:
    page = render(run)
    parsed = parse(page)
    assert {"r1", "r2", "overview"} <= parsed.ids and "r3" not in parsed.ids  # 丙 has no findings
    assert set(parsed.links) <= parsed.ids
    start = page.index('class="grid ranking"')
    assert '<a href="#r2">乙县&lt;b&gt;教育局&lt;/b&gt;</a>' in page[start:page.index("</table>", start)]
    section = page[page.index('<section class="report" id="r1"'):page.index('id="r2" data-path')]
    assert "甲县交通运输局" in section and "2023年度" in section
    assert f'<span class="rule-title">{title("PL103", "zh")}</span>' in section  # the Chinese title
    assert '<a class="back" href="#overview">' in section


def test_charts_are_inline_svg_with_escaped_labels(run: RunResult) -> None:
    page = render(run)
    charts = re.findall(r'<figure class="chart" id="([^"]+)">(.*?)</figure>', page, re.S)
    assert [chart_id for chart_id, _ in charts] == ["chart-families", "chart-units"]
    families, units = (body for _, body in charts)
    assert "<svg viewBox=" in families and "<script" not in families
    assert ">前后一致</text>" in families and ">计算</text>" in families
    assert '<a href="#r2">' in units and "乙县&lt;b&gt;教育局&lt;/b&gt;" in units
    assert "<b>" not in units
    assert units.index("乙县") < units.index("甲县")  # most errors first
    assert "丙县" not in units  # no finding, no bar


def test_the_rules_that_fired_are_named_in_chinese(run: RunResult) -> None:
    rules = parse(render(run)).tables["grid rules"]
    assert rules[0] == ["代码", "规则说明", "类别", "级别", "问题数", "涉及报告数"]
    by_code = {row[0]: row for row in rules[1:]}
    assert by_code["PL103"][1:] == [title("PL103", "zh"), "计算", "错误", "1", "1"]
    assert by_code["XY001"][1:] == ["表内数字与正文不一致", "前后一致", "错误", "1", "1"]  # its summary


def test_english_overview(run: RunResult) -> None:
    page = render(run, "en")
    ranking = parse(page).tables["grid ranking"]
    assert ranking[0][:8] == ["#", "Unit", "Kind", "Year", "error", "warning", "info", "Total"]
    assert "consistency" in ranking[0] and "Overview" in page and "Run at" in page
    assert "总览" not in page and "单位" not in page


def test_print_stylesheet_is_a4_landscape_without_controls(run: RunResult) -> None:
    page = render(run)
    css = page[page.index("<style>"):page.index("</style>")]
    assert "@page{size:A4 landscape;" in css
    printed = css[css.index("@media print{"):]
    assert "thead{display:table-header-group}" in printed
    assert re.search(r"tr,[^{]*\{break-inside:avoid\}", printed)
    hidden = re.search(r"([^{}]*)\{display:none!important\}", printed)
    assert hidden and {"form#filters", "#review-bar", ".review button", ".review input"} <= {
        selector.strip() for selector in hidden.group(1).split(",")}
    assert "table-layout:fixed" in css and "overflow-wrap:anywhere" in css
    assert re.search(r'<table class="grid ranking"><colgroup><col class="rank"><col class="unit">', page)


def test_a_page_without_findings_has_the_overview_and_no_chart(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = html.render(RunResult([FileResult(Path("a.txt"), [], unit_name="甲县")]), rules={})
    assert '<section id="overview">' in page and "<svg" not in page
    assert "grid rules" not in page and "<dt>未检查的文件</dt><dd>无</dd>" in page


def test_labels_are_cut_to_fit_the_chart() -> None:
    assert _charts.text_width("东湖县ab") == pytest.approx(4.1)
    assert _charts.fit("东湖县交通运输局", 20) == "东湖县交通运输局"
    cut = _charts.fit("东湖县住房和城乡建设局下属某某中心", 8)
    assert cut.endswith("…") and _charts.text_width(cut) <= 8


def test_the_cli_page_has_units_years_and_ruleset_with_or_without_cache(tmp_path: Path, monkeypatch,
                                                                       capsys) -> None:
    """The unit, kind and year of each report reach the page through worker processes and the
    cache alike, and the page is the same bytes each time (SOURCE_DATE_EPOCH)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    units = write_folder(tmp_path / "reports", count=6)
    pages = []
    for options in ([], ["--jobs", "2"], ["--cache", "--cache-dir", "c"], ["--cache", "--cache-dir", "c"]):
        assert main(["check", "reports", "--format", "html", "-o", "report.html", "--no-progress",
                     *options]) == 2
        pages.append(Path("report.html").read_text(encoding="utf-8"))
    capsys.readouterr()
    assert all(page == pages[0] for page in pages)
    reports = [row for row in parse(pages[0]).tables["grid ranking"] if row[1].endswith(".txt")]
    assert sorted(row[1].split("reports/")[0] for row in reports) == sorted(units)
    assert all(row[2:4] == ["部门整体支出绩效自评报告", "2023"] for row in reports)
    assert "<dt>规则集</dt><dd>national</dd>" in pages[0]
