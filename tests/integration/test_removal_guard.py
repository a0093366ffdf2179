"""`make run` over an empty folder after a good build: refused, and nothing it serves changes.

An unmounted share or a typo in PLAN_WAREHOUSE_RAW_DIR used to delete every document from
the warehouse and its landing folders and publish an empty copy, with exit code 0.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.run_all import EXIT_REFUSED
from orchestration.settings import REPO_ROOT
from tests.conftest import SAMPLE_PLANS_DIR, _ensure_manifest
from tests.integration.test_operator_faults import _env, _marts

pytestmark = pytest.mark.integration

RUN_BOUND = 600
PLANS = ["001_a5af65e7ee88bbe1.txt", "003_b3f5121ee16d8fba.txt"]


def _run_all(env: dict[str, str], *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.run_all", *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=RUN_BOUND,
    )
    return done.returncode, done.stdout


def _state(settings) -> dict:
    """Everything the empty-folder run must leave as it was, byte for byte."""

    def digest(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    landing = settings.landing_dir
    return {
        "warehouse": digest(settings.warehouse_db),
        "published": digest(settings.published_db),
        "parquet": sorted((p.name, digest(p)) for p in settings.parquet_dir.iterdir()),
        "landing": sorted(p.relative_to(landing).as_posix() for p in landing.rglob("*")),
    }


def test_an_empty_raw_folder_after_a_good_build_is_refused_and_changes_nothing(tmp_path):
    _ensure_manifest()
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in PLANS:
        shutil.copy(SAMPLE_PLANS_DIR / name, raw / name)
    env, settings = _env(tmp_path, raw)
    env.pop("PLAN_WAREHOUSE_ALLOW_REMOVALS", None)
    code, output = _run_all(env)
    assert code == 0, output[-3000:]
    before, marts = _state(settings), _marts(settings.published_db)
    assert marts["fct_projects"] and marts["dim_document"]

    empty = tmp_path / "unmounted_share"
    empty.mkdir()
    code, output = _run_all(env | {"PLAN_WAREHOUSE_RAW_DIR": str(empty)})
    assert code == EXIT_REFUSED != 0, output[-3000:]
    assert str(empty) in output
    assert f"{len(PLANS)} of the {len(PLANS)} loaded documents" in output
    assert _state(settings) == before
    assert _marts(settings.published_db) == marts

    # the folder is back: the next run finds nothing changed (no re-extraction)
    code, output = _run_all(env)
    assert code == 0 and "nothing changed since the last refresh" in output, output[-3000:]

    # removals allowed explicitly: the warehouse and its published copy are emptied, exit 0
    code, output = _run_all(env | {"PLAN_WAREHOUSE_RAW_DIR": str(empty)}, "--allow-removals")
    assert code == 0, output[-3000:]
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_document").fetchone()[0] == 0
    assert [p for p in settings.landing_dir.iterdir() if not p.name.startswith(".")] == []
