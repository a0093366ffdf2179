"""staging / intermediate / marts: the dbt project as Dagster assets; dbt tests become asset checks.

Incremental by default: the per-document models rebuild only the documents the raw load
logged as changed; a full refresh runs when asked (`full_refresh` config, `run_all
--full-refresh`) or when the dbt code or a seed changed (orchestration/refresh_state.py).
"""

from datetime import UTC, datetime

import dagster as dg
import duckdb
from dagster_dbt import dbt_assets

from orchestration.lib.translator import PlanWarehouseTranslator
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.refresh_state import plan_refresh, record_refresh
from orchestration.resources import WarehouseDbtResource, WarehouseSettings, dbt_project


class DbtRefreshConfig(dg.Config):
    full_refresh: bool = False


def _now() -> datetime:
    return datetime.now(UTC)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=PlanWarehouseTranslator(),
    pool=DUCKDB_WRITER_POOL,
)
def plan_warehouse_dbt_assets(
    context: dg.AssetExecutionContext,
    dbt: WarehouseDbtResource,
    paths: WarehouseSettings,
    config: DbtRefreshConfig,
):
    with duckdb.connect(paths.warehouse_db) as con:
        plan = plan_refresh(con, config.full_refresh)
    # only a refresh of every model may consume the change log (a subset leaves it for the rest)
    complete = set(context.selected_asset_keys) >= set(context.assets_def.keys)
    context.log.info(f"dbt refresh: {plan.mode} ({plan.reason})")
    started = _now()
    invocation = dbt.cli(["build", *plan.dbt_args], context=context, raise_on_error=False)
    yield from invocation.stream()
    success = invocation.is_successful()
    with duckdb.connect(paths.warehouse_db) as con:
        record_refresh(con, context.run.run_id, plan, started, _now(), success and complete)
    if not success:
        raise dg.Failure(description=f"dbt build failed ({plan.mode} refresh); see the dbt log of this run")
