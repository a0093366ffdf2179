"""Operating `make run`: one run per warehouse, killed runs reclaimed, FILE arguments, own folders."""

from __future__ import annotations

import os
import socket
import time

import dagster as dg
import duckdb
import pytest

from orchestration.run_all import (
    HOST_TAG,
    LAUNCHER_TAG,
    PID_TAG,
    BadArguments,
    WarehouseBusy,
    main,
    reclaim_abandoned_runs,
    resolve_documents,
    warehouse_lock,
)
from orchestration.settings import REPO_ROOT, Settings

POOL = "duckdb_writer"


def _settings(tmp_path, name="plans.duckdb") -> Settings:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    return Settings(raw, tmp_path / "wh" / name, tmp_path / "wh" / "published" / name)


def test_two_warehouses_in_one_folder_share_no_state(tmp_path):
    gansu, ningxia = _settings(tmp_path, "gansu.duckdb"), _settings(tmp_path, "ningxia.duckdb")
    for attribute in ("state_dir", "landing_dir", "quality_dir", "dbt_target_dir", "logs_dir", "lock_file"):
        assert getattr(gansu, attribute) != getattr(ningxia, attribute), attribute
        assert getattr(gansu, attribute).is_relative_to(tmp_path / "wh" / "gansu")
    for attribute in ("parquet_dir", "overview_page"):
        assert getattr(gansu, attribute).is_relative_to(tmp_path / "wh" / "published" / "gansu")
        assert getattr(gansu, attribute) != getattr(ningxia, attribute)


def test_a_second_run_refuses_or_waits_while_the_first_holds_the_lock(tmp_path):
    settings = _settings(tmp_path)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - child: hold the lock for two seconds
        with warehouse_lock(settings, 0, say=lambda _: None):
            os.write(write, b"x")
            time.sleep(2)
        os._exit(0)
    os.read(read, 1)
    with pytest.raises(WarehouseBusy) as busy, warehouse_lock(settings, 0, say=lambda _: None):
        pass
    assert f"pid {child} on {socket.gethostname()}" in str(busy.value)
    said = []
    with warehouse_lock(settings, 30, say=said.append):  # waits for the first run to end
        # taken once the first run let go: the lock file names this process now
        assert settings.lock_file.read_text().startswith(f"pid {os.getpid()} ")
    assert said and said[0].startswith("waiting for the run in progress")
    os.waitpid(child, 0)


def test_a_killed_run_leaves_the_lock_free(tmp_path):
    settings = _settings(tmp_path)
    child = os.fork()
    if child == 0:  # pragma: no cover - child: takes the lock, then dies without releasing it
        with warehouse_lock(settings, 0, say=lambda _: None):
            os.kill(os.getpid(), 9)
    os.waitpid(child, 0)
    with warehouse_lock(settings, 0, say=lambda _: None):
        pass


@dg.op(pool=POOL)
def _writer_step():
    return 1


@dg.job
def _writer_job():
    _writer_step()


def _instance(tmp_path) -> dg.DagsterInstance:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO_ROOT / "orchestration" / "dagster.yaml").read_text())
    return dg.DagsterInstance.from_config(str(home))


def test_runs_of_a_killed_process_are_failed_and_their_pool_slot_freed(tmp_path, dead_pid):
    instance = _instance(tmp_path)
    dead, alive = dead_pid, os.getppid()
    runs = {}
    for name, pid in (("dead", dead), ("alive", alive)):
        tags = {LAUNCHER_TAG: "run_all", PID_TAG: str(pid), HOST_TAG: socket.gethostname()}
        run = instance.create_run_for_job(_writer_job, tags=tags)
        instance.handle_run_event(
            run.run_id,
            dg.DagsterEvent(event_type_value="PIPELINE_START", job_name=run.job_name, message="started"),
        )
        runs[name] = run
    storage = instance.event_log_storage
    storage.set_concurrency_slots(POOL, 1)
    assert storage.claim_concurrency_slot(POOL, runs["dead"].run_id, "_writer_step").is_claimed
    assert not storage.claim_concurrency_slot(POOL, runs["alive"].run_id, "_writer_step").is_claimed

    assert reclaim_abandoned_runs(instance) == [runs["dead"].run_id]
    assert instance.get_run_by_id(runs["dead"].run_id).status == dg.DagsterRunStatus.FAILURE
    assert instance.get_run_by_id(runs["alive"].run_id).status == dg.DagsterRunStatus.STARTED
    info = storage.get_concurrency_info(POOL)
    assert [slot.run_id for slot in info.claimed_slots] in ([], [runs["alive"].run_id])
    assert runs["dead"].run_id not in {step.run_id for step in info.pending_steps}
    assert reclaim_abandoned_runs(instance) == []  # nothing left to reclaim
    instance.dispose()


