"""staging / intermediate / marts: the dbt project as Dagster assets; dbt tests become asset checks.

Incremental by default: the per-document models rebuild only the documents the raw load
logged as changed; a full refresh runs when asked (`full_refresh` config, `run_all
--full-refresh`) or when the dbt code or a seed changed (orchestration/refresh_state.py).
"""

import json
from datetime import UTC, datetime
from functools import cache

import dagster as dg
import duckdb
from dagster_dbt import dbt_assets

from orchestration.lib.translator import PlanWarehouseTranslator
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.refresh_state import (
    FULL,
    INCREMENTAL,
    INCREMENTAL_DEFERRED_TESTS,
    note_refreshed_hash,
    plan_refresh,
    record_refresh,
)
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
    # only a refresh of every model may consume the change log (a subset leaves it for the rest);
    # seeds are part of a full refresh only, an incremental one excludes them anyway
    unselected = set(context.assets_def.keys) - set(context.selected_asset_keys)
    complete = not unselected or (plan.mode == INCREMENTAL and unselected <= seed_keys())
    context.log.info(f"dbt refresh: {plan.mode} ({plan.reason})")
    everything = {*context.assets_def.keys, *context.assets_def.check_keys}
    selected = {*context.selected_asset_keys, *context.selected_asset_check_keys}
    missing = everything - selected
    if plan.mode == FULL and missing and missing <= incremental_only_parts():
        # update_document_job leaves out what only a full refresh runs (seeds, the deferred
        # tests); its callers send a file whose refresh will be full through the ingest and
        # refresh jobs, so this is a race: the dbt code changed after the run was chosen.
        raise dg.Failure(
            description=f"dbt refresh must be full ({plan.reason}), but this run leaves out "
            f"{len(missing)} seeds and dbt tests that a full refresh runs; the changes stay pending. "
            "Run `make run` (or refresh_warehouse_job) to refresh in full."
        )
    started = _now()
    invocation = dbt.cli(["build", *plan.dbt_args], context=context, raise_on_error=False)
    yield from invocation.stream()
    success = invocation.is_successful()
    with duckdb.connect(paths.warehouse_db) as con:
        record_refresh(con, context.run.run_id, plan, started, _now(), success and complete)
    if success and complete:
        note_refreshed_hash(paths.warehouse_db, plan.project_hash)
    if not success:
        raise dg.Failure(description=f"dbt build failed ({plan.mode} refresh); see the dbt log of this run")


@cache
def _manifest_nodes() -> dict:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"]


@cache
def deferred_check_keys() -> frozenset[dg.AssetCheckKey]:
    """The asset checks of the dbt tests an incremental refresh does not run: the tests of
    refresh_state.INCREMENTAL_DEFERRED_TESTS and every test of a seed (seeds are reloaded by
    full refreshes only). A job that refreshes incrementally leaves them out of its selection,
    so its runs neither plan them nor store their events."""
    nodes = _manifest_nodes()
    deferred = set()
    for spec in plan_warehouse_dbt_assets.check_specs:
        node = nodes.get((spec.metadata or {}).get("dagster_dbt/unique_id"), {})
        if (node.get("test_metadata") or {}).get(
            "name"
        ) in INCREMENTAL_DEFERRED_TESTS or spec.asset_key in seed_keys():
            deferred.add(spec.key)
    return frozenset(deferred)


@cache
def seed_keys() -> frozenset[dg.AssetKey]:
    """The dbt seeds as assets: loaded by full refreshes only (their hash is part of the project's)."""
    translator = PlanWarehouseTranslator()
    return frozenset(
        translator.get_asset_key(node)
        for node in _manifest_nodes().values()
        if node["resource_type"] == "seed"
    )


def incremental_only_parts() -> frozenset:
    """What a job that refreshes incrementally leaves out: the seeds and the deferred dbt tests."""
    return seed_keys() | deferred_check_keys()
