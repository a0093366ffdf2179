"""The code location loads and shows the graph from raw files to marts, with checks."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs

MARTS = [
    "dim_region",
    "dim_document",
    "dim_plan",
    "dim_year",
    "dim_policy_area",
    "dim_indicator",
    "fct_indicator_values",
    "fct_projects",
    "fct_funding",
    "rpt_reconciliation",
]


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_runs_from_raw_tables_to_marts():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    for mart in MARTS:
        key = dg.AssetKey(["marts", mart])
        assert key in keys, mart
        if mart != "dim_year":  # generated from a series, no upstream
            assert graph.get(key).parent_keys, mart
    facts = dg.AssetKey(["marts", "fct_projects"])
    ancestors = graph.get(facts).parent_keys
    assert ancestors, "fct_projects has upstream models"
    lineage = set()
    frontier = {facts}
    while frontier:
        key = frontier.pop()
        for parent in graph.get(key).parent_keys:
            if parent not in lineage:
                lineage.add(parent)
                frontier.add(parent)
    assert dg.AssetKey(["raw", "projects"]) in lineage
    assert dg.AssetKey(["raw", "plans"]) in lineage


def test_landing_is_partitioned_by_document_and_lands_in_one_run():
    landing = defs.resolve_asset_graph().get(dg.AssetKey(["raw", "landed_documents"]))
    assert landing.partitions_def.name == "documents"
    assert landing.backfill_policy == dg.BackfillPolicy.single_run()


def test_raw_tables_are_one_unpartitioned_load_downstream_of_the_landing():
    """Per-document partitions on 9 tables cost 18 Dagster events per document; see benchmarks/."""
    graph = defs.resolve_asset_graph()
    for table in ("documents", "projects", "plans"):
        node = graph.get(dg.AssetKey(["raw", table]))
        assert node.partitions_def is None, table
        assert dg.AssetKey(["raw", "landed_documents"]) in node.parent_keys, table


def test_the_ingest_job_lands_and_loads_and_the_refresh_job_does_neither():
    ingest = defs.resolve_job_def("ingest_documents_job").asset_layer.executable_asset_keys
    refresh = defs.resolve_job_def("refresh_warehouse_job").asset_layer.executable_asset_keys
    raw = {dg.AssetKey(["raw", "landed_documents"]), dg.AssetKey(["raw", "projects"])}
    assert raw <= ingest
    assert not raw & refresh
    assert dg.AssetKey(["marts", "fct_projects"]) in refresh


def test_dbt_tests_surface_as_asset_checks():
    check_keys = defs.resolve_asset_graph().asset_check_keys
    on_plans = {k.name for k in check_keys if k.asset_key == dg.AssetKey(["marts", "dim_plan"])}
    assert any(name.startswith("unique_dim_plan_plan_id") for name in on_plans), on_plans


def test_every_warehouse_writer_is_in_the_duckdb_writer_pool():
    from orchestration.assets.dbt import plan_warehouse_dbt_assets
    from orchestration.assets.ingestion import landed_documents, raw_plan_tables

    for assets_def in (raw_plan_tables, plan_warehouse_dbt_assets):
        assert assets_def.op.pool == "duckdb_writer"
    # the landing runs outside the pool, so it never waits for a dbt build
    assert "duckdb" not in landed_documents.required_resource_keys


def test_sensor_and_jobs_are_registered():
    assert defs.resolve_job_def("ingest_documents_job")
    assert defs.resolve_job_def("refresh_warehouse_job")
    assert defs.resolve_sensor_def("raw_directory_sensor")


def test_one_changed_file_is_one_update_run_and_several_are_ingest_runs_and_one_refresh():
    from orchestration.jobs import INGEST_JOB, UPDATE_JOB
    from orchestration.sensors import sensor_requests

    registered = ["a.txt", "b.txt", "c.txt"]
    before = {name: (f"sha-{name}", 10, 1) for name in registered}
    one = before | {"b.txt": ("sha-b2", 11, 2)}
    requests, _, _ = sensor_requests(one, before, registered)
    assert [(r.job_name, r.partition_key) for r in requests] == [(UPDATE_JOB, "b.txt")]
    # a refresh that will be full (dbt code changed): the ingest job, then the refresh job
    requests, _, _ = sensor_requests(one, before, registered, single_file_update=False)
    assert [(r.job_name, r.partition_key) for r in requests] == [(INGEST_JOB, "b.txt")]
    two = one | {"c.txt": ("sha-c2", 11, 2)}
    requests, _, _ = sensor_requests(two, before, registered)
    assert [(r.job_name, r.partition_key) for r in requests] == [(INGEST_JOB, "b.txt"), (INGEST_JOB, "c.txt")]
    # the update job covers the whole way from the file to the published copy
    update = defs.resolve_job_def(UPDATE_JOB).asset_layer.executable_asset_keys
    assert {dg.AssetKey(["raw", "landed_documents"]), dg.AssetKey(["marts", "fct_projects"])} <= update
    assert dg.AssetKey(["published", "plans_duckdb"]) in update
    # it plans only what an incremental refresh runs: the key tests, not the deferred ones or seeds
    from orchestration.assets.dbt import deferred_check_keys, seed_keys

    job = defs.resolve_job_def(UPDATE_JOB)
    checks = job.asset_layer.asset_graph.asset_check_keys
    assert not checks & deferred_check_keys()
    assert any(c.name.startswith("unique_fct_projects_project_id") for c in checks)
    assert not update & seed_keys()
    assert {c.name for c in deferred_check_keys()} >= {
        c.name
        for c in defs.resolve_job_def("refresh_warehouse_job").asset_layer.asset_graph.asset_check_keys
        if c.name.startswith(("not_null_", "relationships_", "accepted_values_"))
    }


def test_runs_execute_their_steps_in_one_process():
    """A process per step re-imports Dagster, dbt and GX for each (seconds a step)."""
    for name in ("ingest_documents_job", "refresh_warehouse_job", "update_document_job"):
        assert defs.resolve_job_def(name).executor_def is dg.in_process_executor, name


def test_the_daily_schedule_is_a_full_refresh():
    schedule = defs.resolve_schedule_def("daily_full_refresh")
    assert schedule.job_name == "refresh_warehouse_job"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    config = schedule.evaluate_tick(dg.build_schedule_context()).run_requests[0].run_config
    assert config["ops"]["plan_warehouse_dbt_assets"]["config"]["full_refresh"] is True


def test_the_cluster_job_is_listed_and_loading_it_needs_no_broker(tmp_path):
    """The UI shows land_on_cluster_job; its broker comes with each run's config, so the code
    location loads without Redis, the broker variable or Celery itself."""
    import json
    import os
    import subprocess
    import sys

    from dagster._config import process_config

    from orchestration.cluster import BROKER_VAR, cluster_run_config, executor_config
    from orchestration.settings import Settings

    job = defs.resolve_job_def("land_on_cluster_job")
    assert job.executor_def.name == "celery"
    settings = Settings(tmp_path / "raw", tmp_path / "w.duckdb", tmp_path / "p.duckdb", False)
    config = cluster_run_config(settings, ["a.txt"], 20, executor_config("redis://127.0.0.1:9/0"))
    assert process_config(job.run_config_schema.config_type, config).success
    code = (
        "import json, sys\nfrom orchestration.definitions import defs\n"
        "defs.resolve_job_def('land_on_cluster_job')\n"
        "print(json.dumps(sorted(m for m in ('celery', 'kombu', 'redis') if m in sys.modules)))"
    )
    env = {k: v for k, v in os.environ.items() if k != BROKER_VAR}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
