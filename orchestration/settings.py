"""Where things are: every path comes from one env variable with a repo default.

Everything a warehouse writes besides its file lives in a folder named after that file
(`warehouse/plans.duckdb` -> `warehouse/plans/`: landing, quality, dbt target and logs,
run logs, the run lock), and everything published next to the published copy in a folder
named after it (`published/plans.duckdb` -> `published/plans/`: Parquet, overview page).
Two warehouses in one folder therefore never share state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def companion_dir(db_file: Path) -> Path:
    """The folder that holds what belongs to one DuckDB file: its name without the suffix."""
    db_file = Path(db_file)
    return db_file.with_suffix("") if db_file.suffix else db_file.with_name(db_file.name + ".d")


def env_flag(var: str) -> bool:
    return (os.environ.get(var) or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_db: Path
    published_db: Path
    # Symlinks in the raw directory are refused unless this is set; even then only links
    # whose target is inside the raw directory are followed.
    follow_links: bool = False

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_db.parent

    @property
    def state_dir(self) -> Path:
        return companion_dir(self.warehouse_db)

    @property
    def landing_dir(self) -> Path:
        return self.state_dir / "landing"

    @property
    def quality_dir(self) -> Path:
        return self.state_dir / "quality"

    @property
    def dbt_target_dir(self) -> Path:
        return self.state_dir / "dbt"

    @property
    def logs_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def lock_file(self) -> Path:
        return self.state_dir / "run.lock"

    @property
    def published_dir(self) -> Path:
        return self.published_db.parent

    @property
    def published_exports_dir(self) -> Path:
        return companion_dir(self.published_db)

    @property
    def parquet_dir(self) -> Path:
        return self.published_exports_dir / "parquet"

    @property
    def overview_page(self) -> Path:
        return self.published_exports_dir / "overview.html"

    @classmethod
    def from_env(cls) -> Settings:
        def path(var: str, default: str) -> Path:
            value = os.environ.get(var) or default
            p = Path(value)
            return (p if p.is_absolute() else REPO_ROOT / p).resolve()

        return cls(
            raw_dir=path("PLAN_WAREHOUSE_RAW_DIR", "data/raw/plans"),
            warehouse_db=path("PLAN_WAREHOUSE_DB", "warehouse/plans.duckdb"),
            published_db=path("PLAN_WAREHOUSE_PUBLISHED_DB", "warehouse/published/plans.duckdb"),
            follow_links=env_flag("PLAN_WAREHOUSE_FOLLOW_LINKS"),
        )
