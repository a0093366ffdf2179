"""The published copy: complete, swapped atomically, never blocked by readers, never half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from serving.publish import PublishError, TableDoc, publish, remove_abandoned_temporaries
from tests.contracts import contract_marts, primary_key
from tests.serving.factory import folder_digest, make_warehouse, sha256

REPO_ROOT = Path(__file__).resolve().parents[2]


def _generation(published: Path) -> int:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute("select max(generation) from marts.dim_year").fetchone()[0]


def _rebuild(warehouse: Path, generation: int) -> None:
    warehouse.unlink()
    make_warehouse(warehouse, generation)


def test_publishes_every_mart_and_quality_results_but_nothing_else(warehouse, published_paths):
    published, parquet = published_paths
    docs = {"marts.fct_projects": TableDoc("One listed project.", {"project_name": "Name as printed."})}
    result = publish(warehouse, published, parquet, docs=docs)

    with duckdb.connect(str(published), read_only=True) as con:
        tables = set(con.execute("select schema_name || '.' || table_name from duckdb_tables()").fetchall())
        types = dict(
            con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = 'marts' and table_name = 'fct_projects'"
            ).fetchall()
        )
        keys = con.execute(
            "select table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY' "
            "and schema_name = 'marts' order by 1"
        ).fetchall()
        comments = con.execute(
            "select comment from duckdb_columns() where table_name = 'fct_projects' and column_name = 'project_name'"
        ).fetchone()
        publication = con.execute(
            "select table_schema, table_name, row_count from meta.publication"
        ).fetchall()
        investment = con.execute(
            "select planned_investment_wan_yuan from marts.fct_projects where project_id = 'pr2'"
        ).fetchone()[0]
    marts = set(contract_marts())
    assert {t for (t,) in tables} == {f"marts.{m}" for m in marts} | {
        "audit.quality_results",
        "meta.publication",
    }
    assert types["planned_investment_wan_yuan"] == "DECIMAL(18,2)"
    assert str(investment) == "5180.50"
    # every mart with a primary key in the warehouse keeps it
    assert len(keys) == sum(primary_key(m) is not None for m in marts)
    assert comments == ("Name as printed.",)
    assert {(s, n): rows for s, n, rows in publication}[("marts", "fct_projects")] == 3 + 50
    assert {t.qualified_name for t in result.tables} == {f"marts.{m}" for m in marts} | {
        "audit.quality_results"
    }
    assert result.size_bytes == published.stat().st_size
    assert not published.with_name(published.name + ".wal").exists()


def test_parquet_exports_hold_each_mart(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)

    files = sorted(p.name for p in parquet.glob("*.parquet"))
    assert files == sorted(f"{m}.parquet" for m in contract_marts())
    with duckdb.connect() as con:
        names = con.execute(
            f"select region_name from read_parquet('{parquet / 'dim_region.parquet'}') order by region_code"
        ).fetchall()
        projects = con.execute(
            f"select count(*) from read_parquet('{parquet / 'fct_projects.parquet'}')"
        ).fetchone()
    assert names == [("楚雄彝族自治州",), ("临泽县",), ("临夏回族自治州",)]
    assert projects == (53,)


def test_parquet_folder_is_swapped_by_one_rename_and_old_generations_pruned(warehouse, published_paths):
    published, parquet = published_paths
    seen = []
    for generation in (1, 2, 3):
        _rebuild(warehouse, generation)
        publish(warehouse, published, parquet)
        assert parquet.is_symlink()
        seen.append(parquet.resolve())
    generations = sorted(p for p in parquet.parent.iterdir() if p.name.startswith(".parquet-"))
    # the current one and the one before it (a reader may still be listing it)
    assert generations == sorted(seen[1:])
    with duckdb.connect() as con:
        assert con.execute(
            f"select max(generation) from read_parquet('{parquet / 'dim_year.parquet'}')"
        ).fetchone() == (3,)


def test_a_plain_parquet_folder_from_before_is_replaced(warehouse, published_paths):
    published, parquet = published_paths
    parquet.mkdir(parents=True)
    (parquet / "stale.parquet").write_text("old layout")
    publish(warehouse, published, parquet)
    assert parquet.is_symlink()
    assert not (parquet / "stale.parquet").exists()
    assert (parquet / "fct_projects.parquet").exists()


def test_reader_in_this_process_keeps_old_data_until_it_reconnects(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        assert reader.execute("select max(generation) from marts.dim_year").fetchone() == (1,)
        _rebuild(warehouse, 2)
        publish(warehouse, published, parquet)  # does not wait for, or fail on, the open reader
        assert reader.execute("select max(generation) from marts.dim_year").fetchone() == (1,)
        assert reader.execute("select count(*) from marts.fct_projects").fetchone() == (53,)
    finally:
        reader.close()
    assert _generation(published) == 2


READER = textwrap.dedent(
    """
    import sys, duckdb
    path = sys.argv[1]
    con = duckdb.connect(path, read_only=True)
    query = "select max(generation), (select count(*) from marts.fct_projects) from marts.dim_year"
    for command in sys.stdin:
        if command.strip() == "reconnect":
            con.close()
            con = duckdb.connect(path, read_only=True)
        print(*con.execute(query).fetchone(), flush=True)
    """
)


def test_reader_in_another_process_does_not_block_publish_and_sees_old_data_until_reconnect(
    warehouse, published_paths
):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:

        def ask(command: str) -> str:
            reader.stdin.write(command + "\n")
            reader.stdin.flush()
            return reader.stdout.readline().strip()

        assert ask("query") == "1 53"
        _rebuild(warehouse, 2)
        publish(warehouse, published, parquet)  # returns although a reader holds the file open
        assert ask("query") == "1 53"  # still the old file: it holds the old inode
        assert ask("reconnect") == "2 103"
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0


def test_publish_that_fails_midway_leaves_published_copy_byte_identical(warehouse, published_paths):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    before_db, before_parquet = sha256(published), folder_digest(parquet)
    _rebuild(warehouse, 2)

    def fail_after_facts(table):
        if table.name == "fct_projects":
            raise RuntimeError("simulated crash while copying")

    with pytest.raises(RuntimeError, match="simulated crash"):
        publish(warehouse, published, parquet, after_table=fail_after_facts)
    assert sha256(published) == before_db
    assert folder_digest(parquet) == before_parquet
    leftovers = [p.name for p in published.parent.iterdir() if p.name.endswith(".tmp") or ".link-" in p.name]
    assert leftovers == []
    assert len([p for p in published.parent.iterdir() if p.name.startswith(".parquet-")]) == 1


KILLED_PUBLISHER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from serving.publish import publish
    warehouse, published, marker = map(Path, sys.argv[1:4])

    def stall(table):
        if table.name == "fct_projects":
            marker.write_text("building")
            time.sleep(120)

    publish(warehouse, published, published.parent / "parquet", after_table=stall)
    """
)


def test_publish_killed_with_sigkill_leaves_published_copy_byte_identical(
    warehouse, published_paths, tmp_path
):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    before_db, before_parquet = sha256(published), folder_digest(parquet)
    _rebuild(warehouse, 2)
    marker = tmp_path / "building"
    publisher = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISHER, str(warehouse), str(published), str(marker)],
        cwd=REPO_ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert publisher.poll() is None, "publisher exited before reaching the build"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        temporaries = [p for p in published.parent.iterdir() if p.name.endswith(".tmp")]
        assert temporaries, "the new copy is built under a temporary name"
        os.kill(publisher.pid, signal.SIGKILL)
    finally:
        publisher.wait(timeout=30)
    assert publisher.returncode == -signal.SIGKILL
    assert sha256(published) == before_db
    assert folder_digest(parquet) == before_parquet
    assert _generation(published) == 1

    # the next publish clears what the killed one left and succeeds
    publish(warehouse, published, parquet)
    assert _generation(published) == 2
    names = [p.name for p in published.parent.iterdir()]
    assert not [n for n in names if n.endswith(".tmp") or n.endswith(".tmp.wal")]
    assert len([n for n in names if n.startswith(".parquet-")]) == 2  # current + previous


def test_temporaries_of_a_live_publish_are_left_alone(tmp_path):
    mine = tmp_path / f".plans.duckdb.{os.getpid()}.0123abcd.tmp"
    dead = tmp_path / ".plans.duckdb.999999999.0123abcd.tmp"
    mine.write_text("x")
    dead.write_text("x")
    assert remove_abandoned_temporaries(tmp_path) == [dead]
    assert mine.exists()


def test_warehouse_without_marts_publishes_nothing(tmp_path, published_paths):
    published, parquet = published_paths
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublishError, match="nothing to publish"):
        publish(empty, published, parquet)
    with pytest.raises(PublishError, match="no warehouse"):
        publish(tmp_path / "missing.duckdb", published, parquet)
    assert not published.exists()
    assert not parquet.exists()
    assert list(published.parent.iterdir()) == []
