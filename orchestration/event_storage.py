"""Dagster's SQLite storage, writing a batch of events in one transaction per database file.

Dagster stores each event through a connection of its own (a new engine, connect, commit,
close: a WAL commit and a checkpoint every time, 5-10 ms). A run over N partitions stores N
ASSET_MATERIALIZATION_PLANNED events when it is created and N ASSET_MATERIALIZATION events
when its partitioned step ends: at N = 1,000, ~6 s before the first step and ~6 s at the end
of the landing. Dagster hands such events over in batches (DAGSTER_EVENT_BATCH_SIZE) to
`store_event_batch`, which its SQLite storage implements as one `store_event` after another.
Here a batch shares one transaction per file (the run's shard, the index shard): the same
rows, written by Dagster's own `store_event`, committed once.

`PlanWarehouseInstance` (named by orchestration/dagster.yaml's `instance_class`) makes this
the default storage and turns batching on. PostgreSQL storage (DAGSTER_POSTGRES_URL) is
unaffected, except that it too receives batches (its own `store_event_batch`).
Built on Dagster's storage classes (pinned in requirements.lock), not on a public API.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Sequence

import dagster as dg
import yaml
from dagster._core.events.log import EventLogEntry
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData

# Events a batch may hold: a run over every document hands its planned and its materialization
# events over as one batch each up to this size (DAGSTER_EVENT_BATCH_SIZE overrides it).
EVENT_BATCH_SIZE = 10_000


class BatchingSqliteEventLogStorage(SqliteEventLogStorage):
    """SqliteEventLogStorage whose `store_event_batch` commits once per database file."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(base_dir, inst_data)
        # re-entrant: a batch holds it throughout, and each connection it opens takes it again
        self._db_lock = threading.RLock()
        self._batch = threading.local()  # the open connections of this thread's batch

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator:
        connections = getattr(self._batch, "connections", None)
        if connections is None:
            with super()._connect(shard) as conn:
                yield conn
            return
        if shard not in connections:
            connections[shard] = self._batch.stack.enter_context(super()._connect(shard))
        yield connections[shard]  # in the batch's transaction, committed when the batch ends

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Store `events` as `store_event` would, in one transaction per file. A failure rolls
        the whole batch back (Dagster then stores its events one by one)."""
        with self._db_lock, contextlib.ExitStack() as stack:
            self._batch.connections, self._batch.stack = {}, stack
            try:
                for event in events:
                    self.store_event(event)
            finally:
                self._batch.connections = None


class BatchingSqliteStorage(DagsterSqliteStorage):
    """Dagster's default SQLite storage (same files under DAGSTER_HOME), batching its events."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(base_dir, inst_data)
        self._event_log_storage = BatchingSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value) -> BatchingSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


class PlanWarehouseInstance(dg.DagsterInstance):
    """The project's Dagster instance: batched event writes, on BatchingSqliteStorage unless
    dagster.yaml names a storage (PostgreSQL)."""

    @classmethod
    def config_schema(cls) -> dict:
        return {}

    @staticmethod
    def config_defaults(base_dir: str) -> dict:
        storage = ConfigurableClassData(
            __name__, BatchingSqliteStorage.__name__, yaml.dump({"base_dir": base_dir})
        )
        return {**InstanceRef.config_defaults(base_dir), "storage": storage}

    def _get_event_batch_size(self) -> int:
        return int(os.getenv("DAGSTER_EVENT_BATCH_SIZE") or EVENT_BATCH_SIZE)
