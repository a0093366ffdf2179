"""Reconstruct tables from any text layout.

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

`table_from_grid(grid)` builds a Table from rows of (text, source_line) cells for readers
of formats that keep a table's grid (HTML, DOCX, PDF tables); `merge_header_rows` joins a
header printed over two rows (wrapped cells, or a spanning cell over sub-columns).

Helpers: `Table.col(role)` -> first column index with that role (or None),
`Row.text(i)` -> text of column i ('' if out of range).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ingestion.headings import SECTION_STYLES, numbering_re
from ingestion.model import TableCell
from ingestion.values import is_unit, looks_like_value, normalize_text, normalize_unit
from ingestion.vocabulary import CONSTRUCTION_TYPE_CELL_RE


@dataclass(frozen=True)
class Cell:
    text: str
    source_line: int


@dataclass
class Row:
    cells: list[Cell]
    source_line: int
    kind: str = "data"  # data | category | total

    def text(self, i: int | None) -> str:
        if i is None or i < 0 or i >= len(self.cells):
            return ""
        return self.cells[i].text


@dataclass
class Table:
    table_seq: int
    title: str | None
    title_line: int | None
    kind: str  # indicator | project | other
    layout: str  # tab_rows | tab_cells | line_cells | wrapped_rows | pipe | aligned
    start_line: int
    end_line: int
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    header_cells: list[Cell] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def col(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


# Header vocabulary ---------------------------------------------------------------
# A header cell's role, from its (normalized) wording. Order matters: 建设性质 is a
# construction type before 性质 is an indicator attribute.
_PERIOD = r"(?:\d{4}年|十[一二三四五]五(?:时期|期间)?)"  # '2025年', '十四五' (quotes removed)
_PAREN = r"(?:\(.{1,8}\))?"  # '(%)', '(万元)', '(2025年)'
_ROLE_PATTERNS = [
    ("seq", r"序号|编号|序"),
    ("construction_type", r"建设性质|项目性质|建设类型"),
    ("years", r"(建设|实施)?(年限|期限|周期|年度)|起止年限|起止年份|建设起止年限"),
    ("content", r"(主要)?建设(内容|规模)((及|和|与)(规模|内容))?|(项目)?(主要)?内容"),
    (
        "investment",
        rf"{_PERIOD}?(计划|估算|预计|概算)?(总)?投资(额|估算|金额|规模)?(\((万元|亿元)\))?",
    ),
    # 指标类型 / 指标性质 hold 约束性 / 预期性
    ("attribute", r"(指标)?(属性|性质|类型)"),
    ("group", r"一级指标|指标(类别|分类|领域)|类别|领域|分类"),
    (
        "name",
        r"二级指标|三级指标|(主要|重点|核心|具体|发展)?(项目和)?指标(名称|内容|项)?"
        r"|(项目)?名称|项目|(主要|重点)?项目和指标",
    ),
    ("unit", r"(计量)?单位"),
    (
        "growth",
        r"(\d{4}[-—~至]\d{4}年?)?(年均|累计|年度)?(增长|增速|增幅|增减)(率|比例|幅度)?(\(?%\)?)?",
    ),
    (
        "value",
        rf"{_PERIOD}?(底|末|期末)?(基期|基数|实际|完成|目标|规划|预期|预计|现状)(值|目标|数)?{_PAREN}"
        rf"|\d{{4}}年(底|末)?{_PAREN}|十[一二三四五]五(期)?末{_PAREN}",
    ),
    (
        "other",
        r"备注|说明|(责任|牵头|实施|建设|配合)(单位|部门|主体)|(建设)?地点|资金(来源|构成|渠道)",
    ),
]
_ROLE_RES = [(role, re.compile(f"^(?:{pattern})$")) for role, pattern in _ROLE_PATTERNS]
# Wrapped header cells print a prefix on one line and the rest on the next.
_HEADER_PREFIX = re.compile(
    r"^(\d{4}年?|建设|计划|计划总|总投资|投资|指标|增长|年均|主要|一级|二级|起止|项目|估算|\(|\(万元"
    r"|\((万元|亿元|元|%|‰|个|人|张|平方米)\))$"
)

TEXT_ROLES = ("name", "group", "content", "other")


def normalize_header(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).replace("（", "(").replace("）", ")")


@functools.lru_cache(maxsize=4096)
def column_role(header_text: str) -> str | None:
    """The role of a header cell from its wording, None if it is no header word."""
    text = re.sub(r"[“”\"‘’'「」]", "", normalize_header(header_text))
    for role, regex in _ROLE_RES:
        if regex.match(text):
            return role
    return None


def _is_header_piece(text: str) -> bool:
    t = normalize_header(text)
    return bool(t) and (column_role(t) is not None or bool(_HEADER_PREFIX.match(t)))


def _joins_header(previous: str, piece: str) -> bool:
    """A wrapped header cell: '2020年' + '实际值', '计划' + '总投资' + '(万元)', '指标' + '属性'."""
    return _is_header_piece(normalize_header(previous) + normalize_header(piece))


def _is_header(roles: list[str | None]) -> bool:
    known = [r for r in roles if r is not None]
    return (
        len(known) >= 2
        and len(known) >= 0.6 * len(roles)
        and bool({"name", "group"} & set(known))
        and bool(
            {"seq", "unit", "value", "growth", "attribute", "construction_type", "years", "investment"}
            & set(known)
        )
    )


def _kind(roles: list[str]) -> str:
    if {"investment", "construction_type", "years", "content"} & set(roles):
        return "project"
    if {"value", "growth", "attribute"} & set(roles):
        return "indicator"
    return "other"


def _finalize_roles(roles: list[str | None]) -> list[str]:
    out = [r or "other" for r in roles]
    if "group" in out and "name" not in out:
        out[out.index("group")] = "name"
    return out


# Cell types ----------------------------------------------------------------------

_SEQ = re.compile(r"^[(（]?\d{1,3}[)）]?[.、．]?$")
_ATTRIBUTE = re.compile(r"^(约束性|预期性|指导性|约束|预期|指导)$")
_YEARS = re.compile(r"^(?:(?:199|20\d)\d年?)?\s*(?:[-—–~～至到]\s*(?:(?:199|20\d)?\d{1,4}年?)?)?$")
_INVESTMENT = re.compile(r"^\d+(?:\.\d+)?(?:万元|亿元)?$")
_HEADING = numbering_re(SECTION_STYLES)  # a heading of the text: the table has ended
_PAGE_NUMBER = re.compile(r"^[-—–]\s*\d{1,4}\s*[-—–]$|^第\s*\d+\s*页")


def _is_page_furniture(raw: str) -> bool:
    """A page-number line ("- 12 -", "第3页 共20页") or a line opening a new page with a form
    feed (its running head): printed by the page, not by the table."""
    return raw.lstrip(" \t").startswith("\f") or bool(_PAGE_NUMBER.match(raw.strip()))


_LONG_TEXT = 60  # a line longer than this is prose, not a cell (except 建设内容)


def _is_seq(text: str) -> bool:
    return bool(_SEQ.match(normalize_text(text)))


def _seq_number(text: str) -> int | None:
    digits = re.sub(r"\D", "", normalize_text(text))
    return int(digits) if digits and _is_seq(text) else None


def _is_years(text: str) -> bool:
    t = normalize_text(text)
    return bool(t) and bool(re.search(r"\d", t)) and bool(_YEARS.match(t))


def _strict(role: str, text: str) -> bool:
    """The text is unmistakably a cell of this role (typed columns only)."""
    t = normalize_text(text)
    if not t:
        return False
    if role == "seq":
        return _is_seq(t)
    if role == "unit":
        return is_unit(t) and not looks_like_value(t)
    if role in ("value", "growth"):
        return looks_like_value(t) and not _is_years_range(t)
    if role == "attribute":
        return bool(_ATTRIBUTE.match(t))
    if role == "construction_type":
        return bool(CONSTRUCTION_TYPE_CELL_RE.match(t))
    if role == "years":
        return _is_years(t) and (re.search(r"199\d|20\d\d", t) is not None or t.startswith(("-", "—")))
    if role == "investment":
        return bool(_INVESTMENT.match(t))
    return False


def _is_years_range(t: str) -> bool:
    return bool(re.match(r"^(19|20)\d{2}年?[-—–~～至到]", t))


def _loose(role: str, text: str) -> bool:
    """The text may fill a column of this role (free text)."""
    t = normalize_text(text)
    if not t:
        return False
    if role in TEXT_ROLES:
        return True
    if role in ("value", "growth"):  # a qualitative target
        return not looks_like_value(t) and not _ATTRIBUTE.match(t) and not is_unit(t)
    return False


def _continues(role: str, previous: str, text: str, later_roles: list[str], same_line: bool) -> bool:
    """`text` (a new line) is the rest of a wrapped cell of this role."""
    prev, t = normalize_text(previous), normalize_text(text)
    if not prev or not t:
        return False
    if role == "unit":
        return (
            prev.endswith("/")
            or t.startswith("/")
            or (not same_line and normalize_unit(prev + t) is not None)
        )
    if same_line:
        return False
    if role == "years":
        return (prev[-1] in "-—–~～至到" and t.isdigit()) or (t[0] in "-—–~～至到" and _is_years(prev + t))
    if any(_strict(r, t) for r in later_roles):
        return False
    if role in ("name", "content", "other"):
        return role == "content" or len(t) <= _LONG_TEXT
    if role in ("value", "growth"):
        return _loose(role, prev) and _loose(role, t) and len(t) <= 30
    return False


# Body assembly -------------------------------------------------------------------


@dataclass(frozen=True)
class _Frag:
    """A piece of table text: a whole cell, or a line/token that may continue one."""

    text: str
    line: int  # 1-based
    can_join: bool = True  # False when the layout says a cell starts here
    same_line: bool = False  # follows another piece on the same printed line


def _total_kind(text: str) -> str:
    return "total" if re.match(r"^(合计|总计|共计|总投资|小计)", normalize_text(text)) else "category"


class _RowBuilder:
    """Assigns pieces to header columns by their type, row after row.

    Typed columns (序号, unit, value, attribute, 建设性质, 建设年限, investment) accept
    only their kind of text, so a row that lacks a cell leaves that column empty
    instead of shifting the rest; free-text columns take what no typed column wants.
    """

    def __init__(self, roles: list[str]):
        self.roles = roles
        self.n = len(roles)
        self.seq_col = roles.index("seq") if "seq" in roles else None
        self.label_col = next((i for i, r in enumerate(roles) if r in ("name", "group", "content")), 0)
        self.name_col = roles.index("name") if "name" in roles else self.label_col
        self.rows: list[Row] = []
        self.cur: list[list[_Frag]] | None = None
        self.kind = "data"
        self.last = -1
        self.last_line = 0
        self.next_seqs: set[int] = {1}

    # row bookkeeping
    def _start(self, kind: str = "data") -> None:
        self.cur, self.kind, self.last = [[] for _ in range(self.n)], kind, -1

    def flush(self) -> None:
        if self.cur is not None and any(self.cur):
            first = min(f.line for cell in self.cur for f in cell)
            cells = [
                Cell("".join(f.text.strip() for f in cell) if cell else "", cell[0].line if cell else first)
                for cell in self.cur
            ]
            self.rows.append(Row(cells=cells, source_line=first, kind=self.kind))
            number = _seq_number(cells[self.seq_col].text) if self.seq_col is not None else None
            if self.kind != "data":
                self.next_seqs = {1, *(n + 1 for n in self.next_seqs if n > 1)}
            elif number is not None:
                self.next_seqs = {number + 1}
        self.cur, self.last = None, -1

    def _put(self, col: int, frag: _Frag) -> None:
        assert self.cur is not None
        self.cur[col].append(frag)
        self.last = col
        self.last_line = frag.line

    def _text(self, col: int) -> str:
        assert self.cur is not None
        return "".join(f.text.strip() for f in self.cur[col])

    # the decision for one piece
    def feed(self, frags: list[_Frag], i: int) -> bool:
        """Place frags[i]; False when it does not belong to the table (the table ends)."""
        frag = frags[i]
        t = normalize_text(frag.text)
        if self.cur is not None and self.last >= 0:
            role = self.roles[self.last]
            later = self.roles[self.last + 1 :]
            if (
                (frag.can_join or role == "unit")
                and not self._starts_something(frags, i)
                and _continues(role, self._text(self.last), t, later, frag.same_line)
            ):
                self._put(self.last, frag)
                return True
            if self.last == self.n - 1:
                if self._wrapped_name_tail(frags, i):
                    self._put(self.name_col, frag)
                    self.last = self.n - 1  # the row stays complete
                    return True
                self.flush()
        if self.cur is not None and self.seq_col is not None and self._starts_numbered_row(t):
            self.flush()
        if self.cur is None:
            return self._start_row(frags, i)
        col = self._target(frags, i)
        if col is None:
            if any(_strict(r, t) or r == "name" for r in self.roles[: self.last + 1]):
                self.flush()  # belongs to the next row
                return self._start_row(frags, i)
            return False
        self._put(col, frag)
        return True

    def _wrapped_name_tail(self, frags: list[_Frag], i: int) -> bool:
        """PDF text wraps a long name after the row's values: '1 养老机构护 % 38 ≥55 约束性' /
        '理型床位占比'. A short text line alone on its line, after a complete row, that is no
        cell of any typed column, no heading and no sentence, is the rest of the row's name."""
        frag = frags[i]
        if not frag.can_join or frag.same_line or (i + 1 < len(frags) and frags[i + 1].same_line):
            return False
        if i == 0 or not frags[i - 1].same_line:
            return False  # only after a row printed on one line (not one cell per line)
        t = normalize_text(frag.text)
        return (
            0 < len(t) <= 20
            and not _is_seq(t)
            and not _HEADING.match(t)
            and not re.search(r"[。；;：:，,]", t)
            and not any(_strict(r, t) for r in self.roles)
            and not looks_like_value(t)
        )

    def _starts_something(self, frags: list[_Frag], i: int) -> bool:
        """frags[i] cannot be the rest of the current text cell: it starts the next row or
        the next text column."""
        role = self.roles[self.last]
        if role not in TEXT_ROLES:
            return False
        t = normalize_text(frags[i].text)
        if _is_seq(t) and self.seq_col is not None:
            return True
        if self.last == self.n - 1 and (_HEADING.match(t) or self._heading_row(frags, i)):
            return True  # the row is complete: a category/合计 row or the text after the table
        return self._fills_text_columns(frags, i)

    def _fills_text_columns(self, frags: list[_Frag], i: int) -> bool:
        """As many text pieces before the row's next typed cell as text columns before it:
        one piece per column ('名称' / '建设地点' / '建设内容' / '新建')."""
        later = range(self.last + 1, self.n)
        for pieces, k in enumerate(range(i, min(i + 8, len(frags)))):
            t = normalize_text(frags[k].text)
            typed = next(
                (j for j in later if self.roles[j] not in TEXT_ROLES and _strict(self.roles[j], t)), None
            )
            if typed is not None:
                free = sum(1 for j in range(self.last + 1, typed) if self.roles[j] in TEXT_ROLES)
                return 0 < pieces <= free
        return False

    def _starts_numbered_row(self, t: str) -> bool:
        if not _is_seq(t) or self.last < 0:
            return False
        if self.kind != "data" and _seq_number(t) in self.next_seqs:
            return True  # the first numbered row under a category heading
        nxt = self.last + 1
        # a number where the row still expects a number is that number, not the next row
        return nxt >= self.n or not any(_strict(r, t) for r in self.roles[nxt:])

    def _start_row(self, frags: list[_Frag], i: int) -> bool:
        t = normalize_text(frags[i].text)
        if len(t) > _LONG_TEXT and "content" not in self.roles[:1]:
            return False
        if self.seq_col is not None:
            if self.seq_col == 0 and _is_seq(t):
                self._start()
                self._put(0, frags[i])
                return True
            if self._heading_row(frags, i):
                self._start(_total_kind(t))
                self._put(self.label_col, frags[i])
                return True
            return False
        if not self._row_ahead(frags, i):
            return False
        self._start()
        col = self._target(frags, i)
        if col is None:
            return False
        self._put(col, frags[i])
        return True

    def _heading_row(self, frags: list[_Frag], i: int) -> bool:
        """A category (name + subtotal) or 合计 row: short text, then a number or a 序号 row."""
        t = normalize_text(frags[i].text)
        if not t or _is_seq(t) or len(t) > 30 or looks_like_value(t) or i + 1 >= len(frags):
            return False
        nxt = normalize_text(frags[i + 1].text)
        return _is_seq(nxt) or bool(_INVESTMENT.match(nxt))

    def _row_ahead(self, frags: list[_Frag], i: int) -> bool:
        """Without 序号: a row is a few short label pieces followed by a typed cell."""
        for k in range(i, min(i + 5, len(frags))):
            t = normalize_text(frags[k].text)
            if len(t) > _LONG_TEXT:
                return False
            if k > i and any(_strict(r, t) for r in self.roles if r not in ("seq",)):
                return True
            if k == i and (_HEADING.match(t) or any(_strict(r, t) for r in self.roles)):
                return False
        return False

    def _target(self, frags: list[_Frag], i: int) -> int | None:
        assert self.cur is not None
        t = normalize_text(frags[i].text)
        col = self.last + 1
        if col >= self.n:
            return None
        roles = self.roles
        if self.kind != "data":  # a heading row holds a label and its subtotal only
            return next(
                (
                    j
                    for j in range(col, self.n)
                    if roles[j] in ("investment", "value") and _strict(roles[j], t)
                ),
                None,
            )
        if roles[col] == "group" and not self.cur[col]:
            # 一级指标 is printed on the first row of its group only: it is a group
            # cell when another label piece follows before the row's first value.
            nxt = normalize_text(frags[i + 1].text) if i + 1 < len(frags) else ""
            if nxt and not any(_strict(r, nxt) for r in roles[col + 1 :]) and not _strict(roles[col], t):
                return col
            col += 1
            if col >= self.n:
                return None
        if _strict(roles[col], t):
            return col
        if roles[col] == "name" and _loose("name", t):
            return col
        for j in range(col + 1, self.n):
            if _strict(roles[j], t):
                return j
        for j in range(col, self.n):
            if _loose(roles[j], t):
                return j
        return None


