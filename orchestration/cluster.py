"""Extraction on a cluster: the landing of many documents spread over Celery workers.

`make run` extracts on one machine (the partitioned asset `raw/landed_documents`, one step
that fans out over this machine's CPUs). A first load of every plan in the country does not
fit one machine, so `python -m orchestration.cluster [FILE...]` does the same in two parts:

1. the extraction: one run of `land_on_cluster_job` on Dagster's Celery executor. Its plan has
   one step per batch of documents (`land_batch`, mapped over `document_batches`), and the
   executor sends each step to whichever worker is free: the steps, not the run, are what
   spreads over machines. A step lands its batch through the same rule as the asset
   (`land_and_note`: Parquet landing plus failure notes) and records a materialization of
   each landed `documents` partition, so the asset's partitions show who landed what;
2. the single writer: the ordinary local pipeline (`run_all`), on this machine, in the
   `duckdb_writer` pool: its landing step finds every document landed already (it only
   hashes the files), then loads raw, builds dbt, runs the checks and publishes.

What the cluster needs (README, "Beyond one machine"):
- a broker: Redis (PLAN_WAREHOUSE_CELERY_BROKER=redis://host:6379/0, also the result store);
- Dagster's storage in PostgreSQL (DAGSTER_POSTGRES_URL; orchestration/instance.py): the
  workers write their steps' events into the run this process started;
- the raw directory and the warehouse's folder (its landing zone, `<warehouse>/landing`) at the
  same paths on every machine (a shared file system), and this code and its venv installed;
- workers: `celery -A orchestration.celery_worker worker --pool solo -Q dagster`, one per CPU.

A worker killed mid-step loses nothing: tasks are acknowledged only when done (acks_late), so
the broker hands the step of a vanished worker to another one once its visibility timeout
(PLAN_WAREHOUSE_CELERY_VISIBILITY_TIMEOUT seconds, default 3600; longer than any batch takes)
has passed, and landing is idempotent. A run that fails anyway is followed by another for the
documents that are still not landed (up to --attempts failed runs). A run takes at most
--run-size documents (default 10,000: the list travels in the run's config, read by every step).
"""

import argparse
import contextlib
import hashlib
import os
import sys
import time
import warnings
from datetime import UTC, datetime

import dagster as dg
from dagster._core.execution.retries import RetryMode
from dagster_celery import celery_executor
from dagster_celery.defaults import broker_transport_options
from dagster_celery.executor import CeleryExecutor

from ingestion.extract import document_id_for
from ingestion.landing import landed_sha256, landing_failures
from orchestration.assets.ingestion import LANDING_KEY, land_and_note
from orchestration.instance import POSTGRES_URL_VAR
from orchestration.partitions import documents_partitions
from orchestration.resources import WarehouseSettings
from orchestration.settings import Settings

BROKER_VAR = "PLAN_WAREHOUSE_CELERY_BROKER"
VISIBILITY_VAR = "PLAN_WAREHOUSE_CELERY_VISIBILITY_TIMEOUT"
CLUSTER_JOB = "land_on_cluster_job"
DEFAULT_BATCH_SIZE = 20
DEFAULT_RUN_SIZE = 10_000
CLUSTER_TAG = "plan_warehouse/cluster_landing"

# dagster-celery defines its task again for every step it sends (same name, same code); Celery
# 5.7 warns each time, then uses the first definition, which is the same task.
warnings.filterwarnings("ignore", message="Task name 'execute_plan' is already registered")


def executor_config(broker: str, visibility_timeout: float = 3600) -> dict:
    """The Celery executor's settings, the same for the run (which sends steps) and the workers.

    Redis is broker and result store. A task is acknowledged after it ran (acks_late), also
    when its worker process dies (reject_on_worker_lost), and each worker takes one task at a
    time (prefetch 1), so a killed worker's step goes back to the queue, never lost.
    """
    return {
        "broker": broker,
        "backend": broker,
        "include": [],
        "config_source": {
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "broker_connection_retry_on_startup": True,
            # a step whose worker vanished is given to another after visibility_timeout; the
            # workers look for such steps every `unacked_restore_interval` seconds (kombu's
            # default looks only every 100 s: 10 s, and a real scan every 10th time)
            "broker_transport_options": broker_transport_options
            | {
                "visibility_timeout": visibility_timeout,
                "unacked_restore_interval": max(1, min(10, int(visibility_timeout / 2))),
                "unacked_restore_throttle": 1,
            },
            "result_backend_transport_options": {"visibility_timeout": visibility_timeout},
        },
    }


