"""Fixtures of the quality tests: synthetic warehouses, clean and with injected defects."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.runner import QualityRun, run_quality
from tests.quality.synthetic import DEFECTS, build_warehouse


@pytest.fixture
def clean_warehouse(tmp_path) -> Path:
    return build_warehouse(tmp_path / "warehouse" / "plans.duckdb")


@pytest.fixture
def defective_warehouse(tmp_path) -> Path:
    return build_warehouse(tmp_path / "warehouse" / "plans.duckdb", DEFECTS)


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory) -> QualityRun:
    db = build_warehouse(tmp_path_factory.mktemp("clean") / "plans.duckdb")
    return run_quality(db, db.parent / "quality", "clean-run")


@pytest.fixture(scope="module")
def defective_run(tmp_path_factory) -> QualityRun:
    db = build_warehouse(tmp_path_factory.mktemp("defective") / "plans.duckdb", DEFECTS)
    return run_quality(db, db.parent / "quality", "defective-run")