def _assemble(frags: list[_Frag], roles: list[str]) -> tuple[list[Row], int]:
    """Rows from pieces; returns the rows and how many pieces belong to the table."""
    builder = _RowBuilder(roles)
    used = 0
    for i in range(len(frags)):
        if not builder.feed(frags, i):
            break
        used = i + 1
    builder.flush()
    return builder.rows, used


def _row_from_cells(cells: list[Cell], roles: list[str]) -> list[Row]:
    """One printed row (tab/pipe layouts): positional when complete, by type when not."""
    if len(cells) > len(roles):
        while cells and len(cells) > len(roles) and not cells[-1].text:
            cells = cells[:-1]
        while cells and len(cells) > len(roles) and not cells[0].text:
            cells = cells[1:]
    if len(cells) == len(roles):
        kind = "data"
        seq_col = roles.index("seq") if "seq" in roles else None
        filled = [c for c in cells if c.text]
        if seq_col is not None and not _is_seq(cells[seq_col].text) and filled:
            # a heading row: the label sits in the 序号 or name column, maybe a subtotal
            kind = _total_kind(filled[0].text)
            if cells[seq_col].text:
                label = roles.index("name") if "name" in roles else seq_col
                cells = [Cell("", c.source_line) if k == seq_col else c for k, c in enumerate(cells)]
                cells[label] = (
                    Cell(filled[0].text, filled[0].source_line) if not cells[label].text else cells[label]
                )
        return [Row(cells=cells, source_line=cells[0].source_line, kind=kind)]
    frags = [_Frag(c.text, c.source_line, can_join=False) for c in cells if c.text]
    builder = _RowBuilder(roles)
    for i in range(len(frags)):
        builder.feed(frags, i)
    builder.flush()
    return builder.rows


