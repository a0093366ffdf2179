"""What was not read: numbers in table regions, record blocks and project sections that fed no fact row.

A user loading a plan nobody has seen has no gold file to compare with. This audit tells
them where the extractors missed something, from the structure of the text alone:

- Regions that must be read: every table the segmenter found (`Block` of kind table) or
  the table reconstruction rebuilt (`TableCell` spans), every block of labelled-field
  records (指标名称：… / 单位：… / 2025年目标：…, one field per line, `record_regions`) and
  every project section (a heading or 专栏 box whose title names 项目/工程, up to the next
  heading of its level).
- In a region, each line is audited for numbers printed with a unit of the field
  (`FIELD_UNITS`: 50%, 3‰, 1.5倍, 800万元, 2.36亿元, 300张, 12个, 45人, 3所, 2000平方米;
  a number whose unit is wrapped onto the next line counts on its own line; the bare
  number cells of a row whose unit has a cell of its own); in a record block, also the
  number a field's value states (not a 序号, a period or a year).
- In a table region of quantities (a unit column, unit cells, a unit in a header or name),
  also every number that is a cell of its own, with or without a unit on its line ('38' one
  cell per line, '张 36.5', '…探访率 % 90'), but a 序号, a year, a page number and a number a
  fixed-width wrap cut in two; on a table line holding U+FFFD (bytes a converter could not
  decode) every number but a year and a 序号, listed as REASON_UNDECODABLE.
- Per printed number, not per line: a number was read when the span of a piece that fed a
  fact (`ingestion.spans.read_spans`: an indicator value's cell, a project's amount, years,
  beds and floor area, a funding amount, a stated total) overlaps it. A cell dropped from a
  row that was otherwise read, a year column nobody read, a record block nobody rebuilt:
  each of their numbers is unread, and the line keeps the span of its first unread number.
  A typed cell of a rebuilt table (marts.fct_table_cells) is read in a table of another kind;
  in an indicator or project table only under a year of a row that fed a fact: a value column
  no fact read, or a table rebuilt in a shape no fact came out of, is unread. An amount of
  money is a fact's field wherever it stands: read only when a fact's span holds it.
- A caption ("表1 …", "主要指标", "重点项目一览") with no rebuilt table under it is a miss too.

Pure: rows in, rows out. `ingestion.extract` runs it last; it is stored as raw.audited_lines
and marts.rpt_unread_lines / dim_document.read_coverage are derived from it.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingestion.model import AuditedLine, Block, TableCell
from ingestion.projects import heading_title
from ingestion.table_rows import _ATTRIBUTE
from ingestion.tables import _CELL_GAP, _PAGE_NUMBER
from ingestion.values import is_no_value, normalize_unit, unit_from_name
from vocabulary.text import RANGE_JOINERS
from vocabulary.years import YEAR_MONTH

Span = tuple[int, int]  # 0-based start, end exclusive, within a line

# The units whose numbers a plan's facts are made of, in normalized form (values.normalize_unit).
FIELD_UNITS = frozenset({"%", "‰", "倍", "万元", "亿元", "张", "个", "人", "所", "平方米"})
# A count in 万/亿 of a unit: 1.4万人, 2.5万平方米.
_MULTIPLIERS = ("万", "亿")
_BARE_NUMBER = re.compile(r"[≥≤<>]?\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,]\d+)*")
_WRAPPED_UNIT = re.compile(r"^(\S{1,4}?)(?:$|[，,。；;、：:)）\t])")
_SENTENCE_END = re.compile(r"[。！？；;!?][”’」』）)]*\s*$")
_PROSE = 45  # a paragraph this long with sentence punctuation is text, not a table's rows
_MAX_REGION_BLOCKS = 60  # how far a caption's missing table may reach
_UNIT_WINDOW = 4  # a printed unit is at most this many characters (平方米, 万元)
# A project section: a heading or 专栏 title that is one noun phrase naming projects
# ("重点项目", "专栏3 养老服务重大工程", "（八）重点项目建设"), not a task heading that mentions
# one ("提升…水平，推进…工程") nor a box of tasks or indicators.
_PROJECT_TITLE = re.compile(r"(?:项目|工程)(?:建设|安排|一览表?|清单|表|计划|库)?$")
_NOT_PROJECT_TITLE = re.compile(r"任务|指标|[，,；;：:]")

REASON_TABLE = "unread_table_line"
REASON_PROJECT_SECTION = "unread_project_section_line"
REASON_CAPTION = "caption_without_table"
REASON_RECORD = "unread_record_line"
REASON_UNDECODABLE = "undecodable_table_line"

# What a converter prints for bytes it could not decode (html2text cutting a CJK character in two).
REPLACEMENT = "\ufffd"


def _flat(text: str) -> str:
    """NFKC (full-width digits and ％); a single space goes ('300 张' -> '300张'), while a
    cell boundary (tab, a vertical rule |│, a run of spaces) becomes one tab so that a 序号
    never joins the next cell."""
    return _flat_map(text)[0]


# Vertical rules between cells: ASCII pipes, and the box drawing w3m and other text browsers print.
_RULES = frozenset("|│┃║")
_NUMBER_START = frozenset("0123456789≥≤<>")


def _flat_map(text: str) -> tuple[str, list[int]]:
    """`_flat(text)` and, for each of its characters, the index in `text` it stands for."""
    chars = [(piece, i) for i, char in enumerate(text) for piece in unicodedata.normalize("NFKC", char)]
    while chars and chars[0][0].isspace():
        chars.pop(0)
    while chars and chars[-1][0].isspace():
        chars.pop()
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(chars):
        char, where = chars[k]
        if char in _RULES or char.isspace():
            run = k
            while run < len(chars) and (chars[run][0].isspace() or chars[run][0] in _RULES):
                run += 1
            # one space between two numbers parts cells too ('36.5 37' of PDF text's narrow columns)
            single = (
                run - k == 1
                and char == " "
                and not (out and out[-1][0].isdigit() and run < len(chars) and chars[run][0] in _NUMBER_START)
            )
            if not single:
                out.append(("\t", where))
            k = run
            continue
        out.append((char, where))
        k += 1
    return "".join(c for c, _ in out), [w for _, w in out]


def _field_unit_at(text: str, start: int) -> str | None:
    """The field unit printed at `start` (longest match first), or None."""
    for multiplier in ("", *_MULTIPLIERS):
        if multiplier and not text.startswith(multiplier, start):
            continue
        at = start + len(multiplier)
        for length in range(_UNIT_WINDOW, 0, -1):
            piece = text[at : at + length]
            if len(piece) == length and not re.search(r"\s", piece) and normalize_unit(piece) in FIELD_UNITS:
                return normalize_unit(piece)
    return None


def _row_unit(cells: list[str]) -> bool:
    """A table row that prints its unit in a cell of its own or as the name's suffix ('占比(%)')."""
    return any(
        normalize_unit(cell) in FIELD_UNITS
        or normalize_unit(unit_from_name(cell)[1]) in FIELD_UNITS
        # '占比 %' with one space (the space goes in _flat): a name cell ending in a percent sign
        or (len(cell) > 1 and cell[-1] in "%‰" and not _BARE_NUMBER.fullmatch(cell[:-1]))
        for cell in cells
    )


