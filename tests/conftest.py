"""Shared fixtures: build complete warehouses in temp dirs through the real pipeline."""

from __future__ import annotations

import inspect
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

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


def _manifest_is_stale(manifest: Path) -> bool:
    """The manifest is missing or older than a model, macro, seed or the project file."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = [DBT_PROJECT_DIR / "dbt_project.yml"] + [
        path
        for folder in ("models", "macros", "seeds")
        for path in (DBT_PROJECT_DIR / folder).rglob("*")
        if path.is_file()
    ]
    return any(path.stat().st_mtime > built for path in sources)


def _ensure_manifest() -> None:
    """The dbt manifest Dagster loads the marts from, rebuilt when the dbt project changed
    (a stale one would silently leave new marts and their checks out of the tests)."""
    if _manifest_is_stale(DBT_PROJECT_DIR / "target" / "manifest.json"):
        subprocess.run(
            [str(Path(os.sys.executable).parent / "dbt"), "parse", "--quiet", "--profiles-dir", "."],
            cwd=DBT_PROJECT_DIR,
            check=True,
        )


def pytest_configure(config) -> None:
    # before collection: test modules import the Dagster definitions, which read the manifest.
    # Under pytest-xdist only the controlling process parses (before it starts the workers),
    # so two workers never write dbt_project/target at once.
    if not hasattr(config, "workerinput"):
        _ensure_manifest()


# `make test-fast` (pytest -m fast), the edit loop: the parser, reader and rule tests, which
# build no warehouse. `make test` still runs everything.
FAST_PATHS = (
    "tests/ingestion/",
    "tests/quality/test_rules.py",
    "tests/quality/test_crosschecks.py",
    "tests/quality/test_layering.py",
    "tests/formats/test_docx_numbering.py",
    "tests/formats/test_reader_errors.py",
)
WAREHOUSE_FIXTURES = frozenset({"sample_warehouse"})


def _relative(path) -> str:
    path = Path(str(path)).resolve()
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else ""


def pytest_ignore_collect(collection_path, config):
    """With `-m fast`, modules outside FAST_PATHS are not even imported (seconds of Dagster and GX)."""
    if config.getoption("markexpr", "") != "fast":
        return None
    relative = _relative(collection_path)
    if collection_path.is_dir():
        inside = (relative + "/").startswith(FAST_PATHS) or relative in ("", "tests")
        above = any(fast.startswith(relative + "/") for fast in FAST_PATHS)
        return None if inside or above else True
    return None if relative.startswith(FAST_PATHS) or collection_path.name == "conftest.py" else True


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if (
            _relative(item.fspath).startswith(FAST_PATHS)
            and not WAREHOUSE_FIXTURES & set(item.fixturenames)
            and item.get_closest_marker("integration") is None
        ):
            item.add_marker(pytest.mark.fast)
    group_tests_sharing_a_fixture(items)


# Parallel runs. `make test` runs the suite on every core with pytest-xdist
# (`-n auto --dist loadfile`, Makefile PYTEST_PARALLEL): the tests of one module run in one
# worker, so a module-scoped warehouse fixture is built once; a session-scoped one such as
# `sample_warehouse` is built at most once per worker. Share a warehouse by writing a module- or
# session-scoped fixture as usual (copy its DuckDB file in a test that changes it). Every test
# keeps its own tmp_path, DAGSTER_HOME and dbt target folder (the warehouse's own).
# The hook below also marks the tests that share a fixture instance, across modules, with one
# `xdist_group`, for `--dist loadgroup` (one worker per group, so `sample_warehouse` too would be
# built once). pytest-xdist 3.8.0 does not apply those groups under pytest 9 (it renames
# item._nodeid, which pytest 9 no longer reads), so `make test` uses loadfile until it does.
TESTS_DIR = Path(__file__).resolve().parent
SHARED_SCOPES = frozenset({"session", "package", "module", "class"})


def _shared_fixture_keys(item) -> set[tuple[str, str]]:
    """One key per instance of a shared (non-function) fixture of tests/ that item uses."""
    info = getattr(item, "_fixtureinfo", None)
    keys = set()
    for name in item.fixturenames if info is not None else ():
        definitions = info.name2fixturedefs.get(name)
        if not definitions:
            continue
        definition = definitions[-1]  # the one this test sees (a closer conftest overrides)
        if definition.scope not in SHARED_SCOPES:
            continue
        source = inspect.getsourcefile(definition.func)
        if source is None or not Path(source).resolve().is_relative_to(TESTS_DIR):
            continue  # pytest's own (tmp_path_factory, …): nothing expensive to share
        if definition.scope == "module":
            instance = str(item.path)
        elif definition.scope == "class":
            instance = item.parent.nodeid if item.cls is not None else str(item.path)
        else:
            instance = f"{definition.baseid}::{source}"
        keys.add((name, instance))
    return keys


def group_tests_sharing_a_fixture(items) -> None:
    """Mark the tests that share a fixture instance, directly or through others, with one
    `xdist_group`; under `--dist loadgroup` each group runs whole in one worker."""
    parent: dict[int, int] = {}

    def root(index: int) -> int:
        while parent.setdefault(index, index) != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    first_with: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        for key in _shared_fixture_keys(item):
            if key in first_with:
                parent[root(index)] = root(first_with[key])
            else:
                first_with[key] = index
                root(index)
    members: dict[int, list[int]] = {}
    for index in parent:
        members.setdefault(root(index), []).append(index)
    for indexes in members.values():
        if len(indexes) > 1:
            first = items[min(indexes)]
            name = f"shared-{_relative(first.path) or first.path.name}-{min(indexes)}"
            for index in indexes:
                items[index].add_marker(pytest.mark.xdist_group(name))


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


# A page test whose prerequisite (Chromium, a CJK font, playwright) is missing fails, naming
# it. Setting this variable to 1 skips such tests instead: an explicit opt-out that CI never sets.
SKIP_BROWSER_TESTS_ENV = "PLAN_WAREHOUSE_SKIP_BROWSER_TESTS"


def missing_browser_prerequisite(what: str) -> NoReturn:
    """Fail (or, when opted out explicitly, skip) a page test whose prerequisite is missing."""
    if os.environ.get(SKIP_BROWSER_TESTS_ENV) == "1":
        pytest.skip(f"{what} ({SKIP_BROWSER_TESTS_ENV}=1)")
    pytest.fail(
        f"{what}: install it with `make browser` (as root), or set {SKIP_BROWSER_TESTS_ENV}=1 "
        "to skip the page tests",
        pytrace=False,
    )


@pytest.fixture
def browser_page(tmp_path):
    """(page, requests): a page in a fresh headless Chromium; fails when chromium is absent."""
    if not CHROMIUM.exists():
        missing_browser_prerequisite(f"chromium is not installed at {CHROMIUM}")
    try:
        from playwright import sync_api
    except ImportError:
        missing_browser_prerequisite(
            "the playwright package is not installed (requirements-dev.lock: make install-dev)"
        )
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
