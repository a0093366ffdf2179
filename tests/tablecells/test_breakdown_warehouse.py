"""An invented prefecture plan with a county breakdown table, through a built warehouse:
one typed cell per county and column with the county's code, the 合计 row checked (a
planted error of 20 beds is a mismatch and a finding with both lines; its clean twin gives
none), a per-county view for BI, and the overview's breakdown table."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import build_warehouse
from tests.tablecells.invented import COUNTIES, PREFECTURE_CODE, prefecture_plan

pytestmark = pytest.mark.integration

DOC = "shaoyang"


def _build(tmp_path_factory, name: str, offset: int):
    root = tmp_path_factory.mktemp(name)
    raw = root / "raw"
    raw.mkdir()
    (raw / f"{DOC}.txt").write_text(prefecture_plan(bed_total_offset=offset), encoding="utf-8")
    built = build_warehouse(root, raw)
    assert built.succeeded
    return built


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return _build(tmp_path_factory, "planted", 20)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return _build(tmp_path_factory, "clean", 0)


def _query(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_one_typed_cell_per_county_and_column_with_the_county_code(planted):
    rows = _query(
        planted.warehouse_db,
        """
        select c.row_label, c.region_code, r.parent_region_code, c.column_header, c.value_numeric,
               c.comparator, c.unit, c.year, c.value_kind, c.is_total_row, l.text
        from marts.fct_table_cells c
        join marts.dim_region r using (region_code)
        join raw.document_lines l on l.document_id = c.document_id and l.line_no = c.source_line
        where c.value_numeric is not null and not c.is_total_row
        order by c.row_idx, c.col_idx
        """,
    )
    expected = [
        (county, code, PREFECTURE_CODE, f"到2025年目标 / {header}", float(value), "=", unit, 2025, "target")
        for county, code, *values in COUNTIES
        for header, value, unit in zip(
            ("养老床位(张)", "护理型床位(张)", "乡镇(街道)综合养老服务中心(个)"),
            values,
            ("张", "张", "个"),
            strict=True,
        )
    ]
    assert [r[:9] for r in rows] == expected
    # provenance: each cell's line prints the county and the number
    assert all(r[0] in r[10] and str(int(r[4])) in r[10].split("\t") for r in rows)


def test_the_county_breakdown_joins_dim_region_by_county(planted):
    rows = _query(
        planted.warehouse_db,
        """
        select r.region_name, r.region_level, b.value_numeric
        from marts.fct_region_breakdown b join marts.dim_region r using (region_code)
        where b.column_header like '%养老床位%' and b.column_header not like '%护理型%'
        order by b.row_idx
        """,
    )
    assert [r[0] for r in rows][-3:] == ["城步苗族自治县", "武冈市", "邵东市"]  # 城步县 as printed
    assert {r[1] for r in rows} == {"county"}
    assert [r[2] for r in rows] == [float(c[2]) for c in COUNTIES]


def test_the_planted_total_error_is_a_mismatch_and_a_finding_with_both_lines(planted):
    lines = dict(_query(planted.warehouse_db, "select line_no, text from raw.document_lines"))
    total_line = next(n for n, t in lines.items() if t.startswith("合计"))
    first_county_line = next(n for n, t in lines.items() if t.startswith("1\t"))
    reconciled = _query(
        planted.warehouse_db,
        """
        select scope, measure, stated_value, computed_value, difference, status, source_line, related_source_line
        from marts.rpt_reconciliation where scope like 'table:%' order by measure
        """,
    )
    beds = float(sum(c[2] for c in COUNTIES))
    nursing = float(sum(c[3] for c in COUNTIES))
    centres = float(sum(c[4] for c in COUNTIES))
    scope = "table:表2  邵阳市“十四五”养老服务设施建设任务分解表"
    assert sorted(reconciled) == sorted(
        [
            (
                scope,
                "到2025年目标 / 护理型床位(张)",
                nursing,
                nursing,
                0.0,
                "match",
                total_line,
                first_county_line,
            ),
            (
                scope,
                "到2025年目标 / 乡镇(街道)综合养老服务中心(个)",
                centres,
                centres,
                0.0,
                "match",
                total_line,
                first_county_line,
            ),
            (
                scope,
                "到2025年目标 / 养老床位(张)",
                beds + 20,
                beds,
                -20.0,
                "mismatch",
                total_line,
                first_county_line,
            ),
        ]
    )
    findings = _query(
        planted.warehouse_db,
        """
        select source_line, related_source_line, details, line_text from audit.quality_results
        where record_kind = 'finding' and expectation = 'totals_mismatch'
        """,
    )
    assert len(findings) == 1
    source_line, related_line, details, line_text = findings[0]
    assert (source_line, related_line) == (total_line, first_county_line)
    assert "differs by 20" in details and line_text == lines[total_line]
    report = (planted.warehouse_db.parent / "plans" / "quality" / "latest.html").read_text(encoding="utf-8")
    assert "differs by 20" in report


def test_the_clean_twin_gives_matches_and_no_finding(clean):
    statuses = _query(
        clean.warehouse_db,
        "select status, count(*) from marts.rpt_reconciliation where scope like 'table:%' group by 1",
    )
    assert statuses == [("match", 3)]
    findings = _query(
        clean.warehouse_db,
        "select count(*) from audit.quality_results where record_kind = 'finding' and expectation = 'totals_mismatch'",
    )
    assert findings == [(0,)]


def test_the_overview_shows_the_breakdown_table(planted):
    page = (planted.published_db.parent / "plans" / "overview.html").read_text(encoding="utf-8")
    assert "Breakdowns by sub-region" in page
    assert "城步苗族自治县" in page and "430529" in page and "1,850" in page