def test_file_arguments_are_resolved_under_the_raw_folder_or_refused_clearly(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    (settings.raw_dir / "sub").mkdir()
    files = ["a.txt", "sub/b.txt"]
    for name in files:
        (settings.raw_dir / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert resolve_documents(
        ["a.txt", str(settings.raw_dir / "sub/b.txt"), "raw/a.txt"], settings, files
    ) == [
        "a.txt",
        "sub/b.txt",
    ]
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("x", encoding="utf-8")
    with pytest.raises(BadArguments) as bad:
        resolve_documents([str(outside), "missing.txt"], settings, files)
    message = str(bad.value)
    assert f"{outside}: not under the raw directory {settings.raw_dir}" in message
    assert "missing.txt: no plan file of that name" in message


def test_run_all_with_a_path_outside_the_raw_folder_exits_2_with_a_message(tmp_path, monkeypatch, capsys):
    settings = _settings(tmp_path)
    monkeypatch.setenv("PLAN_WAREHOUSE_RAW_DIR", str(settings.raw_dir))
    monkeypatch.setenv("PLAN_WAREHOUSE_DB", str(settings.warehouse_db))
    monkeypatch.setenv("PLAN_WAREHOUSE_PUBLISHED_DB", str(settings.published_db))
    assert main(["/etc/hostname"]) == 2
    assert "/etc/hostname: not under the raw directory" in capsys.readouterr().out


def test_the_summary_names_each_failed_rule_with_its_document_and_what_was_not_published(tmp_path):
    from expectations.audit import DDL
    from orchestration.run_all import PipelineOutcome, summary

    settings = _settings(tmp_path)
    settings.warehouse_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_db)) as con:
        con.execute("create schema marts; create table marts.dim_plan (plan_id varchar)")
        con.execute(DDL)
        columns = "run_id, checked_at, record_kind, suite, mart, expectation, severity, success, document_id, source_line, details"
        con.execute(
            f"insert into audit.quality_results ({columns}) values "
            "('run-1', now(), 'finding', 'funding', 'fct_funding', 'amount_in_wan_yuan', 'error', false, "
            "'doc_a', 42, 'amount 35000000元 not converted to 万元'), "
            "('run-1', now(), 'finding', 'funding', 'fct_funding', 'growth', 'warn', false, 'doc_b', 7, 'a finding'), "
            "('run-0', now(), 'finding', 'keys', 'fct_funding', 'unique_id', 'error', false, 'doc_c', 1, 'older run')"
        )
    text = summary(
        settings, PipelineOutcome(refresh_succeeded=False, refresh_run_id="run-1", published=False)
    )
    assert "QUALITY ERROR funding.amount_in_wan_yuan on doc_a:42: amount 35000000元 not converted" in text
    assert "doc_b" not in text and "doc_c" not in text  # warnings and other runs are not failures of this run
    assert "published copy:   none (nothing has been published yet)" in text
    assert "quality report:   none yet" in text


def test_the_summary_of_a_scoped_run_names_the_error_findings_it_carried(tmp_path):
    """A scoped quality run does not append the findings it carries; the summary still names an
    error finding that is open in a document the run did not re-check."""
    from datetime import UTC, datetime

    from expectations.audit import append_results
    from expectations.runner import Finding, QualityRun, SuiteResult
    from orchestration.run_all import PipelineOutcome, summary

    settings = _settings(tmp_path)
    settings.warehouse_dir.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse_db)) as con:
        con.execute("create schema marts; create table marts.dim_document (document_id varchar)")
        con.execute("insert into marts.dim_document values ('doc_a'), ('doc_b')")
    error = Finding(
        suite="fct_funding", mart="fct_funding", rule="amount_in_wan_yuan", kind="units", severity="error",
        document_id="doc_a", plan_id="doc_a-p1", region_code="620102", source_line=42, printed_text="3500万",
        value="35000000", detail="amount 35000000元 not converted to 万元",
    )  # fmt: skip
    suites = [SuiteResult("fct_funding", "fct_funding", "", True, findings=[error])]
    append_results(settings.warehouse_db, QualityRun("run-1", datetime.now(UTC), "", suites, []))
    scoped = QualityRun(
        "run-2", datetime.now(UTC), "", [SuiteResult("fct_funding", "fct_funding", "", True)], [],
        scope_documents=["doc_b"],
    )  # fmt: skip
    append_results(settings.warehouse_db, scoped)
    text = summary(settings, PipelineOutcome(refresh_succeeded=False, refresh_run_id="run-2"))
    assert "QUALITY ERROR fct_funding.amount_in_wan_yuan on doc_a:42: amount 35000000元 not converted" in text
