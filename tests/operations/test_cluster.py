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
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingestion.landing import landing_failures, list_plan_files
from orchestration.cluster import (
    BROKER_VAR,
    VISIBILITY_VAR,
    cluster_run_config,
    land_on_cluster_job,
    unlanded,
)
from orchestration.instance import POSTGRES_URL_VAR, write_instance_config
from orchestration.partitions import documents_partitions
from orchestration.settings import REPO_ROOT, Settings
from tests.conftest import SAMPLE_PLANS_DIR
from tests.operations.test_plan_files import INVENTED
from tests.servers import celery_workers, read_log, redis_server, stop

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


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        yield url


def _mart_keys(db: Path) -> dict[str, tuple[int, set[str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            mart: (
                con.execute(f"select count(*) from marts.{mart}").fetchone()[0],
                {row[0] for row in con.execute(f"select {key} from marts.{mart}").fetchall()},
            )
            for mart, key in MARTS.items()
        }


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
    with celery_workers(2, env, tmp_path) as workers:
        logs = [log for _, log in workers]
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
        try:
            # the worker that first takes a second step is killed as that step starts
            killed, killed_task = None, None
            deadline = time.monotonic() + 400
            while killed is None:
                for i, log in enumerate(logs):
                    received = RECEIVED.findall(read_log(log))
                    if len(received) >= 2:
                        stop(workers[i][0])
                        killed, killed_task = i, received[1]
                        break
                else:
                    assert driver.poll() is None, (
                        f"the run ended before a worker took two steps: {read_log(driver_log)}"
                    )
                    assert time.monotonic() < deadline, "no worker took two steps: " + " | ".join(
                        map(read_log, logs)
                    )
                    time.sleep(0.05)
            assert driver.wait(timeout=600) == 0, read_log(driver_log)
        finally:
            stop(driver)
    killed_log, survivor_log = read_log(logs[killed]), read_log(logs[1 - killed])
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
    assert "landed 5 document(s) on the workers" in read_log(driver_log)
    shutil.rmtree(tmp_path / "warehouse", ignore_errors=True)


def test_cluster_job_lands_each_batch_and_names_a_bad_file(tmp_path):
    """The job's own steps, run in this process (execute_in_process ignores the executor): one
    step a batch, each landed document a materialization of its `documents` partition, an
    unreadable file a failure note naming it, which `unlanded` no longer offers for another run."""
    raw = tmp_path / "raw"
    (raw / "county").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        (raw / "county" / name).write_text(INVENTED, encoding="utf-8")
    (raw / "county" / "broken.txt").write_bytes(b"\x00\x01 not a plan")
    documents = list_plan_files(raw)
    settings = Settings(raw, tmp_path / "wh" / "plans.duckdb", tmp_path / "wh" / "published" / "plans.duckdb")
    config = cluster_run_config(settings, documents, 3, {})
    del config["execution"]
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions(documents_partitions.name, documents)
        assert unlanded(settings, documents) == documents
        result = land_on_cluster_job.execute_in_process(run_config=config, instance=instance)
        assert result.success
        steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
        assert {s for s in steps if s.startswith("land_batch")} == {
            "land_batch[batch_0]",
            "land_batch[batch_1]",
        }
        assert result.output_for_node("landing_summary") == {"extracted": 3, "unchanged": 0, "failed": 1}
        materialized = {
            e.event_specific_data.materialization.partition for e in result.get_asset_materialization_events()
        }
        assert materialized == {"county/a.txt", "county/b.txt", "county/c.txt"}
    notes = landing_failures(settings.landing_dir)
    assert list(notes) == ["county/broken.txt"] and "county/broken.txt" in notes["county/broken.txt"][1]
    assert unlanded(settings, documents) == []
