"""The first part of the HTML report: the overview a 财政局 files for a folder of reports.

It says what was run (date and time, perflint version, ruleset, how many files, which files were
not checked and why), then per report its 单位, kind and year with its findings counted by
severity and by family, ranked most errors first, each unit linking to its findings further down
the page. Two inline-SVG charts (perflint.output._charts) show the findings per family and the
units with most errors; a table of the rules that fired names each code in Chinese.

The run's time is the clock's, or SOURCE_DATE_EPOCH's (in UTC) when it is set: the
reproducible-builds convention, so a page built twice from the same findings is the same bytes.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from perflint import __version__
from perflint.findings import SEVERITY_RANK, Finding
from perflint.output import _rule_names as rule_names
from perflint.output import _safe as safe
from perflint.output._charts import Bar, Series, bar_chart
from perflint.output._common import SEVERITIES, display_path, labels, unit_name
from perflint.profiles.kinds import kind_label
from perflint.ruledocs import severity_label
from perflint.runner import FileResult, RunResult

#: Units the "most errors" chart shows.
TOP_UNITS = 10

LABELS = {
    "zh": {
        "overview": "总览", "when": "运行时间", "version": "perflint 版本", "ruleset": "规则集",
        "files": "检查文件", "files_n": "{n} 个文件，其中 {m} 个有问题",
        "not_linted": "未检查的文件", "not_linted_n": "{n} 个", "none": "无",
        "path": "文件", "reason": "原因", "files_checked": "文件", "with_findings": "有问题的文件",
        "by_family": "各类问题数量", "top_units": "错误最多的单位（前 {n} 名）",
        "ranking": "各单位问题排名（错误多者在前）", "rank": "序号", "unit": "单位", "kind": "类型",
        "year": "年度", "total": "合计", "no_unit": "（未识别单位）",
        "rules": "规则一览", "code": "代码", "rule": "规则说明", "family": "类别", "severity": "级别",
        "count": "问题数", "units": "涉及报告数",
    },
    "en": {
        "overview": "Overview", "when": "Run at", "version": "perflint version", "ruleset": "Ruleset",
        "files": "Files checked", "files_n": "{n} files, {m} with findings",
        "not_linted": "Files not checked", "not_linted_n": "{n}", "none": "none",
        "path": "File", "reason": "Reason", "files_checked": "Files", "with_findings": "Files with findings",
        "by_family": "Findings by family", "top_units": "Units with most errors (top {n})",
        "ranking": "Units ranked by findings (most errors first)", "rank": "#", "unit": "Unit",
        "kind": "Kind", "year": "Year", "total": "Total", "no_unit": "(unit not found)",
        "rules": "Rules that fired", "code": "Code", "rule": "Rule", "family": "Family",
        "severity": "Severity", "count": "Findings", "units": "Reports",
    },
}

CSS = """
section#overview dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0 12px}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.charts{display:flex;flex-wrap:wrap;gap:16px;margin:12px 0}
figure.chart{margin:0;flex:1 1 420px;max-width:640px;border:1px solid var(--line);border-radius:6px;
padding:8px 10px}
figure.chart figcaption{font-weight:bold;margin-bottom:4px}
figure.chart svg{display:block;width:100%;height:auto}
figure.chart text{fill:#1f2933}figure.chart text.total{fill:var(--muted)}
figure.chart a:hover text.label{text-decoration:underline}
.s-error{fill:var(--err)}.s-warning{fill:#d08a00}.s-info{fill:var(--info)}
.table-wrap{overflow-x:auto}
table.grid{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px;margin:4px 0 12px}
table.grid th,table.grid td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
table.grid th{background:#eef2f6;font-weight:bold}
table.grid .n{text-align:right;font-variant-numeric:tabular-nums}
table.grid td.zero{color:#b8c0cc}
table.grid tr.total td{font-weight:bold;background:#f7f9fb}
table.grid td.unit .file{display:block;font-size:12px;color:var(--muted)}
table.ranking{min-width:60em}
table.grid col.rank{width:3.2em}table.grid col.kind{width:7.5em}table.grid col.year{width:4.2em}
table.grid col.n{width:3.6em}table.grid col.fam{width:5.4em}table.grid col.code{width:5.5em}
table.grid col.why{width:50%}table.grid col.num{width:6em}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 16px}
.tile{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px;background:var(--card)}
.tile b{display:block;font-size:22px}
.tile.error b{color:var(--err)}.tile.warning b{color:var(--warn)}.tile.info b{color:var(--info)}
"""


@dataclass(frozen=True)
class _Row:
    """A report's line of the ranking."""

    anchor: str | None
    file: FileResult
    severities: dict[str, int]
    families: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.severities.values())

    @property
    def unit(self) -> str | None:
        return unit_name(self.file)


def _e(text: object) -> str:
    return safe.html(text)


def run_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH (UTC) when the environment sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now().astimezone()


def _count(value: int) -> str:
    return f'<td class="n zero">{value}</td>' if value == 0 else f'<td class="n">{value}</td>'


def _rows(result: RunResult, anchors: Mapping[int, str], family_of: Mapping[str, str]) -> list[_Row]:
    """Every report, most errors first (then warnings, notes, path)."""
    rows = []
    for index, file in enumerate(result.files):
        severities = dict.fromkeys(SEVERITIES, 0)
        families = dict.fromkeys(rule_names.FAMILIES, 0)
        for finding in file.findings:
            severities[finding.severity] = severities.get(finding.severity, 0) + 1
            families[family_of[finding.code]] += 1
        rows.append(_Row(anchors.get(index), file, severities, families))
    return sorted(rows, key=lambda row: (*(-row.severities[s] for s in SEVERITIES), str(row.file.path)))


def _meta(result: RunResult, when: datetime, rulesets: list[str], lang: str) -> str:
    words = labels(LABELS, lang)
    with_findings = sum(1 for file in result.files if file.findings)
    skipped = result.not_linted()
    items = [
        (words["when"], f'<time datetime="{when.isoformat()}">{when:%Y-%m-%d %H:%M}</time>'),
        (words["version"], _e(__version__)),
        (words["ruleset"], _e("、".join(rulesets) if lang != "en" else ", ".join(rulesets)) or "—"),
        (words["files"], _e(words["files_n"].format(n=len(result.files), m=with_findings))),
        (words["not_linted"], _e(words["not_linted_n"].format(n=len(skipped)) if skipped else words["none"])),
    ]
    return '<dl class="meta">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>\n"


def _not_linted(result: RunResult, lang: str) -> str:
    skipped = result.not_linted()
    if not skipped:
        return ""
    words = labels(LABELS, lang)
    rows = "".join(
        f"<tr><td>{_e(display_path(entry.path) + ('/' if entry.is_dir else ''))}</td>"
        f"<td>{_e(entry.describe(lang))}</td></tr>" for entry in skipped)
    return (f'<h3>{_e(words["not_linted"])}</h3>\n<div class="table-wrap"><table class="grid skipped">'
            '<colgroup><col class="path"><col class="why"></colgroup>'
            f'<thead><tr><th>{_e(words["path"])}</th><th>{_e(words["reason"])}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>\n")


def _tiles(result: RunResult, lang: str) -> str:
    words = labels(LABELS, lang)
    totals = result.counts()
    tiles = [(words["files_checked"], len(result.files), ""),
             (words["with_findings"], sum(1 for file in result.files if file.findings), "")]
    tiles += [(severity_label(s, lang), totals[s], s) for s in SEVERITIES]
    return ('<div class="tiles">' + "".join(f'<div class="tile {cls}"><b>{value}</b>{_e(name)}</div>'
                                            for name, value, cls in tiles) + "</div>\n")


def _charts(findings: list[Finding], family_of: Mapping[str, str], rows: list[_Row], shown: list[str],
            lang: str) -> str:
    """Findings per family, and the units with most errors (only those with any finding)."""
    words = labels(LABELS, lang)
    names = labels(rule_names.NAMES, lang)
    series = [Series(severity_label(s, lang), f"s-{s}") for s in SEVERITIES]
    counts = Counter((family_of[f.code], f.severity) for f in findings)
    families = [Bar(names[family], tuple(counts[family, s] for s in SEVERITIES)) for family in shown]
    top = [row for row in rows if row.total][:TOP_UNITS]
    units = [Bar(row.unit or row.file.path.name, tuple(row.severities[s] for s in SEVERITIES),
                 f"#{row.anchor}" if row.anchor else None) for row in top]
    return ('<div class="charts">'
            + bar_chart(words["by_family"], families, series, chart_id="chart-families")
            + bar_chart(words["top_units"].format(n=len(top)), units, series, chart_id="chart-units")
            + "</div>\n")


def _ranking(rows: list[_Row], shown: list[str], lang: str) -> str:
    words = labels(LABELS, lang)
    names = labels(rule_names.NAMES, lang)
    cols = ('<colgroup><col class="rank"><col class="unit"><col class="kind"><col class="year">'
            + '<col class="n">' * (len(SEVERITIES) + 1) + '<col class="fam">' * len(shown) + "</colgroup>")
    head = (f'<tr><th class="n">{_e(words["rank"])}</th><th>{_e(words["unit"])}</th>'
            f'<th>{_e(words["kind"])}</th><th>{_e(words["year"])}</th>'
            + "".join(f'<th class="n">{_e(severity_label(s, lang))}</th>' for s in SEVERITIES)
            + f'<th class="n">{_e(words["total"])}</th>'
            + "".join(f'<th class="n">{_e(names[f])}</th>' for f in shown) + "</tr>")
    body = []
    for number, row in enumerate(rows, start=1):
        unit = _e(row.unit) if row.unit else f'<span class="muted">{_e(words["no_unit"])}</span>'
        if row.anchor:
            unit = f'<a href="#{row.anchor}">{unit}</a>'
        file = row.file
        body.append(f'<tr><td class="n">{number}</td>'
                    f'<td class="unit">{unit}<span class="file">{_e(display_path(file.path))}</span></td>'
                    f'<td>{_e(kind_label(file.kind, lang)) if file.kind else ""}</td>'
                    f'<td>{file.year or ""}</td>'
                    + "".join(_count(row.severities[s]) for s in SEVERITIES) + _count(row.total)
                    + "".join(_count(row.families[f]) for f in shown) + "</tr>\n")
    severity_totals = {s: sum(row.severities[s] for row in rows) for s in SEVERITIES}
    body.append(f'<tr class="total"><td></td><td>{_e(words["total"])}</td><td></td><td></td>'
                + "".join(_count(severity_totals[s]) for s in SEVERITIES)
                + _count(sum(severity_totals.values()))
                + "".join(_count(sum(row.families[f] for row in rows)) for f in shown) + "</tr>\n")
    return (f'<h3>{_e(words["ranking"])}</h3>\n<div class="table-wrap"><table class="grid ranking">{cols}'
            f'<thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>\n')


def _rule_table(result: RunResult, family_of: Mapping[str, str], titles: Mapping[str, str],
                lang: str) -> str:
    """Each code that fired: its title, family, most severe severity, findings and reports."""
    words = labels(LABELS, lang)
    names = labels(rule_names.NAMES, lang)
    by_code: dict[str, list[Finding]] = {}
    reports: Counter[str] = Counter()
    for file in result.files:
        for finding in file.findings:
            by_code.setdefault(finding.code, []).append(finding)
        reports.update({finding.code for finding in file.findings})
    rows = []
    for code, found in sorted(by_code.items(), key=lambda item: (-len(item[1]), item[0])):
        worst = max((f.severity for f in found), key=SEVERITY_RANK.__getitem__)
        rows.append(f"<tr><td>{_e(code)}</td><td>{_e(titles.get(code, code))}</td>"
                    f"<td>{_e(names[family_of[code]])}</td><td>{_e(severity_label(worst, lang))}</td>"
                    f'<td class="n">{len(found)}</td><td class="n">{reports[code]}</td></tr>\n')
    return (f'<h3>{_e(words["rules"])}</h3>\n<div class="table-wrap"><table class="grid rules">'
            '<colgroup><col class="code"><col class="title"><col class="fam"><col class="fam">'
            '<col class="num"><col class="num"></colgroup>'
            f'<thead><tr><th>{_e(words["code"])}</th><th>{_e(words["rule"])}</th>'
            f'<th>{_e(words["family"])}</th><th>{_e(words["severity"])}</th>'
            f'<th class="n">{_e(words["count"])}</th><th class="n">{_e(words["units"])}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>\n')


def _rulesets(findings: list[Finding], ruleset: str | None) -> list[str]:
    """The run's ruleset first, then any other a nested config chose (as its findings say)."""
    names = [ruleset] if ruleset else []
    return names + sorted({f.ruleset for f in findings if f.ruleset} - set(names))


def render(result: RunResult, anchors: Mapping[int, str], titles: Mapping[str, str], lang: str, *,
           when: datetime, rules: Mapping[str, Any] | None = None, ruleset: str | None = None) -> str:
    """The overview `<section>`. `anchors` maps a file's index in the run to its section's id
    (a report without findings has none), `titles` each code to its title, `when` is the run's
    time, `rules` the host's `{code: RegisteredRule}` (for the families) and `ruleset` the run's."""
    words = labels(LABELS, lang)
    findings = [f for file in result.files for f in file.findings]
    family_of = rule_names.families((f.code for f in findings), rules)
    rows = _rows(result, anchors, family_of)
    shown = [f for f in rule_names.FAMILIES
             if f not in rule_names.OCCASIONAL or any(row.families[f] for row in rows)]
    parts = [f'<section id="overview"><h2>{_e(words["overview"])}</h2>\n',
             _meta(result, when, _rulesets(findings, ruleset), lang), _tiles(result, lang)]
    if findings:
        parts.append(_charts(findings, family_of, rows, shown, lang))
    parts.append(_ranking(rows, shown, lang))
    if findings:
        parts.append(_rule_table(result, family_of, titles, lang))
    parts += [_not_linted(result, lang), "</section>\n"]
    return "".join(parts)