def executor_config_from_env() -> dict:
    broker = os.environ.get(BROKER_VAR)
    if not broker:
        raise RuntimeError(f"{BROKER_VAR} is not set (the Redis broker: redis://host:6379/0)")
    return executor_config(broker, float(os.environ.get(VISIBILITY_VAR) or 3600))


def celery_app_args(config: dict) -> dict:
    """What dagster-celery builds its Celery app from, for a worker (orchestration/celery_worker.py)."""
    return CeleryExecutor(
        retries=RetryMode(RetryMode.DISABLED),
        broker=config["broker"],
        backend=config["backend"],
        include=config["include"],
        config_source=config["config_source"],
    ).app_args()


class DocumentBatches(dg.Config):
    documents: list[str]
    batch_size: int = DEFAULT_BATCH_SIZE


@dg.op(out=dg.DynamicOut(list))
def document_batches(config: DocumentBatches):
    """The documents of the run in batches: each batch is one step for one worker."""
    size = max(1, config.batch_size)
    for start in range(0, len(config.documents), size):
        yield dg.DynamicOutput(config.documents[start : start + size], mapping_key=f"batch_{start // size}")


@dg.op
def land_batch(context: dg.OpExecutionContext, paths: WarehouseSettings, documents: list) -> dict:
    """Land one batch in this worker's process (a worker is one CPU: start one per CPU)."""
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    landed, failed = land_and_note(context.log, registered, documents, paths.settings(), processes=1)
    for item in landed:
        yield dg.AssetMaterialization(
            asset_key=LANDING_KEY, partition=item.source_path, metadata={"reused": item.reused}
        )
    yield dg.Output(
        {
            "extracted": sum(not item.reused for item in landed),
            "unchanged": sum(item.reused for item in landed),
        }
        | {"failed": len(failed)}
    )


@dg.op
def landing_summary(context: dg.OpExecutionContext, counts: list) -> dict:
    total = {key: sum(batch[key] for batch in counts) for key in ("extracted", "unchanged", "failed")}
    context.log.info(
        f"landed {total['extracted']} document(s), {total['unchanged']} unchanged, "
        f"{total['failed']} failed, in {len(counts)} batch(es)"
    )
    return total


@dg.job(
    name=CLUSTER_JOB,
    executor_def=celery_executor,
    resource_defs={"paths": WarehouseSettings.configure_at_launch(), "io_manager": dg.fs_io_manager},
    description="Land documents on the Celery workers: one step per batch of documents.",
)
def land_on_cluster_job():
    landing_summary(document_batches().map(land_batch).collect())


def cluster_run_config(settings: Settings, documents: list[str], batch_size: int, executor: dict) -> dict:
    """The run's config: every path a worker needs travels with the run (same paths on every machine)."""
    return {
        "ops": {"document_batches": {"config": {"documents": documents, "batch_size": batch_size}}},
        "resources": {
            "paths": {
                "config": {
                    "raw_dir": str(settings.raw_dir),
                    "warehouse_db": str(settings.warehouse_db),
                    "published_db": str(settings.published_db),
                    "follow_links": settings.follow_links,
                }
            },
            # the batches pass from step to step through files: in the shared warehouse folder
            "io_manager": {"config": {"base_dir": str(settings.state_dir / "cluster")}},
        },
        "execution": {"config": executor},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }


def unlanded(settings: Settings, documents: list[str]) -> list[str]:
    """Those of `documents` neither landed as they are now (content, extraction code) nor noted as
    failed (a worker met them and said why: the load step records it)."""
    failed = landing_failures(settings.landing_dir)
    out = []
    for source_path in documents:
        path = settings.raw_dir / source_path
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # gone or unreadable: the local landing step names it
        if (
            landed_sha256(settings.landing_dir, document_id_for(source_path)) != sha
            and source_path not in failed
        ):
            out.append(source_path)
    return out


