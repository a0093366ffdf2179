"""Indicator tables -> one row per printed value (long format).

A value column's header gives the year and the kind of value: '2020年实际值' is the
2020 actual, '2025年目标值' the 2025 target, '年均增速' / '增长比例%' a growth over the
period, stored with the period's end year and unit '%'. A header without a year
('目标值') takes the end year of the period named in the caption (“十四五” -> 2025), else of
the plan's own period; a baseline without a year is the year before that period. A caption
naming two periods ("“十三五”完成情况及“十四五”目标") gives targets the later period and
completed values the earlier one. A review caption naming no period ('主要指标完成情况' in a
2026-2030 plan) reviews the period before the plan's: its targets and 完成值 are for 2025.
Cells printed as no value ('—', '-', '/', '无', empty) are not values and emit nothing;
qualitative cells (不低于居民上年度人均消费支出增速) are kept with a NULL number.
Unit precedence: the unit printed with the number > the unit column > a unit suffix of
the indicator name ('社会组织数(个)') > a unit suffix of the column header.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingestion.model import IndicatorValue
from ingestion.periods import named_periods
from ingestion.table_rows import Row, Table, normalize_header
from ingestion.values import is_no_value, normalize_text, normalize_unit, parse_value, unit_from_name

_ACTUAL_WORDS = re.compile(r"实际|完成|基期|基数|现状|末|底")
_TARGET_WORDS = re.compile(r"目标|规划|预期|预计")
# '完成情况及目标', '完成情况和发展目标': a review that also states the plan's own targets
_REVIEW_AND_TARGETS = re.compile(r"完成情况?(及|和|与).{0,6}目标|目标(及|和|与).{0,6}完成")
_HEADER_UNIT = re.compile(r"[(（]?(%|‰|个|人|张|万元|元)[)）]?$")


def extract_indicator_values(
    tables: list[Table], plan_period_at: Callable[[int], tuple[int, int] | None] | None = None
) -> list[IndicatorValue]:
    """Every value of every indicator table; `plan_period_at(line)` gives the period of the
    plan printed at a line (for headers that name no year and captions that name no period)."""
    values: list[IndicatorValue] = []
    for table in tables:
        if table.kind != "indicator":
            continue
        plan_period = plan_period_at(table.start_line) if plan_period_at else None
        if "period" in table.roles:
            values.extend(_transposed_values(table, plan_period))
        else:
            values.extend(_row_values(table, plan_period))
    return values


def period_end_year(text: str | None) -> int | None:
    """'“十四五”时期…' -> 2025: the end year of the latest period `text` names."""
    ends = [end for _, (_, end) in named_periods(text or "")]
    return max(ends) if ends else None


def _column_meaning(table: Table, plan_period: tuple[int, int] | None) -> dict[int, tuple[int | None, str]]:
    """For each value/growth column: (year, value_kind)."""
    caption_periods = sorted({years for _, years in named_periods(table.title or "")})
    target_period = caption_periods[-1] if caption_periods else plan_period
    review = bool(table.title and re.search(r"完成情况|完成|回顾", table.title))
    # the period under review: the earlier of two named periods, or the only one of a review table
    review_period = caption_periods[0] if review and caption_periods else None
    mixed = review and len(caption_periods) > 1
    if review and not caption_periods and plan_period is not None:
        # a review naming no period ('主要指标完成情况' in a 2026-2030 plan) reviews the period
        # before the plan's; its targets are that period's unless it states the plan's own too
        length = plan_period[1] - plan_period[0] + 1
        review_period = (plan_period[0] - length, plan_period[0] - 1)
        mixed = bool(_REVIEW_AND_TARGETS.search(table.title))
        target_period = plan_period if mixed else review_period
    value_cols = [i for i, r in enumerate(table.roles) if r == "value"]
    years = {i: _header_year(table.header[i]) for i in value_cols}
    last_year = max((y for y in years.values() if y), default=None)
    meaning: dict[int, tuple[int | None, str]] = {}
    for i in value_cols:
        header = table.header[i]
        if _TARGET_WORDS.search(header):
            kind = "target"
        elif _ACTUAL_WORDS.search(header) or (review and not mixed):
            kind = "actual"
        elif years[i] is not None and target_period is not None and target_period[1] == last_year:
            # a bare year: inside the period the table plans for a target ('2021年' … '2025年'
            # yearly targets), before it a baseline
            kind = "target" if years[i] >= target_period[0] else "actual"
        else:  # a bare year and no known period: the last year column is the target
            kind = "target" if years[i] == max((y for y in years.values() if y), default=None) else "actual"
        year = years[i]
        if year is None and kind == "target":
            year = target_period[1] if target_period else None
        elif year is None and review_period is not None:
            year = review_period[1]
        elif year is None and target_period is not None:
            year = target_period[0] - 1  # a baseline is the year before the period
        meaning[i] = (year, kind)
    end_year = max((y for y, _ in meaning.values() if y), default=target_period[1] if target_period else None)
    for i, role in enumerate(table.roles):
        if role == "growth":
            meaning[i] = (end_year, "growth")
    return meaning


def _header_year(header: str) -> int | None:
    """'2020年实际值' -> 2020; '“十三五”末' / '十四五目标' -> the period's end year."""
    m = re.search(r"((?:19|20)\d{2})年", header)
    return int(m.group(1)) if m else period_end_year(header)


