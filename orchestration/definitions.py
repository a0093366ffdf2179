"""The Dagster code location: `dagster dev` and `make run` both load this module."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import plan_warehouse_dbt_assets
from orchestration.assets.ingestion import LANDING_KEY, RAW_KEYS, landed_documents, raw_plan_tables
from orchestration.assets.quality import QUALITY_ASSET_CHECKS, QUALITY_ASSETS, QUALITY_JOBS, QUALITY_SCHEDULES
from orchestration.assets.serving import SERVING_ASSETS
from orchestration.resources import build_resources
from orchestration.sensors import INGEST_JOB, REFRESH_JOB, raw_directory_sensor, refresh_after_ingest_sensor
from orchestration.settings import Settings

raw_assets = dg.AssetSelection.assets(LANDING_KEY, *RAW_KEYS.values())

# Partitioned by document (the landing), yet its load step is one unpartitioned step: a run
# for one file, a range of files, or (selecting only the raw tables) none, which only prunes.
ingest_documents_job = dg.define_asset_job(
    INGEST_JOB,
    selection=raw_assets,
    description="Land the given documents (one run for any number of partitions), then load raw.",
)

refresh_warehouse_job = dg.define_asset_job(
    REFRESH_JOB,
    selection=dg.AssetSelection.all() - raw_assets,
    description="Rebuild dbt models, run quality checks and publish from what raw holds.",
)


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
        jobs=[ingest_documents_job, refresh_warehouse_job, *QUALITY_JOBS],
        schedules=QUALITY_SCHEDULES,
        sensors=[raw_directory_sensor, refresh_after_ingest_sensor],
        resources=build_resources(settings),
    )


defs = build_definitions()
