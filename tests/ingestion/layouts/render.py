"""Print an IndicatorTable in the layouts plans are published in.

Every layout the ingestion must read: tab rows, one cell per line (with and without a
leading tab), columns aligned by CJK display width with "-"/"—" for empty cells,
PDF text (single spaces, long names wrapped after the row's values, page breaks that
repeat caption and header, page-number lines, running heads, form feeds), markdown pipe (with
and without the outer pipes),
two-row headers (a spanning cell over the year columns; also the web-page form whose
second line starts with empty cells), two-line headers ("2020 年" / "现状值"), permuted
columns, with or without 单位 and 序号, and transposed (indicators as columns).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tests.ingestion.layouts.content import IndicatorRow, IndicatorTable

FORMS = ("tab_rows", "tab_cells", "line_cells", "aligned", "pipe", "pipe_bare", "pdf")
HEADERS = ("one_row", "two_line", "two_row_span")
PAGE_BREAKS = (None, "dash_number", "page_of", "form_feed_running_head")


@dataclass(frozen=True)
class Layout:
    form: str  # FORMS
    order: tuple[str, ...]  # column keys: seq name unit baseline target attribute
    header: str = "one_row"  # HEADERS
    year_space: bool = False  # "2020 年" instead of "2020年"
    empty_mark: str = "—"  # an empty cell in the aligned/pdf layouts
    wrap_at: int | None = None  # pdf: a name longer than this wraps onto the next line
    seq_alone: bool = False  # pdf: 序号 alone on its line, the name on two lines before the values
    page_break: str | None = None  # PAGE_BREAKS: inside the table, after the first row

    def describe(self) -> str:
        parts = [self.form, "/".join(self.order), self.header]
        if self.year_space:
            parts.append("year-space")
        if self.wrap_at:
            parts.append(f"wrap@{self.wrap_at}")
        if self.seq_alone:
            parts.append("seq-alone")
        if self.page_break:
            parts.append(f"break:{self.page_break}")
        return " ".join(parts)


def _year(year: int, layout: Layout) -> str:
    return f"{year} 年" if layout.year_space else f"{year}年"


def header_lines(table: IndicatorTable, layout: Layout) -> list[list[str]]:
    """One or two header rows, one cell per column ('' where a row prints nothing)."""
    one = {
        "seq": "序号",
        "name": "指标名称",
        "unit": "单位",
        "attribute": "属性",
        "baseline": f"{_year(table.baseline_year, layout)}基期值",
        "target": f"{_year(table.target_year, layout)}目标值",
    }
    if layout.header == "one_row":
        return [[one[k] for k in layout.order]]
    if layout.header == "two_line":
        top = {
            **one,
            "baseline": _year(table.baseline_year, layout),
            "target": _year(table.target_year, layout),
        }
        bottom = {"baseline": "现状值", "target": "目标值"}
        return [[top[k] for k in layout.order], [bottom.get(k, "") for k in layout.order]]
    # a spanning cell over the two year columns: its text in the first spanned column
    first_value = next(k for k in layout.order if k in ("baseline", "target"))
    top = [
        ("指标值" if k == first_value else "") if k in ("baseline", "target") else one[k]
        for k in layout.order
    ]
    bottom = [one[k] if k in ("baseline", "target") else "" for k in layout.order]
    # as a web page saved as text prints it: the second line starts with empty cells
    return [top, bottom]


def _cell(row: IndicatorRow, key: str, seq: int, layout: Layout) -> str:
    unit_in_values = "unit" not in layout.order
    if key == "seq":
        return str(seq)
    if key == "name":
        return row.name
    if key == "unit":
        return row.unit
    if key == "attribute":
        return row.attribute
    value = row.baseline if key == "baseline" else row.target
    if value.number is None:
        return layout.empty_mark if layout.form in ("aligned", "pdf") else value.printed
    if not unit_in_values:
        return value.printed
    # the unit follows the number: '90%以上', '≥55%'
    return re.sub(r"(\d+(?:\.\d+)?)", lambda m: m.group(1) + row.unit, value.printed, count=1)


def body_rows(table: IndicatorTable, layout: Layout) -> list[list[str]]:
    return [[_cell(row, k, i, layout) for k in layout.order] for i, row in enumerate(table.rows, start=1)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_break(table: IndicatorTable, layout: Layout, headers: list[str]) -> list[str]:
    noise = {
        "dash_number": ["", "- 12 -", ""],
        "page_of": ["第3页 共20页", ""],
        "form_feed_running_head": ["\f某某县“十四五”养老服务体系建设规划", ""],
    }[layout.page_break]
    return noise + [table.caption] + headers


def render(table: IndicatorTable, layout: Layout) -> list[str]:
    heads = header_lines(table, layout)
    rows = body_rows(table, layout)
    if layout.form == "tab_rows":
        head = ["\t".join(h) for h in heads]
        body = [["\t".join(r)] for r in rows]
    elif layout.form == "pipe":
        head = ["| " + " | ".join(h) + " |" for h in heads]
        head.insert(1 if len(heads) == 1 else 2, "|" + "|".join("---" for _ in layout.order) + "|")
        body = [["| " + " | ".join(r) + " |"] for r in rows]
    elif layout.form == "pipe_bare":  # markdown without the outer pipes
        head = [" | ".join(h) for h in heads]
        head.insert(1 if len(heads) == 1 else 2, " | ".join("---" for _ in layout.order))
        body = [[" | ".join(r)] for r in rows]
    elif layout.form in ("tab_cells", "line_cells"):
        lead = "\t" if layout.form == "tab_cells" else ""
        sep = [] if layout.form == "tab_cells" else [""]
        if layout.header == "two_line":  # each header cell prints its two lines one after the other
            head = [
                line
                for top, bottom in zip(*heads, strict=True)
                for line in [lead + top, bottom]
                if line.strip()
            ]
        else:
            head = [lead + c for h in heads for c in h if c]
        head = [x for c in head for x in [c, *sep]]
        body = [[x for c in r for x in [lead + c, *sep]] for r in rows]
    elif layout.form == "aligned":
        grid = heads + rows
        widths = [max(_width(r[k]) for r in grid) + 2 for k in range(len(layout.order))]

        def line(cells: list[str]) -> str:
            return "".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

        head = [line(h) for h in heads]
        body = [[line(r)] for r in rows]
    else:  # pdf text: single spaces, wrapped names
        head = [" ".join(c for c in h if c) for h in heads]
        body = []
        name_at = layout.order.index("name")
        for r in rows:
            name = r[name_at]
            if layout.seq_alone and layout.order[:2] == ("seq", "name") and layout.wrap_at:
                # '1' / '养老机构护' / '理型床位占比 % 38 ≥55 约束性'
                head_part, tail_part = name[: layout.wrap_at], name[layout.wrap_at :]
                body.append([r[0], head_part, " ".join([tail_part, *r[2:]])])
            elif layout.wrap_at and len(name) > layout.wrap_at:
                first = [name[: layout.wrap_at] if k == name_at else c for k, c in enumerate(r)]
                body.append([" ".join(first), name[layout.wrap_at :]])
            else:
                body.append([" ".join(r)])
    out = [table.caption, *head]
    for i, lines in enumerate(body):
        out.extend(lines)
        if i == 0 and layout.page_break and len(body) > 1:
            out.extend(_page_break(table, layout, head))
    return ["前言文字。", "", *out, "", "第三章 主要任务", "加强养老服务体系建设。"]


def render_transposed(table: IndicatorTable, worded_labels: bool) -> list[str]:
    """Indicators as columns, periods as rows, one cell per line; the unit is the name's suffix."""
    labels = (
        (f"{table.baseline_year}年现状值", f"{table.target_year}年目标值")
        if worded_labels
        else (f"{table.baseline_year}年", f"{table.target_year}年")
    )
    lines = [table.caption, *(f"{row.name}({row.unit})" for row in table.rows)]
    for label, key in zip(labels, ("baseline", "target"), strict=True):
        lines.append(label)
        lines.extend((row.baseline if key == "baseline" else row.target).printed for row in table.rows)
    return ["前言文字。", "", *lines, "", "第三章 主要任务", "加强养老服务体系建设。"]
