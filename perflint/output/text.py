"""Human output in the terminal: `file:line:col CODE message`, then the quoted source with the
span marked (rustc/ruff style), the figures it was computed from, and a summary."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from perflint.findings import Finding
from perflint.loaders.base import read_text
from perflint.model import Span
from perflint.profiles.kinds import kind_label
from perflint.runner import RunResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_TEXT_SUFFIXES = {".yaml", ".yml", ".json", ".txt", ".md"}
_LABELS = {
    "zh": {"expected": "应为", "stated": "所述", "related": "依据",
           "summary": "{files} 个文件：{error} 个错误，{warning} 个警告，{info} 个提示",
           "clean": "未发现问题"},
    "en": {"expected": "expected", "stated": "stated", "related": "from", "summary": "{files} files: "
           "{error} errors, {warning} warnings, {info} notes", "clean": "no findings"},
}


FORMAT = "text"


def _source_lines(path: Path) -> list[str] | None:
    if path.suffix.lower() not in _TEXT_SUFFIXES:
        return None
    try:
        return read_text(path).split("\n")
    except Exception:
        return None


def _snippet(span: Span, lines: list[str] | None, marker: str) -> Text:
    """The source line with the span underlined, or the quote alone for .docx/.xlsx cells."""
    gutter = f"{span.line:>5} | "
    if lines and 0 < span.line <= len(lines):
        line = lines[span.line - 1]
        end = span.end_column if span.end_line == span.line else len(line) + 1
        width = max(1, end - span.column)
        body = Text(gutter + line.rstrip() + "\n")
        pad = _display_width(line[: span.column - 1])
        body.append(" " * (len(gutter) - 2) + "| " + " " * pad + marker * _display_width(
            line[span.column - 1: span.column - 1 + width]) + "\n", style="bold")
        return body
    where = f"{span.location}: " if span.location else ""
    return Text(f"{gutter}{where}{span.quote}\n")


def _display_width(text: str) -> int:
    """Terminal cells: CJK characters take two, so the caret lines up under Chinese text."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _finding(console: Console, path: Path, finding: Finding, lines: list[str] | None, lang: str) -> None:
    labels = _LABELS.get(lang, _LABELS["zh"])
    span = finding.span
    if span and span.location:  # .docx/.xlsx: a paragraph or cell, not a line
        where = f"{path}:{span.location}"
    else:
        where = f"{path}:{span.line}:{span.column}" if span else str(path)
    header = Text(f"{where} ")
    header.append(finding.code, style=_STYLE[finding.severity])
    header.append(f" [{finding.severity}] {finding.message}")
    provenance = [name for name in (finding.plugin, finding.ruleset)
                  if name and name not in ("perflint", "national")]
    if provenance:
        header.append(f"  ({' · '.join(provenance)})", style="dim")
    console.print(header)
    if span:
        console.print(_snippet(span, lines, "^"), end="")
    for related in finding.related:
        label = f"{labels['related']} {related.label}" if related.label else labels["related"]
        console.print(Text(f"      = {label}:", style="dim"))
        console.print(_snippet(related.span, lines, "-"), end="")
    values = [f"{labels[key]}: {value}" for key, value in
              (("expected", finding.expected), ("stated", finding.stated)) if value is not None]
    if values:
        console.print(Text("      = " + "   ".join(values)))
    console.print()


def render_to(console: Console, result: RunResult, lang: str = "zh") -> None:
    for problem in result.problems:
        console.print(Text(f"perflint: {problem}", style="bold red"))
    for file in result.files:
        lines = _source_lines(file.path) if file.findings else None
        if file.findings and file.kind:
            console.print(Text(f"{file.path}  [{kind_label(file.kind, lang)}]", style="bold"))
        for finding in file.findings:
            _finding(console, file.path, finding, lines, lang)
    labels = _LABELS.get(lang, _LABELS["zh"])
    counts = result.counts()
    summary = labels["summary"].format(files=len(result.files), **counts)
    console.print(Text(summary if sum(counts.values()) else f"{summary} — {labels['clean']}", style="bold"))


def render(result: RunResult, *, lang: str = "zh", color: bool = False, **_: Any) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=200,
                      highlight=False, soft_wrap=True)
    render_to(console, result, lang)
    return buffer.getvalue()
