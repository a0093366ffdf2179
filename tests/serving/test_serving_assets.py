"""The serving assets in Dagster: after every mart and quality asset, blocked by failed checks."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest

from orchestration.assets import serving
from orchestration.definitions import defs
from orchestration.resources import WarehouseSettings
from orchestration.settings import companion_dir
from tests.serving.factory import sha256


def _resources(tmp_path, warehouse):
    published = tmp_path / "warehouse" / "published" / "plans.duckdb"
    return published, {
        "paths": WarehouseSettings(
            raw_dir=str(tmp_path / "raw"), warehouse_db=str(warehouse), published_db=str(published)
        )
    }


def _stub_marts(fail_check_on: str | None = None):
    """Stand-ins for the dbt marts, with a blocking check that fails on one of them."""
    assets = [dg.asset(key=key)(lambda: None) for key in serving.mart_keys()]
    checks = []
    if fail_check_on:

        @dg.asset_check(asset=dg.AssetKey(["marts", fail_check_on]), blocking=True, name="rows_are_valid")
        def rows_are_valid():
            return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR)

        checks.append(rows_are_valid)
    return assets, checks


def test_publish_depends_on_every_mart_and_quality_asset():
    graph = defs.resolve_asset_graph()
    marts = {key for key in graph.get_all_asset_keys() if key.path[0] == "marts"}
    assert len(marts) >= 10
    upstream = graph.get(serving.PUBLISHED_DB_KEY).parent_keys
    assert marts <= upstream
    assert set(serving.quality_keys()) <= upstream
    assert graph.get(serving.OVERVIEW_KEY).parent_keys == {serving.PUBLISHED_DB_KEY}
    job = defs.resolve_job_def("refresh_warehouse_job")
    assert {serving.PUBLISHED_DB_KEY, serving.PUBLISHED_PARQUET_KEY, serving.OVERVIEW_KEY} <= set(
        job.asset_layer.selected_asset_keys
    )


def test_serving_assets_publish_and_draw_the_overview(tmp_path, warehouse):
    published, resources = _resources(tmp_path, warehouse)
    assets, _ = _stub_marts()
    result = dg.materialize([*assets, *serving.SERVING_ASSETS], resources=resources)
    assert result.success
    assert (companion_dir(published) / "overview.html").exists()
    assert (companion_dir(published) / "parquet" / "fct_projects.parquet").exists()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_projects").fetchone() == (53,)
    metadata = result.asset_materializations_for_node("publish_warehouse")[0].metadata
    assert metadata["rows"].value["marts.fct_projects"] == 53
    overview = result.asset_materializations_for_node(serving.OVERVIEW_KEY.to_python_identifier())[0].metadata
    assert overview["regions"].value == 3


@pytest.mark.parametrize("mart", ["fct_projects", "rpt_reconciliation"])
def test_failed_blocking_check_on_a_mart_keeps_the_last_published_copy(tmp_path, warehouse, mart):
    published, resources = _resources(tmp_path, warehouse)
    assets, _ = _stub_marts()
    assert dg.materialize([*assets, *serving.SERVING_ASSETS], resources=resources).success
    before = sha256(published)
    overview_before = sha256(companion_dir(published) / "overview.html")

    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.fct_projects")  # the bad build the check catches
    assets, checks = _stub_marts(fail_check_on=mart)
    result = dg.materialize(
        [*assets, *checks, *serving.SERVING_ASSETS], resources=resources, raise_on_error=False
    )

    assert not result.success
    assert result.asset_materializations_for_node("publish_warehouse") == []
    assert sha256(published) == before
    assert sha256(companion_dir(published) / "overview.html") == overview_before
