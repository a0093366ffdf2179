"""Grid -> Table: header roles from the vocabulary, cell types, rows assembled by role.

The half of table reconstruction that does not care how a table was printed: given header
cells (one or two printed rows, see `merge_header_rows`) and body cells or pieces of text
with their lines, it decides each column's role and puts every piece in its row and column.
`ingestion.tables` finds tables in text layouts and hands their pieces to this module;
readers of formats that keep the grid (HTML, DOCX, PDF tables) call `table_from_grid`.
The Table API is described in `ingestion.tables`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ingestion.headings import SECTION_STYLES, numbering_re
from ingestion.periods import PERIOD_NAME_UNNAMED_PATTERN
from ingestion.values import (
    is_no_value,
    is_unit,
    looks_like_value,
    normalize_text,
    normalize_unit,
    parse_value,
)
from ingestion.vocabulary import CONSTRUCTION_TYPE_CELL_RE
from vocabulary.text import RANGE_JOINER_CHARS, RANGE_JOINERS
from vocabulary.years import YEAR_MONTH


@dataclass(frozen=True)
class Cell:
    text: str
    source_line: int
    # A header cell under a spanning cell: the header path as printed, spanning cell first
    # (('2025年目标', '养老床位(张)')); () for every other cell.
    path: tuple[str, ...] = ()

    @property
    def header_path(self) -> str:
        """The header path joined with ' / ' (the cell's text when no cell spans it)."""
        return " / ".join(self.path) if self.path else self.text


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
_PERIOD = rf"(?:\d{{4}}年|{PERIOD_NAME_UNNAMED_PATTERN}(?:时期|期间)?)"  # '2025年', '十四五' (quotes removed)
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
    # a part of a project's money by source: '其中：中央预算内投资（亿元）', '省级补助', '社会资本'
    (
        "funding",
        r"(其中|含):?.{1,16}(投资|资金|债券|公益金|补助|配套|资本|自筹)(\((万元|亿元)\))?"
        r"|(中央|省|市|州|县|区|市县|州县|县区|县市|地方|社会|企业|单位)(级|本级)?(预算内|财政|专项|基建|政府)?"
        r"(投资|资金|补助|补助资金|配套|配套资金|资本|自筹|自筹资金|专项债券|债券|公益金|贷款)(\((万元|亿元)\))?"
        r"|(自筹|彩票公益金|福彩公益金|专项债券|银行贷款)(资金)?(\((万元|亿元)\))?",
    ),
    # 指标类型 / 指标性质 hold 约束性 / 预期性
    ("attribute", r"(指标)?(属性|性质|类型)"),
    ("group", r"一级指标|指标(类别|分类|领域)|类别|领域|分类"),
    (
        "name",
        r"二级指标|三级指标|(主要|重点|核心|具体|发展)?(项目和)?指标(名称|内容|项)?"
        r"|(项目)?名称|项目|(主要|重点)?项目和指标"
        # the rows are regions: a prefecture's counties, a county's townships
        r"|县\(市、?区\)|县\(市\)|县\(区\)|县市区|县区|区县|市县|地区|区域|乡镇\(街道\)|乡镇|街道",
    ),
    ("unit", r"(计量)?单位"),
    (
        "growth",
        rf"(\d{{4}}[{RANGE_JOINERS}]\d{{4}}年?)?(年均|累计|年度)?(增长|增速|增幅|增减)(率|比例|幅度)?(\(?%\)?)?",
    ),
    (
        "value",
        rf"{_PERIOD}?(底|末|期末)?(基期|基数|实际|完成|目标|规划|预期|预计|现状)(值|目标|数|情况)?{_PAREN}"
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
    r"^(\d{4}年?|建设|计划|计划总|总投资|投资|指标|增长|年均|主要|一级|二级|起止|项目|估算|其中:?|\(|\(万元"
    r"|\((万元|亿元|元|%|‰|个|人|张|平方米)\))$"
)

# A column of counts headed by what it counts and its unit ('养老床位(张)', '综合养老服务中心(个)'):
# a typed column of numbers, no indicator value (no year or kind of value in its header).
_MEASURE_HEADER = re.compile(r"^[^()\d]{2,20}\(([^()]{1,6})\)$")

TEXT_ROLES = ("name", "group", "content", "other")
# A spanning header cell over sub-columns ('指标值' over '2020年' | '2025年'): no column of its own.
SPANNING_HEADER_RE = re.compile(r"^(指标值|指标数值|规划目标|发展目标|目标值及基期值)$")


def normalize_header(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).replace("（", "(").replace("）", ")")


@functools.lru_cache(maxsize=4096)
def column_role(header_text: str) -> str | None:
    """The role of a header cell from its wording, None if it is no header word."""
    text = re.sub(r"[“”\"‘’'「」]", "", normalize_header(header_text))
    for role, regex in _ROLE_RES:
        if regex.match(text):
            return role
    if _MEASURE_HEADER.match(text) and is_unit(_MEASURE_HEADER.match(text).group(1)):
        return "measure"
    return None


def is_header_piece(text: str) -> bool:
    """A piece of a header printed one cell per line or token. A count headed with its unit
    ('养老床位(张)') is a header only beside the other cells of its row: alone on a line it
    reads like an indicator name with its unit ('城市低保保障率(%)')."""
    t = normalize_header(text)
    return bool(t) and (
        column_role(t) not in (None, "measure")
        or bool(_HEADER_PREFIX.match(t))
        or bool(SPANNING_HEADER_RE.match(t))
    )


def joins_header(previous: str, piece: str) -> bool:
    """A wrapped header cell: '2020年' + '实际值', '计划' + '总投资' + '(万元)', '指标' + '属性'."""
    return is_header_piece(normalize_header(previous) + normalize_header(piece))


def is_header_row(roles: list[str | None]) -> bool:
    known = [r for r in roles if r is not None]
    return (
        len(known) >= 2
        and len(known) >= 0.6 * len(roles)
        and bool({"name", "group"} & set(known))
        and bool(
            {
                "seq",
                "unit",
                "value",
                "growth",
                "attribute",
                "construction_type",
                "years",
                "investment",
                "funding",
                "measure",
            }
            & set(known)
        )
    )


def table_kind(roles: list[str]) -> str:
    if {"investment", "construction_type", "years", "content"} & set(roles):
        return "project"
    if {"value", "growth", "attribute"} & set(roles):
        return "indicator"
    return "other"


def finalize_roles(roles: list[str | None]) -> list[str]:
    out = [r or "other" for r in roles]
    if "group" in out and "name" not in out:
        out[out.index("group")] = "name"
    return out


# Cell types ----------------------------------------------------------------------

_SEQ = re.compile(r"^[(（]?\d{1,3}[)）]?[.、．]?$")
_ATTRIBUTE = re.compile(r"^(约束性|预期性|指导性|约束|预期|指导)$")
_YEARS = re.compile(
    rf"^(?:(?:199|20\d)\d{YEAR_MONTH}?年?)?\s*(?:[{RANGE_JOINERS}]\s*(?:(?:199|20\d)?\d{{1,4}}{YEAR_MONTH}?年?)?)?$"
)
_INVESTMENT = re.compile(r"^\d+(?:\.\d+)?(?:万元|亿元)?$")
HEADING_RE = numbering_re(SECTION_STYLES)  # a heading of the text: the table has ended
_HEADING = HEADING_RE
_LONG_TEXT = 60  # a line longer than this is prose, not a cell (except 建设内容)


def is_seq(text: str) -> bool:
    return bool(_SEQ.match(normalize_text(text)))


def _seq_number(text: str) -> int | None:
    digits = re.sub(r"\D", "", normalize_text(text))
    return int(digits) if digits and is_seq(text) else None


def _is_years(text: str) -> bool:
    t = normalize_text(text)
    # '2026.10' alone is a number (an amount); a year and month stand in a range ('2026.03-2028.12')
    decimal = re.fullmatch(r"\d{4}[.．]\d{1,2}", t)
    return bool(t) and bool(re.search(r"\d", t)) and bool(_YEARS.match(t)) and not decimal


def _strict(role: str, text: str) -> bool:
    """The text is unmistakably a cell of this role (typed columns only)."""
    t = normalize_text(text)
    if not t:
        return False
    if role == "seq":
        return is_seq(t)
    if role == "unit":
        return is_unit(t) and not looks_like_value(t)
    if role in ("value", "growth", "measure"):
        return looks_like_value(t) and not _is_years_range(t)
    if role == "attribute":
        return bool(_ATTRIBUTE.match(t))
    if role == "construction_type":
        return bool(CONSTRUCTION_TYPE_CELL_RE.match(t))
    if role == "years":
        return _is_years(t) and (re.search(r"199\d|20\d\d", t) is not None or t.startswith(("-", "—")))
    if role == "investment":
        return bool(_INVESTMENT.match(t))
    if role == "funding":  # an amount, or a dash where the project has no money of this source
        return bool(_INVESTMENT.match(t)) or (is_no_value(t) and len(t) <= 3)  # not a ruling line
    return False


def _is_years_range(t: str) -> bool:
    return bool(re.match(rf"^(19|20)\d{{2}}年?[{RANGE_JOINERS}]", t))


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
        # '2026-' / '2027', '2026.03-' / '2027.12' (the range finished), '2026' / '-2027'
        return (prev[-1] in RANGE_JOINER_CHARS and (t.isdigit() or _is_years(prev + t))) or (
            t[0] in RANGE_JOINER_CHARS and _is_years(prev + t)
        )
    if any(_strict(r, t) for r in later_roles):
        return False
    if role in ("name", "content", "other"):
        return role == "content" or len(t) <= _LONG_TEXT
    if role in ("value", "growth") and _loose(role, prev) and _loose(role, t) and len(t) <= 30:
        return True
    return continues_cell(role, prev, t)


def continues_cell(role: str, previous: str, text: str) -> bool:
    """`text`, printed on a later line, is the rest of a typed cell: a year range wrapped after
    its dash ('2026-' / '2027'), a unit wrapped at its slash, a word wrapped inside ('约束' /
    '性'; no digits: a number on its own is a cell of its own)."""
    if role in ("years", "unit") and _continues(role, previous, text, [], False):
        return True
    t = normalize_text(text)
    return (
        role not in TEXT_ROLES
        and bool(t)
        and not re.search(r"\d", t)
        and _strict(role, normalize_text(previous) + t)
    )


# Body assembly -------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A piece of table text: a whole cell, or a line/token that may continue one."""

    text: str
    line: int  # 1-based
    can_join: bool = True  # False when the layout says a cell starts here
    same_line: bool = False  # follows another piece on the same printed line


def total_kind(text: str) -> str:
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
        self.cur: list[list[Piece]] | None = None
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

    def _put(self, col: int, frag: Piece) -> None:
        assert self.cur is not None
        self.cur[col].append(frag)
        self.last = col
        self.last_line = frag.line

    def _text(self, col: int) -> str:
        assert self.cur is not None
        return "".join(f.text.strip() for f in self.cur[col])

    # the decision for one piece
    def feed(self, frags: list[Piece], i: int) -> bool:
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

    def _wrapped_name_tail(self, frags: list[Piece], i: int) -> bool:
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
            and not is_seq(t)
            and not _HEADING.match(t)
            and not re.search(r"[。；;：:，,]", t)
            and not any(_strict(r, t) for r in self.roles)
            and not looks_like_value(t)
        )

    def _starts_something(self, frags: list[Piece], i: int) -> bool:
        """frags[i] cannot be the rest of the current text cell: it starts the next row or
        the next text column."""
        role = self.roles[self.last]
        if role not in TEXT_ROLES:
            return False
        t = normalize_text(frags[i].text)
        if is_seq(t) and self.seq_col is not None:
            return True
        if self.last == self.n - 1 and (_HEADING.match(t) or self._heading_row(frags, i)):
            return True  # the row is complete: a category/合计 row or the text after the table
        return self._fills_text_columns(frags, i)

    def _fills_text_columns(self, frags: list[Piece], i: int) -> bool:
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
        if not is_seq(t) or self.last < 0:
            return False
        if self.kind != "data" and _seq_number(t) in self.next_seqs:
            return True  # the first numbered row under a category heading
        nxt = self.last + 1
        # a number where the row still expects a number is that number, not the next row
        return nxt >= self.n or not any(_strict(r, t) for r in self.roles[nxt:])

    def _start_row(self, frags: list[Piece], i: int) -> bool:
        t = normalize_text(frags[i].text)
        if len(t) > _LONG_TEXT and "content" not in self.roles[:1]:
            return False
        if self.seq_col is not None:
            groups_first = all(r == "group" for r in self.roles[: self.seq_col])
            if groups_first and is_seq(t):
                # (a 类别 column before 序号: merged down, printed on its group's first row only)
                self._start()
                self._put(self.seq_col, frags[i])
                return True
            nxt = normalize_text(frags[i + 1].text) if i + 1 < len(frags) else ""
            if self.seq_col > 0 and groups_first and is_seq(nxt) and not is_seq(t) and len(t) <= 30:
                self._start()  # the group's first row opens with its 类别 cell
                self._put(0, frags[i])
                return True
            if self._heading_row(frags, i):
                self._start(total_kind(t))
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

    def _heading_row(self, frags: list[Piece], i: int) -> bool:
        """A category (name + subtotal) or 合计 row: short text, then a number or a 序号 row."""
        t = normalize_text(frags[i].text)
        if not t or is_seq(t) or len(t) > 30 or looks_like_value(t) or i + 1 >= len(frags):
            return False
        nxt = normalize_text(frags[i + 1].text)
        return is_seq(nxt) or bool(_INVESTMENT.match(nxt))

    def _row_ahead(self, frags: list[Piece], i: int) -> bool:
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

    def _target(self, frags: list[Piece], i: int) -> int | None:
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


