"""Extraction on a cluster (orchestration/cluster.py): the sample plans built through two Celery
worker processes, with Redis as broker and Dagster's storage in a throwaway PostgreSQL, give
the marts of a local run; one worker is killed (SIGKILL) in the middle of a step and no
document is lost: the broker hands its step to the other worker.

Needs Debian's redis-server and postgresql binaries (`make test` installs them as root).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingestion.landing import list_plan_files
from orchestration.cluster import BROKER_VAR, VISIBILITY_VAR
from orchestration.instance import POSTGRES_URL_VAR, write_instance_config
from orchestration.settings import REPO_ROOT
from tests.conftest import SAMPLE_PLANS_DIR

REDIS_SERVER = Path("/usr/bin/redis-server")
MARTS = {
    "fct_indicator_values": "indicator_value_id",
    "fct_projects": "project_id",
    "fct_funding": "funding_id",
    "rpt_reconciliation": "reconciliation_id",
}
RECEIVED = re.compile(r"Task execute_plan\[(?P<id>[0-9a-f-]+)\] received")
SUCCEEDED = "Task execute_plan[{}] succeeded"
# the step of a killed worker goes back to the queue after this many seconds (the broker looks
# for such steps every 10 s); each step of the samples takes a few seconds, far less than this
VISIBILITY_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    assert REDIS_SERVER.exists(), "redis-server missing: `apt-get install redis-server` (make test does it)"
    port = _free_port()
    server = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.2)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.kill()
        server.wait()


def _mart_keys(db: Path) -> dict[str, tuple[int, set[str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            mart: (
                con.execute(f"select count(*) from marts.{mart}").fetchone()[0],
                {row[0] for row in con.execute(f"select {key} from marts.{mart}").fetchall()},
            )
            for mart, key in MARTS.items()
        }


def _log(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_samples_through_two_workers_one_killed_mid_step(sample_warehouse, postgres_url, redis_url, tmp_path):
    assert sample_warehouse.succeeded
    dagster_home = tmp_path / "dagster_home"
    write_instance_config(dagster_home, postgres_url)
    warehouse = tmp_path / "warehouse" / "plans.duckdb"
    env = os.environ | {
        "PLAN_WAREHOUSE_RAW_DIR": str(SAMPLE_PLANS_DIR),
        "PLAN_WAREHOUSE_DB": str(warehouse),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(tmp_path / "warehouse" / "published" / "plans.duckdb"),
        "DAGSTER_HOME": str(dagster_home),
        POSTGRES_URL_VAR: postgres_url,
        BROKER_VAR: redis_url,
        VISIBILITY_VAR: str(VISIBILITY_SECONDS),
        "PYTHONPATH": str(REPO_ROOT),
    }
    celery = Path(sys.executable).parent / "celery"
    logs = [tmp_path / f"worker{i}.log" for i in (1, 2)]
    workers, driver = [], None
    try:
        for i, log in enumerate(logs, start=1):
            workers.append(
                subprocess.Popen(
                    [str(celery), "-A", "orchestration.celery_worker", "worker", "--pool", "solo"]
                    + ["-Q", "dagster", "--hostname", f"w{i}@%h", "--loglevel", "INFO"]
                    + ["--without-gossip", "--without-mingle"],
                    cwd=REPO_ROOT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + 180
        while not all(" ready." in _log(log) for log in logs):
            assert all(w.poll() is None for w in workers), "a worker exited: " + " | ".join(map(_log, logs))
            assert time.monotonic() < deadline, "the workers did not start: " + " | ".join(map(_log, logs))
            time.sleep(0.5)
        driver_log = tmp_path / "driver.log"
        # one document a step: five steps to share, and one to kill in the middle
        driver = subprocess.Popen(
            [sys.executable, "-m", "orchestration.cluster", "--batch-size", "1"],
            cwd=REPO_ROOT,
            env=env,
            stdout=driver_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # the worker that first takes a second step is killed as that step starts
        killed, killed_task = None, None
        deadline = time.monotonic() + 400
        while killed is None:
            for i, log in enumerate(logs):
                received = RECEIVED.findall(_log(log))
                if len(received) >= 2:
                    os.killpg(workers[i].pid, signal.SIGKILL)
                    workers[i].wait()
                    killed, killed_task = i, received[1]
                    break
            else:
                assert driver.poll() is None, "the run ended before a worker took two steps: " + _log(
                    driver_log
                )
                assert time.monotonic() < deadline, "no worker took two steps: " + " | ".join(map(_log, logs))
                time.sleep(0.05)
        assert driver.wait(timeout=600) == 0, _log(driver_log)
    finally:
        for process in [*workers, *([driver] if driver else [])]:
            _stop(process)
    killed_log, survivor_log = _log(logs[killed]), _log(logs[1 - killed])
    # both workers ran steps; the killed step had not finished, and the other worker ran it
    assert SUCCEEDED.format(RECEIVED.findall(killed_log)[0]) in killed_log
    assert SUCCEEDED.format(killed_task) not in killed_log
    assert SUCCEEDED.format(killed_task) in survivor_log
    # no document lost: every sample landed and loaded, the marts equal the local run's
    with duckdb.connect(str(warehouse), read_only=True) as con:
        loaded = {row[0] for row in con.execute("select source_path from raw.documents").fetchall()}
        errors = con.execute("select count(*) from raw.load_errors").fetchone()[0]
    assert loaded == set(list_plan_files(SAMPLE_PLANS_DIR))
    assert errors == 0
    assert _mart_keys(warehouse) == _mart_keys(sample_warehouse.warehouse_db)
    assert "landed 5 document(s) on the workers" in _log(driver_log)
    shutil.rmtree(tmp_path / "warehouse", ignore_errors=True)
