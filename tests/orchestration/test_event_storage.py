"""The project's instance stores a run's per-partition events in batches, with the same rows."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from orchestration.event_storage import BatchingSqliteEventLogStorage, PlanWarehouseInstance

REPO_ROOT = Path(__file__).resolve().parents[2]
KEYS = [f"doc{i}.txt" for i in range(7)]
PARTITIONS = dg.StaticPartitionsDefinition(KEYS)


@dg.asset(partitions_def=PARTITIONS, backfill_policy=dg.BackfillPolicy.single_run())
def landed(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"documents_in_run": len(context.partition_keys)})


JOB = dg.define_asset_job("landing", selection=[landed])
DEFS = dg.Definitions(assets=[landed], jobs=[JOB])


@pytest.fixture
def instance(tmp_path):
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        yield instance


def _events(instance: dg.DagsterInstance, kind: dg.DagsterEventType) -> list:
    return instance.get_event_records(dg.EventRecordsFilter(kind, asset_key=dg.AssetKey("landed")), limit=100)


def test_a_run_over_every_partition_stores_one_event_each_per_partition(instance, monkeypatch):
    assert isinstance(instance, PlanWarehouseInstance)
    assert isinstance(instance.event_log_storage, BatchingSqliteEventLogStorage)
    batches = []
    original = BatchingSqliteEventLogStorage.store_event_batch
    monkeypatch.setattr(
        BatchingSqliteEventLogStorage,
        "store_event_batch",
        lambda self, events: batches.append(len(events)) or original(self, events),
    )
    result = DEFS.resolve_job_def("landing").execute_in_process(
        instance=instance,
        tags={"dagster/asset_partition_range_start": KEYS[0], "dagster/asset_partition_range_end": KEYS[-1]},
    )
    assert result.success
    for kind in (
        dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
        dg.DagsterEventType.ASSET_MATERIALIZATION,
    ):
        records = _events(instance, kind)
        assert sorted(r.partition_key for r in records) == sorted(KEYS), kind
        # the run's own shard holds them too (the run's event log in the UI)
        in_run = instance.all_logs(result.run_id, of_type=kind)
        assert len(in_run) == len(KEYS), kind
    assert instance.get_materialized_partitions(dg.AssetKey("landed")) == set(KEYS)
    assert batches == [len(KEYS), len(KEYS)]  # the planned events, then the materializations


def test_a_batch_that_fails_leaves_none_of_its_events(instance, monkeypatch):
    result = DEFS.resolve_job_def("landing").execute_in_process(instance=instance, partition_key=KEYS[0])
    events = instance.all_logs(result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    copies = [e._replace(run_id=result.run_id) for e in events * 3]
    storage = instance.event_log_storage
    stored = []
    original = BatchingSqliteEventLogStorage.store_event

    def fail_on_third(self, event):
        if len(stored) == 2:
            raise RuntimeError("disk full")
        original(self, event)
        stored.append(event)

    monkeypatch.setattr(BatchingSqliteEventLogStorage, "store_event", fail_on_third)
    with pytest.raises(RuntimeError):
        storage.store_event_batch(copies)
    monkeypatch.undo()
    # the two stored before the failure were rolled back with it (Dagster then stores one by one)
    assert len(instance.all_logs(result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)) == 1
    assert len(_events(instance, dg.DagsterEventType.ASSET_MATERIALIZATION)) == 1
    storage.store_event_batch(copies)  # the storage is usable after a failed batch
    assert len(instance.all_logs(result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)) == 4
