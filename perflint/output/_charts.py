"""Horizontal stacked bar charts as inline SVG, drawn in Python.

The HTML report must open on an office PC without network and be filed as is, so a chart can be
neither a script library nor an image fetched from somewhere: it is SVG markup in the page,
coloured by the page's CSS classes (`fill` per series), scaled with the page (a `viewBox`, no
fixed pixel width) and printed like text. Labels are report text (unit names): escaped, cut to a
width that fits the label column, the full label in the bar's `<title>` tooltip.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from perflint.output import _safe as safe

#: Geometry in SVG user units (≈ CSS px at full size).
WIDTH = 560
ROW = 24
BAR = 16
FONT = 12
LEGEND = 24
LABEL_MAX = 15  # label column, in font-size ems (a CJK character is one)


@dataclass(frozen=True)
class Series:
    """A stacked part of every bar: its legend name and the CSS class that colours it."""

    name: str
    css_class: str


@dataclass(frozen=True)
class Bar:
    """One row: its label, a value per series, and where clicking it leads (an in-page anchor)."""

    label: str
    values: tuple[int, ...]
    href: str | None = None


def _e(text: object) -> str:
    return safe.html(text)


def text_width(text: str) -> float:
    """Width in ems: a wide (CJK, full-width) character is one, any other about half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def fit(text: str, ems: float) -> str:
    """`text` cut (with …) to at most `ems` wide."""
    if text_width(text) <= ems:
        return text
    kept = ""
    for char in text:
        if text_width(kept + char) > ems - 1:
            break
        kept += char
    return kept + "…"


def _legend(series: Sequence[Series], x: float) -> str:
    items = []
    for item in series:
        items.append(f'<rect class="{_e(item.css_class)}" x="{x:.0f}" y="6" width="10" height="10"/>'
                     f'<text x="{x + 14:.0f}" y="15">{_e(item.name)}</text>')
        x += 14 + text_width(item.name) * FONT + 16
    return "".join(items)


def bar_chart(title: str, bars: Sequence[Bar], series: Sequence[Series], *, chart_id: str) -> str:
    """A `<figure>` with the chart: one row per bar, stacked by series, its total at the end."""
    labels = [fit(bar.label, LABEL_MAX) for bar in bars]
    label_width = (max((text_width(label) for label in labels), default=1) + 1) * FONT
    total_width = len(str(max((sum(bar.values) for bar in bars), default=0))) * FONT * 0.6 + 8
    scale_max = max((sum(bar.values) for bar in bars), default=0) or 1
    plot = WIDTH - label_width - total_width
    height = LEGEND + ROW * len(bars) + 4
    rows = []
    for index, (bar, label) in enumerate(zip(bars, labels, strict=True)):
        y = LEGEND + index * ROW
        counts = "，".join(f"{item.name} {value}" for item, value in zip(series, bar.values, strict=True))
        tooltip = f"{bar.label}：{counts}"
        parts = [f"<title>{_e(tooltip)}</title>",
                 f'<text class="label" x="{label_width - FONT / 2:.0f}" y="{y + BAR - 3}" '
                 f'text-anchor="end">{_e(label)}</text>']
        x = label_width
        for item, value in zip(series, bar.values, strict=True):
            if value:
                width = plot * value / scale_max
                parts.append(f'<rect class="{_e(item.css_class)}" x="{x:.1f}" y="{y}" width="{width:.1f}" '
                             f'height="{BAR}"/>')
                x += width
        parts.append(f'<text class="total" x="{x + 4:.1f}" y="{y + BAR - 3}">{sum(bar.values)}</text>')
        row = "".join(parts)
        rows.append(f'<a href="{_e(bar.href)}">{row}</a>' if bar.href else f"<g>{row}</g>")
    return (f'<figure class="chart" id="{_e(chart_id)}"><figcaption>{_e(title)}</figcaption>'
            f'<svg viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{_e(title)}" font-size="{FONT}">'
            f"{_legend(series, label_width)}{''.join(rows)}</svg></figure>")