def count_unit_numbers(line: str, next_line: str = "") -> int:
    """How many numbers `unit_number_spans` finds on `line`."""
    return len(unit_number_spans(line, next_line))


def unit_number_spans(line: str, next_line: str = "") -> list[Span]:
    """Spans in `line` of the numbers printed with a field unit; a trailing number counts when
    `next_line` starts with its unit (a unit wrapped onto the next line), and the bare
    number cells of a table row whose unit has a cell of its own ('1  占比  %  48  65')."""
    return [span for span, _ in audited_numbers(line, next_line)]


def audited_numbers(line: str, next_line: str = "") -> list[tuple[Span, bool]]:
    """(span, is_cell) of each number `unit_number_spans` counts: is_cell when the number is
    a cell of its own ('65%', '≥55', '3200万元', a line that is one cell), not a number inside
    a text cell or a sentence ('新建床位300张')."""
    text, where = _flat_map(line)
    # a row of a table nobody rebuilt may separate its cells with full-width commas
    # ('低保覆盖率，%，95，98'); NFKC would make them ASCII commas, alike to thousands separators
    cell_text, cell_where = _flat_map(line.replace("，", "\t"))
    cells = cell_text.split("\t")
    bounds: list[tuple[int, int, str]] = []  # (start, end) in line offsets, and the cell
    at = 0
    for cell in cells:
        if cell:
            bounds.append((cell_where[at], cell_where[at + len(cell) - 1] + 1, cell))
        at += len(cell) + 1
    found: dict[int, tuple[int, bool]] = {}  # start -> (end, is_cell)
    if len(cells) >= 3 and _row_unit(cells):
        # the first cell is the 序号 or the name: never the row's value; nor a 序号 after a 类别
        names = [cell for _, _, cell in bounds]
        for k, (start, end, cell) in enumerate(bounds[1:], start=1):
            if _BARE_NUMBER.fullmatch(cell) and not (
                k == 1 and not _NUMBER.search(names[0]) and _is_row_number(names, k)
            ):
                found[start] = (end, True)
    for match in _NUMBER.finditer(text):
        if match.end() == len(text):
            # "总投资 2.36" / "亿元，…": only a line that is more than the number (not a 序号
            # cell) and a next line that opens with the unit and then stops or punctuates
            wrapped = _WRAPPED_UNIT.match(_flat(next_line))
            counts = match.start() > 0 and bool(wrapped) and _field_unit_at(wrapped.group(1), 0) is not None
        else:
            counts = _field_unit_at(text, match.end()) is not None
        start = where[match.start()]
        if counts and not any(a <= start < b for a, (b, _) in found.items()):
            cell = next((c for a, b, c in bounds if a <= start < b), "")
            cell_end = next((b for a, b, c in bounds if a <= start < b), len(line))
            # a clause of a text cell wrapped over lines ('800平方米，' / '购置…') is no cell of its own
            wrapped_clause = line[cell_end:].strip() in ("，", "、", ",")
            found[start] = (
                where[match.end() - 1] + 1,
                bool(_QUANTITY_CELL.fullmatch(cell)) and not wrapped_clause,
            )
    return [((a, b), is_cell) for a, (b, is_cell) in sorted(found.items())]


