"""A run never empties what it serves by accident: the rule, the sensor, the load step, the publish.

The end-to-end case (make run over an empty folder after a good build) is in
tests/integration/test_removal_guard.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.guards import (
    ALLOW_REMOVALS_ENV,
    ALLOW_REMOVALS_TAG,
    document_removal_refusal,
    removals_allowed,
    shrink_refusal,
    too_many_removed,
)
from serving.publish import PublishError, publish
from tests.serving.factory import make_warehouse, sha256


@pytest.mark.parametrize(
    ("before", "after", "refused"),
    [
        (5, 0, True),  # none left
        (1, 0, True),  # the only document gone
        (5, 2, True),  # more than half gone
        (4, 2, False),  # exactly half: allowed
        (5, 4, False),
        (3, 2, False),
        (0, 0, False),  # nothing to lose
        (2, 5, False),  # growth
    ],
)
def test_the_rule_refuses_leaving_none_or_removing_more_than_half(before, after, refused):
    assert too_many_removed(before, after) is refused


def test_the_refusal_names_the_folder_and_the_counts(tmp_path):
    message = document_removal_refusal(tmp_path / "share", loaded=5, removing=5)
    assert str(tmp_path / "share") in message
    assert "5 of the 5 loaded documents" in message and "none would be left" in message
    assert "--allow-removals" in message
    assert document_removal_refusal(tmp_path, loaded=5, removing=1) is None


def test_removals_are_allowed_by_the_run_tag_or_the_environment(monkeypatch):
    monkeypatch.delenv(ALLOW_REMOVALS_ENV, raising=False)
    assert not removals_allowed({})
    assert removals_allowed({ALLOW_REMOVALS_TAG: "true"})
    monkeypatch.setenv(ALLOW_REMOVALS_ENV, "1")
    assert removals_allowed(None)


def test_the_publish_rule_weighs_the_marts_together_and_names_each():
    published = {"marts.fct_projects": 100, "marts.fct_funding": 20, "marts.rpt_unread_lines": 2}
    # one small mart losing all of its rows (a plan deleted, a reading fixed) is no accident
    assert shrink_refusal(published, {"marts.fct_projects": 90, "marts.fct_funding": 20}) is None
    refusal = shrink_refusal(published, {"marts.fct_projects": 40, "marts.fct_funding": 10})
    assert refusal.startswith("the marts would keep 50 of their 122 published rows")
    assert "marts.fct_projects 40 of 100" in refusal and "marts.rpt_unread_lines 0 of 2" in refusal
    assert shrink_refusal({}, {"marts.fct_projects": 5}) is None  # nothing published yet


def _empty_marts(db: Path) -> None:
    with duckdb.connect(str(db)) as con:
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'"
        ).fetchall():
            con.execute(f'delete from marts."{name}"')


def test_publish_refuses_a_copy_whose_marts_lost_most_rows_and_keeps_the_published_one(tmp_path, monkeypatch):
    monkeypatch.delenv(ALLOW_REMOVALS_ENV, raising=False)
    warehouse = make_warehouse(tmp_path / "wh" / "plans.duckdb")
    published, parquet = tmp_path / "pub" / "plans.duckdb", tmp_path / "pub" / "parquet"
    publish(warehouse, published, parquet)
    before = sha256(published), sorted(p.name for p in parquet.iterdir())
    _empty_marts(warehouse)
    with pytest.raises(PublishError) as refused:
        publish(warehouse, published, parquet)
    message = str(refused.value)
    assert str(published) in message and "marts.fct_projects 0 of" in message
    assert "marts.dim_year" not in message  # seeds and calendars are not what the plans say
    assert (sha256(published), sorted(p.name for p in parquet.iterdir())) == before
    assert [p.name for p in published.parent.iterdir() if p.name.endswith(".tmp")] == []
    # explicitly allowed: the smaller copy is published
    publish(warehouse, published, parquet, allow_shrink=True)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_projects").fetchone()[0] == 0


def test_publish_of_a_smaller_but_not_emptied_warehouse_goes_through(tmp_path):
    warehouse = make_warehouse(tmp_path / "wh" / "plans.duckdb", generation=2)
    published = tmp_path / "pub" / "plans.duckdb"
    publish(warehouse, published)
    warehouse.unlink()
    make_warehouse(warehouse, generation=1)  # fct_projects: about half the rows of generation 2
    publish(warehouse, published)


# --- the sensor and the load step, on a small real warehouse ---------------------------------

PLANS = ["001_a5af65e7ee88bbe1.txt", "003_b3f5121ee16d8fba.txt", "004_9176aec6d26fd934.txt"]


@pytest.fixture
def world(tmp_path, monkeypatch):
    from orchestration.settings import Settings
    from tests.conftest import SAMPLE_PLANS_DIR
    from tests.robustness.test_incremental import World

    monkeypatch.delenv(ALLOW_REMOVALS_ENV, raising=False)
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


def _landing(world) -> list[str]:
    return sorted(p.name for p in world.settings.landing_dir.iterdir())


def test_the_sensor_never_prunes_on_an_empty_scan(world, monkeypatch):
    registered = world.instance.get_dynamic_partitions("documents")
    loaded, landing, cursor = world.loaded(), _landing(world), world.cursor
    moved = world.settings.raw_dir.with_name("unmounted")
    world.settings.raw_dir.rename(moved)
    world.settings.raw_dir.mkdir()  # the mount point, empty
    result = world.tick()
    assert result.run_requests in (None, []) and not result.dynamic_partitions_requests
    reason = result.skip_reason.skip_message
    assert str(world.settings.raw_dir) in reason and "3 of the 3 loaded documents" in reason
    assert world.instance.get_dynamic_partitions("documents") == registered
    assert world.cursor == cursor and world.loaded() == loaded and _landing(world) == landing
    # the share comes back: nothing to do, nothing was lost
    world.settings.raw_dir.rmdir()
    moved.rename(world.settings.raw_dir)
    _, runs = world.tick_and_run()
    assert runs == [] and world.loaded() == loaded
    # with removals allowed, an emptied folder empties raw
    for name in PLANS:
        (world.settings.raw_dir / name).unlink()
    monkeypatch.setenv(ALLOW_REMOVALS_ENV, "1")
    _, runs = world.tick_and_run()
    assert [r.success for r in runs] == [True] and world.loaded() == {}


def test_the_sensor_refuses_removing_most_files_but_not_one(world):
    (world.settings.raw_dir / PLANS[0]).unlink()
    (world.settings.raw_dir / PLANS[1]).unlink()
    result = world.tick()
    assert result.skip_reason and "2 of the 3" in result.skip_reason.skip_message
    assert world.instance.get_dynamic_partitions("documents") == PLANS
    assert len(world.loaded()) == 3
    shutil.copy(world.settings.raw_dir / PLANS[2], world.settings.raw_dir / PLANS[1])  # one back
    shutil.copy(world.settings.raw_dir / PLANS[2], world.settings.raw_dir / "copy.txt")
    _, runs = world.tick_and_run()
    assert runs and all(r.success for r in runs)
    assert PLANS[0] not in world.loaded() and len(world.loaded()) == 3


def test_the_load_step_refuses_to_prune_most_documents_and_changes_nothing(world):
    """Partitions deleted by hand (or by an older sensor): the load step is the last line."""
    loaded, landing = world.loaded(), _landing(world)
    for key in PLANS:
        world.instance.delete_dynamic_partition("documents", key)
    from orchestration.assets.ingestion import RAW_KEYS

    run = world.execute(dg.RunRequest(asset_selection=list(RAW_KEYS.values())))
    assert not run.success
    failure = run.get_step_failure_events()[0].event_specific_data
    message = failure.user_failure_data.description
    assert str(world.settings.raw_dir) in message and "3 of the 3 loaded documents" in message
    assert world.loaded() == loaded and _landing(world) == landing
    allowed = world.execute(
        dg.RunRequest(asset_selection=list(RAW_KEYS.values()), tags={ALLOW_REMOVALS_TAG: "true"})
    )
    assert allowed.success and world.loaded() == {}
    assert _landing(world) == []