def assemble_rows(frags: list[Piece], roles: list[str]) -> tuple[list[Row], int]:
    """Rows from pieces; returns the rows and how many pieces belong to the table."""
    builder = _RowBuilder(roles)
    used = 0
    for i in range(len(frags)):
        if not builder.feed(frags, i):
            break
        used = i + 1
    builder.flush()
    return builder.rows, used


def seq_rows(frags: list[Piece], roles: list[str], max_gap: int = 3) -> tuple[list[Row], int] | None:
    """Rows of a table printed in reading order without layout (PDF text), one or a few
    cells per line: a row is everything from one 序号 to the next in sequence — a line that
    starts with the number after the last row's opens the next row (a bare '38' in a row
    numbered 2 is a value), as does a 类别 label opening its group's first row when that
    column comes before 序号 — and its tokens, in reading order, are aligned to the header's
    columns by type (`align_token_runs`). The last row ends at a heading, a gap of more than
    `max_gap` lines, or where its tokens no longer fit the columns.

    A row with fewer values than value columns (a dash lost by the converter) leaves the
    earlier columns empty: a missing baseline is the usual gap, the target is what a plan sets.

    Returns the rows and how many pieces belong to the table; None when the body is not
    printed that way (a row that does not fit the columns, a row filling under half of them):
    the caller reads it piece by piece instead."""
    seq_col = roles.index("seq") if "seq" in roles else None
    if seq_col is None or not frags:
        return None
    groups_first = seq_col > 0 and all(r == "group" for r in roles[:seq_col])
    printed: list[list[int]] = []  # piece indexes per printed line
    for k, frag in enumerate(frags):
        if printed and frags[printed[-1][0]].line == frag.line:
            printed[-1].append(k)
        else:
            printed.append([k])

    def text(k: int) -> str:
        return normalize_text(frags[k].text)

    def label(k: int) -> bool:
        t = text(k)
        return 0 < len(t) <= 30 and not any(_strict(r, t) for r in roles) and not _HEADING.match(t)

    def opens(idx: int, number: int | None) -> bool:
        line = printed[idx]
        first = _seq_number(text(line[0]))
        if first is not None:
            # the number is followed by text (its row's name), not by a further value
            after = line[1] if len(line) > 1 else printed[idx + 1][0] if idx + 1 < len(printed) else None
            return (number is None or first == number) and (
                after is None or not any(_strict(r, text(after)) for r in roles if r not in TEXT_ROLES)
            )
        if not groups_first or not label(line[0]):
            return False
        if len(line) > 1:
            second = _seq_number(text(line[1]))
            return second is not None and (number is None or second == number)
        return (
            idx + 1 < len(printed)
            and _seq_number(text(printed[idx + 1][0])) is not None
            and (number is None or _seq_number(text(printed[idx + 1][0])) == number)
        )

    def number_of(idx: int) -> int:
        line = printed[idx]
        n = _seq_number(text(line[0]))
        if n is None:
            n = _seq_number(text(line[1])) if len(line) > 1 else _seq_number(text(printed[idx + 1][0]))
        assert n is not None
        return n

    def ends(idx: int) -> bool:
        first = text(printed[idx][0])
        gap = frags[printed[idx][0]].line - frags[printed[idx - 1][-1]].line
        return (
            gap > max_gap
            or bool(_HEADING.match(first))
            or total_kind(first) == "total"
            or len(first) > _LONG_TEXT
        )

    def fits(idx: int) -> bool:
        """The lines from idx to the next row's (or the table's end) make a row: a number
        opening a line inside a cell ('3 处，配置厨房') opens none."""
        stop = idx + 1
        while stop < min(len(printed), idx + 40) and not opens(stop, expected + 1) and not ends(stop):
            stop += 1
        return _aligned_row(frags, [k for line in printed[idx:stop] for k in line], roles) is not None

    if not opens(0, None):
        return None
    starts = [0]
    expected = number_of(0) + 1
    idx = 1
    end = len(printed)
    while idx < len(printed):
        first = text(printed[idx][0])
        if opens(idx, expected) and fits(idx):  # also after a page break (running head, header again)
            starts.append(idx)
            expected += 1
            idx += 2 if _seq_number(first) is None and len(printed[idx]) == 1 else 1
            continue
        if ends(idx):
            if any(opens(k, n) for k in range(idx + 1, min(idx + 4, len(printed))) for n in (1, expected)):
                return None  # a category or 合计 row among the numbered rows: read piece by piece
            end = idx
            break
        idx += 1
    rows: list[Row] = []
    used = 0
    for r, start in enumerate(starts):
        stop = starts[r + 1] if r + 1 < len(starts) else end
        last_row = r + 1 == len(starts)
        row = None
        for line_stop in range(stop, start, -1) if last_row else (stop,):
            pieces = [k for line in printed[start:line_stop] for k in line]
            row = _aligned_row(frags, pieces, roles)
            if row is not None:
                used = pieces[-1] + 1
                break
        if row is None:
            return None
        rows.append(row)
    return rows, used


