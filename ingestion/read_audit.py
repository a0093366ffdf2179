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
- Per printed number, not per line: a number was read when the span of a piece that fed a
  fact (`ingestion.spans.read_spans`: an indicator value's cell, a project's amount, years,
  beds and floor area, a funding amount, a stated total) overlaps it. A cell dropped from a
  row that was otherwise read, a year column nobody read, a record block nobody rebuilt:
  each of their numbers is unread, and the line keeps the span of its first unread number.
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
from ingestion.values import normalize_unit, unit_from_name
from vocabulary.text import RANGE_JOINERS

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


def _flat(text: str) -> str:
    """NFKC (full-width digits and ％); a single space goes ('300 张' -> '300张'), while a
    cell boundary (tab, a vertical rule |│, a run of spaces) becomes one tab so that a 序号
    never joins the next cell."""
    return _flat_map(text)[0]


# Vertical rules between cells: ASCII pipes, and the box drawing w3m and other text browsers print.
_RULES = frozenset("|│┃║")


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
            single = run - k == 1 and char == " "
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
        # the first cell is the 序号 or the name: never the row's value
        for start, end, cell in bounds[1:]:
            if _BARE_NUMBER.fullmatch(cell):
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
            found[start] = (where[match.end() - 1] + 1, bool(_QUANTITY_CELL.fullmatch(cell)))
    return [((a, b), is_cell) for a, (b, is_cell) in sorted(found.items())]


# A cell that is one quantity: comparator, number, unit, qualifier ('≥65%', '3200万元', '300张以上').
_QUANTITY_CELL = re.compile(
    r"(?:[≥≤<>]|不低于|不少于|不超过|达到|超过)?(?P<n>\d+(?:[.,]\d+)*)[^\d\s，,。；;（）()]{0,5}?(?:以上|以下|左右|及以上)?"
)
# A labelled field printed on a line of its own: "指标名称：…", "2025年目标：≥65", "总投资：3200万元".
_FIELD_LINE = re.compile(r"^\s*(?P<label>[^\s：:，。；,;]{2,12}?)\s*[：:]\s*(?P<value>\S.*?)\s*$")
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


def _table_rows(cells: Sequence[TableCell]) -> tuple[list[_Span], list[_Span]]:
    """(table spans, body row spans) of the rebuilt tables, in lines."""
    tables: dict[int, list[int]] = {}
    row_first: dict[int, dict[int, int]] = {}
    for cell in cells:
        tables.setdefault(cell.table_seq, []).append(cell.source_line)
        rows = row_first.setdefault(cell.table_seq, {})
        rows[cell.row_idx] = min(rows.get(cell.row_idx, cell.source_line), cell.source_line)
    table_spans, row_spans = [], []
    for seq, lines in tables.items():
        last = max(lines)
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
                break
            last = later.end_line
        region = _Span(block.end_line + 1, max(last, block.end_line + 1))
        if any(span.first in region or region.first in span for span in table_spans):
            continue
        out.append((block.start_line, region))
    return out


def _bare_numbers(text: str) -> list[Span]:
    """The spans of the numbers a line prints, years (1900-2099) left out."""
    return [
        (m.start(), m.end())
        for m in _BARE_NUMBER.finditer(text)
        if not (len(m.group(0)) == 4 and m.group(0).isdigit() and 1900 <= int(m.group(0)) <= 2099)
    ]


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
    pieces overlaps it; a number inside a text cell or a sentence when a fact was read from
    its table row or sentence (such a number is often no fact's field: 建设3个中心).
    """
    table_spans, row_spans = _table_rows(table_cells)
    captions = _captions_without_table(lines, blocks, table_cells, table_spans)
    table_regions = (
        table_spans
        + [_Span(b.start_line, b.end_line) for b in blocks if b.block_kind == "table"]
        + [region for _, region in captions]
    )
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
        if in_record:
            numbers = [(span, True) for span in record_number_spans(text)]
        else:
            numbers = audited_numbers(text, _next_nonblank(lines, line_no))
        if not numbers and any(line_no in region for region in caption_regions):
            # no table was rebuilt here, so nothing tells which bare number has its unit in a
            # column: every number of the announced table but a year counts, and is unread
            numbers = [(span, True) for span in _bare_numbers(text)]
        if not numbers:
            continue
        cover = covers.get(line_no, nothing)
        unread = [
            (a, b)
            for (a, b), is_cell in numbers
            if not (cover.overlaps(a, b) if is_cell else line_no in read_rows)
        ]
        reason = REASON_RECORD if in_record else REASON_TABLE if in_table else REASON_PROJECT_SECTION
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


def _with_reason(row: AuditedLine, reason: str) -> AuditedLine:
    return dataclasses.replace(row, reason=row.reason or reason)


def _next_nonblank(lines: Sequence[str], line_no: int) -> str:
    for text in lines[line_no : line_no + 3]:
        if text.strip():
            return text
    return ""
