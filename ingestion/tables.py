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

    Cell.text          the cell as printed, wrapped lines joined without separator,
                       surrounding whitespace stripped ('' for an empty cell)
    Cell.source_line   1-based line where the cell starts

Helpers: `Table.col(role)` -> first column index with that role (or None),
`Row.text(i)` -> text of column i ('' if out of range).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ingestion.model import TableCell


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


def reconstruct_tables(lines: list[str]) -> list[Table]:
    return []  # TODO: being written


def table_cells(tables: list[Table]) -> list[TableCell]:
    return []
