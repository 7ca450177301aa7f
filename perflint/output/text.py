"""Human output in the terminal: `file:line:col CODE message`, then the quoted source with the
span marked (rustc/ruff style), the figures it was computed from, and a summary.

A fixable finding (a derived figure `perflint fix` can rewrite) carries ruff's `[*]`; with
`show_fixes` the replacement is shown under it. Only a window of the source line around the
span is echoed (a .txt table flattened into one line, or a paragraph, would otherwise be quoted
whole, with hundreds of carets), and carets are aligned in terminal cells (rich's `cell_len`:
Chinese and full-width characters take two, tabs are shown as four spaces).

The output is built as `_Line`s and written plain: a pre-commit hook runs `perflint check
ONEFILE` on every save, and importing rich's console cost ≈ 25 ms of it. The console renders
only colour, or text rich would change (`_RICH_CHANGES`): uncoloured, rich writes any other text
as it is, and tests/cli/test_startup.py holds the two writers to the same bytes.
"""

from __future__ import annotations

import builtins
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from rich.cells import cell_len

from perflint.findings import Finding
from perflint.model import Span
from perflint.output import _safe as safe
from perflint.output._common import (
    SEVERITY_LABELS,
    Statistic,
    docs_url,
    fix_replacement,
    labels,
    stored_path,
)
from perflint.profiles.kinds import kind_label
from perflint.reading import read_text
from perflint.runner import RunResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_TEXT_SUFFIXES = {".yaml", ".yml", ".json", ".txt", ".md"}
_LABELS = {
    "zh": {"expected": "应为", "stated": "所述", "related": "依据", "fix": "修正",
           "summary": "{files} 个文件：{error} 个错误，{warning} 个警告，{info} 个提示",
           "clean": "未发现问题",
           "fixable": "[*] {count} 个可修正（`perflint fix` 改写 YAML/JSON 中的推算数字；"
                      "`--show-fixes` 显示改法）"},
    "en": {"expected": "expected", "stated": "stated", "related": "from", "fix": "fix",
           "summary": "{files} files: {error} errors, {warning} warnings, {info} notes",
           "clean": "no findings",
           "fixable": "[*] {count} fixable (`perflint fix` rewrites derived figures in YAML/JSON; "
                      "`--show-fixes` shows the edits)"},
}
#: ruff's mark of a finding that has a fix.
FIXABLE_MARK = "[*]"

#: Terminal cells of the source line echoed on each side of a span, and of the span itself;
#: what is cut is shown as `…`.
CONTEXT_CELLS = 60
SPAN_CELLS = 60
ELLIPSIS = "…"
#: A tab is echoed as this: its width in a terminal depends on the column, so carets under a
#: raw tab would drift.
TAB = "    "
#: Characters of the source line looked at on each side of a span (and of the span itself):
#: a character takes at least one cell (zero-width ones aside), so the window lies within them,
#: and a line of megabytes (a minified JSON report) is never measured whole once per finding.
REACH = 2 * max(CONTEXT_CELLS, SPAN_CELLS)


FORMAT = "text"


def _source_lines(path: Path) -> list[str] | None:
    stored = stored_path(path)
    if stored.suffix.lower() not in _TEXT_SUFFIXES:
        return None
    try:
        return read_text(stored).split("\n")
    except Exception:
        return None


def _char_cells(char: str) -> int:
    """Terminal cells of one source character as echoed (a control character as its escape)."""
    return len(safe.escape(char, one_line=True)) if safe.UNSAFE_IN_LINE.match(char) else cell_len(char)


def _cells(text: str) -> int:
    """Terminal cells of source text as echoed (`_shown`)."""
    return cell_len(_shown(text))