# A cell that is one quantity: comparator, number, unit, qualifier ('≥65%', '3200万元', '300张以上').
_QUANTITY_CELL = re.compile(
    r"(?:[≥≤<>]|不低于|不少于|不超过|达到|超过)?(?P<n>\d+(?:[.,]\d+)*)[^\d\s，,。；;（）()]{0,5}?(?:以上|以下|左右|及以上)?"
)
# A labelled field printed on a line of its own: "指标名称：…", "2025年目标：≥65", "总投资：3200万元".
# (a label may hold single spaces as PDF text puts them between digits and CJK: "2025 年：38")
_FIELD_LINE = re.compile(
    r"^\s*(?P<label>[^\s：:，。；,;](?:[^\s：:，。；,;]| (?=[^\s：:])){1,11}?)\s*[：:]\s*(?P<value>\S.*?)\s*$"
)
# A record names what it is about: 指标名称 / 项目名称 / 名称.
_RECORD_NAME_LABEL = re.compile(r"名称$")
# Fields whose number is no quantity of the plan (a row number, a period).
_NOT_A_QUANTITY_LABEL = re.compile(r"序号|编号|年限|年度|期限|时间|年份|周期|属性|单位")
_YEAR_VALUE = re.compile(rf"^(?:19|20)\d\d\s*年?(?:\s*[{RANGE_JOINERS}]+\s*(?:19|20)?\d\d\s*年?)?$")
_MIN_RECORD_FIELDS = 3


def record_regions(lines: Sequence[str]) -> list[_Span]:
    """Blocks of labelled-field records, one field per line (blank lines between allowed), that
    name what each record is about (a …名称 field) and have at least three fields."""
    regions = []
    run: list[int] = []
    for line_no, text in enumerate([*lines, "end"], start=1):
        if not text.strip() and line_no <= len(lines):
            continue
        if line_no <= len(lines) and _FIELD_LINE.match(text):
            run.append(line_no)
            continue
        labels = [_FIELD_LINE.match(lines[k - 1]).group("label") for k in run]
        if len(run) >= _MIN_RECORD_FIELDS and any(_RECORD_NAME_LABEL.search(label) for label in labels):
            regions.append(_Span(run[0], run[-1]))
        run = []
    return regions


def record_number_spans(line: str) -> list[Span]:
    """The number a labelled field states when its value is one quantity ('2025年目标：≥65',
    '总投资：3200万元'; not a 序号, a period or a year; a number inside a text field is prose)."""
    match = _FIELD_LINE.match(line)
    if not match or _NOT_A_QUANTITY_LABEL.search(match.group("label")):
        return []
    printed = match.group("value")
    value = unicodedata.normalize("NFKC", printed)
    quantity = _QUANTITY_CELL.fullmatch(value.replace(" ", ""))
    if not quantity or _YEAR_VALUE.match(value) or len(value) != len(printed) or " " in value:
        return []
    return [(match.start("value") + quantity.start("n"), match.start("value") + quantity.end("n"))]


def is_project_title(heading: str) -> bool:
    """A heading or 专栏 title that lists projects: 重点项目, 重大工程 (not 主要任务, 主要指标)."""
    first_sentence = re.split(r"[。！？]", heading.lstrip("#").strip())[0]
    title = _flat(heading_title(first_sentence)).replace("\t", "")
    return bool(_PROJECT_TITLE.search(title)) and not _NOT_PROJECT_TITLE.search(title)


@dataclass(frozen=True)
class _Span:
    first: int
    last: int

    def __contains__(self, line_no: int) -> bool:
        return self.first <= line_no <= self.last


def _table_rows(cells: Sequence[TableCell], blocks: Sequence[Block] = ()) -> tuple[list[_Span], list[_Span]]:
    """(table spans, body row spans) of the rebuilt tables, in lines; a table's last row runs
    to the end of the table block that holds it (its wrapped lines)."""
    tables: dict[int, list[int]] = {}
    row_first: dict[int, dict[int, int]] = {}
    for cell in cells:
        tables.setdefault(cell.table_seq, []).append(cell.source_line)
        rows = row_first.setdefault(cell.table_seq, {})
        rows[cell.row_idx] = min(rows.get(cell.row_idx, cell.source_line), cell.source_line)
    table_spans, row_spans = [], []
    for seq, lines in tables.items():
        last = max(lines)
        block = next(
            (b for b in blocks if b.block_kind == "table" and b.start_line <= last <= b.end_line), None
        )
        last = max(last, block.end_line) if block else last
        table_spans.append(_Span(min(lines), last))
        firsts = sorted(set(row_first[seq].values()))
        for i, first in enumerate(firsts):
            end = firsts[i + 1] - 1 if i + 1 < len(firsts) else last
            row_spans.append(_Span(first, max(first, end)))
    return table_spans, row_spans


