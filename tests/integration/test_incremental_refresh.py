"""Incremental refresh end to end: one edited and one deleted plan among untouched ones.

Three runs of the real pipeline on three sample plans: a first (full) build; an
incremental run after editing an amount in one plan and deleting another; a forced full
refresh. The incremental run must replace the edited plan's rows, drop the deleted plan's,
equal the full refresh in every mart, check quality only for the changed documents and
still report the untouched plan's findings (carried over from its last check, marked, and open in
audit.open_findings without being appended again).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from expectations.audit import whole_suites
from ingestion.extract import document_id_for
from orchestration.jobs import UPDATE_JOB
from orchestration.settings import companion_dir
from tests.conftest import SAMPLE_PLANS_DIR, build_warehouse

pytestmark = pytest.mark.integration

EDITED, DELETED, UNTOUCHED = (
    "001_a5af65e7ee88bbe1.txt",
    "003_b3f5121ee16d8fba.txt",
    "004_9176aec6d26fd934.txt",
)


def _query(db: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _marts(db: Path) -> dict[str, list[tuple]]:
    """Every mart as its sorted rows (values as text, so NULLs and decimals compare plainly)."""
    names = [n for (n,) in _query(db, "select table_name from duckdb_tables() where schema_name = 'marts'")]
    return {
        name: sorted(
            tuple("" if v is None else str(v) for v in row)
            for row in _query(db, f"select * from marts.{name}")
        )
        for name in names
    }


def _findings(db: Path, run_id: str) -> set[tuple]:
    return set(
        _query(
            db,
            "select suite, expectation, document_id, source_line, observed_value from audit.quality_results "
            "where run_id = ? and record_kind = 'finding'",
            [run_id],
        )
    )


def _open_findings(db: Path) -> set[tuple]:
    return set(
        _query(
            db, "select suite, expectation, document_id, source_line, observed_value from audit.open_findings"
        )
    )


def _latest_quality_run(db: Path) -> str:
    return _query(db, "select run_id from audit.quality_results order by checked_at desc limit 1")[0][0]


def _edit_an_investment(path: Path, db: Path) -> tuple[str, float, float]:
    """Raise one project's printed investment in the file; (project_id, old value, new value)."""
    text = path.read_text(encoding="utf-8")
    candidates = _query(
        db,
        "select project_id, investment_text, planned_investment_wan_yuan from marts.fct_projects "
        "where document_id = ? and investment_text is not null and planned_investment_wan_yuan > 0 "
        "order by project_id",
        [document_id_for(path.name)],
    )
    for project_id, printed, value in candidates:
        number = re.search(r"\d+(\.\d+)?", printed)
        if text.count(printed) != 1 or not number:
            continue  # printed twice: which one the row came from is not known here
        old_number = float(number.group())
        new_number = old_number + 7
        path.write_text(
            text.replace(printed, printed.replace(number.group(), f"{new_number:g}", 1)), encoding="utf-8"
        )
        return project_id, float(value), float(value) * new_number / old_number
    raise AssertionError(f"{path.name}: no project with a printed investment to edit")


