"""Resources, configured once from the environment (PLAN_WAREHOUSE_* variables)."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource
from packaging import version

from orchestration.settings import DBT_PROJECT_DIR, Settings

PARTIAL_PARSE_FILE = "partial_parse.msgpack"  # dbt's parse state, reused when vars and profile match


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
    dbt invocation of this warehouse is live). The previous run's `partial_parse.msgpack`
    is carried into the new folder: it was parsed with this warehouse's vars, so dbt can
    parse partially (the project's own target/ was parsed without them, which makes dbt
    re-parse every file: ~2-4 s a run).
    """

    warehouse_db: str
    target_dir: str

    # dagster-dbt asks `dbt --version` in a subprocess (~1.5 s a run) for the version of the
    # dbt it starts: dbt_executable is this environment's own dbt, so its package says it.
    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    # dagster-dbt opens a dbt adapter in this process (~1.3 s a run) only to fetch column
    # metadata or row counts after the build, which this project does not ask for.
    def _initialize_dbt_core_adapter(self, args):
        return None

    def cli(self, args, *, context=None, target_path=None, **kwargs):
        if target_path is None:
            root = Path(self.target_dir)
            run = context.run.run_id[:8] if context is not None else "manual"
            target_path = root / run
            parsed = sorted(root.glob(f"*/{PARTIAL_PARSE_FILE}"), key=lambda p: p.stat().st_mtime)
            if parsed and parsed[-1].parent != target_path:
                target_path.mkdir(parents=True, exist_ok=True)
                shutil.copy2(parsed[-1], target_path / PARTIAL_PARSE_FILE)
            if root.is_dir():
                for old in root.iterdir():
                    if old != target_path:
                        shutil.rmtree(old, ignore_errors=True)
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
