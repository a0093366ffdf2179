"""Watch the raw directory: register new files as partitions, drop deleted ones, run changed ones.

The cursor holds, per file, the sha256 of its content (which decides "changed") with the
size and mtime it had, so an untouched file is not read again on every tick.
- one file with new or changed content -> one run of `update_document_job`: landed, loaded
  and refreshed in one run (one process); unless the refresh will be a full one (the dbt code
  changed, or no successful refresh is noted beside the warehouse): then an ingest run and the refresh after it,
  as for several files, since the update job plans only the dbt tests of an incremental refresh;
- several -> one ingest run per file (one run over all partitions when many changed at
  once: a bulk drop must not become a thousand runs), then one refresh after them
  (refresh_after_ingest_sensor); unchanged files in such a run are skipped by the asset;
- deleted file -> its partition is deleted, and unless a changed file's run follows anyway
  (every ingest run ends with the load step, which prunes), a run of the load step alone
  (the unpartitioned `raw/<table>` assets) deletes its rows;
- a file that disappears while the tick reads it counts as deleted; one that disappears
  after the tick fails its run with an error naming it, and the next tick prunes it;
- a tick that finds most (or all) of the registered files gone - an empty scan: an
  unmounted share - deletes nothing and starts nothing: it is skipped with the reason
  (folder and counts) until the files are back or PLAN_WAREHOUSE_ALLOW_REMOVALS=1.
"""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from ingestion.landing import list_plan_files
from orchestration.assets.ingestion import PARTITION_RANGE_END, PARTITION_RANGE_START, RAW_KEYS
from orchestration.guards import document_removal_refusal, removals_allowed
from orchestration.jobs import (
    INGEST_JOB,
    UPDATE_JOB,
    ingest_documents_job,
    refresh_warehouse_job,
    update_document_job,
)
from orchestration.partitions import documents_partitions
from orchestration.refresh_state import full_refresh_due_by_note
from orchestration.resources import WarehouseSettings

PURPOSE_TAG = "plan_warehouse/purpose"
# On ingest runs whose caller refreshes right after (run_all): the refresh sensor leaves them be.
REFRESHED_INLINE_TAG = "plan_warehouse/refreshed_inline"

# More changed files than this in one tick -> one run over every partition instead.
MAX_SINGLE_FILE_RUNS = 20

Fingerprint = tuple[str, int, int]  # sha256, size, mtime_ns


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_raw_dir(raw_dir: Path, previous: dict[str, Fingerprint]) -> dict[str, Fingerprint]:
    """{source_path: (sha256, size, mtime_ns)} of every plan file; reuses a hash when size and mtime match."""
    current: dict[str, Fingerprint] = {}
    for source_path in list_plan_files(raw_dir):
        path = raw_dir / source_path
        try:
            info = path.lstat()
            known = previous.get(source_path)
            if known and known[1] == info.st_size and known[2] == info.st_mtime_ns:
                current[source_path] = known
            elif not stat.S_ISREG(info.st_mode):
                # a link or special file is never opened here (a pipe would block the tick);
                # the landing refuses it by name
                current[source_path] = (f"not-regular:{info.st_mode:o}", info.st_size, info.st_mtime_ns)
            else:
                current[source_path] = (_sha256_file(path), info.st_size, info.st_mtime_ns)
        except FileNotFoundError:
            continue  # removed while we looked: a deletion, seen as such
    return current


def parse_cursor(cursor: str | None) -> dict[str, Fingerprint]:
    """The cursor is {path: [sha256, size, mtime_ns]}; an older {path: sha256} still reads."""
    if not cursor:
        return {}
    raw = json.loads(cursor)
    return {path: tuple(value) if isinstance(value, list) else (value, -1, -1) for path, value in raw.items()}


