"""A publish copies only what changed since the last one, and the copy still equals the warehouse."""

from __future__ import annotations

import duckdb

import serving.publish as publish_module
from serving.publish import publish
from tests.serving.factory import make_warehouse


def _tables(db) -> dict[str, list[tuple]]:
    """Every table of the copy (schemas marts and audit), rows sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ('marts', 'audit')"
        ).fetchall()
        return {
            f"{s}.{n}": sorted(con.execute(f'select * from {s}."{n}"').fetchall(), key=repr) for s, n in names
        }


def _how(result) -> dict[str, str]:
    return {t.qualified_name: t.how for t in result.tables}


def test_a_publish_with_nothing_changed_keeps_every_table(warehouse, published_paths):
    published, parquet = published_paths
    first = publish(warehouse, published, parquet)
    assert not first.incremental
    assert set(_how(first).values()) == {"copied"}
    second = publish(warehouse, published, parquet)
    assert second.incremental
    assert set(_how(second).values()) == {"kept"}
    assert _tables(published) == _tables(warehouse)
    # the unchanged marts' Parquet files are the previous generation's files (hard links)
    assert (parquet / "fct_projects.parquet").stat().st_nlink == 2


def test_only_the_changed_mart_is_copied_and_the_copy_equals_the_warehouse(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_projects set planned_investment_wan_yuan = 1 where project_id = 'gen3'")
        con.execute("delete from marts.fct_projects where project_id = 'gen4'")
    result = publish(warehouse, published, parquet)
    how = _how(result)
    assert how["marts.fct_projects"] == "copied"
    assert {name for name, h in how.items() if h != "kept"} == {"marts.fct_projects"}
    assert _tables(published) == _tables(warehouse)
    with duckdb.connect(str(published), read_only=True) as con:
        rows = dict(con.execute("select table_name, row_count from meta.publication").fetchall())
        keys = con.execute(
            "select count(*) from duckdb_constraints() where table_name = 'fct_projects' "
            "and constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
    assert rows["fct_projects"] == 3 + 50 - 1
    assert keys == 1  # the replaced table keeps the warehouse's DDL
    with duckdb.connect(":memory:") as con:
        parquet_rows = con.execute(f"select count(*) from '{parquet / 'fct_projects.parquet'}'").fetchone()[0]
    assert parquet_rows == 3 + 50 - 1


def test_new_runs_of_the_audit_are_appended_and_rewritten_history_is_copied_whole(warehouse, published_paths):
    published, _ = published_paths
    publish(warehouse, published)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into audit.quality_results values ('r2', 'unique', false), ('r2', 'x', true)")
    assert _how(publish(warehouse, published))["audit.quality_results"] == "appended"
    assert _tables(published) == _tables(warehouse)
    # an earlier run's rows changed: no longer append-only, so the table is copied whole
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from audit.quality_results where run_id = 'r1'")
    assert _how(publish(warehouse, published))["audit.quality_results"] == "copied"
    assert _tables(published) == _tables(warehouse)


def test_a_mart_gone_from_the_warehouse_leaves_the_copy(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.rpt_unread_lines")
    result = publish(warehouse, published, parquet)
    assert "marts.rpt_unread_lines" not in _how(result)
    assert "marts.rpt_unread_lines" not in _tables(published)
    assert not (parquet / "rpt_unread_lines.parquet").exists()


def test_a_rebuilt_warehouse_with_other_rows_replaces_them(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    warehouse.unlink()
    make_warehouse(warehouse, 2)
    result = publish(warehouse, published, parquet)
    assert _how(result)["marts.dim_year"] == "copied"
    assert _tables(published) == _tables(warehouse)


def test_a_copy_with_many_free_blocks_is_built_whole(warehouse, published_paths, monkeypatch):
    published, _ = published_paths
    publish(warehouse, published)
    monkeypatch.setattr(publish_module, "MAX_FREE_SHARE", -1.0)  # any copy counts as too sparse
    result = publish(warehouse, published)
    assert not result.incremental
    assert set(_how(result).values()) == {"copied"}


def test_a_copy_without_fingerprints_is_built_whole(warehouse, published_paths):
    """A copy published by an earlier version (no fingerprints) is replaced by a complete build."""
    published, _ = published_paths
    publish(warehouse, published)
    with duckdb.connect(str(published)) as con:
        con.execute("alter table meta.publication drop column content_hash")
    result = publish(warehouse, published)
    assert not result.incremental
    assert _tables(published) == _tables(warehouse)