def _head(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells` terminal cells once echoed."""
    used = 0
    for index, char in enumerate(text):
        used += _char_cells(char)
        if used > cells:
            return text[:index]
    return text


def _tail(text: str, cells: int) -> str:
    """The longest end of `text` that fits in `cells` terminal cells once echoed."""
    return _head(text[::-1], cells)[::-1]


def _shown(text: str) -> str:
    """Source text as echoed: tabs as `TAB`, control and bidi characters as visible escapes
    (a report must not recolour or rewrite the terminal it is linted in)."""
    return safe.escape(text.replace("\t", TAB), one_line=True)


def _window(line: str, start: int, end: int) -> tuple[str, str, str]:
    """The line cut around the span `line[start:end]`: the text before it, the span, the text
    after it, each at most `CONTEXT_CELLS`/`SPAN_CELLS` cells once echoed (`_shown`), a cut
    marked with `…` (a span cut short ends the echo). Only `REACH` characters on each side are
    looked at; the cuts fall between characters, never inside an escape."""
    low, high = max(0, start - REACH), min(len(line), end + REACH)
    before, marked, after = (part.replace("\t", TAB) for part in
                             (line[low:start], line[start:min(end, start + REACH)], line[end:high]))
    if low > 0 or _cells(before) > CONTEXT_CELLS:
        before = ELLIPSIS + _shown(_tail(before, CONTEXT_CELLS - 1))
    else:
        before = _shown(before)
    if end - start > REACH or _cells(marked) > SPAN_CELLS:
        return before, _shown(_head(marked, SPAN_CELLS - 1)), ELLIPSIS
    if high < len(line) or _cells(after) > CONTEXT_CELLS:
        after = _head(after, CONTEXT_CELLS - 1) + ELLIPSIS
    return before, _shown(marked), _shown(after).rstrip()


class _CodeStyle(NamedTuple):
    """A rule code's colour, and a link to the rule's documentation (terminals that show links
    make it clickable; nothing is written without colour)."""

    severity: str
    url: str | None


@dataclass(frozen=True, slots=True)
class _Line:
    """One print of the output: `text` in `style` (rich's style names), then each of `pieces`
    in its own style, then `end`."""

    text: str
    style: str = ""
    pieces: tuple[tuple[str, str | _CodeStyle | None], ...] = ()
    end: str = "\n"

    def plain(self) -> str:
        return self.text + "".join(piece for piece, _ in self.pieces) + self.end


#: An empty line.
_BLANK = _Line("")

#: What rich's `Text` changes in uncoloured output: it expands tabs to its tab stops and drops
#: BEL, BS, VT, FF and CR. Escaped (perflint.output._safe) wherever a source or a name is
#: echoed; a run's problem may still hold a tab.
_RICH_CHANGES = re.compile("[\t\x07\x08\x0b\x0c\x0d]")


def _snippet(span: Span, lines: list[str] | None, marker: str) -> _Line:
    """The source line with the span underlined, or the quote alone for .docx/.xlsx cells."""
    gutter = f"{span.line:>5} | "
    if lines and 0 < span.line <= len(lines):
        line = lines[span.line - 1]
        start = min(max(span.column - 1, 0), len(line))
        end = span.end_column - 1 if span.end_line == span.line else len(line)
        before, marked, after = _window(line, start, max(end, start + 1))
        underline = (" " * (len(gutter) - 2) + "| " + " " * cell_len(before)
                     + marker * max(1, cell_len(marked)) + "\n")
        return _Line(gutter + before + marked + after + "\n", pieces=((underline, "bold"),), end="")
    where = f"{safe.escape(span.location, one_line=True)}: " if span.location else ""
    return _Line(f"{gutter}{where}{safe.quote(span.quote, one_line=True)}\n", end="")


def _finding(path: Path, finding: Finding, lines: list[str] | None, lang: str,
             show_fixes: bool) -> Iterator[_Line]:
    words = _LABELS.get(lang, _LABELS["zh"])
    span = finding.span
    shown = safe.name(path)
    if span and span.location:  # .docx/.xlsx: a paragraph or cell, not a line
        where = f"{shown}:{safe.escape(span.location, one_line=True)}"
    else:
        where = f"{shown}:{span.line}:{span.column}" if span else shown
    replacement = fix_replacement(finding)
    pieces: list[tuple[str, str | _CodeStyle | None]] = [
        (finding.code, _CodeStyle(_STYLE[finding.severity], docs_url(finding.code, finding.plugin)))]
    if replacement is not None:
        pieces.append((f" {FIXABLE_MARK}", None))
    pieces.append((f" [{labels(SEVERITY_LABELS, lang).get(finding.severity, finding.severity)}] "
                   f"{safe.escape(finding.message, one_line=True)}", None))
    provenance = [safe.escape(name, one_line=True) for name in (finding.plugin, finding.ruleset)
                  if name and name not in ("perflint", "national")]
    if provenance:
        pieces.append((f"  ({' · '.join(provenance)})", "dim"))
    yield _Line(f"{where} ", pieces=tuple(pieces))
    if span:
        yield _snippet(span, lines, "^")
    for related in finding.related:
        label = (f"{words['related']} {safe.escape(related.label, one_line=True)}" if related.label
                 else words["related"])
        yield _Line(f"      = {label}:", style="dim")
        yield _snippet(related.span, lines, "-")
    values = [f"{words[key]}: {safe.escape(value, one_line=True)}" for key, value in
              (("expected", finding.expected), ("stated", finding.stated)) if value is not None]
    if values:
        yield _Line("      = " + "   ".join(values))
    if show_fixes and replacement is not None and span is not None:
        stated = safe.quote(span.quote, one_line=True)
        yield _Line(f"      = {words['fix']} {FIXABLE_MARK}: {stated} → "
                    f"{safe.escape(replacement, one_line=True)}")
    yield _BLANK


def _lines(result: RunResult, lang: str, show_fixes: bool) -> Iterator[_Line]:
    for problem in result.problems:
        yield _Line(f"perflint: {safe.escape(problem)}", style="bold red")
    fixable = 0
    for file in result.files:
        findings = file.unpacked()
        lines = _source_lines(file.path) if findings else None
        if findings and file.kind:
            yield _Line(f"{safe.name(file.path)}  [{kind_label(file.kind, lang)}]", style="bold")
        for finding in findings:
            yield from _finding(file.path, finding, lines, lang, show_fixes)
            fixable += fix_replacement(finding) is not None
    words = _LABELS.get(lang, _LABELS["zh"])
    counts = result.counts()
    summary = words["summary"].format(files=len(result.files), **counts)
    yield _Line(summary if sum(counts.values()) else f"{summary} — {words['clean']}", style="bold")
    if fixable:
        yield _Line(words["fixable"].format(count=fixable))


def render(result: RunResult, *, lang: str = "zh", color: bool = False, show_fixes: bool = False,
           **_: Any) -> str:
    lines = list(_lines(result, lang, show_fixes))
    if not color and not hasattr(builtins, "get_ipython"):  # rich colours a notebook's output anyway
        plain = "".join(line.plain() for line in lines)
        if not _RICH_CHANGES.search(plain):
            return plain
    return _through_rich(lines, color)


def _through_rich(lines: list[_Line], color: bool) -> str:
    """The lines as rich's console writes them: in colour, or with rich's changes to the text."""
    from rich.console import Console
    from rich.style import Style
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=200,
                      highlight=False, soft_wrap=True)
    for line in lines:
        if line is _BLANK:
            console.print()
            continue
        text = Text(line.text, style=line.style)
        for piece, style in line.pieces:
            if isinstance(style, _CodeStyle):
                code = Style.parse(style.severity)
                style = code + Style(link=style.url) if style.url else code
            text.append(piece, style=style)
        console.print(text, end=line.end)
    return buffer.getvalue()


def render_statistics(rows: Sequence[Statistic], lang: str = "zh") -> str:
    """`--statistics` as a table: count, code, severity, `[*]` when some are fixable, rule name;
    columns aligned in terminal cells (the severities are Chinese by default)."""
    if not rows:
        return ""
    severities = labels(SEVERITY_LABELS, lang)
    count_width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    severity_width = max(cell_len(severities.get(row.severity, row.severity)) for row in rows)
    lines = []
    for row in rows:
        severity = severities.get(row.severity, row.severity)
        mark = FIXABLE_MARK if row.fixable else " " * len(FIXABLE_MARK)
        name = safe.escape(row.name, one_line=True)
        lines.append(f"{row.count:>{count_width}}  {row.code:<{code_width}}  {severity}"
                     f"{' ' * (severity_width - cell_len(severity))}  {mark} {name}")
    fixable = sum(row.fixable for row in rows)
    if fixable:
        lines.append(_LABELS.get(lang, _LABELS["zh"])["fixable"].format(count=fixable))
    return "\n".join(lines) + "\n"
