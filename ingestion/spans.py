"""Where on its line each fact is printed: character spans (0-based, end exclusive).

The extractors return rows with a `source_line` and the text as printed (a cell's text, an
indicator's value_text, a project's name and amount, a funding amount, a stated total);
`attach_spans` finds that text in the line once, after every extractor ran, and fills the
rows' `span_start`/`span_end`. The text is found with full-width characters folded (NFKC,
"６５％" is "65%") and whitespace ignored ("3 200" is "3200"), so a span always points at the
characters as printed. Cells of one table row are found left to right in column order and an
indicator value takes the span of the cell it was read from, so "48  48" gives two spans.
`read_spans` lists every printed piece a fact consumed (a project's amount, years, beds and
floor area as well as its name) for the read audit (`ingestion.read_audit`).

Pure: rows in, rows out.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ingestion.model import Extract, Funding, IndicatorValue, Project, StatedTotal, TableCell

Span = tuple[int, int]
# (1-based line, start, end) of a printed piece that fed a fact
LineSpan = tuple[int, int, int]

_MIN_PREFIX = 2  # a cell wrapped onto the next line: its first line holds at least this much of it
_PROJECT_REACH = 8  # lines after a project's name its amount, years, beds may be printed on
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_AREA_UNITS = ("平方米", "㎡", "m2", "m²", "平米", "万平方米", "万㎡", "万平米")


def folded(text: str) -> tuple[str, list[int]]:
    """`text` with each character NFKC-folded and whitespace dropped, and for each character
    of the result the index in `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char):
            if piece.isspace():
                continue
            out.append(piece)
            where.append(i)
    return "".join(out), where


class Folded:
    """A line folded once (`folded`), searched many times: `find` costs the distance from
    `start` to the match, not the line's length (a 200,000-character paragraph holds
    thousands of amounts)."""

    def __init__(self, line: str):
        self.line = line
        self.hay, self.where = folded(line)

    def find(self, printed: str | None, start: int = 0, *, prefix: str | None = None) -> Span | None:
        """The span of `printed` at or after character `start` (None when it is not there).
        A text wrapped onto the next lines matches by its longest leading part (at least two
        characters) printed on this line: anywhere with prefix="cell" (a cell of an aligned
        row: other cells may follow), only at the line's end with prefix="end" (prose)."""
        if not printed:
            return None
        needle, _ = folded(printed)
        if not needle:
            return None
        hay, where = self.hay, self.where
        first = bisect.bisect_left(where, start)
        at = hay.find(needle, first)
        if at >= 0:
            return where[at], where[at + len(needle) - 1] + 1
        if prefix is None:
            return None
        for length in range(len(needle) - 1, min(_MIN_PREFIX, len(needle)) - 1, -1):
            if prefix == "end":
                at = len(hay) - length
                if at >= first and hay.endswith(needle[:length]):
                    return where[at], where[-1] + 1
                continue
            at = hay.find(needle[:length], first)
            if at >= 0:
                return where[at], where[at + length - 1] + 1
        return None


def locate(line: str, printed: str | None, start: int = 0, *, prefix: str | None = None) -> Span | None:
    """The span of `printed` in `line` at or after character `start` (`Folded.find`)."""
    return Folded(line).find(printed, start, prefix=prefix)


class _Lines:
    """The document's lines, each folded at most once."""

    def __init__(self, lines: Sequence[str]):
        self.lines = lines
        self.cache: dict[int, Folded] = {}

    def __getitem__(self, line_no: int) -> Folded:
        if line_no not in self.cache:
            self.cache[line_no] = Folded(self.lines[line_no - 1] if 1 <= line_no <= len(self.lines) else "")
        return self.cache[line_no]


def _cell_spans(lines: _Lines, cells: Sequence[TableCell]) -> dict[int, Span | None]:
    """id(cell) -> span; the cells of one row on one line are found left to right."""
    spans: dict[int, Span | None] = {}
    rows: dict[tuple[int, int, int], list[TableCell]] = defaultdict(list)
    for cell in cells:
        rows[(cell.table_seq, cell.row_idx, cell.source_line)].append(cell)
    for (_, _, line_no), row in rows.items():
        line = lines[line_no]
        cursor = 0
        for cell in sorted(row, key=lambda c: c.col_idx):
            span = line.find(cell.text, cursor, prefix="cell")
            spans[id(cell)] = span
            if span:
                cursor = span[1]
    return spans


def _in_order(lines: _Lines, rows: Sequence, printed) -> list[Span | None]:
    """Spans of rows printed on the same line, found left to right in the rows' order;
    `printed(row)` lists the texts to try, the best first."""
    cursor: dict[int, int] = defaultdict(int)
    out = []
    for row in rows:
        line = lines[row.source_line]
        span = None
        for text in printed(row):
            # out of order (a total printed before its parts): anywhere on the line
            span = line.find(text, cursor[row.source_line], prefix="end") or line.find(text, prefix="end")
            if span:
                break
        if span:
            cursor[row.source_line] = span[1]
        out.append(span)
    return out


def _indicator_spans(
    lines: _Lines, values: Sequence[IndicatorValue], cells: Sequence[TableCell], cell_span
) -> list[Span | None]:
    """An indicator value takes the span of its cell (same table, line and text; each cell once)."""
    free: dict[tuple[int, int, str], list[Span]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (c.table_seq, c.source_line, c.row_idx, c.col_idx)):
        span = cell_span.get(id(cell))
        if span and not cell.is_header:
            free[(cell.table_seq, cell.source_line, cell.text)].append(span)
    out = []
    fallback = iter(_in_order(lines, values, lambda v: [v.value_text]))
    for value in values:
        spare = next(fallback)
        spans = free.get((value.table_seq, value.source_line, value.value_text))
        out.append(spans.pop(0) if spans else spare)
    return out


def _funding_spans(
    lines: _Lines, funding: Sequence[Funding], cells: Sequence[TableCell]
) -> list[Span | None]:
    """An amount read from a table cell (a project's amount or funding column) takes the span
    of its cell (same line and text; each cell once), so a number printed earlier on the line
    (in the row's 建设内容) is not taken for it; other amounts are found left to right."""
    free: dict[tuple[int, str], list[Span]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (c.source_line, c.table_seq, c.row_idx, c.col_idx)):
        if cell.span_start is not None and not cell.is_header:  # the cells are spanned first
            free[(cell.source_line, cell.text.strip())].append((cell.span_start, cell.span_end))
    out = []
    fallback = iter(_in_order(lines, funding, _amount_printed))
    for row in funding:
        spare = next(fallback)
        spans = free.get((row.source_line, row.amount_text.strip()))
        out.append(spans.pop(0) if spans else spare)
    return out


def _project_pieces(project: Project) -> list[str]:
    return [text for text in (project.investment_text, project.years_text) if text]


def _number_spans(window: Folded, value: float, units: tuple[str, ...]) -> list[Span]:
    """Spans of the numbers in `window` equal to `value` and followed by one of `units`."""
    text, where = window.hay, window.where
    out = []
    for match in _NUMBER.finditer(text):
        try:
            number = float(match.group().replace(",", ""))
        except ValueError:
            continue
        after = text[match.end() : match.end() + 4]
        for unit in units:
            scale = 10000 if unit.startswith("万") else 1
            if after.startswith(unit) and abs(number * scale - value) < 1e-6:
                out.append((where[match.start()], where[match.end() - 1] + 1))
                break
    return out


def _project_spans(lines: _Lines, projects: Sequence[Project]) -> list[tuple[Span | None, list[LineSpan]]]:
    """Per project: its span on its line (from its name through the last of its amount and
    years printed after the name on that line, before the next project's name), and every
    piece it consumed (amount, years, beds, floor area) on its lines: from its name up to the
    next project's name, at most _PROJECT_REACH lines on."""
    names = _in_order(lines, projects, lambda p: [p.project_name])
    at = [(p.source_line, s[0] if s else 0) for p, s in zip(projects, names, strict=True)]
    order = sorted(range(len(projects)), key=lambda i: at[i])
    following: dict[int, tuple[int, int]] = {}
    k = 0
    for n, i in enumerate(order):  # the next position strictly after each project's (sorted: one pass)
        k = max(k, n + 1)
        while k < len(order) and at[order[k]] <= at[i]:
            k += 1
        if k < len(order):
            following[i] = at[order[k]]
    out = []
    for i, (project, name) in enumerate(zip(projects, names, strict=True)):
        stop_line, stop_at = following.get(i, (project.source_line + _PROJECT_REACH + 1, 0))
        pieces: list[LineSpan] = [(project.source_line, *name)] if name else []
        for line_no in range(project.source_line, min(stop_line, project.source_line + _PROJECT_REACH) + 1):
            line = lines[line_no].line
            start = name[1] if name and line_no == project.source_line else 0
            stop = stop_at if line_no == stop_line else len(line)
            if stop <= start:
                continue
            window = Folded(line[start:stop])
            found = [window.find(text, prefix="end") for text in _project_pieces(project)]
            if project.beds is not None:
                found += _number_spans(window, project.beds, ("张",))
            if project.floor_area_m2 is not None:
                found += _number_spans(window, project.floor_area_m2, _AREA_UNITS)
            pieces += [(line_no, a + start, b + start) for a, b in filter(None, found)]
        own = [p for p in pieces if p[0] == project.source_line]
        span = (min(p[1] for p in own), max(p[2] for p in own)) if own else None
        out.append((span, pieces))
    return out


def attach_spans(extract: Extract) -> Extract:
    """The extract with span_start/span_end filled on its cells and facts."""
    lines = _Lines([line.text for line in extract.lines])
    cell_span = _cell_spans(lines, extract.table_cells)
    extract.indicator_values = [
        _with(value, span)
        for value, span in zip(
            extract.indicator_values,
            _indicator_spans(lines, extract.indicator_values, extract.table_cells, cell_span),
            strict=True,
        )
    ]
    extract.table_cells = [_with(cell, cell_span.get(id(cell))) for cell in extract.table_cells]
    extract.projects = [
        _with(project, span)
        for project, (span, _) in zip(extract.projects, _project_spans(lines, extract.projects), strict=True)
    ]
    extract.funding = [
        _with(row, span)
        for row, span in zip(
            extract.funding,
            _funding_spans(lines, extract.funding, extract.table_cells),
            strict=True,
        )
    ]
    extract.stated_totals = [
        _with(row, span)
        for row, span in zip(
            extract.stated_totals, _in_order(lines, extract.stated_totals, _total_printed), strict=True
        )
    ]
    return extract


def _amount_printed(row: Funding) -> list[str]:
    return [row.amount_text]


def _total_printed(row: StatedTotal) -> list[str]:
    """The phrase; else its number that states the value (a total row's label and amount cell
    may stand on two lines), else its last number."""
    numbers = _NUMBER.findall(unicodedata.normalize("NFKC", row.stated_text))
    stated = [n for n in numbers if _equals(n, row.stated_value)]
    return [row.stated_text, *stated, *numbers[-1:]]


def _equals(number: str, value: float) -> bool:
    try:
        return abs(float(number.replace(",", "")) - value) < 1e-6
    except ValueError:
        return False


def _with(row, span: Span | None):
    return replace(row, span_start=span[0] if span else None, span_end=span[1] if span else None)


def read_spans(
    lines: Sequence[str],
    indicator_values: Sequence[IndicatorValue],
    projects: Sequence[Project],
    funding: Sequence[Funding],
    stated_totals: Sequence[StatedTotal],
) -> list[LineSpan]:
    """Every printed piece that fed a fact, as (line, start, end): the facts' own spans (set by
    `attach_spans`) and each project's amount, years, beds and floor area on its lines."""
    out: list[LineSpan] = []
    lines = _Lines(lines)
    for row in (*indicator_values, *funding, *stated_totals):
        if row.span_start is not None:
            out.append((row.source_line, row.span_start, row.span_end))
    for _, pieces in _project_spans(lines, projects):
        out += pieces
    return out