def plan_partition_changes(
    current: dict[str, str], previous: dict[str, str], registered: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(keys to add, keys to delete, keys whose content is new or changed)."""
    to_add = sorted(set(current) - registered)
    to_delete = sorted(registered - set(current))
    changed = sorted(path for path, digest in current.items() if previous.get(path) != digest)
    return to_add, to_delete, changed


def sensor_requests(
    current: dict[str, Fingerprint],
    previous: dict[str, Fingerprint],
    registered: list[str],
    single_file_update: bool = True,
) -> tuple[list[dg.RunRequest], list[str], list[str]]:
    """(run requests, partition keys to add, partition keys to delete) for one tick.

    Run keys carry the mtime too: a file edited back to an earlier content must run again.
    single_file_update: one changed file may be one update run (False when the refresh will be full).
    """
    to_add, to_delete, changed = plan_partition_changes(
        {p: fp[0] for p, fp in current.items()}, {p: fp[0] for p, fp in previous.items()}, set(registered)
    )
    # Partition order after this tick: registered ones minus deleted, then the new ones.
    keys = [k for k in registered if k not in set(to_delete)] + to_add
    requests = []
    if len(changed) > MAX_SINGLE_FILE_RUNS:
        run_key = "all:" + hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:16]
        requests.append(
            dg.RunRequest(
                job_name=INGEST_JOB,
                run_key=run_key,
                tags={PARTITION_RANGE_START: keys[0], PARTITION_RANGE_END: keys[-1]},
            )
        )
    else:
        # one file: landed, loaded and refreshed in one run; several: one refresh after them all
        job = UPDATE_JOB if len(changed) == 1 and single_file_update else INGEST_JOB
        requests += [
            dg.RunRequest(
                job_name=job,
                partition_key=path,
                run_key=f"{path}:{current[path][0]}:{current[path][2]}",
            )
            for path in changed
        ]
    if to_delete and not requests:
        # The load step prunes documents whose partition is gone; run it alone (no landing).
        gone = hashlib.sha256(json.dumps({p: previous.get(p) for p in to_delete}).encode()).hexdigest()[:16]
        requests.append(
            dg.RunRequest(
                job_name=INGEST_JOB,
                asset_selection=list(RAW_KEYS.values()),
                run_key=f"prune:{gone}",
                tags={
                    PURPOSE_TAG: "prune_deleted",
                    "plan_warehouse/deleted_files": json.dumps(to_delete)[:1000],
                },
            )
        )
    return requests, to_add, to_delete


@dg.sensor(
    jobs=[ingest_documents_job, update_document_job],
    # a tick stats every file and hashes only those whose size or mtime changed (0.04 s at
    # 1,000 plans), so it can look often: an edit waits 2.5 s on average, not 5
    minimum_interval_seconds=5,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def raw_directory_sensor(context: dg.SensorEvaluationContext, paths: WarehouseSettings):
    settings = paths.settings()  # the code location's configured resource, not the environment
    previous = parse_cursor(context.cursor)
    scanned = scan_raw_dir(settings.raw_dir, previous)
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    single_file_update = True
    if len(scanned) != len(previous) or any(previous.get(p, ("",))[0] != fp[0] for p, fp in scanned.items()):
        # from the note beside the warehouse: the sensor never opens the warehouse itself
        single_file_update = full_refresh_due_by_note(settings.warehouse_db) is None
    requests, to_add, to_delete = sensor_requests(scanned, previous, registered, single_file_update)
    refusal = document_removal_refusal(settings.raw_dir, len(registered), len(to_delete))
    if refusal and not removals_allowed():
        # the cursor stays: when the files are back, nothing has changed
        return dg.SensorResult(skip_reason=refusal)
    context.update_cursor(json.dumps({p: list(fp) for p, fp in scanned.items()}, sort_keys=True))
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[
            documents_partitions.build_add_request(to_add),
            documents_partitions.build_delete_request(to_delete),
        ],
    )


@dataclass(frozen=True)
class FinishedIngest:
    run_id: str
    finished_at: float  # update timestamp of the run record (seconds since the epoch)
    refreshed_inline: bool


def refresh_request(
    finished: list[FinishedIngest], ingests_in_flight: int, cursor: float
) -> tuple[dg.RunRequest | None, float, str]:
    """(refresh run to start or None, new cursor, why) after the ingest runs that finished.

    One refresh follows any number of ingest runs (a burst of changed files is one refresh),
    started once no ingest run is queued or running; failed ingest runs count too (their
    other files loaded). Runs whose caller refreshes itself (run_all) are left be.
    """
    new = [run for run in finished if run.finished_at > cursor]
    if not new:
        return None, cursor, "no ingest run finished since the last refresh"
    if ingests_in_flight:
        return None, cursor, f"waiting for {ingests_in_flight} ingest run(s) to finish"
    newest = max(new, key=lambda run: run.finished_at)
    pending = [run for run in new if not run.refreshed_inline]
    if not pending:
        return None, newest.finished_at, "the ingest runs were refreshed by their caller"
    request = dg.RunRequest(run_key=f"after:{newest.run_id}", tags={PURPOSE_TAG: "refresh_after_ingest"})
    return request, newest.finished_at, f"{len(pending)} ingest run(s) finished"


@dg.sensor(
    job=refresh_warehouse_job,
    minimum_interval_seconds=5,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After ingest runs (started by raw_directory_sensor or by hand) finish: one run of "
    "refresh_warehouse_job (incremental dbt, quality checks of the changed documents, publish).",
)
def refresh_after_ingest_sensor(context: dg.SensorEvaluationContext):
    cursor = float(context.cursor) if context.cursor else 0.0
    records = context.instance.get_run_records(
        filters=dg.RunsFilter(
            job_name=INGEST_JOB,
            statuses=[dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE],
            updated_after=datetime.fromtimestamp(cursor, UTC) if cursor else None,
        ),
        limit=1000,
    )
    finished = [
        FinishedIngest(
            r.dagster_run.run_id, r.update_timestamp.timestamp(), REFRESHED_INLINE_TAG in r.dagster_run.tags
        )
        for r in records
    ]
    in_flight = context.instance.get_runs_count(
        dg.RunsFilter(
            job_name=INGEST_JOB,
            statuses=[
                dg.DagsterRunStatus.QUEUED,
                dg.DagsterRunStatus.NOT_STARTED,
                dg.DagsterRunStatus.STARTING,
                dg.DagsterRunStatus.STARTED,
            ],
        )
    )
    request, new_cursor, why = refresh_request(finished, in_flight, cursor)
    context.update_cursor(repr(new_cursor))
    return request or dg.SkipReason(why)
