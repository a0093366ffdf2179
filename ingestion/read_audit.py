"""What was not read: lines in table regions and project sections whose numbers fed no fact row.

A user loading a plan nobody has seen has no gold file to compare with. This audit tells
them where the extractors missed something, from the structure of the text alone:

- Regions that must be read: every table the segmenter found (`Block` of kind table) or
  the table reconstruction rebuilt (`TableCell` spans), and every project section (a
  heading or 专栏 box whose title names 项目/工程, up to the next heading of its level).
- In a region, each line is audited for numbers printed with a unit of the field
  (`FIELD_UNITS`: 50%, 3‰, 1.5倍, 800万元, 2.36亿元, 300张, 12个, 45人, 3所, 2000平方米;
  a number whose unit is wrapped onto the next line counts on its own line).
- A line fed a fact row when a fact (indicator value, project, funding amount, stated
  total) is printed on the same table row (a row spans from its first cell's line to the
  line before the next row: wrapped cells and one-cell-per-line rows are covered), or,
  outside tables, in the same sentence (from a fact's line through the line that ends
  its sentence, inside the paragraph or box that holds it, before the next fact).
- A caption ("表1 …", "主要指标", "重点项目一览") with no rebuilt table under it is a miss too.

Pure: rows in, rows out. `ingestion.extract` runs it last; it is stored as raw.audited_lines
and marts.rpt_unread_lines / dim_document.read_coverage are derived from it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingestion.model import AuditedLine, Block, TableCell
from ingestion.projects import heading_title
from ingestion.values import normalize_unit, unit_from_name

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


def _flat(text: str) -> str:
    """NFKC (full-width digits and ％); a single space goes ('300 张' -> '300张'), while a
    cell boundary (tab, |, a run of spaces) stays a tab so that a 序号 never joins the next cell."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\t|\||\s{2,}", "\t", text)
    return re.sub(r"(?<=\S) (?=\S)", "", text)


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
        normalize_unit(cell) in FIELD_UNITS or normalize_unit(unit_from_name(cell)[1]) in FIELD_UNITS
        for cell in cells
    )


def count_unit_numbers(line: str, next_line: str = "") -> int:
    """Numbers printed with a field unit on `line`; a trailing number counts when
    `next_line` starts with its unit (a unit wrapped onto the next line), and the bare
    number cells of a table row whose unit has a cell of its own ('1  占比  %  48  65')."""
    text = _flat(line)
    # a row of a table nobody rebuilt may separate its cells with full-width commas
    # ('低保覆盖率，%，95，98'); NFKC would make them ASCII commas, alike to thousands separators
    cells = _flat(line.replace("，", "\t")).split("\t")
    count = 0
    if len(cells) >= 3 and _row_unit(cells):
        # the first cell is the 序号 or the name: never the row's value
        count += sum(1 for cell in cells[1:] if _BARE_NUMBER.fullmatch(cell))
    for match in _NUMBER.finditer(text):
        if match.end() == len(text):
            # "总投资 2.36" / "亿元，…": only a line that is more than the number (not a 序号
            # cell) and a next line that opens with the unit and then stops or punctuates
            wrapped = _WRAPPED_UNIT.match(_flat(next_line))
            count += match.start() > 0 and bool(wrapped) and _field_unit_at(wrapped.group(1), 0) is not None
        else:
            count += _field_unit_at(text, match.end()) is not None
    return count


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


def _is_prose(text: str) -> bool:
    return len(_flat(text)) >= _PROSE and bool(re.search(r"[。；;]", text))


def audit_reading(
    lines: Sequence[str],
    blocks: Sequence[Block],
    table_cells: Sequence[TableCell],
    fact_lines: Iterable[int],
) -> list[AuditedLine]:
    """Every line in a table region or project section that prints numbers with a field
    unit (with how many and whether they fed a fact row), and every caption without a table.

    `fact_lines`: the source_line of every fact row extracted from the document.
    """
    table_spans, row_spans = _table_rows(table_cells)
    captions = _captions_without_table(lines, blocks, table_cells, table_spans)
    table_regions = (
        table_spans
        + [_Span(b.start_line, b.end_line) for b in blocks if b.block_kind == "table"]
        + [region for _, region in captions]
    )
    project_regions = _project_sections(blocks)
    read = _read_lines(fact_lines, row_spans, blocks, lines)
    audited = {}
    for line_no, text in enumerate(lines, start=1):
        in_table = any(line_no in span for span in table_regions)
        if not in_table and not any(line_no in span for span in project_regions):
            continue
        numbers = count_unit_numbers(text, _next_nonblank(lines, line_no))
        if not numbers:
            continue
        was_read = line_no in read
        reason = None if was_read else (REASON_TABLE if in_table else REASON_PROJECT_SECTION)
        audited[line_no] = AuditedLine(
            source_line=line_no,
            unit_numbers=numbers,
            read_numbers=numbers if was_read else 0,
            reason=reason,
            line_text=text,
        )
    for line_no, _ in captions:
        audited.setdefault(
            line_no,
            AuditedLine(line_no, unit_numbers=0, read_numbers=0, reason=None, line_text=lines[line_no - 1]),
        )
        audited[line_no] = _with_reason(audited[line_no], REASON_CAPTION)
    return [audited[k] for k in sorted(audited)]


def _with_reason(row: AuditedLine, reason: str) -> AuditedLine:
    return AuditedLine(
        row.source_line, row.unit_numbers, row.read_numbers, row.reason or reason, row.line_text
    )


def _next_nonblank(lines: Sequence[str], line_no: int) -> str:
    for text in lines[line_no : line_no + 3]:
        if text.strip():
            return text
    return ""
