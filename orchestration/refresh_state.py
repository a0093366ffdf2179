"""Incremental or full dbt refresh, and what each refresh applied (audit.dbt_refreshes).

The raw load step logs every document whose rows changed in raw.document_changes. A dbt
refresh is incremental (the per-document models rebuild only those documents) unless a
full refresh is asked for, none has succeeded yet, or the dbt project's code or seeds
changed since the last successful one (a hash of models, macros, seeds and
dbt_project.yml). A successful refresh that built every dbt model removes the changes it
applied; a failed or partial one keeps them, and applying them again is harmless
(delete+insert by document_id).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.settings import DBT_PROJECT_DIR, companion_dir

REFRESH_TABLE = "audit.dbt_refreshes"
REFRESH_DDL = f"""
create schema if not exists audit;
create table if not exists {REFRESH_TABLE} (
    run_id varchar not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    mode varchar not null,            -- 'full' | 'incremental'
    reason varchar not null,
    project_hash varchar not null,
    document_ids varchar[],           -- the documents rebuilt; null for a full refresh (all of them)
    success boolean not null
)
"""
FULL, INCREMENTAL = "full", "incremental"
# dbt data tests an incremental refresh leaves to the full ones (every change of the dbt code,
# `run_all --full-refresh`, the daily schedule). Each dbt test is a Dagster asset check, and
# its bookkeeping (~50 ms of events a test) made up a third of a one-file refresh. The
# uniqueness of every key (what a delete+insert gone wrong breaks first) runs every time, and
# the GX suites check the rebuilt documents' rows (keys present, foreign keys against the whole
# dimensions, accepted values) in every run.
INCREMENTAL_DEFERRED_TESTS = ("not_null", "accepted_values", "relationships", "dbt_expression_is_true")
PROJECT_PARTS = ("models", "macros", "seeds", "dbt_project.yml")


def dbt_project_hash(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """sha256 over the path and content of every file of the dbt project's code and seeds."""
    digest = hashlib.sha256()
    for part in PROJECT_PARTS:
        root = project_dir / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class RefreshPlan:
    mode: str
    reason: str
    project_hash: str
    document_ids: list[str]  # changed documents (all pending ones, also for a full refresh)
    changes_through: datetime | None  # newest change applied: the refresh consumes up to it

    @property
    def dbt_args(self) -> list[str]:
        if self.mode == FULL:
            return ["--full-refresh"]
        # seeds and the SQL the unit tests cover are part of the project hash: unchanged since
        # the last successful (full) refresh, so seeds are not reloaded nor unit tests re-run;
        # of the data tests only the uniqueness of every key runs (see INCREMENTAL_DEFERRED_TESTS)
        excluded = ["resource_type:seed", "resource_type:unit_test"]
        excluded += [f"test_name:{name}" for name in INCREMENTAL_DEFERRED_TESTS]
        return ["--exclude", " ".join(excluded)]


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def last_successful_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    if not _table_exists(con, "audit", "dbt_refreshes"):
        return None
    row = con.execute(
        f"select project_hash from {REFRESH_TABLE} where success order by finished_at desc limit 1"
    ).fetchone()
    return row[0] if row else None


def pending_changes(con: duckdb.DuckDBPyConnection) -> tuple[list[str], datetime | None]:
    """(distinct changed document ids, newest change) not yet applied by a successful refresh."""
    if not _table_exists(con, "raw", "document_changes"):
        return [], None
    ids = [
        d
        for (d,) in con.execute("select distinct document_id from raw.document_changes order by 1").fetchall()
    ]
    (through,) = con.execute("select max(changed_at) from raw.document_changes").fetchone()
    return ids, through


def plan_refresh(con: duckdb.DuckDBPyConnection, full_refresh: bool = False) -> RefreshPlan:
    project_hash = dbt_project_hash()
    documents, through = pending_changes(con)
    last_hash = last_successful_hash(con)
    if full_refresh:
        mode, reason = FULL, "full refresh requested"
    elif last_hash is None:
        mode, reason = FULL, "no successful refresh recorded"
    elif last_hash != project_hash:
        mode, reason = FULL, "dbt models, macros or seeds changed since the last refresh"
    else:
        mode, reason = INCREMENTAL, f"{len(documents)} changed document(s)"
    return RefreshPlan(mode, reason, project_hash, documents, through)