def _aligned_row(frags: list[Piece], pieces: list[int], roles: list[str]) -> Row | None:
    """One row's pieces aligned to the columns; None when they do not fit or fill under half
    of the columns. Read in reading order, or else as printed with its cells top-aligned: the
    row's first line holds the first line of every cell, the lines after it continue the
    cells that wrap, in column order (LibreOffice's PDF through pypdfium2)."""
    row = _fitted_row(frags, pieces, roles, _aligned_pieces(frags, pieces, roles, None))
    head = [k for k in pieces if frags[k].line == frags[pieces[0]].line]
    if row is None and len(head) < len(pieces):
        first = _aligned_pieces(frags, head, roles, None)
        rest = _aligned_pieces(frags, pieces[len(head) :], roles, first) if first is not None else None
        if first is not None and rest is not None:
            row = _fitted_row(frags, pieces, roles, [a + b for a, b in zip(first, rest, strict=True)])
    return row


def _fitted_row(
    frags: list[Piece], pieces: list[int], roles: list[str], held: list[list[int]] | None
) -> Row | None:
    """The row whose columns hold these pieces, None when they are no fit."""
    if held is None:
        return None
    line = frags[pieces[0]].line
    cells = [
        Cell("".join(frags[k].text.strip() for k in ks), frags[ks[0]].line if ks else line) for ks in held
    ]
    if sum(1 for c in cells if c.text) < max(2, len(roles) // 2) or not any(
        c.text for r, c in zip(roles, cells, strict=True) if r not in (*TEXT_ROLES, "seq")
    ):
        return None  # a row holds a typed cell besides its number
    empty = {r for r, c in zip(roles, cells, strict=True) if r not in TEXT_ROLES and not c.text}
    for role, ks in zip(roles, held, strict=True):
        if role in TEXT_ROLES and any(_strict(r, frags[k].text) for r in empty for k in ks):
            return None  # a text cell holds what fits a column the row left empty: no fit
    return Row(cells=cells, source_line=line)


