"""Type the cells of every rebuilt table: the table as rows an analyst can query.

`raw.table_cells` holds every header and body cell of every table `ingestion.tables` rebuilt,
whatever its kind (indicator, project, other: a prefecture's 任务分解表 by county, subsidy
standards by year). This module adds to each body cell what it means, from the table's
structure alone:

- `row_label`: the row's first text cell (not a 序号, not a value), as printed;
- `column_header`: the column's header path, a spanning cell and its sub-header joined
  with ' / ' ('2025年目标 / 养老床位(张)');
- `value_numeric`, `comparator`, `unit`: the cell parsed by `ingestion.values.parse_value`
  (the one home of value parsing); the unit is the one printed in the cell, else the
  column header's ('养老床位(张)'), else the row's unit column, else the row label's
  ('社会组织数(个)'). 序号 and 建设年限 cells are positions and years, not values;
- `value_tolerance`: half a unit of the number's last printed digit (`amounts`), the
  precision a stated total is checked with;
- `year` when the header names one; `value_kind` 'target' when it says 目标/规划/预期/预计,
  'actual' when it says 基期/现状/实际/完成/末/底, else None (both read as
  `ingestion.indicators` reads a value column's header);
- `is_total_row`: a 合计/小计/总计/共计 row;
- `sub_region_code`: the region below the plan's own that the row label or the column
  header names (a county of a prefecture plan, a township of a county), resolved within
  the plan's region only (`regions.sub_region`).

Pure: tables and plans in, cells out. The base cells come from `tables.table_cells`; this
module only fills the typed fields (whatever else a cell carries, e.g. spans, is kept).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingestion.amounts import half_unit_of_last_digit

# The indicator extractor's reading of a value column's header, one home for both.
from ingestion.indicators import _ACTUAL_WORDS as ACTUAL_WORDS
from ingestion.indicators import _HEADER_UNIT as HEADER_UNIT
from ingestion.indicators import _TARGET_WORDS as TARGET_WORDS
from ingestion.indicators import _header_year as header_year
from ingestion.model import Plan, TableCell
from ingestion.regions import sub_region
from ingestion.table_rows import Row, Table, is_seq, normalize_header
from ingestion.values import (
    is_no_value,
    looks_like_value,
    normalize_text,
    normalize_unit,
    parse_value,
    unit_from_name,
)

# the word alone or before a bracket/number, not the start of another word (合计划, 总计划投资)
_TOTAL_LABEL = re.compile(r"^(?:全[省市州县区盟旗])?(?:合计|小计|总计|共计)(?![\u4e00-\u9fff])")
_NOT_VALUE_ROLES = ("seq", "years", "period")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def is_total_label(text: str) -> bool:
    """'合计', '小计', '总计（共12个）', '全市合计': a row (or column) that states a total."""
    return bool(_TOTAL_LABEL.match(normalize_text(text)))


def value_kind(header: str) -> str | None:
    """'2025年目标' -> 'target'; '2020年基期' / '现状' -> 'actual'; a header that says neither -> None."""
    text = normalize_header(header)
    if TARGET_WORDS.search(text):  # 目标 before 实际: '2025年规划目标'
        return "target"
    if ACTUAL_WORDS.search(text):
        return "actual"
    return None


def row_label(row: Row, roles: list[str]) -> str | None:
    """The row's first text cell: not a 序号, not a value, not a year range."""
    for cell, role in zip(row.cells, roles, strict=False):
        text = cell.text.strip()
        if not text or role in ("seq", "years") or (is_seq(text) and role != "period"):
            continue
        if role != "period" and looks_like_value(text):
            continue
        return text
    return None


def printed_tolerance(text: str) -> float | None:
    """Half a unit of the last printed digit of the cell's number, in the number's own scale
    ('1200' -> 0, '8.03' -> 0.005, '2.5万' -> 500: parse_value reads 2.5万 as 25000)."""
    m = _PLAIN_NUMBER.search(normalize_text(text))
    parsed = parse_value(text)
    if not m or parsed.number is None:
        return None
    printed = float(m.group(0).replace(",", ""))
    scale = abs(parsed.number / printed) if printed else 1.0
    return float(half_unit_of_last_digit(m.group(0), approximate=False)) * scale


def _unit(cell_text: str, header: str, row_unit: str | None, label: str | None) -> str | None:
    parsed = parse_value(cell_text)
    if parsed.unit:
        return parsed.unit
    for source in (header.split(" / ")[-1], header):
        unit = unit_from_name(source)[1]
        if unit:
            return unit
        bare = HEADER_UNIT.search(normalize_header(source))  # '增长比例%'
        if bare:
            return normalize_unit(bare.group(1))
    if row_unit:
        return row_unit
    return unit_from_name(label)[1] if label else None


def _first(read, *headers: str | None):
    """What the first header that says it says (the column's header, then a period row's label)."""
    return next((v for h in headers if h for v in [read(h)] if v is not None), None)


def _plan_region(plans: list[Plan], line_no: int) -> str | None:
    plan = next((p for p in plans if p.start_line <= line_no <= p.end_line), plans[0] if plans else None)
    return plan.region_code if plan else None


def type_table_cells(tables: list[Table], cells: list[TableCell], plans: list[Plan]) -> list[TableCell]:
    """`cells` (tables.table_cells of `tables`) with the typed fields of every body cell filled."""
    typed: dict[tuple[int, int, int], dict] = {}
    for table in tables:
        headers = [c.header_path for c in table.header_cells]
        plan_region = _plan_region(plans, table.start_line)
        unit_col = table.col("unit")
        column_regions = [sub_region(h, plan_region) for h in headers]
        for r, row in enumerate(table.rows, start=1):
            label = row_label(row, table.roles)
            total = row.kind == "total" or bool(label and is_total_label(label))
            label_region = sub_region(label, plan_region) if label and not total else None
            row_unit = normalize_unit(row.text(unit_col)) if unit_col is not None else None
            # periods as rows ('十三五末', '2025年目标值'): the row label is the value's header
            period = label if "period" in table.roles else None
            for c, cell in enumerate(row.cells):
                if not cell.text:
                    continue
                header = headers[c] if c < len(headers) else ""
                role = table.roles[c] if c < len(table.roles) else "other"
                numeric = role not in _NOT_VALUE_ROLES and not (role == "unit" and normalize_unit(cell.text))
                parsed = parse_value(cell.text) if numeric and not is_no_value(cell.text) else None
                number = parsed.number if parsed else None
                region = column_regions[c] if c < len(column_regions) else None
                typed[(table.table_seq, r, c)] = {
                    "row_label": label,
                    "column_header": header or None,
                    "value_numeric": number,
                    "comparator": parsed.comparator if number is not None else None,
                    "unit": _unit(cell.text, header, row_unit, label) if number is not None else None,
                    "value_tolerance": printed_tolerance(cell.text) if number is not None else None,
                    "year": _first(header_year, header, period),
                    "value_kind": _first(value_kind, header, period),
                    "is_total_row": total,
                    "row_kind": "total" if total else row.kind,
                    "is_total_column": bool(header) and is_total_label(header.split(" / ")[-1]),
                    "sub_region_code": (label_region or region).code if (label_region or region) else None,
                }
    out = []
    for cell in cells:
        fields = typed.get((cell.table_seq, cell.row_idx, cell.col_idx))
        out.append(replace(cell, **fields) if fields and not cell.is_header else cell)
    return out
