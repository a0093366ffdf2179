"""Incremental ingestion: the sensor and the raw assets (landing + load) together, one file at a time.

Each test starts a small raw directory, evaluates `raw_directory_sensor` like the daemon
would (applying its partition requests, executing its run requests) and checks what
`raw` holds: only the touched document is re-processed, a deleted file leaves no row,
a file removed between tick and run fails naming it and costs nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingestion.extract import document_id_for
from ingestion.landing import RAW_TABLES
from orchestration.assets.ingestion import RAW_KEYS, landed_documents, raw_plan_tables
from orchestration.partitions import documents_partitions
from orchestration.resources import build_resources
from orchestration.sensors import (
    MAX_SINGLE_FILE_RUNS,
    PARTITION_RANGE_END,
    PARTITION_RANGE_START,
    PURPOSE_TAG,
    raw_directory_sensor,
)
from orchestration.settings import Settings
from tests.conftest import SAMPLE_PLANS_DIR

PLANS = ["001_a5af65e7ee88bbe1.txt", "003_b3f5121ee16d8fba.txt", "004_9176aec6d26fd934.txt"]


@dataclass
class World:
    """A raw directory, a warehouse and an instance, driven tick by tick."""

    settings: Settings
    instance: dg.DagsterInstance
    cursor: str | None = None
    runs: list[dg.ExecuteInProcessResult] = field(default_factory=list)

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(
            instance=self.instance,
            cursor=self.cursor,
            resources={"paths": build_resources(self.settings)["paths"]},
        )
        result = raw_directory_sensor(context)
        self.cursor = context.cursor
        for request in result.dynamic_partitions_requests or []:
            if isinstance(request, dg.AddDynamicPartitionsRequest):
                self.instance.add_dynamic_partitions(
                    request.partitions_def_name, list(request.partition_keys)
                )
            else:
                for key in request.partition_keys:
                    self.instance.delete_dynamic_partition(request.partitions_def_name, key)
        return result

    def execute(self, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
        result = dg.materialize(
            [landed_documents, raw_plan_tables],
            selection=request.asset_selection,
            instance=self.instance,
            partition_key=request.partition_key,
            tags=dict(request.tags),
            resources=build_resources(self.settings),
            raise_on_error=False,
        )
        self.runs.append(result)
        return result

    def tick_and_run(self) -> tuple[dg.SensorResult, list[dg.ExecuteInProcessResult]]:
        result = self.tick()
        return result, [self.execute(request) for request in result.run_requests]

    def query(self, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.settings.warehouse_db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def loaded(self) -> dict[str, tuple]:
        """{source_path: (document_id, content_sha256, loaded_at, duplicate_of_document_id)}."""
        rows = self.query(
            "select source_path, document_id, content_sha256, loaded_at, duplicate_of_document_id from raw.documents"
        )
        return {row[0]: row[1:] for row in rows}

    def rows_of(self, document_id: str) -> dict[str, int]:
        tables = [*RAW_TABLES, "document_warnings", "load_errors"]
        return {
            t: self.query(f"select count(*) from raw.{t} where document_id = ?", [document_id])[0][0]
            for t in tables
        }


@pytest.fixture
def world(tmp_path, monkeypatch) -> World:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in PLANS:
        shutil.copy(SAMPLE_PLANS_DIR / name, raw / name)
    settings = Settings(raw, tmp_path / "wh" / "plans.duckdb", tmp_path / "wh" / "published" / "plans.duckdb")
    settings.warehouse_dir.mkdir(parents=True)
    monkeypatch.setenv("PLAN_WAREHOUSE_RAW_DIR", str(raw))
    monkeypatch.setenv("PLAN_WAREHOUSE_DB", str(settings.warehouse_db))
    monkeypatch.setenv("PLAN_WAREHOUSE_PUBLISHED_DB", str(settings.published_db))
    with dg.DagsterInstance.ephemeral() as instance:
        w = World(settings, instance)
        _, runs = w.tick_and_run()
        assert [r.success for r in runs] == [True] * len(PLANS)
        yield w


def _bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_first_tick_registers_and_loads_every_file_then_an_idle_tick_does_nothing(world):
    assert set(world.instance.get_dynamic_partitions(documents_partitions.name)) == set(PLANS)
    assert set(world.loaded()) == set(PLANS)
    idle = world.tick()
    assert idle.run_requests == []
    assert all(not r.partition_keys for r in idle.dynamic_partitions_requests)


def test_a_touched_but_unchanged_file_does_not_run(world):
    _bump_mtime(world.settings.raw_dir / PLANS[0])
    assert world.tick().run_requests == []


def test_a_changed_file_reprocesses_only_that_document(world):
    before = world.loaded()
    changed = world.settings.raw_dir / PLANS[1]
    changed.write_bytes(changed.read_bytes() + "\n附件：重点项目表（略）\n".encode())
    result, runs = world.tick_and_run()
    assert [r.partition_key for r in result.run_requests] == [PLANS[1]]
    assert all(r.success for r in runs)
    after = world.loaded()
    assert after[PLANS[1]][1] != before[PLANS[1]][1]  # new content hash
    assert after[PLANS[1]][2] > before[PLANS[1]][2]
    for name in (PLANS[0], PLANS[2]):
        assert after[name] == before[name], f"{name} was reloaded"


def test_a_file_edited_back_to_earlier_content_runs_again(world):
    path = world.settings.raw_dir / PLANS[2]
    original = path.read_bytes()
    path.write_bytes(original + b"\n")
    assert len(world.tick_and_run()[1]) == 1
    path.write_bytes(original)
    _bump_mtime(path)
    _, runs = world.tick_and_run()
    assert len(runs) == 1 and runs[0].success
    assert world.loaded()[PLANS[2]][1] == hashlib.sha256(original).hexdigest()


def test_a_deleted_file_leaves_no_row_behind_and_costs_no_other_document(world):
    before = world.loaded()
    gone_id = document_id_for(PLANS[0])
    assert (world.settings.landing_dir / gone_id).exists()
    (world.settings.raw_dir / PLANS[0]).unlink()
    result, runs = world.tick_and_run()
    deleted = [
        k
        for r in result.dynamic_partitions_requests
        for k in r.partition_keys
        if "Delete" in type(r).__name__
    ]
    assert deleted == [PLANS[0]]
    (prune,) = result.run_requests
    assert prune.tags[PURPOSE_TAG] == "prune_deleted"
    assert prune.partition_key is None and set(prune.asset_selection) == set(RAW_KEYS.values())  # no landing
    assert runs[0].success
    assert set(world.rows_of(gone_id).values()) == {0}
    assert not (world.settings.landing_dir / gone_id).exists()
    after = world.loaded()
    assert after == {k: v for k, v in before.items() if k != PLANS[0]}  # survivors untouched, not reloaded


def test_a_file_removed_between_tick_and_run_fails_naming_it_and_loses_nothing_else(world):
    new = world.settings.raw_dir / "incoming" / "new_plan.txt"
    new.parent.mkdir()
    shutil.copy(SAMPLE_PLANS_DIR / "002_07654b4b10d81a9d.txt", new)
    old = world.settings.raw_dir / PLANS[0]
    old.write_bytes(old.read_bytes() + b"\n")
    before = world.loaded()
    counts_before = {name: world.rows_of(doc[0]) for name, doc in before.items()}
    result = world.tick()
    assert sorted(r.partition_key for r in result.run_requests) == sorted(["incoming/new_plan.txt", PLANS[0]])
    new.unlink()  # gone after the tick saw it
    old.unlink()  # gone after the tick saw it changed: its loaded rows must survive the failed run
    runs = {r.partition_key: world.execute(r) for r in result.run_requests}
    assert not any(run.success for run in runs.values())
    failure = runs["incoming/new_plan.txt"].get_step_failure_events()[0].event_specific_data.error.message
    assert "incoming/new_plan.txt: file was removed before it could be read" in failure
    errors = dict(world.query("select source_path, error from raw.load_errors"))
    assert set(errors) == {"incoming/new_plan.txt", PLANS[0]}
    assert all(path in message for path, message in errors.items())
    assert world.loaded() == before
    for name, doc in before.items():
        counts = world.rows_of(doc[0])
        assert {t: n for t, n in counts.items() if t != "load_errors"} == {
            t: n for t, n in counts_before[name].items() if t != "load_errors"
        }
    # the next tick sees both deletions and prunes them
    _, runs = world.tick_and_run()
    assert all(r.success for r in runs)
    assert set(world.loaded()) == set(PLANS[1:])
    assert world.query("select count(*) from raw.load_errors") == [(0,)]


def test_the_same_text_under_two_names_is_flagged_and_the_copy_takes_over_when_the_first_goes(world):
    first = PLANS[2]
    copy = world.settings.raw_dir / "zz_copy.txt"
    shutil.copy(world.settings.raw_dir / first, copy)
    _, runs = world.tick_and_run()
    assert all(r.success for r in runs)
    first_id, copy_id = document_id_for(first), document_id_for("zz_copy.txt")
    assert world.loaded()["zz_copy.txt"][3] == first_id
    assert world.loaded()[first][3] is None
    (warning,) = world.query(
        "select message from raw.document_warnings where warning_kind = 'duplicate_content' and document_id = ?",
        [copy_id],
    )
    assert "zz_copy.txt" in warning[0] and first in warning[0]
    (world.settings.raw_dir / first).unlink()
    _, runs = world.tick_and_run()
    assert all(r.success for r in runs)
    assert world.loaded()["zz_copy.txt"][3] is None  # no longer a duplicate of anything
    assert world.query(
        "select count(*) from raw.document_warnings where warning_kind = 'duplicate_content'"
    ) == [(0,)]


def test_a_bulk_drop_becomes_one_run_over_all_partitions(world):
    text = (SAMPLE_PLANS_DIR / PLANS[2]).read_text(encoding="utf-8")
    for i in range(MAX_SINGLE_FILE_RUNS + 1):
        (world.settings.raw_dir / f"bulk_{i:02d}.txt").write_text(
            text.replace("2022", str(1990 + i)), encoding="utf-8"
        )
    result = world.tick()
    (request,) = result.run_requests
    keys = world.instance.get_dynamic_partitions(documents_partitions.name)
    assert (request.tags[PARTITION_RANGE_START], request.tags[PARTITION_RANGE_END]) == (keys[0], keys[-1])
    run = world.execute(request)
    assert run.success
    assert len(world.loaded()) == len(PLANS) + MAX_SINGLE_FILE_RUNS + 1
    events = {e.asset_key: e.materialization for e in run.get_asset_materialization_events()}
    landing = events[dg.AssetKey(["raw", "landed_documents"])].metadata
    assert landing["documents_unchanged"].value == len(PLANS)  # the unchanged ones were not re-extracted
    load = events[RAW_KEYS["documents"]].metadata
    assert load["documents_loaded"].value == MAX_SINGLE_FILE_RUNS + 1  # nor reloaded
    assert load["documents_unchanged"].value == len(PLANS)


def test_the_sensor_cursor_holds_content_hashes(world):
    cursor = json.loads(world.cursor)
    assert set(cursor) == set(PLANS)
    loaded = world.loaded()
    assert {path: entry[0] for path, entry in cursor.items()} == {
        path: doc[1] for path, doc in loaded.items()
    }


def test_when_every_file_is_gone_a_load_alone_empties_raw(world, monkeypatch):
    for name in PLANS:
        (world.settings.raw_dir / name).unlink()
    # removing every document needs an explicit allowance (tests/operations/test_removal_guard.py)
    monkeypatch.setenv("PLAN_WAREHOUSE_ALLOW_REMOVALS", "1")
    result, runs = world.tick_and_run()
    assert [r.partition_key for r in result.run_requests] == [None]
    assert runs[0].success
    assert world.loaded() == {}
    assert world.query("select count(*) from raw.document_lines") == [(0,)]


def test_an_unreadable_file_run_fails_naming_it_and_its_error_is_in_raw(world):
    (world.settings.raw_dir / "broken.txt").write_bytes(b"")  # empty: refused
    _, runs = world.tick_and_run()
    (run,) = runs
    assert not run.success
    failure = run.get_step_failure_events()[0].event_specific_data.error.message
    assert "broken.txt: " in failure
    ((source_path, error),) = world.query("select source_path, error from raw.load_errors")
    assert source_path == "broken.txt" and error.startswith("broken.txt: ")
    (world.settings.raw_dir / "broken.txt").write_text(
        (SAMPLE_PLANS_DIR / PLANS[0]).read_text(encoding="utf-8"), encoding="utf-8"
    )
    _, runs = world.tick_and_run()
    assert [r.success for r in runs] == [True]
    assert world.query("select count(*) from raw.load_errors") == [(0,)]
    assert "broken.txt" in world.loaded()
