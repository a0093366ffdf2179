"""Resources, configured once from the environment (PLAN_WAREHOUSE_* variables)."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from orchestration.settings import DBT_PROJECT_DIR, Settings


class WarehouseSettings(dg.ConfigurableResource):
    """Paths of the raw directory, the warehouse and its published copy."""

    raw_dir: str
    warehouse_db: str
    published_db: str

    def settings(self) -> Settings:
        return Settings(Path(self.raw_dir), Path(self.warehouse_db), Path(self.published_db))


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def build_resources(settings: Settings | None = None) -> dict[str, object]:
    settings = settings or Settings.from_env()
    return {
        "paths": WarehouseSettings(
            raw_dir=str(settings.raw_dir),
            warehouse_db=str(settings.warehouse_db),
            published_db=str(settings.published_db),
        ),
        "duckdb": DuckDBResource(database=str(settings.warehouse_db)),
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            profiles_dir=str(DBT_PROJECT_DIR),
            # the dbt of this environment, whether or not the venv is on PATH
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }
