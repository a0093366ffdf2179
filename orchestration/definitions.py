"""The Dagster code location: `dagster dev` and `make run` both load this module."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import plan_warehouse_dbt_assets
from orchestration.assets.ingestion import landed_documents, raw_plan_tables
from orchestration.assets.quality import QUALITY_ASSET_CHECKS, QUALITY_ASSETS, QUALITY_JOBS
from orchestration.assets.serving import SERVING_ASSETS
from orchestration.cluster import land_on_cluster_job
from orchestration.jobs import JOBS, SCHEDULES
from orchestration.resources import build_resources
from orchestration.sensors import raw_directory_sensor, refresh_after_ingest_sensor
from orchestration.settings import Settings


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The code location, with resources pointing at `settings` (default: the environment)."""
    return dg.Definitions(
        assets=[
            landed_documents,
            raw_plan_tables,
            plan_warehouse_dbt_assets,
            *QUALITY_ASSETS,
            *SERVING_ASSETS,
        ],
        asset_checks=QUALITY_ASSET_CHECKS,
        # land_on_cluster_job (orchestration/cluster.py) runs on the Celery executor: listed so
        # the UI shows its runs and their steps per worker. Its broker comes with each run's
        # config, so loading the definitions needs neither Redis nor Celery (dagster-celery
        # imports Celery only when a run starts); launched by `make cluster`.
        jobs=[*JOBS, *QUALITY_JOBS, land_on_cluster_job],
        schedules=SCHEDULES,
        sensors=[raw_directory_sensor, refresh_after_ingest_sensor],
        resources=build_resources(settings),
        # Runs the daemon launches (sensors, schedules, the UI) execute their steps one after
        # another in the run's process: the writing steps queue for the one DuckDB writer slot
        # anyway, and a process per step (Dagster's default) re-imported Dagster, dbt and GX
        # and reloaded the definitions for each of them (~5 s a step). The landing step runs
        # its own worker processes.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