def _project_sections(blocks: Sequence[Block]) -> list[_Span]:
    """Line spans of the headings and boxes whose title names projects."""
    spans = []
    for i, block in enumerate(blocks):
        title = block.text.split("\n")[0]
        if block.block_kind == "box" and is_project_title(title):
            spans.append(_Span(block.start_line, block.end_line))
        elif block.block_kind == "heading" and block.heading_level and is_project_title(title):
            last = blocks[-1].end_line
            for later in blocks[i + 1 :]:
                if later.block_kind == "heading" and (later.heading_level or 0) <= block.heading_level:
                    last = later.start_line - 1
                    break
            spans.append(_Span(block.start_line, last))
    return spans


def _read_lines(
    fact_lines: Iterable[int], row_spans: list[_Span], blocks: Sequence[Block], lines: Sequence[str]
) -> set[int]:
    """Lines that fed a fact: the fact's whole table row, or its prose sentence (from the fact's
    line through the line that ends the sentence, inside its paragraph or box, before the next fact)."""
    facts = sorted(set(fact_lines))
    read: set[int] = set()
    for i, line_no in enumerate(facts):
        row = next((span for span in row_spans if line_no in span), None)
        if row is not None:
            read.update(range(row.first, row.last + 1))
            continue
        holder = next(
            (b for b in blocks if b.start_line <= line_no <= b.end_line and b.block_kind != "table"), None
        )
        last = min(holder.end_line if holder else line_no, len(lines))
        if i + 1 < len(facts):
            last = min(last, max(line_no, facts[i + 1] - 1))
        end = line_no
        while end < last and not _SENTENCE_END.search(lines[end - 1]):
            end += 1
        read.update(range(line_no, end + 1))
    return read


def _captions_without_table(
    lines: Sequence[str], blocks: Sequence[Block], cells: Sequence[TableCell], table_spans: list[_Span]
) -> list[tuple[int, _Span]]:
    """(caption line, the region it announces) of each caption with no rebuilt table under it
    (or titled by it). The region runs to the next heading of the caption's section level or
    above, the next caption or box, or the next prose paragraph: where its table would be."""
    titles = {_flat(cell.table_title) for cell in cells if cell.table_title}
    out = []
    level = None  # level of the heading the caption sits under
    for i, block in enumerate(blocks):
        if block.block_kind == "heading":
            level = block.heading_level
        if block.block_kind != "caption":
            continue
        caption = _flat(lines[block.start_line - 1])
        if any(caption and (caption in title or title in caption) for title in titles):
            continue
        last = block.end_line
        for later in blocks[i + 1 : i + 1 + _MAX_REGION_BLOCKS]:
            ends = (
                later.block_kind in ("caption", "box")
                or (later.block_kind == "heading" and (later.heading_level or 0) <= (level or 0))
                or (later.block_kind == "paragraph" and _is_prose(later.text))
            )
            if ends:
                adjacent = not any(text.strip() for text in lines[last : later.start_line - 1])
                if later.block_kind == "paragraph" and adjacent:
                    last = _rows_opening(lines, later) or last
                break
            last = later.end_line
        region = _Span(block.end_line + 1, max(last, block.end_line + 1))
        if any(span.first in region or region.first in span for span in table_spans):
            continue
        out.append((block.start_line, region))
    return out


def _rows_opening(lines: Sequence[str], paragraph: Block) -> int | None:
    """The last line of the table rows a prose paragraph opens with (a text converter printed a
    table and the text after it as one paragraph): the lines before the first that ends a
    sentence, when one of them shows cells (a cell gap, or undecodable bytes); None when the
    paragraph opens with prose."""
    last, cells = None, False
    for line_no in range(paragraph.start_line, paragraph.end_line + 1):
        text = lines[line_no - 1]
        if _SENTENCE_END.search(text):
            break
        cells = cells or bool(_CELL_GAP.search(text)) or REPLACEMENT in text
        last = line_no if text.strip() else last
    return last if cells else None


def _bare_numbers(text: str) -> list[Span]:
    """The spans of the numbers a line prints, years (1900-2099) left out."""
    return [
        (m.start(), m.end())
        for m in _BARE_NUMBER.finditer(text)
        if not (len(m.group(0)) == 4 and m.group(0).isdigit() and 1900 <= int(m.group(0)) <= 2099)
    ]


