"""Dagster's storage in a real PostgreSQL: a throwaway server (the `postgres_url` fixture,
tests/operations/conftest.py), started for this test only."""

from __future__ import annotations

import dagster as dg

from orchestration.instance import POSTGRES_URL_VAR, write_instance_config


@dg.op(pool="duckdb_writer")
def _writer_step():
    return 1


@dg.job
def _writer_job():
    _writer_step()


def test_runs_and_pool_slots_live_in_postgres(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv(POSTGRES_URL_VAR, postgres_url)
    write_instance_config(tmp_path, postgres_url)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = _writer_job.execute_in_process(instance=instance)
        assert result.success
        assert instance.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
        assert instance.event_log_storage.get_concurrency_info("duckdb_writer").slot_count == 1
    with dg.DagsterInstance.from_config(str(tmp_path)) as reopened:  # it outlives the process's instance
        assert reopened.get_run_by_id(result.run_id) is not None
