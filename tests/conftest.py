"""Shared fixtures: build complete warehouses in temp dirs through the real pipeline."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT

SAMPLE_PLANS_DIR = REPO_ROOT / "data" / "raw" / "plans"
ENV_VARS = ("PLAN_WAREHOUSE_RAW_DIR", "PLAN_WAREHOUSE_DB", "PLAN_WAREHOUSE_PUBLISHED_DB", "DAGSTER_HOME")


@dataclass(frozen=True)
class BuiltWarehouse:
    raw_dir: Path
    warehouse_db: Path
    published_db: Path
    dagster_home: Path
    succeeded: bool


def _ensure_manifest() -> None:
    if not (DBT_PROJECT_DIR / "target" / "manifest.json").exists():
        subprocess.run(
            [str(Path(os.sys.executable).parent / "dbt"), "parse", "--quiet", "--profiles-dir", "."],
            cwd=DBT_PROJECT_DIR,
            check=True,
        )


def build_warehouse(
    root: Path, raw_dir: Path, documents: list[str] | None = None, full_refresh: bool = False
) -> BuiltWarehouse:
    """Run the whole pipeline (both Dagster runs) on raw_dir into root/warehouse."""
    from orchestration.run_all import run_pipeline

    _ensure_manifest()
    dagster_home = root / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {
        "PLAN_WAREHOUSE_RAW_DIR": str(raw_dir),
        "PLAN_WAREHOUSE_DB": str(root / "warehouse" / "plans.duckdb"),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(root / "warehouse" / "published" / "plans.duckdb"),
        "DAGSTER_HOME": str(dagster_home),
    }
    saved = {k: os.environ.get(k) for k in ENV_VARS}
    os.environ.update(env)
    try:
        with dg.DagsterInstance.get() as instance:
            ok = run_pipeline(instance, documents, full_refresh=full_refresh)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return BuiltWarehouse(
        raw_dir=raw_dir,
        warehouse_db=Path(env["PLAN_WAREHOUSE_DB"]),
        published_db=Path(env["PLAN_WAREHOUSE_PUBLISHED_DB"]),
        dagster_home=dagster_home,
        succeeded=ok,
    )


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Iterator[BuiltWarehouse]:
    """One warehouse built from the five vendored plans, shared by every test that only reads it."""
    root = tmp_path_factory.mktemp("sample_warehouse")
    yield build_warehouse(root, SAMPLE_PLANS_DIR)


# Headless Chromium (Debian package, `make browser`) for the page tests: fresh profile,
# no background networking, requests recorded so a test can prove the page renders offline.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CJK_FONTS = ("Noto Sans CJK", "Noto Sans SC", "WenQuanYi", "Source Han Sans")


@pytest.fixture
def browser_page(tmp_path):
    """(page, requests): a page in a fresh headless Chromium; skips when chromium is absent."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (run `make browser` as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium-profile"),  # fresh profile per test
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1800},
        )
        requests = []  # the page must render offline: nothing but the file itself is fetched
        context.on("request", lambda request: requests.append(request.url))
        try:
            yield context.new_page(), requests
        finally:
            context.close()