# A 序号 cell: a small integer, maybe with the list mark after it ('3', '3、', '3.').
_QUALIFIER = re.compile(r"(?:以上|以下|左右|及以上)$")
_ROW_NUMBER = re.compile(r"^\d{1,4}[、.．]?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_year(number: str, after: str) -> bool:
    """A year (1900-2099) or a number followed by 年 ('2025年', '2026-' of a period)."""
    return after.startswith("年") or (len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2099)


def _names_something(cell: str) -> bool:
    """A text cell that names a row (not an attribute, a no-value mark or a number; a unit may
    be the start of a name cut by the column: '每千')."""
    cell = cell.replace(REPLACEMENT, "")
    return (
        len(cell) >= 2
        and bool(_CJK.search(cell))
        and not _ATTRIBUTE.match(cell)
        and not is_no_value(cell)
        and not _NUMBER.match(cell)
    )


def _is_row_number(cells: list[str], k: int, next_line: str = "") -> bool:
    """Cell k is the row's 序号: a small integer with a cell naming the row after it (on the
    line, or on the next line when the cell stands alone, as one-cell-per-line PDF text prints it)."""
    if not _ROW_NUMBER.match(cells[k]):
        return False
    if k + 1 < len(cells):
        return _names_something(cells[k + 1])
    # a lone cell: the next line is the row's name, not the unit cell printed after a value;
    # and a small number (a project's amount stands alone before the next project's name too)
    after = _flat(next_line).split("\t")[0] if len(cells) == 1 else ""
    return len(cells[k].rstrip("、.．")) <= 2 and _names_something(after) and normalize_unit(after) is None


def _row_number_at(line: str, span: Span, next_line: str, in_run: bool) -> bool:
    """The number at `span` is the 序号 opening the line's row (`_is_row_number`, or a line of a
    run of lone 1, 2, 3 …)."""
    if line[: span[0]].strip():
        return False
    cells = [cell for cell in _flat(line).split("\t") if cell]
    return in_run or (bool(cells) and _is_row_number(cells, 0, next_line))


def _cell_value(cell: str) -> tuple[int, int, int] | None:
    """(start, end) within `cell` of the number a quantity cell holds, and where its unit
    starts when the unit is printed before it: the cell is the number with a comparator, a unit
    or a qualifier ('36.5', '≥55', '90以上', '12个'), or a unit cell glued to the value cell after
    it as PDF text prints them ('张 36.5'), or a name, its unit and its value glued together
    ('…探访率 % 90'): a number that ends the cell right after a field unit."""
    quantity = _QUANTITY_CELL.fullmatch(cell)
    if quantity:
        tail = _QUALIFIER.sub("", cell[quantity.end("n") :])
        if not tail or normalize_unit(tail) is not None:
            return quantity.start("n"), quantity.end("n"), 0
    last = re.search(r"[≥≤<>]?(\d+(?:[.,]\d+)*)$", cell)
    if last and last.start() > 0:
        before = cell[: last.start()]
        for k in range(min(_UNIT_WINDOW, len(before)), 0, -1):
            if normalize_unit(before[-k:]) in FIELD_UNITS:
                return last.start(1), last.end(1), len(before) - k
    return None


def cell_number_spans(line: str, next_line: str = "") -> list[Span]:
    """Spans in `line` of the numbers that are a quantity cell of their own (`_cell_value`), but
    a year, a page number and the row's 序号: a row's first number cell that is a small integer
    with a cell naming the row after it (on the line, or on the next line when the cell stands
    alone, as one-cell-per-line PDF text prints it)."""
    if _PAGE_NUMBER.match(line.strip()):
        return []
    text, where = _flat_map(line)
    cells: list[tuple[int, str]] = []  # (offset in text, cell)
    at = 0
    for cell in text.split("\t"):
        if cell:
            cells.append((at, cell))
        at += len(cell) + 1
    out: list[Span] = []
    seen_number = False
    for k, (at, cell) in enumerate(cells):
        value = _cell_value(cell)
        if value is None:
            seen_number = seen_number or bool(_NUMBER.search(cell))
            continue
        number = cell[value[0] : value[1]]
        unit_at = where[at + value[2]]
        if value[2] > 0 and not line[unit_at - 1 : unit_at].isspace():
            # a unit glued after a name is printed apart from it ('探访率 % 90'), not a
            # character of the name ('新增床位 120': 位 is no unit there)
            seen_number = True
            continue
        if _is_year(number, cell[value[1] :]):
            seen_number = True
            continue
        if not seen_number and _is_row_number([c for _, c in cells], k, next_line):
            seen_number = True
            continue
        if not seen_number and _numbers_a_name(line, where[at + value[0]]):
            seen_number = True
            continue
        seen_number = True
        out.append((where[at + value[0]], where[at + value[1] - 1] + 1))
    return out


# A small integer opening a line, one space before text (PDF text in reading order: '1 每千'
# and the name goes on over the next lines).
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}[、.．]?[ \u00a0\u3000](?=[\u4e00-\u9fff])")


def _numbers_a_name(line: str, start: int) -> bool:
    """The number at `start` is the row's 序号 opening the line a space before its name: the
    text after the space starts with no unit of the field ('1 每千' is row 1, '300 张' a
    count of beds)."""
    match = _LEADING_NUMBER.match(line)
    return (
        bool(match)
        and start == len(line) - len(line.lstrip())
        and _field_unit_at(_flat(line[match.end() :]), 0) is None
    )


def _cut_by_wrap(line: str, span: Span, next_line: str, previous_line: str) -> bool:
    """A number a fixed-width wrap cut in two ('…改扩建项目 2' / '026-2027', '…探访率 % 90  9' /
    '2  94'): it touches the line break with a digit on the other side, on a line that holds
    more than the number, the other side not being the next row's 序号; or it opens its line
    right after a line of text that ends in a digit (not a line that is one number: one cell
    per line)."""
    whole = line.strip() == line[span[0] : span[1]]
    if span[1] == len(line.rstrip("\r")) and not whole and next_line[:1].isdigit():
        lone = bool(re.fullmatch(r"[\d.,]+\s*", next_line))  # one cell per line: the next row's cell
        row = re.match(r"(\d{1,3})[、.．]?\s+(\S+)", next_line)  # the next row's 序号 and name
        if not lone and not (row and _names_something(row.group(2))):
            return True
    if span[0] == 0 and previous_line[-1:].isdigit():
        return not re.fullmatch(r"\s*[≥≤<>]?[\d.,]+", unicodedata.normalize("NFKC", previous_line))
    return False


