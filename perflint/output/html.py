"""HTML review report: one self-contained page for an auditor's folder run, that a 财政局 can file.

The page opens with the overview (perflint.output._overview_html: run date, version, ruleset,
files not checked; per report its 单位, kind and year, findings counted by severity and by rule
family, ranked most errors first; inline-SVG charts; the rules that fired, by their Chinese
titles). Each unit links down to its report: the source text with every finding's span
highlighted and the finding (rule title, message, expected/stated, the figures it rests on)
printed right under the line it points at. Raw .docx and .xlsx reports are not shown as text;
their findings show the quoted source and the named cell. Printed, the page is A4 landscape
(perflint.output._print_css).
Filters by severity and by rule code work offline in plain JavaScript and can be preset from the
URL (`report.html#severity=error,warning&code=PL101`), which is also how the headless-browser test
drives them.

Each finding also carries its review fingerprint and the controls to decide on it (确认 / 已说明 /
误报, reason, reviewer); "下载审核记录" downloads the review file with the decisions made on the
page (perflint.output._review_html). The renderer is told where the review file is
(`review_base`, `review_name`) and what it already records (`decisions`).

Everything a report contains is untrusted: every string has its control and bidi characters
shown as visible escapes (perflint.output._safe, as in every format) and is HTML-escaped, quotes
are cut to `_safe.QUOTE_CHARS`, the scripts read only data attributes, form values and JSON data
blocks (`<` escaped), and write only classes, `hidden`, form values and textContent. No external
resource is loaded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint import __version__
from perflint.findings import SEVERITY_RANK, Finding
from perflint.model import Span
from perflint.output import _overview_html as overview
from perflint.output import _review_html as review_ui
from perflint.output import _rule_names as rule_names
from perflint.output import _safe as safe
from perflint.output._common import (
    SEVERITIES,
    TEXT_SUFFIXES,
    display_path,
    labels,
    position,
    source_text,
    unit_name,
)
from perflint.output._print_css import CSS as PRINT_CSS
from perflint.profiles.kinds import kind_label
from perflint.ruledocs import severity_label
from perflint.runner import FileResult, RunResult

if TYPE_CHECKING:
    from perflint.review import Decision

FORMAT = "html"

#: Lines of context kept open around a highlighted line; longer quiet stretches are folded.
CONTEXT_LINES = 3

_LABELS = {
    "zh": {
        "title": "perflint 绩效自评报告审查结果", "generated": "perflint {version} · {when}",
        "severity": "级别", "rule": "规则", "all_rules": "全部规则",
        "shown": "显示 {n} / {total} 条问题", "expected": "应为", "stated": "所述",
        "related": "依据", "quote": "原文", "no_source": "该格式不显示全文，以下为问题所在的原文摘录。",
        "unreadable": "无法读取该文件的文本，以下为问题所在的原文摘录。",
        "unplaced": "未定位到具体行的问题", "fold": "… 省略 {n} 行", "problems": "运行问题",
        "findings_n": "{n} 条问题", "none_match": "没有符合筛选条件的问题。",
        "reports": "各报告详情", "year": "{year}年度", "back": "↑ 返回总览",
    },
    "en": {
        "title": "perflint review of performance self-evaluation reports",
        "generated": "perflint {version} · {when}",
        "severity": "Severity", "rule": "Rule", "all_rules": "All rules",
        "shown": "showing {n} of {total} findings", "expected": "expected", "stated": "stated",
        "related": "from", "quote": "source", "unplaced": "Findings without a line",
        "no_source": "The full text of this format is not shown; the quoted source of each finding is.",
        "unreadable": "The file's text could not be read; the quoted source of each finding is shown.",
        "fold": "… {n} lines folded", "problems": "Run problems",
        "findings_n": "{n} findings", "none_match": "No finding matches the filters.",
        "reports": "Reports", "year": "{year}", "back": "↑ overview",
    },
}

_CSS = """
:root{--err:#c62828;--err-bg:#fbd5d5;--warn:#a15c00;--warn-bg:#ffe7a3;--info:#1d5fa8;--info-bg:#d3e5fb;
--rel:#5b6b7f;--line:#e3e7ed;--muted:#667085;--card:#f7f9fb}
*{box-sizing:border-box}
body{margin:0;font:14px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",
"WenQuanYi Micro Hei",system-ui,sans-serif;color:#1f2933;background:#fff}
header.top{padding:16px 24px;border-bottom:1px solid var(--line);background:#f3f6f9}
header.top h1{margin:0 0 4px;font-size:20px}
.muted{color:var(--muted)}
main{padding:8px 24px 48px}
h2{font-size:17px;margin:24px 0 8px}
form#filters{position:sticky;top:0;z-index:2;background:#fff;border:1px solid var(--line);border-radius:6px;
padding:8px 12px;margin:16px 0;display:flex;gap:18px;align-items:center;flex-wrap:wrap}
form#filters fieldset{border:0;margin:0;padding:0;display:flex;gap:10px;align-items:center}
form#filters legend{float:left;margin-right:6px;font-weight:bold}
#shown{margin-left:auto;color:var(--muted)}
section.report{border:1px solid var(--line);border-radius:6px;margin:16px 0;overflow:hidden}
section.report>h3{margin:0;padding:8px 12px;background:#eef2f6;font-size:15px;word-break:break-all}
section.report>h3 .unit,section.report>h3 .kind,section.report>h3 .year{font-weight:normal;
color:var(--muted);margin-left:8px}
section.report>h3 .unit{color:#1f2933;font-weight:bold}
a.back{float:right;font-size:12px;font-weight:normal}
.src{font:13px/1.7 "Noto Sans Mono CJK SC","Sarasa Mono SC",ui-monospace,Menlo,Consolas,monospace}
.ln{display:grid;grid-template-columns:56px 1fr}
.ln .no{color:#98a2b3;text-align:right;padding-right:10px;user-select:none;border-right:1px solid var(--line)}
.ln .tx{white-space:pre-wrap;word-break:break-all;padding-left:10px}
.ln.hit{background:#fafbfc}
details.fold>summary{cursor:pointer;color:var(--muted);padding:0 0 0 66px;font-size:12px;list-style:none}
mark.hl{background:transparent;color:inherit;border-radius:2px}
mark.sev-error{background:var(--err-bg);box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:var(--warn-bg);box-shadow:inset 0 -2px var(--warn)}
mark.sev-info{background:var(--info-bg);box-shadow:inset 0 -2px var(--info)}
mark.rel{background:#eef1f5;box-shadow:inset 0 -2px 0 0 var(--rel);
text-decoration:underline dotted var(--rel)}
mark.caret::before{content:"\\25B8";color:var(--rel)}
mark.caret.sev-error::before{color:var(--err)}
.finding{margin:4px 12px 8px 66px;padding:6px 10px;border-left:4px solid var(--rel);background:var(--card);
border-radius:0 4px 4px 0;font-size:13px;
font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
.finding.error{border-left-color:var(--err)}.finding.warning{border-left-color:var(--warn)}
.finding.info{border-left-color:var(--info)}
.finding .head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.badge{font-size:12px;padding:0 6px;border-radius:3px;color:#fff;background:var(--rel)}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.code{font-weight:bold;font-family:ui-monospace,Menlo,Consolas,monospace}
.rule-title{font-weight:bold}
.msg{white-space:pre-wrap;word-break:break-word}
.figs{margin-top:2px}.figs b{font-weight:normal;color:var(--muted)}
.figs .val{font-family:ui-monospace,Menlo,Consolas,monospace;background:#fff;border:1px solid var(--line);
padding:0 4px;border-radius:3px;margin-right:12px}
ul.rel{margin:2px 0 0;padding-left:18px;color:var(--muted)}
ul.rel .val{font-family:ui-monospace,Menlo,Consolas,monospace;color:#1f2933}
.excerpt{margin-top:4px;white-space:pre-wrap;word-break:break-all}
.cards{padding:6px 0}
.note{padding:6px 12px;color:var(--muted)}
.problems{border:1px solid var(--err);background:#fdecec;border-radius:6px;padding:8px 12px}
[hidden]{display:none!important}
"""

_JS = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rank = {info: 0, warning: 1, error: 2};
  var status = document.getElementById("shown");
  function selected() {
    var sev = [];
    form.querySelectorAll("input[name=severity]").forEach(function (box) {
      if (box.checked) { sev.push(box.value); }
    });
    return {severity: sev, code: form.querySelector("select[name=code]").value};
  }
  function params(state) {
    return "severity=" + state.severity.join(",") + "&code=" + encodeURIComponent(state.code);
  }
  function apply(updateUrl) {
    var state = selected(), visible = {}, shown = 0, total = 0;
    document.querySelectorAll(".finding").forEach(function (card) {
      var ok = state.severity.indexOf(card.dataset.sev) >= 0 &&
               (!state.code || card.dataset.code === state.code);
      card.hidden = !ok;
      total += 1;
      if (ok) { visible[card.id] = card.dataset.sev; shown += 1; }
    });
    document.querySelectorAll("mark.hl").forEach(function (mark) {
      var best = null, related = false;
      (mark.dataset.p || "").split(" ").forEach(function (id) {
        var sev = visible[id];
        if (sev && (best === null || rank[sev] > rank[best])) { best = sev; }
      });
      (mark.dataset.r || "").split(" ").forEach(function (id) {
        if (visible[id]) { related = true; }
      });
      mark.className = "hl" + (mark.classList.contains("caret") ? " caret" : "") +
        (best ? " sev-" + best : (related ? " rel" : " off"));
    });
    document.querySelectorAll("section.report").forEach(function (section) {
      var n = section.querySelectorAll(".finding:not([hidden])").length;
      section.hidden = n === 0;
    });
    document.getElementById("nomatch").hidden = shown !== 0 || total === 0;
    status.textContent = status.dataset.template.replace("{n}", shown).replace("{total}", total);
    document.body.dataset.shown = String(shown);
    if (updateUrl) {
      try { history.replaceState(null, "", "#" + params(state)); } catch (e) { /* file: URL */ }
    }
  }
  function fromLocation() {
    var raw = location.hash.replace(/^#/, "");
    if (!/(^|&)(severity|code)=/.test(raw)) { raw = location.search.replace(/^\\?/, ""); }
    if (!/(^|&)(severity|code)=/.test(raw)) { return; }
    var query = new URLSearchParams(raw);
    if (query.has("severity")) {
      var wanted = query.get("severity").split(",");
      form.querySelectorAll("input[name=severity]").forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    }
    if (query.has("code")) {
      var select = form.querySelector("select[name=code]"), code = query.get("code");
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === code; });
      select.value = known ? code : "";
    }
  }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { fromLocation(); apply(false); });
  fromLocation();
  apply(false);
}());
"""


def _e(text: object) -> str:
    return safe.html(text)


@dataclass
class _Entry:
    """A finding with its element id, in the order the page shows it, its review fingerprint and
    the decision the review file records on it (if any)."""

    id: str
    finding: Finding
    fingerprint: str = ""
    decision: Decision | None = None
    #: the rule's title in the page's language (perflint.ruledocs)
    title: str = ""


@dataclass
class _Mark:
    start: int
    end: int
    id: str
    primary: bool


def _mark_classes(primary: list[_Entry], related: list[_Entry], caret: bool) -> str:
    """The class a highlight has before any filter: the worst severity among the findings whose
    own span it is, else `rel` when it is only a figure another finding relies on."""
    classes = ["hl"] + (["caret"] if caret else [])
    if primary:
        worst = max((e.finding.severity for e in primary), key=lambda s: SEVERITY_RANK[s])
        classes.append(f"sev-{worst}")
    elif related:
        classes.append("rel")
    return " ".join(classes)


def _mark(text: str, covering: list[_Mark], entries: dict[str, _Entry], caret: bool = False) -> str:
    primary_ids = sorted({m.id for m in covering if m.primary}, key=_order)
    related_ids = sorted({m.id for m in covering if not m.primary} - set(primary_ids), key=_order)
    primary = [entries[i] for i in primary_ids]
    related = [entries[i] for i in related_ids]
    tooltip = "\n".join(f"{e.finding.code} {e.finding.message}" for e in primary + related)
    attributes = f' class="{_mark_classes(primary, related, caret)}"'
    if primary_ids:
        attributes += f' data-p="{" ".join(primary_ids)}"'
    if related_ids:
        attributes += f' data-r="{" ".join(related_ids)}"'
    return f'<mark{attributes} title="{_e(tooltip)}">{_e(text)}</mark>'


def _order(element_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in element_id[1:].split("-"))


def _line_html(text: str, marks: list[_Mark], entries: dict[str, _Entry]) -> str:
    """One source line, cut at every highlight boundary so overlapping spans both show."""
    if not marks:
        return _e(text)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces = []
    for start, end in zip(cuts, [*cuts[1:], None], strict=True):
        carets = [m for m in marks if m.start == m.end == start]
        if carets:
            pieces.append(_mark("", carets, entries, caret=True))
        if end is None or end <= start:
            continue
        covering = [m for m in marks if m.start <= start and m.end >= end and m.start < m.end]
        segment = text[start:end]
        pieces.append(_mark(segment, covering, entries) if covering else _e(segment))
    return "".join(pieces)


def _spans_by_line(entries: list[_Entry], lines: list[str]) -> dict[int, list[_Mark]]:
    marks: dict[int, list[_Mark]] = defaultdict(list)

    def add(span: Span | None, entry_id: str, primary: bool) -> None:
        if span is None or not 1 <= span.line <= len(lines):
            return
        last = min(max(span.end_line, span.line), len(lines))
        for number in range(span.line, last + 1):
            text = lines[number - 1]
            start = span.column - 1 if number == span.line else 0
            end = span.end_column - 1 if number == span.end_line else len(text)
            start = min(max(start, 0), len(text))
            end = min(max(end, start), len(text))
            marks[number].append(_Mark(start, end, entry_id, primary))

    for entry in entries:
        add(entry.finding.span, entry.id, True)
        for related in entry.finding.related:
            add(related.span, entry.id, False)
    return marks


def _card(entry: _Entry, lang: str, with_excerpt: bool, anchor: str | None) -> str:
    words = labels(_LABELS, lang)
    finding = entry.finding
    where = position(finding.span, lang)
    place = (f'<a href="#{anchor}">{_e(where)}</a>' if anchor and where else _e(where))
    decided = " decided" if entry.decision is not None else ""
    parts = [
        f'<div class="finding {finding.severity}{decided}" id="{entry.id}" data-sev="{finding.severity}" '
        f'data-code="{_e(finding.code)}">',
        '<div class="head">',
        f'<span class="badge {finding.severity}">{_e(severity_label(finding.severity, lang))}</span>',
        f'<span class="code" title="{_e(finding.rule)}">{_e(finding.code)}</span>',
        f'<span class="rule-title">{_e(entry.title)}</span>' if entry.title else "",
        f'<span class="muted">{place}</span>' if place else "",
        "</div>",
        f'<div class="msg">{_e(finding.message)}</div>',
    ]
    if finding.expected is not None or finding.stated is not None:
        parts.append(
            '<div class="figs">'
            f'<b>{_e(words["expected"])}</b> <span class="val">{_e(finding.expected or "—")}</span>'
            f'<b>{_e(words["stated"])}</b> <span class="val">{_e(finding.stated or "—")}</span></div>')
    if with_excerpt and finding.span is not None:
        parts.append(f'<div class="excerpt"><b class="muted">{_e(words["quote"])}：</b>'
                     f'<mark class="hl sev-{finding.severity}" data-p="{entry.id}">'
                     f'{_e(safe.clip(finding.span.quote))}</mark></div>')
    if finding.related:
        items = []
        for related in finding.related:
            label = f"{words['related']} {related.label}" if related.label else words["related"]
            items.append(f"<li>{_e(label)}：{_e(position(related.span, lang))} "
                         f'<span class="val">{_e(safe.clip(related.span.quote))}</span></li>')
        parts.append(f'<ul class="rel">{"".join(items)}</ul>')
    if entry.fingerprint and review_ui.decidable(finding):
        parts.append(review_ui.block(entry.fingerprint, entry.decision, lang))
    parts.append("</div>\n")
    return "".join(parts)


def _source_view(file_id: str, text: str, entries: list[_Entry], lang: str) -> str:
    words = labels(_LABELS, lang)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    marks = _spans_by_line(entries, lines)
    cards_after: dict[int, list[_Entry]] = defaultdict(list)
    unplaced: list[_Entry] = []
    for entry in entries:
        span = entry.finding.span
        if span is not None and 1 <= span.line <= len(lines):
            cards_after[min(max(span.end_line, span.line), len(lines))].append(entry)
        else:
            unplaced.append(entry)
    by_id = {entry.id: entry for entry in entries}
    keep = set()
    for number in set(marks) | set(cards_after):
        keep.update(range(number - CONTEXT_LINES, number + CONTEXT_LINES + 1))

    def line(number: int) -> str:
        anchor = f"{file_id}-L{number}"
        hit = " hit" if number in marks else ""
        body = _line_html(lines[number - 1], marks.get(number, []), by_id)
        html = (f'<div class="ln{hit}" id="{anchor}"><span class="no">{number}</span>'
                f'<span class="tx">{body}</span></div>\n')
        for entry in cards_after.get(number, []):
            span = entry.finding.span
            html += _card(entry, lang, False, f"{file_id}-L{span.line}" if span else None)
        return html

    out = []
    if unplaced:
        out.append(f'<div class="cards"><div class="note">{_e(words["unplaced"])}</div>'
                   + "".join(_card(e, lang, True, None) for e in unplaced) + "</div>")
    out.append('<div class="src">')
    number = 1
    while number <= len(lines):
        if number in keep:
            out.append(line(number))
            number += 1
            continue
        quiet_end = number
        while quiet_end <= len(lines) and quiet_end not in keep:
            quiet_end += 1
        count = quiet_end - number
        body = "".join(line(n) for n in range(number, quiet_end))
        if count <= 2:
            out.append(body)
        else:
            out.append(f'<details class="fold"><summary>{_e(words["fold"].format(n=count))}</summary>'
                       f"{body}</details>")
        number = quiet_end
    out.append("</div>")
    return "".join(out)


def _report_section(file_id: str, file: FileResult, entries: list[_Entry], lang: str,
                    review_path: str) -> str:
    words = labels(_LABELS, lang)
    unit = unit_name(file)
    year = words["year"].format(year=file.year) if file.year else ""
    heading = (f'<h3>{_e(display_path(file.path))}'
               + (f'<span class="unit">{_e(unit)}</span>' if unit else "")
               + (f'<span class="kind">{_e(kind_label(file.kind, lang))}</span>' if file.kind else "")
               + (f'<span class="year">{_e(year)}</span>' if year else "")
               + f' <span class="muted">· {_e(words["findings_n"].format(n=len(entries)))}</span>'
               + f'<a class="back" href="#overview">{_e(words["back"])}</a></h3>')
    text = source_text(file.path)
    if text is None:
        note = words["unreadable"] if file.path.suffix.lower() in TEXT_SUFFIXES else words["no_source"]
        body = (f'<div class="cards"><div class="note">{_e(note)}</div>'
                + "".join(_card(entry, lang, True, None) for entry in entries) + "</div>")
    else:
        body = _source_view(file_id, text, entries, lang)
    return (f'<section class="report" id="{file_id}" data-path="{_e(review_path)}">{heading}\n{body}'
            "</section>\n")


def _filters(result: RunResult, titles: Mapping[str, str], lang: str) -> str:
    words = labels(_LABELS, lang)
    findings = [f for file in result.files for f in file.findings]
    severities = result.counts()
    codes = Counter(f.code for f in findings)
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s}" checked> '
        f'{_e(severity_label(s, lang))} ({severities[s]})</label>' for s in SEVERITIES)
    options = f'<option value="">{_e(words["all_rules"])} ({len(findings)})</option>' + "".join(
        f'<option value="{_e(code)}">{_e(code)} {_e(titles[code])} ({count})</option>'
        for code, count in sorted(codes.items()))
    template = words["shown"]
    return (f'<form id="filters"><fieldset><legend>{_e(words["severity"])}</legend>{boxes}</fieldset>'
            f'<label><b>{_e(words["rule"])}</b> <select name="code">{options}</select></label>'
            f'<span id="shown" data-template="{_e(template)}">'
            f'{_e(template.format(n=len(findings), total=len(findings)))}</span>{review_ui.bar(lang)}</form>')


def render(result: RunResult, *, lang: str = "zh", color: bool = False, review_base: Path | None = None,
           decisions: Mapping[str, Decision] | None = None, review_name: str | None = None,
           rules: Mapping[str, Any] | None = None, ruleset: str | None = None, **_: Any) -> str:
    """The page; fingerprints are relative to `review_base` (default: here), the review file
    `review_name` (default perflint-review.yaml) records `decisions` (fingerprint → decision).
    `rules` (the host's `{code: RegisteredRule}`, default the installed rules) give the rules'
    titles and families, `ruleset` is the run's (the page names it)."""
    from perflint.review import DEFAULT_NAME, fingerprints_for, relative_path

    words = labels(_LABELS, lang)
    base = review_base or Path.cwd()
    decisions = decisions or {}
    when = overview.run_time()
    titles = rule_names.titles((f for file in result.files for f in file.findings), rules, lang)
    anchors = {index: f"r{index + 1}" for index, file in enumerate(result.files) if file.findings}
    sections = []
    for index, file_id in anchors.items():
        file = result.files[index]
        keys = fingerprints_for(file.path, file.findings, base)
        entries = [_Entry(f"{file_id}-{n}", finding, key, decisions.get(key), titles[finding.code])
                   for n, (finding, key) in enumerate(zip(file.findings, keys, strict=True), start=1)]
        sections.append(_report_section(file_id, file, entries, lang, relative_path(file.path, base)))
    problems = ""
    if result.problems:
        items = "".join(f"<li>{_e(problem)}</li>" for problem in result.problems)
        problems = f'<div class="problems"><b>{_e(words["problems"])}</b><ul>{items}</ul></div>'
    return "".join([
        "<!DOCTYPE html>\n",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="perflint">',
        f"<title>{_e(words['title'])}</title>"
        f"<style>{_CSS}{overview.CSS}{review_ui.CSS}{PRINT_CSS}</style></head>\n<body>\n",
        f'<header class="top"><h1>{_e(words["title"])}</h1><div class="muted">'
        f'{_e(words["generated"].format(version=__version__, when=f"{when:%Y-%m-%d %H:%M}"))}'
        "</div></header>\n",
        "<main>\n", problems,
        overview.render(result, anchors, titles, lang, when=when, rules=rules, ruleset=ruleset),
        f'<h2>{_e(words["reports"])}</h2>\n' if sections else "",
        _filters(result, titles, lang) + "\n" if sections else "",
        f'<p id="nomatch" class="note" hidden>{_e(words["none_match"])}</p>\n',
        "".join(sections),
        "</main>\n",
        review_ui.data(decisions.values(), review_name or DEFAULT_NAME, lang) if sections else "",
        f"<script>{_JS}{review_ui.JS}</script>",
        "</body></html>\n",
    ])