def _aligned_pieces(
    frags: list[Piece], pieces: list[int], roles: list[str], so_far: list[list[int]] | None
) -> list[list[int]] | None:
    """Per column, the pieces it holds (`align_token_runs` over the pieces in order; `so_far`:
    the pieces the columns hold from the row's earlier lines)."""
    tokens = [(0, frags[k].text.strip()) for k in pieces]
    row_so_far = None if so_far is None else ["".join(frags[k].text.strip() for k in ks) for ks in so_far]
    runs = align_token_runs(
        tokens, [0] * len(roles), roles, row_so_far, lines=[frags[k].line for k in pieces]
    )
    if runs is None:
        return None
    return [[pieces[t] for t in range(i, k)] for i, k in runs]


def rows_from_cells(cells: list[Cell], roles: list[str]) -> list[Row]:
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
        if seq_col is not None and not is_seq(cells[seq_col].text) and filled:
            # a heading row: the label sits in the 序号 or name column, maybe a subtotal
            kind = total_kind(filled[0].text)
            if cells[seq_col].text:
                label = roles.index("name") if "name" in roles else seq_col
                cells = [Cell("", c.source_line) if k == seq_col else c for k, c in enumerate(cells)]
                cells[label] = (
                    Cell(filled[0].text, filled[0].source_line) if not cells[label].text else cells[label]
                )
        return [Row(cells=cells, source_line=cells[0].source_line, kind=kind)]
    aligned = _short_row(cells, roles)
    if aligned is not None:
        return [aligned]
    frags = [Piece(c.text, c.source_line, can_join=False) for c in cells if c.text]
    builder = _RowBuilder(roles)
    for i in range(len(frags)):
        builder.feed(frags, i)
    builder.flush()
    return builder.rows