def undecodable_number_spans(line: str) -> list[Span]:
    """On a line holding U+FFFD (bytes a converter could not decode, as html2text cuts a CJK
    character in two): every number but a year and the row's 序号, the cells' bounds being lost."""
    text, where = _flat_map(line)
    out: list[Span] = []
    for match in _NUMBER.finditer(text):
        number = match.group(0)
        if _is_year(number, text[match.end() :]):
            continue
        if match.start() == 0 and _ROW_NUMBER.match(text.split("\t")[0]) and "\t" in text:
            continue  # the 序号 opening the row
        out.append((where[match.start()], where[match.end() - 1] + 1))
    return out


def _quantity_region(lines: Sequence[str], span: _Span) -> bool:
    """A table region whose numbers are quantities: a line prints a field unit with a number, a
    unit cell, a unit in a name or header ('总投资（亿元）'), or a 单位 column."""
    for text in lines[span.first - 1 : span.last]:
        cells = [cell for cell in _flat(text).split("\t") if cell]
        if audited_numbers(text) or (cells and _row_unit(cells)) or any("单位" in cell for cell in cells):
            return True
    return False


_ROW_NUMBER_RUN = 3  # lone integers counting up one by one this many lines long are a 序号 column


def _row_number_runs(lines: Sequence[str]) -> set[int]:
    """Lines of a 序号 column printed one cell per line: lone integers counting up one by one,
    from 1 (two lines at least) or from anywhere (three at least: the rest of the column after
    the first row's cells)."""
    out: set[int] = set()
    run: list[int] = []
    for line_no, text in enumerate([*lines, "end"], start=1):
        stripped = text.strip()
        if not stripped and line_no <= len(lines):
            continue
        if stripped.isdigit() and run and int(stripped) == int(lines[run[-1] - 1].strip()) + 1:
            run.append(line_no)
            continue
        if len(run) >= 2 and lines[run[0] - 1].strip() == "1" or len(run) >= _ROW_NUMBER_RUN:
            out.update(run)
        run = [line_no] if stripped.isdigit() and len(stripped) <= 3 else []
    return out


def _is_prose(text: str) -> bool:
    return len(_flat(text)) >= _PROSE and bool(re.search(r"[。；;]", text))


