"""BI readers and the pipeline: a reader never blocks a run, a killed run never touches the copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from orchestration.settings import REPO_ROOT
from tests.conftest import SAMPLE_PLANS_DIR, build_warehouse

pytestmark = pytest.mark.integration


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plan_count(con) -> int:
    return con.execute("select count(*) from marts.dim_plan").fetchone()[0]


def test_reader_keeps_old_data_during_a_full_run_and_a_killed_run_leaves_the_copy_untouched(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_80bd01bbf9972bbb.txt", "003_b3f5121ee16d8fba.txt"):
        shutil.copy(SAMPLE_PLANS_DIR / name, raw / name)
    first = build_warehouse(tmp_path, raw)
    assert first.succeeded

    # A BI user holds the published copy open while a full run with one more plan executes.
    reader = duckdb.connect(str(first.published_db), read_only=True)
    assert _plan_count(reader) == 2
    shutil.copy(SAMPLE_PLANS_DIR / "004_9176aec6d26fd934.txt", raw / "004_9176aec6d26fd934.txt")
    second = build_warehouse(tmp_path, raw)
    assert second.succeeded, "an open reader must not make the run fail"
    assert _plan_count(reader) == 2, "the open connection still sees the copy it opened"
    reader.close()
    with duckdb.connect(str(first.published_db), read_only=True) as fresh:
        assert _plan_count(fresh) == 3, "a new connection sees the newly published copy"

    # A run killed while dbt rebuilds the marts leaves the published file byte-identical.
    published_before = _sha256(first.published_db)
    shutil.copy(SAMPLE_PLANS_DIR / "001_a5af65e7ee88bbe1.txt", raw / "001_a5af65e7ee88bbe1.txt")
    env = os.environ | {
        "PLAN_WAREHOUSE_RAW_DIR": str(raw),
        "PLAN_WAREHOUSE_DB": str(first.warehouse_db),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(first.published_db),
        "DAGSTER_HOME": str(first.dagster_home),
    }
    run = subprocess.Popen(
        [sys.executable, "-m", "orchestration.run_all"],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    saw_dbt = False
    deadline = time.monotonic() + 300
    for line in run.stdout:
        if "Running dbt command" in line or "START sql" in line:
            saw_dbt = True
            break
        assert time.monotonic() < deadline, "dbt never started"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    assert saw_dbt
    assert _sha256(first.published_db) == published_before
    with duckdb.connect(str(first.published_db), read_only=True) as after_kill:
        assert _plan_count(after_kill) == 3
