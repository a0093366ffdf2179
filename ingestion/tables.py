"""Reconstruct tables from any text layout: find each table's header and body in the
lines and hand its pieces, with their lines, to `ingestion.table_rows` (grid -> Table).

Table API (consumed by the indicator and the project extractors)
-----------------------------------------------------------------
`reconstruct_tables(lines)` returns every table it finds in one document, in order,
whatever its kind, as `Table` objects:

    Table.table_seq    1-based order in the document
    Table.title        caption as printed (None if the table has none)
    Table.title_line   1-based line of the caption (None if none)
    Table.kind         'indicator' | 'project' | 'other' (from the header vocabulary)
    Table.layout       'tab_rows'     one row per line, cells separated by tabs
                       'line_cells_transposed' one cell per line, indicators as columns
                       and periods as rows (roles ['period', 'value', ...])
                       'tab_cells'    one cell per line, a tab marks the start of a cell
                       'line_cells'   one cell per line, no tabs (blank lines between)
                       'wrapped_rows' PDF text: space-separated cells, rows wrapped
                       'pipe'         markdown pipe table
                       'pipe_bare'    the same without the outer pipes ("a | b | c")
                       'aligned'      columns separated by runs of spaces
    Table.start_line   first line of the table (caption or header)
    Table.end_line     last line of the table body
    Table.header       one normalized name per column: whitespace removed, NFKC, wrapped
                       header cells merged ('2020年实际值', '建设年限', '计划总投资(万元)')
    Table.header_cells the header as printed: Cell per column
    Table.roles        one role per column, from the header vocabulary: seq | group | name |
                       unit | value | growth | attribute | construction_type | years |
                       content | investment | other (see `column_role`)
    Table.rows         body rows in printed order; header rows are not in `rows`

    Row.cells          exactly len(header) Cells, aligned to the header columns
                       (a missing cell is Cell('', <row's first line>))
    Row.kind           'data' | 'category' (a heading row: name + subtotal, no 序号)
                       | 'total' (合计/总计 row)
    Row.source_line    first line of the row
                       (category/total rows carry their label in the first name column
                       — 项目名称 / 指标 — even when printed under 序号, and their subtotal
                       in the investment or value column)

    Cell.text          the cell as printed, wrapped lines joined without separator,
                       surrounding whitespace stripped ('' for an empty cell)
    Cell.source_line   1-based line where the cell starts

`ingestion.table_rows.table_from_grid(grid)` builds a Table from rows of (text, source_line) cells for readers
of formats that keep a table's grid (HTML, DOCX, PDF tables); `merge_header_rows` joins a
header printed over two rows (wrapped cells, or a spanning cell over sub-columns).

Helpers: `Table.col(role)` -> first column index with that role (or None),
`Row.text(i)` -> text of column i ('' if out of range).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from ingestion.headings import SECTION_STYLES, numbering_re
from ingestion.model import TableCell
from ingestion.periods import SHORT_PERIOD_NAME
from ingestion.table_rows import (
    HEADING_RE,
    SOURCES_SPAN_RE,
    SPANNING_HEADER_RE,
    TEXT_ROLES,
    Cell,
    Piece,
    Row,
    Table,
    align_token_runs,
    assemble_rows,
    column_role,
    continues_cell,
    display_width,
    finalize_roles,
    is_header_piece,
    is_header_row,
    is_seq,
    joins_header,
    merge_header_rows,
    normalize_header,
    place_sub_columns,
    rows_from_cells,
    seq_rows,
    sub_column,
    table_from_grid,
    table_kind,
    total_kind,
    trim_empty_edges,
)
from ingestion.values import is_unit, looks_like_value, normalize_text
from vocabulary.text import CN_NUMERALS, DASHES, RANGE_JOINER_CHARS

_PAGE_NUMBER = re.compile(rf"^[{DASHES}]\s*\d{{1,4}}\s*[{DASHES}]$|^第\s*\d+\s*页")


def _is_page_furniture(raw: str) -> bool:
    """A page-number line ("- 12 -", "第3页 共20页") or a line opening a new page with a form
    feed (its running head): printed by the page, not by the table."""
    return raw.lstrip(" \t").startswith("\f") or bool(_PAGE_NUMBER.match(raw.strip()))


_CELL_GAP = re.compile(r"\S(?:\t|\s{2,})\S|[|│┃]")
_SECTION_HEADING = numbering_re(SECTION_STYLES)
_TABLE_CAPTION = re.compile(rf"^(?:续)?表\s*(?:\d|[{CN_NUMERALS}])")
# A line no table row is: another table's caption (not 续表), a chapter or section heading.
_ENDS_TABLE = re.compile(rf"^(?:表\s*(?:\d|[{CN_NUMERALS}])|第\s*[\d{CN_NUMERALS}]+\s*[章节篇])")


def _could_be_running_head(line: str) -> bool:
    """A running head is one unnumbered phrase; a table's caption or a row of cells repeated
    where the table goes on over a page break is the table's, a numbered heading opening a
    page is the text's: they stay."""
    text = line.replace("\f", "").strip()
    cells = len(text.split()) >= 2  # a row of cells, however narrowly spaced
    return not (cells or _CELL_GAP.search(text) or _TABLE_CAPTION.match(text) or _SECTION_HEADING.match(text))


def _without_page_furniture(lines: list[str]) -> list[str]:
    """The lines with what the page prints blanked (line numbers kept): page numbers, and
    running heads — a line printed at a page break (opening a page after a form feed, or
    within two lines of a page number) whose text is printed at least twice in such places
    or near a page number and anywhere else; a phrase opening a page after a form feed is one
    too. A table's caption or a row of cells there is the table's: it stays, without its form
    feed."""
    key = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", line)) for line in lines]
    numbers = [k for k, line in enumerate(lines) if _PAGE_NUMBER.match(line.strip())]
    near: set[int] = set()
    for k in numbers:
        for step in (-1, 1):
            j, found = k + step, 0
            while 0 <= j < len(lines) and found < 2:
                if lines[j].strip():
                    near.add(j)
                    found += 1
                j += step
    opening = {k for k, line in enumerate(lines) if line.lstrip(" \t").startswith("\f")}
    at_breaks: dict[str, int] = {}
    for k in near | opening:
        at_breaks[key[k]] = at_breaks.get(key[k], 0) + 1
    everywhere: dict[str, int] = {}
    for k in key:
        everywhere[k] = everywhere.get(k, 0) + 1
    out = []
    for k, line in enumerate(lines):
        text = key[k]
        running = _could_be_running_head(line) and (
            k in opening
            or (len(text) >= 6 and (at_breaks.get(text, 0) >= 2 or (k in near and everywhere[text] >= 2)))
        )
        if k in numbers or (text and running):
            out.append("")
        else:
            out.append(line.replace("\f", ""))
    return out


