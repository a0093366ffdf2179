"""Dagster's storage in a real PostgreSQL: a throwaway server, started for this test only.

Needs Debian's postgresql server binaries (`make test` installs them as root, like Chromium);
without them the test fails saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import dagster as dg
import pytest

from orchestration.instance import POSTGRES_URL_VAR, write_instance_config

PORT = "55439"


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture
def postgres_url():
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert binaries, (
        "PostgreSQL server binaries missing: `apt-get install postgresql` (make test does it as root)"
    )
    bin_dir = binaries[-1].parent
    root = Path(tempfile.mkdtemp(prefix="pg-plan-warehouse-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run(
        _as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -p {PORT} -c listen_addresses=''"
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            _as_postgres(
                [str(bin_dir / "createdb"), "-h", str(root), "-p", PORT, "-U", "postgres", "dagster"]
            ),
            check=True,
            capture_output=True,
        )
        yield f"postgresql+psycopg2://postgres@/dagster?host={root}&port={PORT}"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


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
