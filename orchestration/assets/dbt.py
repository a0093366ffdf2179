"""staging / intermediate / marts: the dbt project as Dagster assets; dbt tests become asset checks."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.lib.translator import PlanWarehouseTranslator
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.resources import WarehouseSettings, dbt_project


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=PlanWarehouseTranslator(),
    pool=DUCKDB_WRITER_POOL,
)
def plan_warehouse_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: WarehouseSettings
):
    # The dbt profile reads the warehouse path from the environment of the dbt process.
    os.environ["PLAN_WAREHOUSE_DB"] = paths.warehouse_db
    yield from dbt.cli(["build"], context=context).stream()