def _assert_one_update_run_with_key_tests_and_partial_parsing(built) -> None:
    """One changed file: one run of update_document_job; of the dbt tests only the key ones
    ran (the full set runs in a full refresh); dbt parsed partially (state of the last run)."""
    with dg.DagsterInstance.from_config(str(built.dagster_home)) as instance:
        latest = instance.get_run_records(limit=1)[0].dagster_run
        assert latest.job_name == UPDATE_JOB
        events = instance.all_logs(latest.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        checks = {e.dagster_event.event_specific_data.check_name for e in events}
        planned = instance.all_logs(latest.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED)
        planned_checks = {e.dagster_event.event_specific_data.check_name for e in planned}
    # the run plans only the checks it runs: no planned-but-skipped deferred dbt tests
    assert planned_checks == checks
    assert any(name.startswith("unique_fct_projects_project_id") for name in checks), checks
    assert not any(name.startswith(("not_null_", "relationships_", "accepted_values_")) for name in checks)
    assert any(name == "fct_projects" for name in checks)  # the GX suites still check the rows
    (dbt_log,) = (companion_dir(built.warehouse_db) / "dbt").glob("*/dbt.log")
    assert "Unable to do partial parsing" not in dbt_log.read_text(encoding="utf-8")


def test_incremental_run_replaces_changed_documents_and_equals_a_full_refresh(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (EDITED, DELETED, UNTOUCHED):
        shutil.copy(SAMPLE_PLANS_DIR / name, raw / name)
    first = build_warehouse(tmp_path, raw)
    db = first.warehouse_db
    assert first.succeeded
    first_quality_run = _latest_quality_run(db)
    untouched_id, deleted_id = document_id_for(UNTOUCHED), document_id_for(DELETED)
    untouched_findings = {f for f in _findings(db, first_quality_run) if f[2] == untouched_id}
    assert untouched_findings, "the untouched sample plan should have findings to carry over"

    project_id, old_value, new_value = _edit_an_investment(raw / EDITED, db)
    (raw / DELETED).unlink()
    second = build_warehouse(tmp_path, raw)
    assert second.succeeded
    _assert_one_update_run_with_key_tests_and_partial_parsing(second)

    refreshes = _query(
        db, "select mode, document_ids from audit.dbt_refreshes where success order by finished_at"
    )
    assert [mode for mode, _ in refreshes] == ["full", "incremental"]
    assert sorted(refreshes[-1][1]) == sorted([document_id_for(EDITED), deleted_id])
    assert _query(db, "select count(*) from raw.document_changes") == [(0,)]  # applied, so consumed

    # the edited plan: its old row is gone, the new one is there (same key, new value)
    values = _query(
        db, "select planned_investment_wan_yuan from marts.fct_projects where project_id = ?", [project_id]
    )
    assert [float(v) for (v,) in values] == [pytest.approx(new_value)]
    assert old_value != pytest.approx(new_value)
    # the deleted plan: no row left in any mart
    for name in _marts(db):
        columns = [
            c for (c,) in _query(db, f"select column_name from duckdb_columns() where table_name = '{name}'")
        ]
        if "document_id" in columns:
            assert _query(db, f"select count(*) from marts.{name} where document_id = ?", [deleted_id]) == [
                (0,)
            ]

    # quality: only the changed documents were checked; the untouched plan's findings are carried
    # into the report, not appended again: they stay open in the rows of the run that found them
    scoped_run = _latest_quality_run(db)
    assert scoped_run != first_quality_run
    assert _query(
        db,
        "select count(*) from audit.quality_results where run_id = ? "
        "and ((document_id = ? and suite not in (select unnest(?))) or carried_from_run_id is not null)",
        [scoped_run, untouched_id, whole_suites()],
    ) == [(0,)]
    assert _query(
        db, "select distinct run_id from audit.open_findings where document_id = ?", [untouched_id]
    ) == [(first_quality_run,)]
    assert {f for f in _open_findings(db) if f[2] == untouched_id} == untouched_findings
    report = (companion_dir(db) / "quality" / "latest.html").read_text(encoding="utf-8")
    assert f'data-carried-from="{first_quality_run}"' in report
    assert "changed document(s) checked" in report
    incremental_marts, incremental_findings = _marts(db), _open_findings(db)

    # a full refresh of the same raw data gives the same marts and, checked in full, the same findings
    assert build_warehouse(tmp_path, raw, full_refresh=True).succeeded
    assert _query(db, "select mode from audit.dbt_refreshes order by finished_at desc limit 1") == [("full",)]
    full_marts = _marts(db)
    assert set(full_marts) == set(incremental_marts)
    for name, rows in full_marts.items():
        assert incremental_marts[name] == rows, f"marts.{name} differs between incremental and full refresh"
    full_run = _latest_quality_run(db)
    assert _query(
        db,
        "select count(*) from audit.quality_results where run_id = ? and carried_from_run_id is not null",
        [full_run],
    ) == [(0,)]
    assert _findings(db, full_run) == incremental_findings == _open_findings(db)


def test_a_deleted_published_copy_is_published_again_by_a_refresh_that_rebuilt_no_document(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE_PLANS_DIR / UNTOUCHED, raw / UNTOUCHED)
    first = build_warehouse(tmp_path, raw)
    assert first.succeeded and first.published_db.exists()
    findings = _open_findings(first.warehouse_db)
    assert findings
    first.published_db.unlink()
    again = build_warehouse(tmp_path, raw)
    assert again.succeeded and again.published_db.exists()
    # no document changed: the refresh checked none, and carried the plan's findings into its report
    latest = _latest_quality_run(again.warehouse_db)
    assert _query(
        again.warehouse_db, "select document_id from audit.quality_scopes where run_id = ?", [latest]
    ) == [("",)]
    assert _open_findings(again.warehouse_db) == findings