class _Cover:
    """The read pieces of one line, asked whether one overlaps a number (a line of a long
    paragraph holds thousands of both)."""

    def __init__(self, pieces: list[Span]):
        pieces = sorted(pieces)
        self.starts = [start for start, _ in pieces]
        self.reach = list(itertools.accumulate((end for _, end in pieces), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the pieces that start before the number ends
        return before > 0 and self.reach[before - 1] > start


def audit_reading(
    lines: Sequence[str],
    blocks: Sequence[Block],
    table_cells: Sequence[TableCell],
    fact_lines: Iterable[int],
    read: Iterable[tuple[int, int, int]],
) -> list[AuditedLine]:
    """Every line in a table region, labelled-field record block or project section that
    prints numbers of the field (with how many, how many were read, and the span of the first
    unread one), and every caption without a table.

    `fact_lines`: the source_line of every fact row extracted from the document.
    `read`: (line, start, end) of every printed piece that fed a fact row (`ingestion.spans.read_spans`).
    A number that is a cell of its own or a record field's value is read when one of those
    pieces overlaps it, or a typed cell of `table_cells` that counts (`_cells_read`) holds it;
    a number inside a text cell or a sentence when a fact was read from its table row or
    sentence (such a number is often no fact's field: 建设3个中心).
    In a table region of quantities, a number that is a cell of its own counts with or without
    a unit on its line (`cell_number_spans`); on a line holding U+FFFD, every number but a year
    and a 序号 (`undecodable_number_spans`), listed with reason REASON_UNDECODABLE.
    """
    read = list(read)
    fact_lines = list(fact_lines)
    cells_read = _cells_read(table_cells, read, set(fact_lines))
    fact_lines += [c.source_line for c in cells_read]
    read += [(c.source_line, c.span_start, c.span_end) for c in cells_read if c.span_start is not None]
    table_spans, row_spans = _table_rows(table_cells, blocks)
    # a typed cell no span locates (its row wrapped, the value printed on a later line of the
    # row): a number of the row's lines that equals it is read
    row_values: dict[int, set[float]] = {}
    for cell in cells_read:
        if cell.span_start is None:
            row = next(
                (span for span in row_spans if cell.source_line in span),
                _Span(cell.source_line, cell.source_line),
            )
            for line_no in range(row.first, row.last + 1):
                row_values.setdefault(line_no, set()).add(cell.value_numeric)
    row_texts = _row_texts(table_cells, row_spans)
    captions = _captions_without_table(lines, blocks, table_cells, table_spans)
    table_regions = (
        table_spans
        + [_Span(b.start_line, b.end_line) for b in blocks if b.block_kind == "table"]
        + [region for _, region in captions]
    )
    quantity_regions = [span for span in table_regions if _quantity_region(lines, span)]
    row_number_lines = _row_number_runs(lines)
    heading_lines = {b.start_line for b in blocks if b.block_kind in ("heading", "caption")}
    caption_regions = [region for _, region in captions]
    records = record_regions(lines)
    project_regions = _project_sections(blocks)
    read_rows = _read_lines(fact_lines, row_spans, blocks, lines)
    read_on: dict[int, list[Span]] = {}
    for line_no, start, end in read:
        read_on.setdefault(line_no, []).append((start, end))
    covers = {line_no: _Cover(pieces) for line_no, pieces in read_on.items()}
    nothing = _Cover([])
    audited = {}
    for line_no, text in enumerate(lines, start=1):
        in_record = any(line_no in span for span in records)
        in_table = any(line_no in span for span in table_regions)
        if not (in_record or in_table or any(line_no in span for span in project_regions)):
            continue
        undecodable = False
        if in_record:
            numbers = [(span, True) for span in record_number_spans(text)]
        else:
            numbers = audited_numbers(text, _next_nonblank(lines, line_no))
            if in_table and REPLACEMENT in text:
                undecodable = True
                numbers = _merge(numbers, undecodable_number_spans(text))
            elif line_no not in row_number_lines and any(line_no in span for span in quantity_regions):
                # the next line names the row only inside the same region and before a heading
                after = _next_nonblank_no(lines, line_no)
                region = next(span for span in quantity_regions if line_no in span)
                inside = after is not None and after in region and after not in heading_lines
                cells = cell_number_spans(text, lines[after - 1] if inside else "")
                cells = [span for span in cells if not _piece_of_another(lines, line_no, span)]
                numbers = _merge(numbers, cells + (record_number_spans(text) if in_table else []))
            # an amount of money is a fact's field wherever it stands (a project's investment,
            # a funding amount): read only when a fact's span holds it
            numbers = [(span, is_cell or _is_money(text, span[1])) for span, is_cell in numbers]
        if not numbers and any(line_no in region for region in caption_regions):
            # no table was rebuilt here, so nothing tells which bare number has its unit in a
            # column: every number of the announced table but a year and a 序号 counts, and is unread
            numbers = [
                (span, True)
                for span in _bare_numbers(text)
                if not _row_number_at(text, span, _next_nonblank(lines, line_no), line_no in row_number_lines)
                and not _piece_of_another(lines, line_no, span)
            ]
        if not numbers:
            continue
        cover = covers.get(line_no, nothing)
        values = row_values.get(line_no, set())
        texts = row_texts.get(line_no, ())
        unread = [
            (a, b)
            for (a, b), is_cell in numbers
            if not (
                (
                    cover.overlaps(a, b)
                    or _number(text[a:b]) in values
                    # a number of a text cell wrapped onto a line of its own ('4500 平方' of a
                    # 建设内容 cell) is the cell's: read with its row
                    or (line_no in read_rows and _in_text_cell(text, (a, b), texts))
                )
                if is_cell
                else line_no in read_rows
            )
        ]
        reason = (
            REASON_RECORD
            if in_record
            else REASON_UNDECODABLE
            if undecodable
            else REASON_TABLE
            if in_table
            else REASON_PROJECT_SECTION
        )
        audited[line_no] = AuditedLine(
            source_line=line_no,
            unit_numbers=len(numbers),
            read_numbers=len(numbers) - len(unread),
            reason=reason if unread else None,
            line_text=text,
            span_start=unread[0][0] if unread else None,
            span_end=unread[0][1] if unread else None,
        )
    for line_no, _ in captions:
        audited.setdefault(
            line_no,
            AuditedLine(line_no, unit_numbers=0, read_numbers=0, reason=None, line_text=lines[line_no - 1]),
        )
        audited[line_no] = _with_reason(audited[line_no], REASON_CAPTION)
    return [audited[k] for k in sorted(audited)]


def _merge(numbers: list[tuple[Span, bool]], cells: list[Span]) -> list[tuple[Span, bool]]:
    """`numbers` and the number cells no span of them overlaps, in line order."""
    more = [(span, True) for span in cells if not any(a < span[1] and span[0] < b for (a, b), _ in numbers)]
    return sorted(numbers + more)


def _is_money(line: str, end: int) -> bool:
    """The number ending at `end` is followed by 万元 or 亿元 (spaces and width folded)."""
    after = unicodedata.normalize("NFKC", line[end : end + 6]).replace(" ", "")
    return after.startswith(("万元", "亿元"))


def _number(printed: str) -> float | None:
    try:
        return float(unicodedata.normalize("NFKC", printed).lstrip("≥≤<>").replace(",", ""))
    except ValueError:
        return None


def _cells_read(
    cells: Sequence[TableCell], read: Sequence[tuple[int, int, int]], fact_lines: set[int]
) -> list[TableCell]:
    """The typed cells of rebuilt tables whose number counts as read though no fact consumed it
    (marts.fct_table_cells holds it): every typed cell of a table of another kind; in an
    indicator or project table, a cell under a year (a 中期目标 column) of a row that fed a
    fact, and a cell no span locates (its row wrapped) of a row that fed a fact. Any other
    value cell of such a table no fact read is unread: a dropped column, a row rebuilt from
    the pieces of others, a table rebuilt in a shape no fact came out of."""
    typed = [c for c in cells if c.value_numeric is not None and not c.is_header]
    pieces: dict[int, list[Span]] = {}
    for line_no, start, end in read:
        pieces.setdefault(line_no, []).append((start, end))
    fed_rows = {
        (c.table_seq, c.row_idx)
        for c in typed
        if c.span_start is not None
        and any(a < c.span_end and c.span_start < b for a, b in pieces.get(c.source_line, []))
    }
    return [
        c
        for c in typed
        if c.table_kind not in ("indicator", "project")
        or (c.span_start is None and c.source_line in fact_lines)
        or (c.year is not None and (c.table_seq, c.row_idx) in fed_rows)
    ]


def _row_texts(cells: Sequence[TableCell], row_spans: list[_Span]) -> dict[int, list[str]]:
    """Per line of a rebuilt table row, the row's text cells (建设内容, a name) as one string
    each, spaces and line breaks gone."""
    first: dict[tuple[int, int], int] = {}
    texts: dict[tuple[int, int], list[str]] = {}
    for cell in cells:
        if cell.is_header:
            continue
        key = (cell.table_seq, cell.row_idx)
        first[key] = min(first.get(key, cell.source_line), cell.source_line)
        if cell.value_numeric is None and _CJK.search(cell.text or ""):
            texts.setdefault(key, []).append(re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell.text)))
    out: dict[int, list[str]] = {}
    for key, line in first.items():
        row = next((span for span in row_spans if line in span), None)
        if row is not None and texts.get(key):
            for line_no in range(row.first, row.last + 1):
                out.setdefault(line_no, []).extend(texts[key])
    return out


