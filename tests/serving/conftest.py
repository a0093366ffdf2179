"""Fixtures of the serving tests: a synthetic warehouse and where its published copy goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.serving.factory import make_warehouse


@pytest.fixture
def warehouse(tmp_path) -> Path:
    return make_warehouse(tmp_path / "warehouse" / "plans.duckdb")


@pytest.fixture
def published_paths(tmp_path) -> tuple[Path, Path]:
    published = tmp_path / "warehouse" / "published" / "plans.duckdb"
    return published, published.parent / "parquet"
