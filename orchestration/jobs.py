"""The jobs: ingest files, refresh what is downstream of raw, or both in one run for one file.

- `ingest_documents_job`: land the given documents (one run for any number of partitions),
  then load raw; selecting only the raw tables (no partition) prunes deleted files;
- `refresh_warehouse_job`: dbt (incremental or full), quality checks, publishing;
- `daily_full_refresh` (schedule): every morning `refresh_warehouse_job` as a full refresh:
  every dbt model rebuilt from raw and every dbt test run (an incremental refresh runs only
  the key tests), every document checked by the GX suites, the report and published copy
  renewed. At 1,000 plans about a minute.
- `update_document_job`: one changed file end to end in one run. The sensor starts it when
  a tick finds exactly one changed file and `run_all FILE` runs it for one file: one run
  (for the daemon: one process) instead of an ingest run, a refresh sensor tick and a
  second run, each paying Dagster's start-up.
"""

import dagster as dg

from orchestration.assets.dbt import deferred_check_keys, seed_keys
from orchestration.assets.ingestion import LANDING_KEY, RAW_KEYS

INGEST_JOB = "ingest_documents_job"
REFRESH_JOB = "refresh_warehouse_job"
UPDATE_JOB = "update_document_job"

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

# Its dbt refresh is incremental, which loads no seed and runs the key tests only
# (refresh_state): the seeds and the deferred dbt tests are left out of the job, so a run
# neither plans them (~220 planned events at its creation) nor lists them as skipped. dagster-dbt then names the selected models and tests
# on dbt's command line (~90 names, under its limit of 200, above which it copies the project).
# A file whose refresh would be full goes through the ingest and refresh jobs instead
# (run_all, the watch and the raw sensor ask refresh_state.full_refresh_due).
update_document_job = dg.define_asset_job(
    UPDATE_JOB,
    selection=dg.AssetSelection.all()
    - dg.AssetSelection.assets(*seed_keys())
    - dg.AssetSelection.checks(*deferred_check_keys()),
    description="One changed document end to end: land it, load raw, refresh dbt incrementally, "
    "check its rows, publish.",
)

JOBS = [ingest_documents_job, refresh_warehouse_job, update_document_job]


def full_refresh_config(full_refresh: bool) -> dict:
    """Run config of a job with the dbt step: its `full_refresh` switch."""
    return {"ops": {"plan_warehouse_dbt_assets": {"config": {"full_refresh": full_refresh}}}}


daily_full_refresh = dg.ScheduleDefinition(
    name="daily_full_refresh",
    job=refresh_warehouse_job,
    cron_schedule="0 7 * * *",
    execution_timezone="Asia/Shanghai",
    run_config=full_refresh_config(True),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every morning: rebuild every dbt model, run every dbt test and GX suite on every "
    "document, renew the quality report (warehouse/plans/quality/latest.html) and the published copy.",
)

SCHEDULES = [daily_full_refresh]
