"""Resources, configured once from the environment (PLAN_WAREHOUSE_* variables)."""

from __future__ import annotations

import json
import shutil
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
    follow_links: bool = False

    def settings(self) -> Settings:
        return Settings(
            Path(self.raw_dir), Path(self.warehouse_db), Path(self.published_db), self.follow_links
        )


class WarehouseDbtResource(DbtCliResource):
    """dbt pointed at one warehouse: its file (a dbt var the profile reads) and its own target folder.

    Each invocation writes its artifacts and dbt.log to `<target_dir>/<run>`; the folders of
    earlier runs are removed first (the dbt step runs in the one-writer pool, so no other
    dbt invocation of this warehouse is live).
    """

    warehouse_db: str
    target_dir: str

    def cli(self, args, *, context=None, target_path=None, **kwargs):
        if target_path is None:
            root = Path(self.target_dir)
            if root.is_dir():
                for old in root.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            run = context.run.run_id[:8] if context is not None else "manual"
            target_path = root / run
        args = [*args, "--vars", json.dumps({"warehouse_db": self.warehouse_db})]
        return super().cli(args, context=context, target_path=target_path, **kwargs)


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def build_resources(settings: Settings | None = None) -> dict[str, object]:
    settings = settings or Settings.from_env()
    return {
        "paths": WarehouseSettings(
            raw_dir=str(settings.raw_dir),
            warehouse_db=str(settings.warehouse_db),
            published_db=str(settings.published_db),
            follow_links=settings.follow_links,
        ),
        "duckdb": DuckDBResource(database=str(settings.warehouse_db)),
        "dbt": WarehouseDbtResource(
            project_dir=dbt_project,
            profiles_dir=str(DBT_PROJECT_DIR),
            # the dbt of this environment, whether or not the venv is on PATH
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
            warehouse_db=str(settings.warehouse_db),
            target_dir=str(settings.dbt_target_dir),
        ),
    }
