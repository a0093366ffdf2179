"""When the dbt refresh is incremental and when full; what a refresh consumes from the change log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb

from ingestion.landing import document_versions, ensure_raw_schema, record_document_changes
from orchestration.refresh_state import FULL, INCREMENTAL, plan_refresh, record_refresh


def _now():
    return datetime.now(UTC)


def test_full_until_a_refresh_succeeds_then_incremental_until_the_project_changes(monkeypatch):
    con = duckdb.connect(":memory:")
    ensure_raw_schema(con)
    first = plan_refresh(con)
    assert first.mode == FULL and "--full-refresh" in first.dbt_args
    record_refresh(con, "r1", first, _now(), _now(), success=False)
    assert plan_refresh(con).mode == FULL  # a failed refresh does not count
    record_refresh(con, "r2", first, _now(), _now(), success=True)
    second = plan_refresh(con)
    assert second.mode == INCREMENTAL and "--full-refresh" not in second.dbt_args
    assert plan_refresh(con, full_refresh=True).mode == FULL
    monkeypatch.setattr("orchestration.refresh_state.dbt_project_hash", lambda: "another project")
    changed = plan_refresh(con)
    assert changed.mode == FULL and "changed" in changed.reason


def test_changed_deleted_and_re_marked_documents_are_logged_and_consumed_by_a_successful_refresh():
    con = duckdb.connect(":memory:")
    ensure_raw_schema(con)
    columns = [
        c
        for (c,) in con.execute(
            "select column_name from duckdb_columns() where table_name = 'documents'"
        ).fetchall()
    ]
    t0 = datetime(2026, 1, 1)

    def insert(doc_id, loaded_at, duplicate_of=None):
        row = {c: None for c in columns} | {
            "document_id": doc_id,
            "loaded_at": loaded_at,
            "duplicate_of_document_id": duplicate_of,
        }
        con.execute(
            f"insert into raw.documents ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
            list(row.values()),
        )

    insert("a", t0)
    insert("b", t0)
    insert("c", t0)
    before = document_versions(con)
    con.execute("update raw.documents set loaded_at = ? where document_id = 'a'", [t0 + timedelta(hours=1)])
    con.execute("delete from raw.documents where document_id = 'b'")
    con.execute("update raw.documents set duplicate_of_document_id = 'a' where document_id = 'c'")
    insert("d", t0)
    assert record_document_changes(con, before) == ["a", "b", "c", "d"]
    assert record_document_changes(con, document_versions(con)) == []  # nothing new

    plan = plan_refresh(con)
    assert plan.document_ids == ["a", "b", "c", "d"]
    record_refresh(con, "r1", plan, _now(), _now(), success=False)
    assert con.execute("select count(*) from raw.document_changes").fetchone() == (4,)  # kept for the retry
    record_refresh(con, "r2", plan, _now(), _now(), success=True)
    assert con.execute("select count(*) from raw.document_changes").fetchone() == (0,)


def test_a_changed_main_text_or_attachment_rebuilds_the_other_documents_of_its_plan():
    # rpt_reconciliation sets a plan's stated totals against its attachments' rows: both rebuilt
    con = duckdb.connect(":memory:")
    ensure_raw_schema(con)
    t0 = datetime(2026, 1, 1)
    for doc_id, main in [("main", None), ("sheet", "main"), ("other", None)]:
        con.execute(
            "insert into raw.documents (document_id, loaded_at, main_document_id, main_plan_seq) values (?, ?, ?, ?)",
            [doc_id, t0, main, 1 if main else None],
        )
    before = document_versions(con)
    con.execute(
        "update raw.documents set loaded_at = ? where document_id = 'main'", [t0 + timedelta(hours=1)]
    )
    assert record_document_changes(con, before) == ["main", "sheet"]
    before = document_versions(con)
    con.execute(
        "update raw.documents set loaded_at = ? where document_id = 'sheet'", [t0 + timedelta(hours=2)]
    )
    assert record_document_changes(con, before) == ["main", "sheet"]
    before = document_versions(con)
    con.execute(
        "update raw.documents set main_document_id = null, main_plan_seq = null where document_id = 'sheet'"
    )
    assert record_document_changes(con, before) == ["main", "sheet"]  # unlinked: both plans change
    assert record_document_changes(con, document_versions(con)) == []


def test_a_full_refresh_is_due_until_one_succeeds_and_again_when_the_project_changes(tmp_path, monkeypatch):
    """What run_all, the watch and the raw sensor ask before they take the one-file update job
    (which plans only the parts of an incremental refresh)."""
    from orchestration.refresh_state import full_refresh_due

    db = tmp_path / "plans.duckdb"
    assert full_refresh_due(db) == "no warehouse yet"
    with duckdb.connect(str(db)) as con:
        ensure_raw_schema(con)
        plan = plan_refresh(con)
        record_refresh(con, "r1", plan, _now(), _now(), success=False)
    assert full_refresh_due(db) == "no successful refresh recorded"
    with duckdb.connect(str(db)) as con:
        record_refresh(con, "r2", plan, _now(), _now(), success=True)
    assert full_refresh_due(db) is None
    monkeypatch.setattr("orchestration.refresh_state.dbt_project_hash", lambda: "another project")
    assert "changed" in full_refresh_due(db)


def test_the_sensor_reads_a_due_full_refresh_from_the_note_beside_the_warehouse(tmp_path, monkeypatch):
    """The raw sensor never opens the warehouse (a reader could fail a run's writer on the lock)."""
    from orchestration.refresh_state import dbt_project_hash, full_refresh_due_by_note, note_refreshed_hash

    db = tmp_path / "plans.duckdb"
    assert full_refresh_due_by_note(db) == "no warehouse yet"
    db.write_bytes(b"")  # present; never opened below
    assert full_refresh_due_by_note(db) == "no refresh noted beside the warehouse"
    note_refreshed_hash(db, dbt_project_hash())
    assert full_refresh_due_by_note(db) is None
    monkeypatch.setattr("orchestration.refresh_state.dbt_project_hash", lambda: "another project")
    assert "changed" in full_refresh_due_by_note(db)