def land_on_cluster(
    instance: dg.DagsterInstance,
    settings: Settings,
    documents: list[str],
    batch_size: int,
    executor: dict,
    attempts: int = 3,
    say=print,
    run_size: int = DEFAULT_RUN_SIZE,
) -> tuple[list[str], list[str]]:
    """Land `documents` through the workers, at most `run_size` a run (the list travels in the
    run's config, which every step reads); a run that leaves some of its documents unlanded
    counts as a failed attempt, and the documents go into a later run. Returns (run ids,
    documents still not landed after `attempts` such runs)."""
    run_ids: list[str] = []
    pending = unlanded(settings, documents)
    failures = 0
    while pending and failures < attempts:
        chunk = pending[:run_size]
        say(
            f"… landing {len(chunk)} document(s) on the workers in batches of {batch_size}"
            f" (run {len(run_ids) + 1}; {len(pending)} to go)"
        )
        started = time.monotonic()
        result = dg.execute_job(
            dg.reconstructable(land_on_cluster_job),
            instance=instance,
            run_config=cluster_run_config(settings, chunk, batch_size, executor),
            tags={CLUSTER_TAG: str(len(run_ids) + 1)},
        )
        run_ids.append(result.run_id)
        seconds = time.monotonic() - started
        left = unlanded(settings, chunk)
        landed = len(chunk) - len(left)
        if left or not result.success:
            failures += 1
        pending = left + pending[run_size:]
        say(
            f"{'✓' if result.success else '✗'} landed {landed} document(s) on the workers in {seconds:.1f} s"
            f" ({60 * landed / max(seconds, 1e-9):.0f} documents per minute)"
            + (f"; {len(left)} of this run not landed" if left else "")
        )
    return run_ids, pending


def main(argv: list[str] | None = None) -> int:
    from orchestration.run_all import (
        EXIT_BUSY,
        EXIT_FAILED,
        EXIT_USAGE,
        BadArguments,
        WarehouseBusy,
        _loggers,
        changed_files,
        execute_pipeline,
        failed_documents,
        resolve_documents,
        summary,
        sync_document_partitions,
        warehouse_lock,
    )

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "documents", nargs="*", metavar="FILE", help="only these files (under the raw directory)"
    )
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="documents per step")
    parser.add_argument(
        "--attempts", type=int, default=3, help="failed cluster runs tolerated before giving up on the rest"
    )
    parser.add_argument("--run-size", type=int, default=DEFAULT_RUN_SIZE, help="documents per cluster run")
    parser.add_argument(
        "--land-only", action="store_true", help="only land on the workers; load, dbt and checks not run"
    )
    parser.add_argument("--full-refresh", action="store_true", help="rebuild every dbt model from raw")
    args = parser.parse_args(argv)
    out = sys.stdout
    say = lambda text: print(text, file=out, flush=True)  # noqa: E731
    settings = Settings.from_env()
    if not os.environ.get(POSTGRES_URL_VAR):
        say(
            f"error: {POSTGRES_URL_VAR} is not set: the workers write their steps into Dagster's storage in PostgreSQL"
        )
        return EXIT_USAGE
    try:
        executor = executor_config_from_env()
    except RuntimeError as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    if not settings.raw_dir.is_dir():
        say(f"error: the raw directory {settings.raw_dir} does not exist (PLAN_WAREHOUSE_RAW_DIR)")
        return EXIT_USAGE
    try:
        wait = float(os.environ.get("PLAN_WAREHOUSE_LOCK_TIMEOUT") or 3600)
        with warehouse_lock(settings, wait, say), dg.DagsterInstance.get() as instance:
            files = sync_document_partitions(instance, settings)
            named = resolve_documents(args.documents, settings, files) if args.documents else None
            documents = named if named is not None else changed_files(settings, files)
            _, pending = land_on_cluster(
                instance, settings, documents, args.batch_size, executor, args.attempts, say, args.run_size
            )
            for path in pending:
                say(f"NOT LANDED on the workers: {path} (the local landing step tries it again)")
            if args.land_only:
                return EXIT_FAILED if pending else 0
            settings.logs_dir.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            log_file = settings.logs_dir / f"run-{stamp}-{os.getpid()}.log"
            say(f"loading, building and checking {settings.warehouse_db} here (details: {log_file})")
            with (
                log_file.open("w", encoding="utf-8") as log,
                contextlib.redirect_stdout(log),
                contextlib.redirect_stderr(log),
            ):
                outcome = execute_pipeline(instance, named, _loggers(out), args.full_refresh)
        say(summary(settings, outcome, log_file))
        failed = failed_documents(settings, named) if named else []
        return 0 if outcome.refresh_succeeded and not failed else EXIT_FAILED
    except WarehouseBusy as exc:
        say(f"error: {exc}")
        return EXIT_BUSY
    except BadArguments as exc:
        say(f"error: {exc}")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