# Layouts -------------------------------------------------------------------------

_CAPTION_WORDS = re.compile(r"表|指标|专栏|项目|情况|一览|对比|目标|统计|清单|计划|汇总")
_MAX_TABLE_LINES = 800


def _clean(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _caption(lines: list[str], header_index: int) -> tuple[str | None, int | None]:
    """The caption printed just above a header (a short line naming the table): at most three
    printed lines (rules) up, and at most two blank lines in each gap (a text that prints a
    blank line after every line doubles its gaps)."""
    j = header_index - 1
    rules = blanks = 0
    while j >= 0 and (not lines[j].strip() or _RULING.match(lines[j].strip())):
        rules, blanks = (rules, blanks + 1) if not lines[j].strip() else (rules + 1, blanks)
        j -= 1
    if j < 0 or rules > 3 or rules + blanks > 3 and blanks > 2 * (rules + 1):
        return None, None
    text = _clean(lines[j])
    if 0 < len(text) <= 60 and text[-1] not in "。；，,;：:" and _CAPTION_WORDS.search(text):
        return text, j + 1
    return None, None


_NUMBERED_CAPTION = re.compile(rf"^(附)?表\s*[\d{CN_NUMERALS}]+")


def _caption_below(lines: list[str], end_line: int) -> tuple[str | None, int | None]:
    """A caption printed under its table ("表3 …"), when none is printed above it.

    Only a numbered 表 caption counts, and not when a table starts right after it
    (then it is the next table's caption).
    """
    j = end_line  # 0-based index of the line after the body
    while j < len(lines) and j - end_line < 2 and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return None, None
    text = _clean(lines[j])
    if not (0 < len(text) <= 60 and _NUMBERED_CAPTION.match(text)) or text[-1] in "。；，,;：:":
        return None, None
    if any(_header_at(lines, k) for k in range(j + 1, min(j + 4, len(lines)))):
        return None, None
    return text, j + 1


@dataclass
class _Header:
    cells: list[Cell]
    layout: str
    last_index: int  # 0-based index of the header's last line
    positions: list[int] = field(default_factory=list)  # aligned layout: display column of each cell
    roles: list[str] = field(default_factory=list)  # aligned layout: the columns' roles, for alignment


PIPE_LAYOUTS = ("pipe", "pipe_bare")


def _split_row(line: str, layout: str) -> list[str]:
    if layout == "pipe":
        body = line.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") else body
        return [c.strip() for c in body.split("|")]
    if layout == "pipe_bare":  # no outer pipes: a leading '|' is an empty first cell
        return [c.strip() for c in line.strip().split("|")]
    if layout == "tab_rows":
        return [c.strip() for c in line.strip("\r\n").split("\t")]
    return [c for c in re.split(r"\s{2,}|\t|\u3000+", line.strip()) if c]


def _header_at(lines: list[str], i: int) -> _Header | None:
    line = lines[i]
    stripped = line.strip()
    if not stripped or len(stripped) > 120:
        return None
    if stripped.startswith("|") and stripped.count("|") >= 3:
        return _row_header(lines, i, "pipe")
    if stripped.count("|") >= 2:  # no leading pipe: at least three cells
        return _row_header(lines, i, "pipe_bare")
    if "\t" in stripped:
        return _row_header(lines, i, "tab_rows")
    if re.search(r"\S(\s{2,}|\u3000+)\S", stripped):
        return _row_header(lines, i, "aligned")
    if " " in stripped:
        tokens = _glue_years(stripped).split()
        if (
            (len(tokens) >= 3 or (len(tokens) == 2 and _header_goes_on(lines, i)))
            and all(is_header_piece(t) for t in tokens[:-1])
            # the last cell may wrap onto the next line ('2025 年基' / '期值')
            and (is_header_piece(tokens[-1]) or _wrapped_header_piece(lines, i, tokens[-1]))
        ):
            return _wrapped_header(lines, i)
        return None
    if is_header_piece(stripped):
        return _cell_header(lines, i, "tab_cells" if line.startswith("\t") else "line_cells")
    return None


def _row_header(lines: list[str], i: int, layout: str) -> _Header | None:
    printed = (
        [t for _, t in _header_segments(lines[i])] if layout == "aligned" else _split_row(lines[i], layout)
    )
    top = [Cell(normalize_header(t), i + 1) for t in printed]
    cells = trim_empty_edges(top)
    if len(cells) < 2:
        return None
    last = i
    positions: list[int] = []
    # a header printed over two rows: '2020年' above '实际值', or a spanning cell over sub-columns
    j = i + 1
    if j < len(lines) and layout in PIPE_LAYOUTS and re.match(r"^\|?\s*:?-{2,}", lines[j].strip()):
        last = j
        if j + 1 < len(lines) and lines[j + 1].strip().startswith("|"):
            j += 1  # a second header row printed under the markdown separator
    if layout == "tab_rows" and j + 1 < len(lines) and not lines[j].strip() and "\t" in lines[j + 1]:
        j += 1  # a blank line after every printed line
    if j < len(lines) and not (layout == "tab_rows" and "\t" not in lines[j]) and layout != "aligned":
        below = [Cell(normalize_header(b), j + 1) for b in _split_row(lines[j], layout)]
        merged = merge_header_rows(top, below)
        if merged is None and _sub_headers_only(below):
            # the second row prints only the sub-headers, the covered cells left out (a
            # browser's copy of a page): they take the spanning cell's place
            placed = place_sub_columns(cells + trim_empty_edges(below))
            merged = placed if len(placed) < len(cells) + len(trim_empty_edges(below)) else None
        if merged is not None:
            cells, last = trim_empty_edges(merged), j
    elif j < len(lines) and layout == "aligned":
        if not lines[j].strip() and j + 1 < len(lines) and lines[j + 1].strip():
            j += 1  # a blank line after every printed line
        spanned = _aligned_spanning_header(lines, i, _past_ruling(lines, j))
        if spanned is not None:
            return spanned
        positions = [pos for pos, _ in _header_segments(lines[i])]
        joined = _aligned_header_tails(cells, _header_segments(lines[i]), _header_segments(lines[j]))
        if joined is not None:
            cells, last = joined, j
        else:
            # narrow columns: header words a single space apart, each wrapped onto the next
            # line ('单 2025 2026 … 属性' above '位 年 年 …'): the words are the cells
            words = _tokens(lines[i])
            joined = _aligned_header_tails(
                [Cell(normalize_header(t), i + 1) for _, t in words], words, _tokens(lines[j])
            )
            if joined is not None and is_header_row([column_role(c.text) for c in joined]):
                cells, last, positions = joined, j, [pos for pos, _ in words]
    if not is_header_row([column_role(c.text) for c in cells]):
        return None
    if layout == "aligned" and len(positions) != len(cells):
        return None
    return _Header(cells, layout, last, positions if layout == "aligned" else [])


def _sub_headers_only(row: list[Cell]) -> bool:
    """A header row of two or more value columns and nothing else ('2025年  2030年')."""
    texts = [c.text for c in row if c.text]
    return len(texts) >= 2 and all(column_role(t) in ("value", "growth") for t in texts)


def _past_ruling(lines: list[str], j: int) -> int:
    """The index of the first printed line at or after `j` past one ruling line ('-----  ----',
    pandoc's line under a header's first row) and the blank lines around it."""
    k = j
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k < len(lines) and _RULING.match(lines[k].strip()):
        k += 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k if k < len(lines) else j
    return j


def _aligned_spanning_header(lines: list[str], i: int, j: int) -> _Header | None:
    """Aligned columns with a spanning cell ('指标值') over sub-columns printed on the next
    line under it ('2020年基期值  2025年目标值'; '中央  省级  市县' under '资金来源'): the
    sub-headers, at their own positions, take the spanning cell's place."""
    top, below = _header_segments(lines[i]), _header_segments(lines[j])
    spans = [
        k
        for k, (_, text) in enumerate(top)
        if SPANNING_HEADER_RE.match(normalize_header(text)) or SOURCES_SPAN_RE.search(normalize_header(text))
    ]
    if len(spans) == 1 and len(below) < 2:
        below = _tokens(lines[j])  # sub-headers a single space apart ('中央 省级 市县')
    if len(spans) != 1 or len(below) < 2:
        return None
    k = spans[0]
    span = normalize_header(top[k][1])
    funding = bool(SOURCES_SPAN_RE.search(span))
    subs = [
        sub_column(Cell(span, i + 1), Cell(normalize_header(text), j + 1))
        if funding
        else Cell(normalize_header(text), j + 1, (span, normalize_header(text)))
        for _, text in below
    ]
    wanted = ("funding",) if funding else ("value", "growth")
    if not all(column_role(sub.text) in wanted for sub in subs):
        return _header_over_two_lines(top, below, k, i, j, wanted)
    # The sub-headers take the spanning cell's place, in their printed order, wherever a
    # converter printed them (under it; lynx centres them across the row, pandoc starts them
    # at the left margin); out of place, their positions are spread over the spanning cell's width.
    left = top[k][0]
    right = top[k + 1][0] if k + 1 < len(top) else left + 4 * len(below)
    if not all(left - 2 <= pos < right for pos, _ in below):
        below = [(left + n * max(1, (right - left) // len(below)), text) for n, (_, text) in enumerate(below)]
    cells = [Cell(normalize_header(text), i + 1) for _, text in top[:k]] + subs
    cells += [Cell(normalize_header(text), i + 1) for _, text in top[k + 1 :]]
    if not is_header_row([column_role(c.text) for c in cells]):
        return None
    return _Header(cells, "aligned", j, [pos for pos, _ in [*top[:k], *below, *top[k + 1 :]]])


def _header_over_two_lines(
    top: list[tuple[int, str]], below: list[tuple[int, str]], k: int, i: int, j: int, wanted: tuple[str, ...]
) -> _Header | None:
    """A two-row header whose merged-down cells are printed on either line (Chromium centres
    some of them: '序号  指标名称  指标值' over '单位 2025年 2030年 属性'): every cell of the
    second line is a header cell, two or more of them sub-columns of the spanning cell; the
    cells of both lines in their printed order, the spanning cell giving way to its sub-columns."""
    roles = [column_role(normalize_header(text)) for _, text in below]
    subs = [n for n, role in enumerate(roles) if role in wanted]
    if None in roles or len(subs) < 2:
        return None
    span = normalize_header(top[k][1])
    placed = [(pos, Cell(normalize_header(text), i + 1)) for n, (pos, text) in enumerate(top) if n != k]
    for n, (pos, text) in enumerate(below):
        path = (span, normalize_header(text)) if n in subs else ()
        placed.append((pos, Cell(normalize_header(text), j + 1, path)))
    placed.sort(key=lambda item: item[0])
    cells = [cell for _, cell in placed]
    if not is_header_row([column_role(c.text) for c in cells]):
        return None
    return _Header(cells, "aligned", j, [pos for pos, _ in placed])


def _aligned_header_tails(
    cells: list[Cell], top: list[tuple[int, str]], below: list[tuple[int, str]]
) -> list[Cell] | None:
    """Aligned header cells wrapped onto the next line ('序' above '号', '计划总投资（万' above
    '元）'): each piece below joins the header cell it is printed under (the nearest by display
    position). None when a piece joins no cell: the line is no part of the header."""
    if not below or len(top) != len(cells):
        return None
    # Each piece below joins one header cell, left to right (a monotone assignment), the one
    # that lies nearest above it over all: positions drift (wide digits, respaced text).
    pieces = [(normalize_header(text), pos + display_width(text) / 2) for pos, text in below]
    centres = [pos + display_width(text) / 2 for pos, text in top]
    inf = float("inf")
    m = len(cells)
    cost = [[inf] * m for _ in pieces]  # cost[p][c]: pieces <= p placed, piece p on cell c
    back = [[-1] * m for _ in pieces]
    for p, (piece, centre) in enumerate(pieces):
        best_before, arg = (0.0, -1) if p == 0 else (inf, -1)
        for c in range(m):
            if p > 0 and c > 0 and cost[p - 1][c - 1] < best_before:
                best_before, arg = cost[p - 1][c - 1], c - 1
            if best_before < inf and joins_header(cells[c].text, piece):
                cost[p][c], back[p][c] = best_before + abs(centres[c] - centre), arg
    last = min(range(m), key=lambda c: cost[-1][c])
    if cost[-1][last] == inf:
        return None
    tails = [""] * m
    for p in range(len(pieces) - 1, -1, -1):
        tails[last] = pieces[p][0]
        last = back[p][last]
    return [Cell(c.text + t, c.source_line) for c, t in zip(cells, tails, strict=True)]


_SPACED_YEAR = re.compile(r"((?:19|20)\d{2})\s+年")


_DIGITS = {0xFF10 + d: str(d) for d in range(10)}  # full-width digits, as NFKC reads them


def _glue_years(text: str) -> str:
    """'2020 年' -> '2020年': in space-separated text the space is no cell boundary."""
    return _SPACED_YEAR.sub(r"\1年", text.translate(_DIGITS))


def _wrapped_header(lines: list[str], i: int) -> _Header | None:
    pieces = [Cell(t, i + 1) for t in _glue_years(lines[i]).split()]
    last = i
    j = i + 1
    if j + 1 < len(lines) and not lines[j].strip() and lines[j + 1].strip():
        j += 1  # a blank line after every printed line
    below = _glue_years(lines[j]).split() if j < len(lines) else []
    years = [k for k, p in enumerate(pieces) if _BARE_YEAR.match(p.text)]
    if (
        len(below) > 1
        and all(column_role(t) in ("value", "growth") for t in below)
        and any(SPANNING_HEADER_RE.match(p.text) for p in pieces)
    ):
        # a spanning cell over the year columns, its sub-headers on the next line
        pieces += [Cell(t, j + 1) for t in below]
        below, last, j = [], j, j + 1
    if len(below) > 1 and len(below) == len(years) and all(_year_then_kind("2000年", t) for t in below):
        # a second header line with one kind per bare year above: '2020年 2025年' / '现状值 目标值'
        for k, kind in zip(years, below, strict=True):
            pieces[k] = Cell(pieces[k].text + kind, pieces[k].source_line)
        last = j
        j += 1
    while j < len(lines) and j - last <= 2:
        text = _glue_years(lines[j].strip())
        if (
            text
            and len(text.split()) == 1
            and (
                is_header_piece(text)
                or joins_header(pieces[-1].text, text)  # the rest of a wrapped cell ('期值')
                or _wrapped_header_piece(lines, j, text)  # its first part ('2030年目')
            )
        ):
            pieces.append(Cell(text, j + 1))
            last = j
        elif len(text.split()) > 1 and _header_line_pieces(text, pieces[-1].text):
            # narrow columns: a wrapped cell's rest and the next cells' first parts ('单位 2025')
            pieces.extend(Cell(t, j + 1) for t in text.split())
            last = j
        elif text:
            break
        j += 1
    cells = place_sub_columns(_merge_wrapped(pieces))
    if not is_header_row([column_role(c.text) for c in cells]):
        return None
    return _Header(cells, "wrapped_rows", last)


def _header_line_pieces(text: str, previous: str) -> bool:
    """A printed line of a header wrapped in narrow columns: every word a header piece (or
    the rest of the cell before it), none of them a number of a body row."""
    words = text.split()
    return all(
        is_header_piece(w) or (k == 0 and joins_header(previous, w)) or joins_header(w, words[k + 1])
        if k + 1 < len(words)
        else is_header_piece(w) or (k == 0 and joins_header(previous, w))
        for k, w in enumerate(words)
    )


def _header_goes_on(lines: list[str], i: int) -> bool:
    """Two header words on a line ('序号 指标'), the header wrapped on the next lines: their
    words, with these, make a header row."""
    pieces = _glue_years(lines[i].strip()).split()
    if not all(is_header_piece(p) for p in pieces):
        return False
    j = i + 1
    while j < len(lines) and j <= i + 4:
        text = _glue_years(lines[j].strip())
        if text:
            if not _header_line_pieces(text, pieces[-1]):
                break
            pieces += text.split()
        j += 1
    return is_header_row([column_role(c.text) for c in _merge_wrapped([Cell(p, 0) for p in pieces])])


def _merge_wrapped(pieces: list[Cell]) -> list[Cell]:
    merged: list[Cell] = []
    for piece in pieces:
        if (
            merged
            and joins_header(merged[-1].text, piece.text)
            and (column_role(merged[-1].text) is None or merged[-1].source_line != piece.source_line)
            and _should_join(merged[-1].text, piece.text)
        ):
            merged[-1] = Cell(normalize_header(merged[-1].text + piece.text), merged[-1].source_line)
        else:
            merged.append(Cell(normalize_header(piece.text), piece.source_line))
    return merged


def _should_join(previous: str, piece: str) -> bool:
    """Join a wrapped header piece unless both halves are whole header cells of their own."""
    prev_role, piece_role = column_role(previous), column_role(piece)
    if prev_role is None or piece_role is None:
        return True
    return (
        column_role(normalize_header(previous + piece)) not in (None, prev_role, piece_role)
        or (prev_role == "name" and piece_role == "attribute")
        or prev_role
        == piece_role
        == column_role(normalize_header(previous + piece))
        == "name"  # '指标' / '名称'
        or _year_then_kind(previous, piece)
    )


_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}年(?:底|末)?$")


def _year_then_kind(previous: str, piece: str) -> bool:
    """'2020年' above '现状值': a bare year and a kind of value without a year are one cell."""
    return bool(_BARE_YEAR.match(normalize_header(previous))) and (
        column_role(piece) == "value" and not re.search(r"\d", piece)
    )


def _cell_header(lines: list[str], i: int, layout: str) -> _Header | None:
    pieces: list[Cell] = []
    starts: list[bool] = []  # a tab says a new cell starts here
    last = i
    j = i
    several = False  # some header line holds several cells: the body is split into words too
    # a header's second row, one cell per line, prints its covered cells as empty lines: as
    # many as the first row has cells (twice as many lines in a text that doubles every line)
    while j < len(lines) and j - last <= max(3, len(pieces)) * (2 if _doubled(pieces) else 1):
        raw = lines[j]
        text = raw.strip()
        if text:
            words = _glue_years(text).split() if layout == "line_cells" else [text]
            if len(words) > 1 and all(is_header_piece(w) for w in words):
                several = True
                pieces.extend(Cell(normalize_header(w), j + 1) for w in words)
                starts.extend([False] * len(words))
                last = j
                j += 1
                continue
            if (
                not is_header_piece(text)
                and not (pieces and joins_header(pieces[-1].text, text))
                and not _wrapped_header_piece(lines, j, text)
            ):
                break
            pieces.append(Cell(normalize_header(text), j + 1))
            starts.append(raw.startswith("\t"))
            last = j
        j += 1
    cells: list[Cell] = []
    for piece, starts_cell in zip(pieces, starts, strict=True):
        if layout == "tab_cells":
            if cells and not starts_cell:
                cells[-1] = Cell(cells[-1].text + piece.text, cells[-1].source_line)
            else:
                cells.append(piece)
        elif cells and joins_header(cells[-1].text, piece.text) and _should_join(cells[-1].text, piece.text):
            cells[-1] = Cell(normalize_header(cells[-1].text + piece.text), cells[-1].source_line)
        else:
            cells.append(piece)
    cells = place_sub_columns(cells)
    if len(cells) < 2 or not is_header_row([column_role(c.text) for c in cells]):
        return None
    if layout == "line_cells" and (several or _rows_on_lines(lines, last + 1)):
        layout = "wrapped_rows"
    return _Header(cells, layout, last)


def _doubled(pieces: list[Cell]) -> bool:
    """Header cells printed one per line with a blank line after each (a copied page)."""
    return len(pieces) >= 2 and all(b.source_line - a.source_line == 2 for a, b in itertools.pairwise(pieces))


def _wrapped_header_piece(lines: list[str], j: int, text: str) -> bool:
    """A header cell wrapped over two lines, its first part no header word on its own
    ('单' / '位', '2025' / '年')."""
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k < len(lines) and " " not in text and joins_header(text, _glue_years(lines[k].strip()).split()[0])


def _rows_on_lines(lines: list[str], start: int) -> bool:
    """After a header printed one cell per line, body lines holding several values
    ('张 36.5 37 38 39 39.5 40'): the body is split into words (PDF text)."""
    return any(
        len(words) >= 3 and sum(1 for w in words if looks_like_value(w)) >= 2
        for words in (line.split() for line in lines[start : start + 12])
    )


def _is_repeat(text: str, title: str | None, header: list[Cell]) -> bool:
    """A caption or header line printed again after a page break."""
    t = normalize_header(text)
    if not t:
        return False
    if title and t == normalize_header(title):
        return True
    joined = "".join(c.text for c in header)
    if t == joined:
        return True  # the whole header line again, however its cells are spaced
    tokens = [normalize_header(p) for p in _glue_years(text).split()]
    if len(tokens) > 1 and all(
        is_header_piece(p) and (p in joined or SPANNING_HEADER_RE.match(p)) for p in tokens
    ):
        return True  # one printed line of a header spread over two lines
    return len(t) >= 4 and t in joined and all(is_header_piece(p) for p in text.split())


def _line_frags(
    lines: list[str], start: int, header: _Header, title: str | None
) -> tuple[list[Piece], list[int]]:
    """Pieces after a header for the one-cell-per-line and wrapped-row layouts."""
    frags: list[Piece] = []
    ends: list[int] = []
    j = start
    in_repeat = False
    while j < len(lines) and j < start + _MAX_TABLE_LINES:
        raw = lines[j]
        text = raw.strip()
        if not text or _is_page_furniture(raw):
            j += 1
            continue
        if _is_repeat(text, title, header.cells) or (in_repeat and is_header_piece(text)):
            in_repeat = True
            j += 1
            continue
        in_repeat = False
        if header.layout == "wrapped_rows":
            for k, (_, token) in enumerate(_tokens(text)):  # '90 以上' one token
                frags.append(Piece(token, j + 1, can_join=k == 0, same_line=k > 0))
                ends.append(j + 1)
        elif header.layout == "tab_cells":
            if raw.startswith("\t") or not frags:
                frags.append(Piece(text, j + 1, can_join=False))
                ends.append(j + 1)
            elif len(text) <= 30 and _tab_line_follows(lines, j):
                frags[-1] = Piece(frags[-1].text + text, frags[-1].line, can_join=False)
                ends[-1] = j + 1
            else:
                break
        else:
            frags.append(Piece(text, j + 1))
            ends.append(j + 1)
        j += 1
    return frags, ends


def _tab_line_follows(lines: list[str], j: int) -> bool:
    return any(lines[k].startswith("\t") and lines[k].strip() for k in range(j + 1, min(j + 6, len(lines))))


_RULING = re.compile(r"^[-=+|─━┄┈_\s]{3,}$")  # \s: NBSP and U+3000 a copied page may carry


def _row_layout_body(
    lines: list[str], start: int, header: _Header, roles: list[str], title: str | None, spacing: int = 0
) -> tuple[list[Row], int]:
    rows: list[Row] = []
    end = header.last_index
    j = start
    blanks = 0
    seen: list[list[int]] = [[] for _ in header.cells]  # aligned: where body cells start, per column
    after_blank = False  # a blank line since the last row: a wrapped cell does not continue across it
    while j < len(lines):
        raw = lines[j]
        text = raw.strip()
        if not text or _is_page_furniture(raw):
            blanks += 1
            # in a text with a blank line after every line, the first blank is no gap
            after_blank = after_blank or (not text and blanks > spacing)
            if blanks > 2 + spacing:
                break
            j += 1
            continue
        blanks = 0
        if header.layout == "pipe" and not text.startswith("|"):
            break
        if header.layout == "pipe_bare" and "|" not in text:
            break
        if header.layout == "tab_rows" and "\t" not in raw:
            if not ("seq" in roles and _merged_heading_line(lines, j)):
                break
            raw = text + "\t" * (len(roles) - 1)  # a merged cell: the label of a category row
        if header.layout in PIPE_LAYOUTS and re.match(r"^\|?\s*:?-{2,}", text):
            j += 1
            continue
        if header.layout == "aligned" and _RULING.match(text):
            j += 1  # a ruling line a converter draws between rows ('-----  -----')
            continue
        if _is_repeat(text.replace("\t", " ").replace("|", " "), title, header.cells):
            j += 1
            continue
        if _ENDS_TABLE.match(text):
            break  # the next table's caption or a chapter heading printed right under the last row
        if header.layout == "aligned":
            row_cells = _aligned_cells(lines[j], j + 1, header)
            seq_col = roles.index("seq") if "seq" in roles else None
            if rows and row_cells is not None and seq_col is not None and not row_cells[seq_col].text:
                # maybe a further line of the last row, printed over several lines
                so_far = [c.text for c in rows[-1].cells]
                part = _aligned_cells(lines[j], j + 1, header, so_far, seen)
                if part is not None and not after_blank and _wrapped_row_line(rows[-1], part, roles):
                    _aligned_cells(lines[j], j + 1, header, so_far, seen, record=True)
                    rows[-1] = _extend_row(rows[-1], part)
                    end = j
                    j += 1
                    continue
            if row_cells is not None:
                _aligned_cells(lines[j], j + 1, header, None, seen, record=True)  # where its cells start
            if row_cells is None or (
                seq_col is not None
                and row_cells[seq_col].text
                and not is_seq(row_cells[seq_col].text)
                and not _aligned_heading_row(lines, j, header, row_cells, seq_col)
            ):
                break
            if rows and seq_col is None and row_cells is not None and not after_blank:
                # without 序号, a line that only finishes the last row's cells is its rest,
                # aligned given the row so far ('项目   2027.12' under '…改扩建  2026.03-  3200')
                part = _aligned_cells(lines[j], j + 1, header, [c.text for c in rows[-1].cells], seen)
                if part is not None and _finishes_cells(part, roles, rows[-1]):
                    rows[-1] = _extend_row(rows[-1], part)
                    end = j
                    j += 1
                    continue
            if rows and _is_continuation(row_cells, roles, rows[-1]):
                if after_blank:
                    break  # text after the table, not the rest of its last row
                rows[-1] = _extend_row(rows[-1], row_cells)
                end = j
                j += 1
                continue
        else:
            row_cells = [Cell(t, j + 1) for t in _split_row(raw, header.layout)]
        rows.extend(rows_from_cells(row_cells, roles))
        end = j
        after_blank = False
        j += 1
    return rows, end


# Whitespace-aligned columns: cells belong to the header column they start under.


def _spaced(line: str) -> str:
    return line.expandtabs(4).replace("\u3000", "  ").replace("\u00a0", " ")


def _segments(line: str) -> list[tuple[int, str]]:
    out = []
    text = _spaced(line)
    for m in re.finditer(r"\S+(?: \S+)*", text):
        out.append((display_width(text[: m.start()]), m.group(0)))
    return out


def _header_segments(line: str) -> list[tuple[int, str]]:
    """Header cells of an aligned line: a segment whose single-spaced words are each a header
    cell ('2020年基期值 2025年目标值') is that many cells."""
    out = []
    for pos, text in _segments(line):
        words = [(pos + p, w) for p, w in _tokens(text)]
        glued = _glue_years(text).split()
        if (
            len(glued) > 1
            and len(glued) == len(words)
            and all(column_role(normalize_header(w)) for w in glued)
        ):
            out.extend(words)
        else:
            out.append((pos, text))
    return out


def _tokens(line: str) -> list[tuple[int, str]]:
    """The line's words with their display positions; a qualifier printed after a value
    with a space ('90 以上') stays with its value."""
    text = _spaced(line)
    out: list[tuple[int, str]] = []
    for m in re.finditer(r"\S+", text):
        word = m.group(0)
        if len(word) >= 4 and _RULING.match(word):
            continue  # a piece of a ruling line a re-wrapped row carries: no cell
        if out and _qualifies(out[-1][1], word):
            out[-1] = (out[-1][0], out[-1][1] + word)
        else:
            out.append((display_width(text[: m.start()]), word))
    return out


def _qualifies(value: str, word: str) -> bool:
    """'以上' after '90': a word without digits, no unit, that makes the value a value still."""
    return (
        len(word) <= 3
        and not re.search(r"\d", normalize_text(word))
        and not is_unit(normalize_text(word))
        and looks_like_value(value)
        and not looks_like_value(word)
        and looks_like_value(value + word)
    )


def _aligned_cells(
    line: str,
    line_no: int,
    header: _Header,
    row_so_far: list[str] | None = None,
    seen: list[list[int]] | None = None,
    record: bool = False,
) -> list[Cell] | None:
    """A printed line's cells under the header's columns (`row_so_far`, `seen`: see
    `align_token_runs`); with `record`, the display position where each column's text
    starts is added to `seen`."""
    segs = _segments(line)
    if not segs:
        return None
    positions = header.positions
    if header.roles:
        tokens = _tokens(line)
        runs = align_token_runs(tokens, positions, header.roles, row_so_far, seen)
        if runs is not None:
            if record and seen is not None:
                for col, (i, k) in enumerate(runs):
                    if k > i:
                        seen[col].append(tokens[i][0])
            return [Cell(" ".join(tokens[t][1] for t in range(i, k)), line_no) for i, k in runs]
    cells = [""] * len(positions)
    for pos, text in segs:
        col = min(range(len(positions)), key=lambda k: abs(positions[k] - pos))
        cells[col] = (cells[col] + text) if cells[col] else text
    return [Cell(t, line_no) for t in cells]


def _merged_heading_line(lines: list[str], j: int) -> bool:
    """A tab table's category row printed as one merged cell ('二、殡葬服务类'), with
    numbered tab rows after it."""
    label = normalize_text(lines[j])
    if len(label) > 30 or label[-1] in "。；，,;：:" or is_seq(label):
        return False
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k < len(lines) and "\t" in lines[k] and is_seq(lines[k].strip().split("\t")[0])


def _aligned_heading_row(lines: list[str], j: int, header: _Header, cells: list[Cell], seq_col: int) -> bool:
    """A category row ('一、养老服务设施', maybe with a subtotal) followed by a numbered row."""
    label = normalize_text(cells[seq_col].text)
    if len([c for c in cells if c.text]) > 2 or len(label) > 30 or label[-1] in "。；，,;：:":
        return False
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    following = _aligned_cells(lines[k], k + 1, header) if k < len(lines) else None
    return following is not None and is_seq(following[seq_col].text)


def _finishes_cells(cells: list[Cell], roles: list[str], last: Row) -> bool:
    """A line that finishes a typed cell the last row left open ('2026.03-' / '2027.12'),
    with nothing typed of its own: every other cell text without a value in it."""
    filled = [(k, c.text) for k, c in enumerate(cells) if c.text]
    finishing = [
        k
        for k, text in filled
        if roles[k] not in TEXT_ROLES
        and last.cells[k].text
        and continues_cell(roles[k], last.cells[k].text, text)
        and (roles[k] != "years" or _whole_period(last.cells[k].text + text))
    ]
    return bool(finishing) and all(
        roles[k] in TEXT_ROLES
        and not any(looks_like_value(w) or _BARE_FIGURE.fullmatch(w) for w in text.split())
        for k, text in filled
        if k not in finishing
    )


_BARE_FIGURE = re.compile(rf"[\d.,{RANGE_JOINER_CHARS}]+年?")


def _whole_period(text: str) -> bool:
    """A construction period with both ends, the end not before the start ('2026.03-2027.12')."""
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", normalize_text(text))]
    return len(years) == 2 and 0 <= years[1] - years[0] <= 15


def _is_continuation(cells: list[Cell], roles: list[str], last: Row) -> bool:
    """A line of text cells (and units), or of cells that finish the last row's ('2026.03-' /
    '2027.12'): the rest of a row wrapped over lines in a table without 序号."""
    filled = [(k, c.text) for k, c in enumerate(cells) if c.text]
    return bool(filled) and all(
        roles[k] in TEXT_ROLES or roles[k] == "unit" or continues_cell(roles[k], last.cells[k].text, text)
        for k, text in filled
    )


def _wrapped_row_line(row: Row, cells: list[Cell], roles: list[str]) -> bool:
    """A further printed line of a numbered row wrapped in any column (PDF text prints a row
    over several lines: '1 某某县中心敬老院改扩建' / '项目' / '2026- 新增床位… 3200' / '2027 米'):
    no 序号 of its own, no 合计 or heading, and every typed cell fills a column the row left
    empty or continues its cell (a year range wrapped after its dash)."""
    seq_col = roles.index("seq") if "seq" in roles else None
    if seq_col is None or row.kind != "data" or not is_seq(row.cells[seq_col].text) or cells[seq_col].text:
        return False
    filled = [(k, c.text) for k, c in enumerate(cells) if c.text]
    if not filled or total_kind(filled[0][1]) == "total" or HEADING_RE.match(normalize_text(filled[0][1])):
        return False
    return all(
        roles[k] in TEXT_ROLES or not row.cells[k].text or continues_cell(roles[k], row.cells[k].text, text)
        for k, text in filled
    )


def _extend_row(row: Row, cells: list[Cell]) -> Row:
    # a cell first printed on a further line of the row starts on that line (its provenance)
    merged = [
        Cell(a.text + b.text, a.source_line if a.text else b.source_line) if b.text else a
        for a, b in zip(row.cells, cells, strict=True)
    ]
    return Row(cells=merged, source_line=row.source_line, kind=row.kind)


# Entry points --------------------------------------------------------------------


def line_spacing(lines: list[str]) -> int:
    """1 when the text prints a blank line after (nearly) every line (a page copied with its
    paragraph spacing), else 0: the blank lines every line has say nothing about structure."""
    filled = [k for k, line in enumerate(lines[:-1]) if line.strip()]
    if len(filled) < 10:
        return 0
    followed = sum(1 for k in filled if not lines[k + 1].strip())
    return 1 if followed >= 0.9 * len(filled) else 0


def hard_wrap_width(lines: list[str]) -> int | None:
    """The width a text was cut at when it was re-wrapped at a fixed number of characters
    (a mail or a CMS export): many lines of exactly the longest length; None otherwise."""
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 10:
        return None
    width = max(lengths)
    at = sum(1 for n in lengths if n == width)
    return width if width >= 20 and at >= 8 and at >= 0.2 * len(lengths) else None


def _unwrapped(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines of a text cut at a fixed width joined back (a line of exactly that width
    goes on in the next line), with each joined line's first line number (1-based)."""
    width = hard_wrap_width(lines)
    if width is None:
        return lines, list(range(1, len(lines) + 1))
    out: list[str] = []
    origin: list[int] = []
    k = 0
    while k < len(lines):
        text, first = lines[k], k
        while len(lines[k]) == width and k + 1 < len(lines):
            k += 1
            text += lines[k]
        out.append(text)
        origin.append(first + 1)
        k += 1
    return out, origin


def _renumbered(table: Table, origin: list[int]) -> Table:
    """A table read from joined lines, its line numbers those of the printed lines."""

    def line(n: int) -> int:
        return origin[n - 1] if 0 < n <= len(origin) else n

    def cell(c: Cell) -> Cell:
        return Cell(c.text, line(c.source_line), c.path)

    table.title_line = line(table.title_line) if table.title_line else table.title_line
    table.start_line, table.end_line = line(table.start_line), line(table.end_line)
    table.header_cells = [cell(c) for c in table.header_cells]
    table.rows = [Row([cell(c) for c in r.cells], line(r.source_line), r.kind) for r in table.rows]
    return table


def reconstruct_tables(lines: list[str]) -> list[Table]:
    """Every table printed in a document, whatever its layout (see the module doc)."""
    lines, origin = _unwrapped(lines)
    tables = _tables_in(_without_page_furniture(lines))
    if all(n == k + 1 for k, n in enumerate(origin)):
        return tables  # no line was joined
    return [_renumbered(t, origin) for t in tables]


def _tables_in(lines: list[str]) -> list[Table]:
    tables: list[Table] = []
    spacing = line_spacing(lines)
    i = 0
    while i < len(lines):
        header = _header_at(lines, i)
        table = _table_from_header(lines, i, header, len(tables) + 1, spacing) if header else None
        if table is None:
            table = _transposed_table(lines, i, len(tables) + 1)
        if table is None:
            table = _labelled_records(lines, i, len(tables) + 1)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.end_line  # end_line is 1-based: continue on the next line
    return tables


def _table_from_header(
    lines: list[str], i: int, header: _Header, table_seq: int, spacing: int = 0
) -> Table | None:
    roles = finalize_roles([column_role(c.text) for c in header.cells])
    header.roles = roles
    title, title_line = _caption(lines, i)
    start = header.last_index + 1
    if header.layout in ("tab_rows", *PIPE_LAYOUTS, "aligned"):
        rows, end = _row_layout_body(lines, start, header, roles, title, spacing)
        end_line = end + 1
    else:
        frags, ends = _line_frags(lines, start, header, title)
        in_order = seq_rows(frags, roles, 3 + spacing) if header.layout == "wrapped_rows" else None
        rows, used = in_order if in_order is not None else assemble_rows(frags, roles)
        end_line = ends[used - 1] if used else header.last_index + 1
    if not rows:
        return None
    if title is None:
        title, title_line = _caption_below(lines, end_line)
    return Table(
        table_seq=table_seq,
        title=title,
        title_line=title_line,
        kind=table_kind(roles),
        layout=header.layout,
        start_line=min(title_line or header.cells[0].source_line, header.cells[0].source_line),
        end_line=end_line,
        header=[c.text for c in header.cells],
        rows=rows,
        header_cells=header.cells,
        roles=roles,
    )


# A table printed with indicators as columns and periods as rows, cell per line:
#   caption / 日间照料中心(个) / 养老床位数(张) / … / 十二五末 / 51 / 908 / … / 增幅 / 34.6% / …
_PERIOD_LABEL = re.compile(
    rf"^[“”\"]?({SHORT_PERIOD_NAME}|\d{{4}}年)[”“\"]?(末|底|期末|年末)?(目标|现状|基期|实际|规划|预期)?值?$"
    r"|^(增幅|增长|增速|增长率|年均增长|年均增速)(\(?%\)?)?$"
)


def _transposed_table(lines: list[str], i: int, table_seq: int) -> Table | None:
    title = _clean(lines[i])
    if not title or len(title) > 40 or not _CAPTION_WORDS.search(title) or title[-1] in "。；，,;：:":
        return None
    pieces: list[tuple[str, int]] = []
    j = i + 1
    while j < len(lines) and j < i + 200:
        text = lines[j].strip()
        if text:
            if len(text) > 30:
                break
            pieces.append((text, j + 1))
        j += 1
    labels: list[tuple[str, int]] = []
    k = 0
    while (
        k < len(pieces)
        and not looks_like_value(pieces[k][0])
        and not _PERIOD_LABEL.match(normalize_text(pieces[k][0]))
    ):
        labels.append(pieces[k])
        k += 1
    width = len(labels)
    if width < 2:
        return None
    rows: list[Row] = []
    while k + width < len(pieces) + 1 and _PERIOD_LABEL.match(normalize_text(pieces[k][0])):
        group = pieces[k : k + width + 1]
        if len(group) < width + 1 or not all(looks_like_value(t) for t, _ in group[1:]):
            break
        rows.append(Row(cells=[Cell(t, n) for t, n in group], source_line=group[0][1]))
        k += width + 1
    if len(rows) < 2:
        return None
    header_cells = [Cell("", labels[0][1])] + [Cell(normalize_header(t), n) for t, n in labels]
    return Table(
        table_seq=table_seq,
        title=title,
        title_line=i + 1,
        kind="indicator",
        layout="line_cells_transposed",
        start_line=i + 1,
        end_line=rows[-1].cells[-1].source_line,
        header=[c.text for c in header_cells],
        rows=rows,
        header_cells=header_cells,
        roles=["period"] + ["value"] * width,
    )


# Records printed as labelled fields, one field per line, repeated per record:
#   指标名称：… / 单位：% / 2020年：38 / 2025年目标：≥55 / 属性：约束性 / 指标名称：… / …
# The labels are the header (in the order they first appear), each record a row of the grid.
_FIELD = re.compile(r"^([^：:]{2,16}?)\s*[：:]\s*(\S[^：:]*?)\s*$")  # '2025 年：38' as a PDF spaces it


def _field(line: str) -> tuple[str, str] | None:
    m = _FIELD.match(line.strip())
    if m is None or column_role(normalize_header(m.group(1))) is None:
        return None
    return normalize_header(m.group(1)), m.group(2)


def _labelled_records(lines: list[str], i: int, table_seq: int) -> Table | None:
    first = _field(lines[i])
    if first is None:
        return None
    fields: list[tuple[str, str, int]] = []
    j = i
    while j < len(lines) and j < i + _MAX_TABLE_LINES:
        if lines[j].strip():
            field_ = _field(lines[j])
            if field_ is None:
                break
            fields.append((*field_, j + 1))
        j += 1
    labels: list[str] = []
    records: list[dict[str, tuple[str, int]]] = []
    for label, value, line_no in fields:
        if label == first[0] or not records or label in records[-1]:
            records.append({})  # the first label again (or a label repeated): a new record
        records[-1][label] = (value, line_no)
        if label not in labels:
            labels.append(label)
    if len(labels) < 3 or not is_header_row([column_role(label) for label in labels]):
        return None
    title, title_line = _caption(lines, i)
    header = [(label, next(r[label][1] for r in records if label in r)) for label in labels]
    grid = [header] + [
        [r.get(label, ("", min(v[1] for v in r.values()))) for label in labels] for r in records
    ]
    return table_from_grid(grid, table_seq, title, title_line, layout="labelled_records")


def table_cells(tables: list[Table]) -> list[TableCell]:
    """Every header and body cell of every table (raw.table_cells)."""
    out: list[TableCell] = []
    for table in tables:
        grid = [(True, table.header_cells)] + [(False, row.cells) for row in table.rows]
        for row_idx, (is_header, cells) in enumerate(grid):
            for col_idx, cell in enumerate(cells):
                out.append(
                    TableCell(
                        table_seq=table.table_seq,
                        table_title=table.title,
                        table_kind=table.kind,
                        layout=table.layout,
                        row_idx=row_idx,
                        col_idx=col_idx,
                        is_header=is_header,
                        text=cell.text,
                        source_line=cell.source_line,
                    )
                )
    return out
