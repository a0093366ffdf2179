"""Serving layer: the published read-only copy, Parquet exports, the plan overview page.

Exports (wired into orchestration/definitions.py): SERVING_ASSETS

The publish step depends on every mart (and every quality asset), so a failed dbt build,
a failed blocking asset check on a mart or a failed quality step skips it and BI tools
keep reading the last good copy.
"""

import dagster as dg

from orchestration.assets.dbt import plan_warehouse_dbt_assets
from orchestration.assets.quality import QUALITY_ASSETS
from orchestration.guards import removals_allowed
from orchestration.partitions import DUCKDB_WRITER_POOL
from orchestration.resources import WarehouseSettings, dbt_project
from serving.overview import write_overview
from serving.publish import docs_from_dbt_manifest, publish

PUBLISHED_DB_KEY = dg.AssetKey(["published", "plans_duckdb"])
PUBLISHED_PARQUET_KEY = dg.AssetKey(["published", "parquet"])
OVERVIEW_KEY = dg.AssetKey(["published", "overview_html"])


def mart_keys() -> list[dg.AssetKey]:
    return sorted(key for key in plan_warehouse_dbt_assets.keys if key.path[0] == "marts")


def quality_keys() -> list[dg.AssetKey]:
    keys = []
    for item in QUALITY_ASSETS:
        if isinstance(item, dg.AssetsDefinition):
            keys.extend(item.keys)
        elif isinstance(item, dg.AssetSpec):
            keys.append(item.key)
    return sorted(keys)


PUBLISH_DEPS = [*mart_keys(), *quality_keys()]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            PUBLISHED_DB_KEY,
            deps=PUBLISH_DEPS,
            description="warehouse/published/plans.duckdb: every marts table and audit.quality_results, "
            "swapped in atomically; BI tools open it read-only.",
            kinds={"duckdb"},
            group_name="serving",
        ),
        dg.AssetSpec(
            PUBLISHED_PARQUET_KEY,
            deps=PUBLISH_DEPS,
            description="warehouse/published/plans/parquet/<mart>.parquet: one file per mart, same snapshot as the DB.",
            kinds={"parquet"},
            group_name="serving",
        ),
    ],
    can_subset=False,
    # it reads the warehouse file, so it queues behind writers instead of failing on the lock
    pool=DUCKDB_WRITER_POOL,
    name="publish_warehouse",
)
def publish_warehouse(context: dg.AssetExecutionContext, paths: WarehouseSettings):
    settings = paths.settings()
    docs = docs_from_dbt_manifest(dbt_project.manifest_path) if dbt_project.manifest_path.exists() else {}
    result = publish(
        settings.warehouse_db,
        settings.published_db,
        settings.parquet_dir,
        docs=docs,
        allow_shrink=removals_allowed(context.run.tags),
    )
    rows = {t.qualified_name: t.row_count for t in result.tables}
    copied = sorted(t.qualified_name for t in result.tables if t.how != "kept")
    context.log.info(
        f"published {len(rows)} tables to {result.published_db} in {result.seconds:.2f}s "
        f"({'from the previous copy, ' if result.incremental else 'built whole, '}"
        f"{len(copied)} copied or appended: {', '.join(copied) or 'none'})"
    )
    yield dg.MaterializeResult(
        asset_key=PUBLISHED_DB_KEY,
        metadata={
            "path": dg.MetadataValue.path(str(result.published_db)),
            "rows": dg.MetadataValue.json(rows),
            "size_bytes": result.size_bytes,
            "publish_seconds": round(result.seconds, 3),
            "incremental": result.incremental,
            "tables_written": dg.MetadataValue.json({t.qualified_name: t.how for t in result.tables}),
        },
    )
    yield dg.MaterializeResult(
        asset_key=PUBLISHED_PARQUET_KEY,
        metadata={
            "path": dg.MetadataValue.path(str(result.parquet_dir)),
            "files": dg.MetadataValue.json(
                sorted(f"{t.name}.parquet" for t in result.tables if t.schema == "marts")
            ),
        },
    )


@dg.asset(
    key=OVERVIEW_KEY,
    deps=[PUBLISHED_DB_KEY],
    description="warehouse/published/plans/overview.html: static plan overview (inline SVG, renders offline).",
    kinds={"html"},
    group_name="serving",
)
def plan_overview_page(context: dg.AssetExecutionContext, paths: WarehouseSettings) -> dg.MaterializeResult:
    settings = paths.settings()
    stats = write_overview(settings.published_db, settings.overview_page)
    if stats.missing_marts:
        context.log.warning(f"overview without {', '.join(stats.missing_marts)} (not in the published copy)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(stats.path)),
            "regions": stats.regions,
            "investment_charts": stats.investment_charts,
            "indicator_charts": stats.indicator_charts,
            "reconciliation_rows": stats.reconciliation_rows,
            "missing_marts": dg.MetadataValue.json(stats.missing_marts),
        }
    )


SERVING_ASSETS = [publish_warehouse, plan_overview_page]
