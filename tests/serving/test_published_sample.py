"""`make run` on the five sample plans publishes a complete copy, its Parquet files and the page."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.settings import companion_dir

pytestmark = pytest.mark.integration

SAMPLE_REGIONS = ("临夏回族自治州", "会宁县", "临泽县", "平罗县", "楚雄彝族自治州")


def _marts(db):
    with duckdb.connect(str(db), read_only=True) as con:
        names = [n for (n,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()]  # fmt: skip
        return {n: con.execute(f"select count(*) from marts.{n}").fetchone()[0] for n in names}


def test_published_copy_equals_the_warehouse_marts(sample_warehouse):
    assert sample_warehouse.succeeded
    published = _marts(sample_warehouse.published_db)
    assert published == _marts(sample_warehouse.warehouse_db)
    assert {"fct_projects", "fct_funding", "fct_indicator_values", "rpt_reconciliation"} <= set(published)
    parquet = companion_dir(sample_warehouse.published_db) / "parquet"
    assert sorted(p.stem for p in parquet.glob("*.parquet")) == sorted(published)
    with duckdb.connect(str(sample_warehouse.published_db), read_only=True) as con:
        assert con.execute(
            "select count(*) from information_schema.schemata where schema_name = 'raw'"
        ).fetchone() == (0,)


def test_overview_page_shows_every_sample_region(sample_warehouse):
    html = (companion_dir(sample_warehouse.published_db) / "overview.html").read_text(encoding="utf-8")
    for region in SAMPLE_REGIONS:
        assert region in html
    assert html.count('<svg class="chart"') >= 10
    assert "Not available" not in html
