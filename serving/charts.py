"""Inline SVG charts (layout in Python, markup from an autoescaped Jinja2 template): the overview
page needs no scripts and no network."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import Markup

from serving.templating import render

FONT_SIZE = 13
BAR_HEIGHT = 18
ROW_GAP = 8
PALETTE = ("#2f6f9f", "#d08c2f", "#4f9a5a", "#a4475b", "#6d5ba3", "#3f8f8f", "#8a6d3b", "#5b6f86")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    annotation: str  # printed after the bar, e.g. "≥55%" or "1,234.5 万元 (12 projects)"
    tooltip: str = ""


def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Approximate rendered width: CJK and full-width characters are one em, others ~0.6 em."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return (wide + 0.6 * (len(text) - wide)) * font_size


def horizontal_bar_chart(
    bars: list[Bar],
    *,
    title: str,
    width: int = 760,
    color_index: int = 0,
    scale_max: float | None = None,
    label_width: float | None = None,
) -> Markup:
    """One horizontal bar per item; labels left, annotations right.

    Bars are scaled to `scale_max` (e.g. 100 for percentages) or, by default, the largest value.
    A fixed `label_width` lines up the bars of several charts.
    """
    if not bars:
        return Markup("")
    label_width = label_width or min(260.0, max(text_width(b.label) for b in bars) + 12)
    annotation_width = min(240.0, max(text_width(b.annotation) for b in bars) + 12)
    plot_width = max(80.0, width - label_width - annotation_width)
    top = 8
    height = top + len(bars) * (BAR_HEIGHT + ROW_GAP) + 4
    largest = max([abs(b.value) for b in bars] + [scale_max or 0.0]) or 1.0
    laid_out = []
    for i, bar in enumerate(bars):
        y = top + i * (BAR_HEIGHT + ROW_GAP)
        length = max(1.0, plot_width * abs(bar.value) / largest) if bar.value else 0.0
        laid_out.append(
            {
                "label": bar.label,
                "annotation": bar.annotation,
                "tooltip": bar.tooltip or f"{bar.label}: {bar.annotation}",
                "label_x": f"{label_width - 8:.1f}",
                "x": f"{label_width:.1f}",
                "y": y,
                "length": f"{length:.1f}",
                "value_x": f"{label_width + length + 6:.1f}",
                "baseline": y + BAR_HEIGHT - 4,
            }
        )
    svg = render(
        "bar_chart.svg.j2",
        title=title,
        width=width,
        height=height,
        bars=laid_out,
        bar_height=BAR_HEIGHT,
        color=PALETTE[color_index % len(PALETTE)],
    )
    return Markup(svg.replace("\n", ""))  # one line of markup, escaped by its template


def format_number(value: float | None, digits: int = 2) -> str:
    """1234.5 -> '1,234.5' (no trailing zeros); None -> '—'."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