def _row_values(table: Table, plan_period: tuple[int, int] | None) -> list[IndicatorValue]:
    meaning = _column_meaning(table, plan_period)
    seq_col, name_col = table.col("seq"), table.col("name")
    group_col, unit_col, attr_col = table.col("group"), table.col("unit"), table.col("attribute")
    group: str | None = None
    out: list[IndicatorValue] = []
    for row in table.rows:
        if row.kind != "data":  # a heading row inside an indicator table names the group
            group = _squash(next((c.text for c in row.cells if c.text), "")) or group
            continue
        if group_col is not None and row.text(group_col):
            group = _squash(row.text(group_col))
        name = _squash(row.text(name_col))
        if not name:
            continue
        unit_raw, unit = _row_unit(row, unit_col, name)
        if unit is None:
            unit_raw, unit = _unit_of_other_values(table, row, meaning)
        for col, (year, kind) in meaning.items():
            cell = row.cells[col]
            value = _value(
                table, row, cell.text, cell.source_line, year, kind, unit_raw, unit, table.header[col]
            )
            if value is None:
                continue
            out.append(
                IndicatorValue(
                    table_seq=table.table_seq,
                    table_title=table.title,
                    row_seq=row.text(seq_col) or None,
                    indicator_group=group if group_col is not None or group else None,
                    indicator_name=name,
                    attribute_raw=row.text(attr_col) or None,
                    **value,
                )
            )
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _row_unit(row: Row, unit_col: int | None, name: str) -> tuple[str | None, str | None]:
    printed = row.text(unit_col)
    if printed and normalize_unit(printed):
        return _squash(printed), normalize_unit(printed)
    return unit_from_name(name)


def _unit_of_other_values(
    table: Table, row: Row, meaning: dict[int, tuple[int | None, str]]
) -> tuple[str | None, str | None]:
    """A row without a unit column: the unit printed with its other (non-growth) values.

    '85%' | '90以上' is one indicator, so '90以上' is in % too; a header unit
    ('2025年目标值(%)') counts only when no cell prints one.
    """
    columns = [col for col, (_, kind) in meaning.items() if kind != "growth"]
    for col in columns:
        parsed = parse_value(row.cells[col].text)
        if parsed.unit:
            return parsed.unit_raw, parsed.unit
    for col in columns:
        m = _HEADER_UNIT.search(normalize_header(table.header[col]))
        if m and row.cells[col].text:
            return m.group(1), normalize_unit(m.group(1))
    return None, None


def _value(
    table: Table,
    row: Row,
    text: str,
    source_line: int,
    year: int | None,
    kind: str,
    unit_raw: str | None,
    unit: str | None,
    header: str,
) -> dict | None:
    if is_no_value(text):
        return None
    parsed = parse_value(text)
    if parsed.unit:
        unit_raw, unit = parsed.unit_raw, parsed.unit
    elif unit is None:
        m = _HEADER_UNIT.search(normalize_header(header))
        if m:
            unit_raw, unit = m.group(1), normalize_unit(m.group(1))
    if kind == "growth":
        unit = "%"
        unit_raw = unit_raw if unit_raw == "%" else (parsed.unit_raw or "%")
    return {
        "unit_raw": unit_raw,
        "unit": unit,
        "year": year,
        "value_kind": kind,
        "comparator": parsed.comparator,
        "value_numeric": parsed.number,
        "value_text": text,
        "source_line": source_line,
    }


def _transposed_values(table: Table, plan_period: tuple[int, int] | None) -> list[IndicatorValue]:
    """Indicators as columns, periods as rows ('十二五末', '十三五末', '增幅')."""
    period_col = table.roles.index("period")
    labels = [(row, normalize_text(row.text(period_col))) for row in table.rows]
    years = [_label_year(label) for _, label in labels]
    caption_periods = sorted({years for _, years in named_periods(table.title or "")})
    target_period = caption_periods[-1] if caption_periods else plan_period
    end_year = max(
        (y for y in years if y),
        default=period_end_year(table.title) or (plan_period[1] if plan_period else None),
    )
    out: list[IndicatorValue] = []
    for col, role in enumerate(table.roles):
        if role != "value":
            continue
        name = _squash(table.header[col])
        unit_raw, unit = unit_from_name(name)
        for (row, label), year in zip(labels, years, strict=True):
            growth = year is None and re.search(r"增", label) is not None
            kind = "growth" if growth else _label_kind(label, year, target_period)
            cell = row.cells[col]
            value = _value(
                table,
                row,
                cell.text,
                cell.source_line,
                end_year if growth else year,
                kind,
                unit_raw,
                unit,
                "",
            )
            if value is None:
                continue
            out.append(
                IndicatorValue(
                    table_seq=table.table_seq,
                    table_title=table.title,
                    row_seq=None,
                    indicator_group=None,
                    indicator_name=name,
                    attribute_raw=None,
                    **value,
                )
            )
    return out


def _label_kind(label: str, year: int | None, target_period: tuple[int, int] | None) -> str:
    """'2025年目标值' is a target, '十三五末' an actual; a bare year inside the period the table
    plans for ('2025年' in a “十四五” table) is a target, one before it an actual."""
    if _TARGET_WORDS.search(label):
        return "target"
    if re.search(r"实际|完成|基期|基数|现状", label):
        return "actual"
    if year is not None and target_period is not None and year >= target_period[0]:
        return "target"
    return "actual"


def _label_year(label: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})年", label)
    if m:
        return int(m.group(1))
    return period_end_year(label)
