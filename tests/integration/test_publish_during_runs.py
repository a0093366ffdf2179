"""BI readers and the pipeline: a reader never blocks a run and keeps the copy it opened.

Runs killed at every stage (publishing included): tests/integration/test_operator_faults.py.
"""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

from tests.conftest import SAMPLE_PLANS_DIR, build_warehouse

pytestmark = pytest.mark.integration


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plan_count(con) -> int:
    return con.execute("select count(*) from marts.dim_plan").fetchone()[0]


def test_reader_keeps_old_data_during_a_full_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_80bd01bbf9972bbb.txt", "003_b3f5121ee16d8fba.txt"):
        shutil.copy(SAMPLE_PLANS_DIR / name, raw / name)
    first = build_warehouse(tmp_path, raw)
    assert first.succeeded

    # A BI user holds the published copy open while a full run with one more plan executes.
    reader = duckdb.connect(str(first.published_db), read_only=True)
    assert _plan_count(reader) == 2
    shutil.copy(SAMPLE_PLANS_DIR / "004_9176aec6d26fd934.txt", raw / "004_9176aec6d26fd934.txt")
    second = build_warehouse(tmp_path, raw)
    assert second.succeeded, "an open reader must not make the run fail"
    assert _plan_count(reader) == 2, "the open connection still sees the copy it opened"
    reader.close()
    with duckdb.connect(str(first.published_db), read_only=True) as fresh:
        assert _plan_count(fresh) == 3, "a new connection sees the newly published copy"
