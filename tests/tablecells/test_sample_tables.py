"""The five sample plans: every table they print that the extractor rebuilt is in
fct_table_cells, cell for cell, and the cells agree with the indicator values read from them."""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.integration


def _query(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_rebuilt_table_is_in_fct_table_cells_cell_for_cell(sample_warehouse):
    db = sample_warehouse.warehouse_db
    raw = _query(
        db,
        """
        select document_id, table_seq, count(*) from raw.table_cells
        where not is_header and text <> '' group by all order by all
        """,
    )
    mart = _query(
        db, "select document_id, table_seq, count(*) from marts.fct_table_cells group by all order by all"
    )
    assert len({r[0] for r in raw}) == 5 and mart == raw
    missing_pages = _query(
        db,
        """
        select count(*) from marts.fct_table_cells c
        left join raw.document_lines l on l.document_id = c.document_id and l.line_no = c.source_line
        where l.line_no is null
        """,
    )
    assert missing_pages == [(0,)]  # every cell points at a line of its document


def test_table_cells_agree_with_the_indicator_values_read_from_them(sample_warehouse):
    rows = _query(
        sample_warehouse.warehouse_db,
        """
        select i.indicator_value_id, i.value_numeric, i.comparator, c.value_numeric, c.comparator, c.table_cell_id
        from marts.fct_indicator_values i
        left join marts.fct_table_cells c
            on c.document_id = i.document_id and c.table_seq = i.table_seq
            and c.source_line = i.source_line and c.value_text = i.value_text
        where i.source_kind = 'table'  -- a target stated in prose has no cell
        """,
    )
    assert rows
    assert [r for r in rows if r[5] is None or (r[1], r[2]) != (r[3], r[4])] == []
