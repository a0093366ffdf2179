"""Where things are: every path comes from one env variable with a repo default."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_db: Path
    published_db: Path

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_db.parent

    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def quality_dir(self) -> Path:
        return self.warehouse_dir / "quality"

    @property
    def published_dir(self) -> Path:
        return self.published_db.parent

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
        )