def record_refresh(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    plan: RefreshPlan,
    started_at: datetime,
    finished_at: datetime,
    success: bool,
) -> None:
    """Append the refresh to audit.dbt_refreshes; a success consumes the changes it applied."""
    con.execute(REFRESH_DDL)
    con.execute(
        f"insert into {REFRESH_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            started_at,
            finished_at,
            plan.mode,
            plan.reason,
            plan.project_hash,
            None if plan.mode == FULL else plan.document_ids,
            success,
        ],
    )
    if success and plan.changes_through is not None:
        con.execute("delete from raw.document_changes where changed_at <= ?", [plan.changes_through])


def documents_to_check(db_path: Path | str) -> list[str] | None:
    """Documents rebuilt by successful refreshes since the last quality check (None: check all).

    None when no quality check or refresh is recorded yet, or a full refresh happened since,
    or the warehouse predates audit.quality_scopes (what each check covered: without it the
    findings of unchecked documents cannot be found, so everything is checked once).
    """
    with duckdb.connect(str(db_path), read_only=True) as con:
        if not (
            _table_exists(con, "audit", "dbt_refreshes")
            and _table_exists(con, "audit", "quality_results")
            and _table_exists(con, "audit", "quality_scopes")
        ):
            return None
        (last_check,) = con.execute("select max(checked_at) from audit.quality_results").fetchone()
        if last_check is None:
            return None
        rows = con.execute(
            f"select mode, document_ids from {REFRESH_TABLE} where success and finished_at > ?", [last_check]
        ).fetchall()
    if any(mode == FULL for mode, _ in rows):
        return None
    return sorted({doc for _, docs in rows for doc in docs or []})


def _full_refresh_reason(last_hash: str | None) -> str | None:
    """The one home of why a refresh cannot be incremental (also used by plan_refresh's wording)."""
    if last_hash is None:
        return "no successful refresh recorded"
    if last_hash != dbt_project_hash():
        return "dbt models, macros or seeds changed"
    return None


REFRESHED_HASH_FILE = "refreshed_project_hash"  # beside the warehouse (companion folder)


def note_refreshed_hash(db_path: Path, project_hash: str) -> None:
    """After a successful complete refresh: the project hash it applied, in a small file beside
    the warehouse, so that the raw sensor can tell a full refresh is due without opening the
    warehouse (a reader in the daemon could make a run's writer fail on DuckDB's file lock).
    audit.dbt_refreshes stays the record; this file is only read by the sensor."""
    target = companion_dir(Path(db_path)) / REFRESHED_HASH_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{os.getpid()}")
    staged.write_text(project_hash + "\n", encoding="utf-8")
    os.replace(staged, target)


def full_refresh_due_by_note(db_path: Path) -> str | None:
    """full_refresh_due from the note of note_refreshed_hash (no note: due, the safe answer)."""
    if not Path(db_path).exists():
        return "no warehouse yet"
    try:
        noted = (companion_dir(Path(db_path)) / REFRESHED_HASH_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return "no refresh noted beside the warehouse"
    return _full_refresh_reason(noted)


def full_refresh_due(db_path: Path) -> str | None:
    """Why the next dbt refresh of this warehouse will be a full one (None: it will be incremental).

    The one-file update run plans only the dbt tests an incremental refresh runs, so callers
    (run_all, the watch, the raw sensor) send a file whose refresh will be full through the
    ingest and refresh jobs instead, which run every dbt test. May raise duckdb.Error when
    another process holds the warehouse for writing.
    """
    if not Path(db_path).exists():
        return "no warehouse yet"
    with duckdb.connect(str(db_path), read_only=True) as con:
        return _full_refresh_reason(last_successful_hash(con))


def refresh_needed(db_path: Path, published_db: Path) -> str | None:
    """Why the warehouse needs a dbt refresh + quality + publish now, or None when it is current."""
    if not db_path.exists():
        return "no warehouse yet"
    with duckdb.connect(str(db_path), read_only=True) as con:
        documents, _ = pending_changes(con)
        last_hash = last_successful_hash(con)
    if reason := _full_refresh_reason(last_hash):
        return reason
    if documents:
        return f"{len(documents)} changed document(s)"
    if not published_db.exists():
        return "no published copy"
    return None