def _short_row(cells: list[Cell], roles: list[str]) -> Row | None:
    """A numbered row printed with fewer cells than the header has columns (a 类别 cell merged
    down over its group is printed on the group's first row only): its cells aligned to the
    columns by type, as one token each, the missing cells most likely the leading ones."""
    filled = [c for c in cells if c.text]
    seq_col = roles.index("seq") if "seq" in roles else None
    if seq_col is None or len(filled) < max(2, len(roles) // 2) or len(filled) >= len(roles):
        return None
    shift = len(roles) - len(filled)
    tokens = [(k + shift, c.text) for k, c in enumerate(filled)]
    runs = align_token_runs(tokens, list(range(len(roles))), roles)
    if runs is None:
        return None
    out = [
        Cell(
            " ".join(filled[t].text for t in range(i, k)),
            filled[i].source_line if k > i else filled[0].source_line,
        )
        for i, k in runs
    ]
    if not is_seq(out[seq_col].text) or any(k - i > 1 for i, k in runs):
        return None
    return Row(cells=out, source_line=filled[0].source_line)


# Cells to columns by type and order ---------------------------------------------
# A printed row split at every run of spaces gives tokens; each token is typed (seq, value or
# dash, unit, attribute, years, amount, text) and the tokens are aligned to the header's columns
# in order, as in sequence alignment: a typed token scores where its type fits the column's role,
# text fills text columns (several tokens may join one), a column may stay empty, and the
# distance to the column's printed position only breaks ties. One mechanism for columns that
# do not line up with the header, single-space gaps and '-' empties glued to the next value.

_MISMATCH = -4.0
_JOIN = -0.6  # a further token in the same text column


def _token_score(role: str, text: str) -> float:
    if _strict(role, text):
        # a funding column (其中 …) holds a part of the row's total, printed after it: a lone
        # amount placed between the two by position alone is the total's
        return 2.5 if role == "funding" else 3.0
    if role == "seq" and _HEADING.match(normalize_text(text)):
        return 1.5  # a category row's numbered label ('二、殡葬设施') printed under 序号
    if role in TEXT_ROLES:
        typed = any(_strict(r, text) for r in ("value", "unit", "attribute", "years", "seq"))
        return -0.5 if typed else 1.0
    if role in ("value", "growth") and _loose(role, text):
        return 0.3
    if role == "unit" and normalize_unit(normalize_text(text)) is not None:
        return 1.0
    return _MISMATCH


def align_tokens(
    tokens: list[tuple[int, str]],
    positions: list[int],
    roles: list[str],
    row_so_far: list[str] | None = None,
    seen: list[list[int]] | None = None,
) -> list[str] | None:
    """Each column's text: `tokens` (display position, text) placed on the columns in order
    (None when they do not fit: more typed tokens than columns). See `align_token_runs`."""
    runs = align_token_runs(tokens, positions, roles, row_so_far, seen)
    if runs is None:
        return None
    return [" ".join(tokens[t][1] for t in range(i, k)) for i, k in runs]


def align_token_runs(
    tokens: list[tuple[int, str]],
    positions: list[int],
    roles: list[str],
    row_so_far: list[str] | None = None,
    seen: list[list[int]] | None = None,
    lines: list[int] | None = None,
) -> list[tuple[int, int]] | None:
    """Per column, the run [i, k) of `tokens` it holds.

    A further line of a row wrapped over several lines is aligned with `row_so_far` (the
    row's cells from its earlier lines): a typed column the row has filled takes no further
    token unless the token continues its cell ('2026-' / '2027'), and a token in a filled
    text column is a further piece of that cell (half the joining cost). `seen`: per column,
    the display positions where the table's body cells started so far; a column's position
    hint is the nearest of its header's position and those (body cells start at the
    column's edge, headers are often centred).

    `lines`: the printed line of each token, for a row printed over several lines in reading
    order (PDF text without layout): a typed cell may be several tokens that continue it
    ('约束' / '性', '2026-' / '2027', '平方' / '米'), and a text cell wrapped over lines is
    about as wide on each line as on its first (see `_wrap_cost`)."""
    n, m = len(tokens), len(roles)
    spread = max(1, (positions[-1] - positions[0]) if len(positions) > 1 else 1)
    anchors = [[positions[j], *(seen[j] if seen else [])] for j in range(m)]

    def hint(col: int, tok: int) -> float:
        return -min(1.0, min(abs(tokens[tok][0] - p) for p in anchors[col]) / spread * 2)

    def score_of(col: int, tok: int) -> float:
        text = tokens[tok][1]
        if row_so_far is not None and row_so_far[col] and roles[col] not in TEXT_ROLES:
            if not continues_cell(roles[col], row_so_far[col], text):
                return _MISMATCH
            return _token_score(roles[col], row_so_far[col] + text) + hint(col, tok)
        return _token_score(roles[col], text) + hint(col, tok)

    neg = float("-inf")
    # best[j][i]: columns < j hold tokens < i
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    back: list[list[int]] = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for j in range(m):
        text_col = roles[j] in TEXT_ROLES
        joined_before = text_col and row_so_far is not None and bool(row_so_far[j])
        for i in range(n + 1):
            if best[j][i] == neg:
                continue
            limit = n if text_col else min(n, i + 1)
            score = best[j][i]
            for k in range(i, limit + 1):
                if k > i:
                    t = k - 1
                    join = (
                        (_JOIN / 4 if _one_space(tokens, t) else _JOIN)
                        if t > i
                        else (_JOIN / 2 if joined_before else 0)
                    )
                    score += score_of(j, t) + join
                wrap = _wrap_cost(tokens, lines, i, k) if lines is not None and text_col and k > i else 0.0
                if score + wrap > best[j + 1][k]:
                    best[j + 1][k], back[j + 1][k] = score + wrap, i
            if (
                roles[j] in ("value", "growth")
                and i + 2 <= n
                and _value_then_unit(tokens[i][1], tokens[i + 1][1])
            ):
                # '32 张', '1.2 万人': a value printed with its unit a space apart is one cell
                joined = best[j][i] + _token_score(roles[j], tokens[i][1] + tokens[i + 1][1]) + hint(j, i)
                if joined > best[j + 1][i + 2]:
                    best[j + 1][i + 2], back[j + 1][i + 2] = joined, i
            if lines is not None and not text_col and not (row_so_far is not None and row_so_far[j]):
                # a typed cell wrapped over lines: its tokens joined continue it
                for k in range(i + 2, min(n, i + 8) + 1):
                    joined = "".join(tokens[t][1] for t in range(i, k - 1))
                    if not (
                        continues_cell(roles[j], joined, tokens[k - 1][1])
                        or (  # a qualitative target wrapped over lines
                            roles[j] in ("value", "growth")
                            and _loose(roles[j], joined)
                            and _loose(roles[j], tokens[k - 1][1])
                        )
                    ):
                        break
                    run = best[j][i] + _token_score(roles[j], joined + tokens[k - 1][1])
                    if run > best[j + 1][k]:
                        best[j + 1][k], back[j + 1][k] = run, i
    if best[m][n] == neg:
        return None
    runs: list[tuple[int, int]] = [(0, 0)] * m
    k = n
    for j in range(m, 0, -1):
        i = back[j][k]
        runs[j - 1] = (i, k)
        k = i
    return runs


def _value_then_unit(value: str, word: str) -> bool:
    """A number without a unit and the unit printed after it ('32' '张', '1.2' '万人')."""
    number, unit = normalize_text(value), normalize_text(word)
    parsed = parse_value(number)
    return (
        parsed.number is not None
        and parsed.unit is None
        and is_unit(unit)
        and not looks_like_value(unit)
        and parse_value(number + unit).unit is not None
    )


def _one_space(tokens: list[tuple[int, str]], t: int) -> bool:
    """Token t is printed one space after the token before it, the space between a digit or
    Latin letter and a CJK character (positions given): the space word processors set there
    inside a cell ('4500 平方', '床位 60'), so more likely one cell than two. (A space between
    two CJK characters is no word space in Chinese: a cell boundary.)"""
    before = tokens[t - 1]
    if not before[1] or not tokens[t][1] or tokens[t][0] - (before[0] + display_width(before[1])) != 1:
        return False
    wide = [display_width(unicodedata.normalize("NFKC", ch)) == 2 for ch in (before[1][-1], tokens[t][1][0])]
    return wide[0] != wide[1]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_cost(tokens: list[tuple[int, str]], lines: list[int], i: int, k: int) -> float:
    """Tokens [i, k) as one text cell wrapped at its column's width: its printed lines are
    about as wide as its first, only the last may be shorter — a shorter line ends the cell,
    a wider one is most likely the next column's. A cost for each display column a line is
    printed narrower (but the last) or wider than the first."""
    widths: dict[int, int] = {}
    for t in range(i, k):
        widths[lines[t]] = widths.get(lines[t], -1) + 1 + display_width(tokens[t][1])
    first, *later = widths.values()
    return -0.1 * (sum(max(0, first - w) for w in later[:-1]) + sum(max(0, w - first) for w in later))


def trim_empty_edges(cells: list[Cell]) -> list[Cell]:
    start, end = 0, len(cells)
    while start < end and not cells[start].text:
        start += 1
    while end > start and not cells[end - 1].text:
        end -= 1
    return cells[start:end]


def place_sub_columns(cells: list[Cell]) -> list[Cell]:
    """A header printed row after row, one cell per line or token: the sub-column headers of a
    spanning cell come after the whole first row ('序号 指标 单位 指标值 属性 2020年 2025年');
    they take the spanning cell's place."""
    k = next((i for i, c in enumerate(cells) if SPANNING_HEADER_RE.match(normalize_header(c.text))), None)
    if k is None:
        return cells
    m = 0
    while m < len(cells) - k - 1 and column_role(cells[len(cells) - 1 - m].text) in ("value", "growth"):
        m += 1
    if m < 2:
        return cells
    subs = [Cell(c.text, c.source_line, (cells[k].text, c.text)) for c in cells[len(cells) - m :]]
    return cells[:k] + subs + cells[k + 1 : len(cells) - m]


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
            merged.append(sub_column(span, lower))
            continue
        if not upper.text or not joins_header(upper.text, lower.text):
            return None
        merged.append(Cell(upper.text + lower.text, upper.source_line))
    if not is_header_row([column_role(c.text) for c in merged]):
        return None
    return merged


# A spanning cell over the sources of a project's money: its sub-columns are funding columns.
SOURCES_SPAN_RE = re.compile(r"资金(来源|构成|渠道)")


def sub_column(span: Cell, sub: Cell) -> Cell:
    """A sub-column header under a spanning cell: the sub-header if it names a role on its
    own ('2025年目标值'), else joined with the span ('2025年' under '目标值'; '中央' under
    '资金来源' is 中央资金, before '市县' alone reads as a column of regions)."""
    path = (span.text, sub.text)
    money = (sub.text + "资金",) if SOURCES_SPAN_RE.search(normalize_header(span.text)) else ()
    for text in (*money, sub.text, sub.text + span.text, span.text + sub.text):
        if column_role(text) is not None:
            return Cell(text, sub.source_line, path)
    return Cell(sub.text, sub.source_line, path)


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
        if len(header) >= 2 and is_header_row([column_role(c.text) for c in header]):
            break
    else:
        return None
    roles = finalize_roles([column_role(c.text) for c in header])
    body: list[Row] = []
    for cells in rows[body_from:]:
        if any(c.text for c in cells):
            body.extend(rows_from_cells(cells, roles))
    if not body:
        return None
    first_line = header[0].source_line
    return Table(
        table_seq=table_seq,
        title=title,
        title_line=title_line,
        kind=table_kind(roles),
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