def _in_text_cell(line: str, span: Span, texts: Sequence[str]) -> bool:
    """The number at `span`, with the words the line prints after it, stands inside one of
    the row's text cells ('4500 平方' in '新增床位120张，建筑面积4500平方米'; a number alone on
    its line is a cell of its own, whatever text a wrong rebuild glued it into)."""
    piece = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line[span[0] :]))
    return bool(_CJK.search(piece)) and any(piece in text for text in texts)


def _with_reason(row: AuditedLine, reason: str) -> AuditedLine:
    return dataclasses.replace(row, reason=row.reason or reason)


def _piece_of_another(lines: Sequence[str], line_no: int, span: Span) -> bool:
    """The number at `span` of line `line_no` is a piece of a number or period printed over
    two lines: cut by a fixed-width wrap (`_cut_by_wrap`) or the end of a period (`_ends_a_period`)."""
    text = lines[line_no - 1]
    following = lines[line_no] if line_no < len(lines) else ""
    before = lines[line_no - 2] if line_no > 1 else ""
    return _cut_by_wrap(text, span, following, before) or _ends_a_period(
        text, span, _previous_nonblank(lines, line_no)
    )


def _previous_nonblank(lines: Sequence[str], line_no: int) -> str:
    for text in reversed(lines[max(0, line_no - 4) : line_no - 1]):
        if text.strip():
            return text
    return ""


# A year and a range dash ending a line: a period printed over two lines ('2021-' / '2024').
_PERIOD_OPENED = re.compile(rf"(?:19|20)\d\d\s*年?\s*[{RANGE_JOINERS}]\s*$")


# A period left open anywhere on a line ('2026.03-  3200': a row's cells after it), and a year
# (with its month) that may close it on the next line ('2027.12').
_PERIOD_OPEN = re.compile(rf"(?:19|20)\d\d{YEAR_MONTH}?\s*年?\s*[{RANGE_JOINERS}](?=\s|$)")
_YEAR_AND_MONTH = re.compile(rf"(?:19|20)\d\d{YEAR_MONTH}?")


def _ends_a_period(line: str, span: Span, previous_line: str) -> bool:
    """The number opens its line after a line that ends with a year and a range dash, or it is
    a year and month after a line that leaves a period open in a cell of a row ('2026.03-' /
    '2027.12')."""
    previous = unicodedata.normalize("NFKC", previous_line)
    if not line[: span[0]].strip() and _PERIOD_OPENED.search(previous):
        return True
    number = unicodedata.normalize("NFKC", line[span[0] : span[1]])
    return bool(_YEAR_AND_MONTH.fullmatch(number)) and "." in number and bool(_PERIOD_OPEN.search(previous))


def _next_nonblank_no(lines: Sequence[str], line_no: int) -> int | None:
    """The number of the first non-blank line of the three after `line_no`."""
    for k in range(line_no + 1, min(line_no + 3, len(lines)) + 1):
        if lines[k - 1].strip():
            return k
    return None


def _next_nonblank(lines: Sequence[str], line_no: int) -> str:
    for text in lines[line_no : line_no + 3]:
        if text.strip():
            return text
    return ""
