"""Inline SVG charts drawn in Python: the overview page needs no scripts and no network."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from html import escape

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
) -> str:
    """One horizontal bar per item; labels left, annotations right.

    Bars are scaled to `scale_max` (e.g. 100 for percentages) or, by default, the largest value.
    A fixed `label_width` lines up the bars of several charts.
    """
    if not bars:
        return ""
    label_width = label_width or min(260.0, max(text_width(b.label) for b in bars) + 12)
    annotation_width = min(240.0, max(text_width(b.annotation) for b in bars) + 12)
    plot_width = max(80.0, width - label_width - annotation_width)
    top = 8
    height = top + len(bars) * (BAR_HEIGHT + ROW_GAP) + 4
    largest = max([abs(b.value) for b in bars] + [scale_max or 0.0]) or 1.0
    color = PALETTE[color_index % len(PALETTE)]
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * (BAR_HEIGHT + ROW_GAP)
        length = max(1.0, plot_width * abs(bar.value) / largest) if bar.value else 0.0
        baseline = y + BAR_HEIGHT - 4
        parts.append(
            f'<text class="label" x="{label_width - 8:.1f}" y="{baseline}" text-anchor="end">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{label_width:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{color}"><title>{escape(bar.tooltip or f"{bar.label}: {bar.annotation}")}</title></rect>'
        )
        parts.append(
            f'<text class="value" x="{label_width + length + 6:.1f}" y="{baseline}">{escape(bar.annotation)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def format_number(value: float | None, digits: int = 2) -> str:
    """1234.5 -> '1,234.5' (no trailing zeros); None -> '—'."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
