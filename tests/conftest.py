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


def _manifest_is_stale() -> bool:
    manifest = DBT_PROJECT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return True
    sources = [DBT_PROJECT_DIR / "dbt_project.yml", *(DBT_PROJECT_DIR / "models").rglob("*.*")]
    sources += list((DBT_PROJECT_DIR / "seeds").rglob("*.*")) + list(
        (DBT_PROJECT_DIR / "macros").rglob("*.*")
    )
    return any(p.stat().st_mtime > manifest.stat().st_mtime for p in sources)


def pytest_sessionstart(session) -> None:
    """Dagster loads the dbt manifest when the definitions are imported (at collection):
    parse the project first when the manifest is missing or older than the models."""
    _ensure_manifest()


def _ensure_manifest() -> None:
    if _manifest_is_stale():
        subprocess.run(
            [str(Path(os.sys.executable).parent / "dbt"), "parse", "--quiet", "--profiles-dir", "."],
            cwd=DBT_PROJECT_DIR,
            check=True,
        )


def build_warehouse(root: Path, raw_dir: Path, documents: list[str] | None = None) -> BuiltWarehouse:
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
            ok = run_pipeline(instance, documents)
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
    """(page, requests): a page in a fresh headless Chromium.

    A missing Chromium fails the test with the reason; only an explicit opt-out
    (PLAN_WAREHOUSE_SKIP_BROWSER=1, never set in CI) skips it."""
    if os.environ.get("PLAN_WAREHOUSE_SKIP_BROWSER") == "1":
        pytest.skip("browser tests opted out with PLAN_WAREHOUSE_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed at /usr/bin/chromium (run `make browser` as root)")
    from playwright import sync_api

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
