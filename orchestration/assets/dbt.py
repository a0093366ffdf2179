"""staging / intermediate / marts: the dbt project as Dagster assets; dbt tests become asset checks."""

import dagster as dg
from dagster_dbt import dbt_assets

from orchestration.lib.translator import PlanWarehouseTranslator
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.resources import WarehouseDbtResource, dbt_project


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=PlanWarehouseTranslator(),
    pool=DUCKDB_WRITER_POOL,
)
def plan_warehouse_dbt_assets(context: dg.AssetExecutionContext, dbt: WarehouseDbtResource):
    # the resource points dbt at this warehouse's file and its own target folder
    yield from dbt.cli(["build"], context=context).stream()