# Layouts -------------------------------------------------------------------------

_CAPTION_WORDS = re.compile(r"表|指标|专栏|项目|情况|一览|对比|目标|统计|清单|计划|汇总")
_MAX_TABLE_LINES = 800


def _clean(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _caption(lines: list[str], header_index: int) -> tuple[str | None, int | None]:
    """The caption printed just above a header (a short line naming the table)."""
    j = header_index - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j < 0 or header_index - j > 4:
        return None, None
    text = _clean(lines[j])
    if 0 < len(text) <= 60 and text[-1] not in "。；，,;：:" and _CAPTION_WORDS.search(text):
        return text, j + 1
    return None, None


_NUMBERED_CAPTION = re.compile(r"^(附)?表\s*[\d一二三四五六七八九十]+")


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


def _split_row(line: str, layout: str) -> list[str]:
    if layout == "pipe":
        body = line.strip()
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") else body
        return [c.strip() for c in body.split("|")]
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
    if "\t" in stripped:
        return _row_header(lines, i, "tab_rows")
    if re.search(r"\S(\s{2,}|\u3000+)\S", stripped):
        return _row_header(lines, i, "aligned")
    if " " in stripped:
        tokens = _glue_years(stripped).split()
        if len(tokens) >= 3 and all(_is_header_piece(t) for t in tokens):
            return _wrapped_header(lines, i)
        return None
    if _is_header_piece(stripped):
        return _cell_header(lines, i, "tab_cells" if line.startswith("\t") else "line_cells")
    return None


def _row_header(lines: list[str], i: int, layout: str) -> _Header | None:
    top = [Cell(normalize_header(t), i + 1) for t in _split_row(lines[i], layout)]
    cells = _trim_empty_edges(top)
    if len(cells) < 2:
        return None
    last = i
    # a header printed over two rows: '2020年' above '实际值', or a spanning cell over sub-columns
    j = i + 1
    if j < len(lines) and layout == "pipe" and re.match(r"^\|?\s*:?-{2,}", lines[j].strip()):
        last = j
        if j + 1 < len(lines) and lines[j + 1].strip().startswith("|"):
            j += 1  # a second header row printed under the markdown separator
    if j < len(lines) and not (layout == "tab_rows" and "\t" not in lines[j]) and layout != "aligned":
        below = [Cell(normalize_header(b), j + 1) for b in _split_row(lines[j], layout)]
        merged = merge_header_rows(top, below)
        if merged is not None:
            cells, last = _trim_empty_edges(merged), j
    elif j < len(lines) and layout == "aligned":
        below = _split_row(lines[j], layout)
        if (
            len(below) == len(cells)
            and any(below)
            and all(not b or _joins_header(c.text, b) for c, b in zip(cells, below, strict=True))
        ):
            cells = [
                Cell(c.text + normalize_header(b), c.source_line) for c, b in zip(cells, below, strict=True)
            ]
            last = j
    if not _is_header([column_role(c.text) for c in cells]):
        return None
    positions = [pos for pos, _ in _segments(lines[i])] if layout == "aligned" else []
    if layout == "aligned" and len(positions) != len(cells):
        return None
    return _Header(cells, layout, last, positions)


def _trim_empty_edges(cells: list[Cell]) -> list[Cell]:
    start, end = 0, len(cells)
    while start < end and not cells[start].text:
        start += 1
    while end > start and not cells[end - 1].text:
        end -= 1
    return cells[start:end]


def merge_header_rows(top: list[Cell], bottom: list[Cell]) -> list[Cell] | None:
    """One header from two printed header rows, or None when `bottom` is no header row.

    Two kinds, column by column: a cell wrapped over two rows ('2020年' above '实际值') joins
    its halves; a spanning cell ('指标值', '规划目标') printed in the first column it spans,
    with empty cells after it, gives way to the sub-column headers printed under it
    ('2020年基期值', '2025年目标值'). Columns with nothing below keep their top cell.
    """
    width = max(len(top), len(bottom))
    if any(c.text for c in top[width:]) or not any(c.text for c in bottom):
        return None
    line_top = top[0].source_line if top else 0
    line_bottom = bottom[0].source_line if bottom else 0
    top = top + [Cell("", line_top)] * (width - len(top))
    bottom = bottom + [Cell("", line_bottom)] * (width - len(bottom))
    merged: list[Cell] = []
    span: Cell | None = None  # the spanning top cell over the current column
    for k, (upper, lower) in enumerate(zip(top, bottom, strict=True)):
        spans_next = bool(upper.text) and k + 1 < width and not top[k + 1].text and bool(bottom[k + 1].text)
        if upper.text:
            span = upper if spans_next or (span is None and column_role(upper.text) is None) else None
        if not lower.text:
            if not upper.text:
                return None  # an empty column in both rows
            merged.append(upper)
            continue
        if span is not None and (not upper.text or upper is span):
            merged.append(_sub_column(span, lower))
            continue
        if not upper.text or not _joins_header(upper.text, lower.text):
            return None
        merged.append(Cell(upper.text + lower.text, upper.source_line))
    if not _is_header([column_role(c.text) for c in merged]):
        return None
    return merged


def _sub_column(span: Cell, sub: Cell) -> Cell:
    """A sub-column header under a spanning cell: the sub-header if it names a role on its
    own ('2025年目标值'), else joined with the span ('2025年' under '目标值')."""
    for text in (sub.text, sub.text + span.text, span.text + sub.text):
        if column_role(text) is not None:
            return Cell(text, sub.source_line)
    return Cell(sub.text, sub.source_line)


_SPACED_YEAR = re.compile(r"((?:19|20)\d{2})\s+年")


def _glue_years(text: str) -> str:
    """'2020 年' -> '2020年': in space-separated text the space is no cell boundary."""
    return _SPACED_YEAR.sub(r"\1年", text)


def _wrapped_header(lines: list[str], i: int) -> _Header | None:
    pieces = [Cell(t, i + 1) for t in _glue_years(lines[i]).split()]
    last = i
    j = i + 1
    while j < len(lines) and j - last <= 2:
        text = lines[j].strip()
        if text and len(text.split()) == 1 and _is_header_piece(text):
            pieces.append(Cell(text, j + 1))
            last = j
        elif text:
            break
        j += 1
    cells = _merge_wrapped(pieces)
    if not _is_header([column_role(c.text) for c in cells]):
        return None
    return _Header(cells, "wrapped_rows", last)


def _merge_wrapped(pieces: list[Cell]) -> list[Cell]:
    merged: list[Cell] = []
    for piece in pieces:
        if (
            merged
            and _joins_header(merged[-1].text, piece.text)
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
    return column_role(normalize_header(previous + piece)) not in (None, prev_role, piece_role) or (
        prev_role == "name" and piece_role == "attribute"
    )


def _cell_header(lines: list[str], i: int, layout: str) -> _Header | None:
    pieces: list[Cell] = []
    starts: list[bool] = []  # a tab says a new cell starts here
    last = i
    j = i
    while j < len(lines) and j - last <= 3:
        raw = lines[j]
        text = raw.strip()
        if text:
            if not _is_header_piece(text) and not (pieces and _joins_header(pieces[-1].text, text)):
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
        elif cells and _joins_header(cells[-1].text, piece.text) and _should_join(cells[-1].text, piece.text):
            cells[-1] = Cell(normalize_header(cells[-1].text + piece.text), cells[-1].source_line)
        else:
            cells.append(piece)
    if len(cells) < 2 or not _is_header([column_role(c.text) for c in cells]):
        return None
    return _Header(cells, layout, last)


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
    return len(t) >= 4 and t in joined and all(_is_header_piece(p) for p in text.split())


def _line_frags(
    lines: list[str], start: int, header: _Header, title: str | None
) -> tuple[list[_Frag], list[int]]:
    """Pieces after a header for the one-cell-per-line and wrapped-row layouts."""
    frags: list[_Frag] = []
    ends: list[int] = []
    j = start
    in_repeat = False
    while j < len(lines) and j < start + _MAX_TABLE_LINES:
        raw = lines[j]
        text = raw.strip()
        if not text or _is_page_furniture(raw):
            j += 1
            continue
        if _is_repeat(text, title, header.cells) or (in_repeat and _is_header_piece(text)):
            in_repeat = True
            j += 1
            continue
        in_repeat = False
        if header.layout == "wrapped_rows":
            for k, token in enumerate(text.split()):
                frags.append(_Frag(token, j + 1, can_join=k == 0, same_line=k > 0))
                ends.append(j + 1)
        elif header.layout == "tab_cells":
            if raw.startswith("\t") or not frags:
                frags.append(_Frag(text, j + 1, can_join=False))
                ends.append(j + 1)
            elif len(text) <= 30 and _tab_line_follows(lines, j):
                frags[-1] = _Frag(frags[-1].text + text, frags[-1].line, can_join=False)
                ends[-1] = j + 1
            else:
                break
        else:
            frags.append(_Frag(text, j + 1))
            ends.append(j + 1)
        j += 1
    return frags, ends


def _tab_line_follows(lines: list[str], j: int) -> bool:
    return any(lines[k].startswith("\t") and lines[k].strip() for k in range(j + 1, min(j + 6, len(lines))))


def _row_layout_body(
    lines: list[str], start: int, header: _Header, roles: list[str], title: str | None
) -> tuple[list[Row], int]:
    rows: list[Row] = []
    end = header.last_index
    j = start
    blanks = 0
    after_blank = False  # a blank line since the last row: a wrapped cell does not continue across it
    while j < len(lines):
        raw = lines[j]
        text = raw.strip()
        if not text or _is_page_furniture(raw):
            blanks += 1
            after_blank = after_blank or not text
            if blanks > 2:
                break
            j += 1
            continue
        blanks = 0
        if header.layout == "pipe" and not text.startswith("|"):
            break
        if header.layout == "tab_rows" and "\t" not in raw:
            if not ("seq" in roles and _merged_heading_line(lines, j)):
                break
            raw = text + "\t" * (len(roles) - 1)  # a merged cell: the label of a category row
        if header.layout == "pipe" and re.match(r"^\|?\s*:?-{2,}", text):
            j += 1
            continue
        if _is_repeat(text.replace("\t", " ").replace("|", " "), title, header.cells):
            j += 1
            continue
        if header.layout == "aligned":
            row_cells = _aligned_cells(lines[j], j + 1, header)
            seq_col = roles.index("seq") if "seq" in roles else None
            if row_cells is None or (
                seq_col is not None
                and row_cells[seq_col].text
                and not _is_seq(row_cells[seq_col].text)
                and not _aligned_heading_row(lines, j, header, row_cells, seq_col)
            ):
                break
            if rows and _is_continuation(row_cells, roles):
                if after_blank:
                    break  # text after the table, not the rest of its last row
                rows[-1] = _extend_row(rows[-1], row_cells)
                end = j
                j += 1
                continue
        else:
            row_cells = [Cell(t, j + 1) for t in _split_row(raw, header.layout)]
        rows.extend(_row_from_cells(row_cells, roles))
        end = j
        after_blank = False
        j += 1
    return rows, end


# Whitespace-aligned columns: cells belong to the header column they start under.


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _segments(line: str) -> list[tuple[int, str]]:
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line.expandtabs(4).replace("\u3000", "  ")):
        out.append((_display_width(line.expandtabs(4).replace("\u3000", "  ")[: m.start()]), m.group(0)))
    return out


def _aligned_cells(line: str, line_no: int, header: _Header) -> list[Cell] | None:
    segs = _segments(line)
    if not segs:
        return None
    positions = header.positions
    cells = [""] * len(positions)
    for pos, text in segs:
        col = min(range(len(positions)), key=lambda k: abs(positions[k] - pos))
        cells[col] = (cells[col] + text) if cells[col] else text
    return [Cell(t, line_no) for t in cells]


def _merged_heading_line(lines: list[str], j: int) -> bool:
    """A tab table's category row printed as one merged cell ('二、殡葬服务类'), with
    numbered tab rows after it."""
    label = normalize_text(lines[j])
    if len(label) > 30 or label[-1] in "。；，,;：:" or _is_seq(label):
        return False
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k < len(lines) and "\t" in lines[k] and _is_seq(lines[k].strip().split("\t")[0])


def _aligned_heading_row(lines: list[str], j: int, header: _Header, cells: list[Cell], seq_col: int) -> bool:
    """A category row ('一、养老服务设施', maybe with a subtotal) followed by a numbered row."""
    label = normalize_text(cells[seq_col].text)
    if len([c for c in cells if c.text]) > 2 or len(label) > 30 or label[-1] in "。；，,;：:":
        return False
    k = j + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    following = _aligned_cells(lines[k], k + 1, header) if k < len(lines) else None
    return following is not None and _is_seq(following[seq_col].text)


def _is_continuation(cells: list[Cell], roles: list[str]) -> bool:
    filled = [r for c, r in zip(cells, roles, strict=True) if c.text]
    return bool(filled) and all(r in TEXT_ROLES or r == "unit" for r in filled)


def _extend_row(row: Row, cells: list[Cell]) -> Row:
    merged = [
        Cell(a.text + b.text, a.source_line) if b.text else a for a, b in zip(row.cells, cells, strict=True)
    ]
    return Row(cells=merged, source_line=row.source_line, kind=row.kind)


# Entry points --------------------------------------------------------------------


def reconstruct_tables(lines: list[str]) -> list[Table]:
    """Every table printed in a document, whatever its layout (see the module doc)."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        header = _header_at(lines, i)
        table = _table_from_header(lines, i, header, len(tables) + 1) if header else None
        if table is None:
            table = _transposed_table(lines, i, len(tables) + 1)
        if table is None:
            i += 1
            continue
        tables.append(table)
        i = table.end_line  # end_line is 1-based: continue on the next line
    return tables


def table_from_grid(
    grid: list[list[tuple[str, int]]],
    table_seq: int = 1,
    title: str | None = None,
    title_line: int | None = None,
    layout: str = "tab_rows",
) -> Table | None:
    """A Table from a grid of cells already split into rows and columns.

    For readers of formats that keep the table's structure (HTML, DOCX, PDF tables): each
    row is a list of (text, source_line) cells; a spanning cell is given as its text in the
    first column it spans and empty cells after it. The header is the first row (or the
    first two rows: a wrapped header or a spanning cell over sub-columns, see
    `merge_header_rows`); roles and rows follow the same rules as text layouts. None when no
    row of the first three is a header.
    """
    rows = [[Cell(text.strip(), line) for text, line in row] for row in grid]
    for h in range(min(3, len(rows))):
        header = _trim_trailing_empty(rows[h])
        body_from = h + 1
        if h + 1 < len(rows):
            merged = merge_header_rows(rows[h], rows[h + 1])
            if merged is not None:
                header, body_from = _trim_trailing_empty(merged), h + 2
        if len(header) >= 2 and _is_header([column_role(c.text) for c in header]):
            break
    else:
        return None
    roles = _finalize_roles([column_role(c.text) for c in header])
    body: list[Row] = []
    for cells in rows[body_from:]:
        if any(c.text for c in cells):
            body.extend(_row_from_cells(cells, roles))
    if not body:
        return None
    first_line = header[0].source_line
    return Table(
        table_seq=table_seq,
        title=title,
        title_line=title_line,
        kind=_kind(roles),
        layout=layout,
        start_line=min(title_line or first_line, first_line),
        end_line=max(c.source_line for row in body for c in row.cells),
        header=[c.text for c in header],
        rows=body,
        header_cells=header,
        roles=roles,
    )


def _trim_trailing_empty(cells: list[Cell]) -> list[Cell]:
    end = len(cells)
    while end > 0 and not cells[end - 1].text:
        end -= 1
    return cells[:end]


def _table_from_header(lines: list[str], i: int, header: _Header, table_seq: int) -> Table | None:
    roles = _finalize_roles([column_role(c.text) for c in header.cells])
    title, title_line = _caption(lines, i)
    start = header.last_index + 1
    if header.layout in ("tab_rows", "pipe", "aligned"):
        rows, end = _row_layout_body(lines, start, header, roles, title)
        end_line = end + 1
    else:
        frags, ends = _line_frags(lines, start, header, title)
        rows, used = _assemble(frags, roles)
        end_line = ends[used - 1] if used else header.last_index + 1
    if not rows:
        return None
    if title is None:
        title, title_line = _caption_below(lines, end_line)
    return Table(
        table_seq=table_seq,
        title=title,
        title_line=title_line,
        kind=_kind(roles),
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
    r"^[“”\"]?(十[一二三四五]五|\d{4}年)[”“\"]?(末|底|期末|年末)?$|^(增幅|增长|增速|增长率|年均增长|年均增速)(\(?%\)?)?$"
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
