"""`make run`: build the whole warehouse from the raw directory in two Dagster runs.

1. register every plan file as a `documents` partition (and drop partitions of deleted
   files), then one ingest run lands all of them (single-run backfill) and loads `raw`
   (which also prunes the rows of deleted files);
2. one run refreshes dbt models (incrementally: only the documents that changed), checks
   quality and publishes.
Only files whose content (or the extraction code) changed since they were loaded are
ingested, and when nothing changed at all the refresh is skipped too.
`run_all FILE...` ingests only those files (one run each), then refreshes (one changed
FILE: both in one run of update_document_job, unless the refresh will be a full one, which
that job's selection leaves to the refresh job); it exits non-zero when one of them could
not be loaded.
`--full-refresh` rebuilds every dbt model from raw (also done on its own after a change
of the dbt code or a seed).

Operating it unattended:
- one run per warehouse at a time: a lock file (`<warehouse>/run.lock`) is held for the
  run's life; a second run waits for it (PLAN_WAREHOUSE_LOCK_TIMEOUT seconds, default 3600)
  or, with --no-wait, refuses at once; the kernel releases the lock of a killed run;
- a run that was killed (kill -9, power loss) leaves its Dagster runs STARTED and its
  `duckdb_writer` pool slot claimed: the next run marks them failed and frees the slots
  before it starts, so it never waits for a run that is gone;
- the terminal gets one line per stage and a summary; dbt's per-model lines and the
  Dagster event log go to a log file the summary names.
- a run that would remove most (or all) of the loaded documents - an empty or unmounted
  raw folder - refuses before it changes anything, naming the folder and the counts,
  unless --allow-removals (orchestration/guards.py); so does a publish whose marts would
  lose most of their rows against the published copy.
Exit codes: 0 done, 1 the pipeline failed (or a named FILE failed), 2 bad arguments,
3 refused: the run would remove most of the warehouse (--allow-removals),
75 the warehouse is busy, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import filelock

from ingestion.extract import document_id_for
from ingestion.landing import files_to_ingest, list_plan_files
from ingestion.processes import pid_alive
from orchestration.guards import (
    ALLOW_REMOVALS_TAG,
    RemovalRefused,
    document_removal_refusal,
    removals_allowed,
)
from orchestration.partitions import documents_partitions
from orchestration.refresh_state import full_refresh_due, refresh_needed
from orchestration.settings import Settings

EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED, EXIT_BUSY, EXIT_INTERRUPTED = 1, 2, 3, 75, 130
LAUNCHER_TAG = "plan_warehouse/launched_by"
PID_TAG = "plan_warehouse/pid"
HOST_TAG = "plan_warehouse/host"
UNFINISHED = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
STAGE_LABELS = {
    "raw__landed_documents": "extract files into the landing zone",
    "raw_plan_tables": "load raw",
    "plan_warehouse_dbt_assets": "dbt build (staging, intermediate, marts, tests)",
    "quality_checks": "quality checks and report",
    "publish_warehouse": "publish the read-only copy and Parquet",
    "published__overview_html": "overview page",
}


class WarehouseBusy(RuntimeError):
    """Another run holds this warehouse's lock."""


class BadArguments(ValueError):
    """A FILE argument that is not a plan file of the raw directory."""


@contextlib.contextmanager
def warehouse_lock(settings: Settings, wait_seconds: float, say=print):
    """Hold `<warehouse>/run.lock` for the block: one run per warehouse at a time.

    filelock's flock-based lock (the kernel releases it when the holding process dies); the
    file names its holder (pid, host, start), which a waiting or refused run reports.
    """
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(settings.lock_file)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        if wait_seconds > 0:
            say(
                f"waiting for the run in progress on {settings.warehouse_db} ({_lock_holder(settings)}) to finish …"
            )
        try:
            lock.acquire(timeout=wait_seconds, poll_interval=0.5)
        except filelock.Timeout:
            raise WarehouseBusy(
                f"{settings.warehouse_db} is being built by another run ({_lock_holder(settings)}); "
                "try again when it has finished"
            ) from None
    try:
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        _write_lock_holder(settings, f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n")
        yield
    finally:
        _write_lock_holder(settings, "")
        lock.release()


def _lock_holder(settings: Settings) -> str:
    try:
        return settings.lock_file.read_text(encoding="utf-8").strip() or "another process"
    except FileNotFoundError:
        return "another process"


def _write_lock_holder(settings: Settings, text: str) -> None:
    """Replace the lock file's text in place (the lock is on the file, so it is never replaced)."""
    with open(settings.lock_file, "r+", encoding="utf-8") as handle:
        handle.truncate()
        handle.write(text)


def reclaim_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs of `run_all` processes that are gone; free every slot a finished run holds.

    Returns the ids of the runs reclaimed. Runs of live processes (another warehouse on the
    same instance) and runs launched by `dagster dev` (the daemon's run monitoring watches
    those) are left alone.
    """
    reclaimed = []
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=UNFINISHED, tags={LAUNCHER_TAG: "run_all"}))
    for run in runs:
        pid, host = run.tags.get(PID_TAG), run.tags.get(HOST_TAG)
        if host != socket.gethostname() or not pid or (int(pid) != os.getpid() and pid_alive(int(pid))):
            continue
        instance.report_run_failed(
            run,
            f"the process that ran it (pid {pid}) is gone, probably killed; marked failed by the next run",
        )
        reclaimed.append(run.run_id)
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        holders = storage.get_concurrency_run_ids()
        unfinished = (
            instance.get_runs(filters=dg.RunsFilter(run_ids=list(holders), statuses=UNFINISHED))
            if holders
            else []
        )
        for run_id in sorted(holders - {run.run_id for run in unfinished}):
            storage.free_concurrency_slots_for_run(run_id)
    return reclaimed


def changed_files(settings: Settings, files: list[str]) -> list[str]:
    """The files an ingest run would change (every file of a new warehouse)."""
    if not settings.warehouse_db.exists():
        return files
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        if not _has_table(con, "raw", "documents"):
            return files
        return files_to_ingest(con, settings.raw_dir, settings.landing_dir, files)


def removal_refusal(settings: Settings, files: list[str]) -> str | None:
    """Why a run over `files` must not prune the documents the warehouse holds (None: it may)."""
    if not settings.warehouse_db.exists():
        return None
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        if not _has_table(con, "raw", "documents"):
            return None
        loaded = {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}
    removing = loaded - {document_id_for(f) for f in files}
    return document_removal_refusal(settings.raw_dir, len(loaded), len(removing))


def sync_document_partitions(instance: dg.DagsterInstance, settings: Settings) -> list[str]:
    """Make the `documents` partitions equal the files in the raw directory; returns them."""
    files = list_plan_files(settings.raw_dir)
    registered = set(instance.get_dynamic_partitions(documents_partitions.name))
    gone = sorted(registered - set(files))
    for key in gone:
        instance.delete_dynamic_partition(documents_partitions.name, key)
    new = [f for f in files if f not in registered]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    return files


def resolve_documents(arguments: list[str], settings: Settings, files: list[str]) -> list[str]:
    """FILE arguments (a path under the raw directory, absolute or relative to it or to the
    working directory) as partition keys; BadArguments names any that is not a plan file there."""
    raw = settings.raw_dir.resolve()
    keys, problems = [], []
    for argument in arguments:
        candidates = (
            [Path(argument)] if Path(argument).is_absolute() else [raw / argument, Path.cwd() / argument]
        )
        key = None
        for candidate in candidates:
            absolute = Path(os.path.abspath(candidate))
            if absolute.is_relative_to(raw) and absolute.relative_to(raw).as_posix() in files:
                key = absolute.relative_to(raw).as_posix()
                break
        if key is not None:
            keys.append(key)
        elif not any(Path(os.path.abspath(c)).is_relative_to(raw) for c in candidates):
            problems.append(f"{argument}: not under the raw directory {raw} (PLAN_WAREHOUSE_RAW_DIR)")
        else:
            problems.append(f"{argument}: no plan file of that name in the raw directory {raw}")
    if problems:
        raise BadArguments("\n".join(problems))
    return list(dict.fromkeys(keys))


def _run_tags() -> dict[str, str]:
    return {LAUNCHER_TAG: "run_all", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


class ProgressHandler(logging.Handler):
    """One line per stage (started, done with its time, failed with its error) and each
    error a step logs about a file; everything else is left to the log file."""

    def __init__(self, stream):
        super().__init__(logging.DEBUG)  # step events are DEBUG records
        self.stream = stream
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        label = STAGE_LABELS.get(step.split("[")[0], step)
        if event is None:
            if record.levelno >= logging.ERROR:
                message = meta.get("orig_message") or record.getMessage()
                # the first line: a pipeline error's traceback goes to the log file only
                self._say(f"  ERROR {(message.splitlines() or [''])[0]}")
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
            self._say(f"… {label}")
        elif kind == "STEP_SUCCESS":
            seconds = time.monotonic() - self.started.get(step, time.monotonic())
            self._say(f"✓ {label} ({seconds:.1f} s)")
        elif kind == "STEP_FAILURE":
            error = event.step_failure_data.error if event.step_failure_data else None
            reason = (error.message.strip().splitlines() or [""])[-1] if error else ""
            if event.step_failure_data and event.step_failure_data.user_failure_data:
                reason = event.step_failure_data.user_failure_data.description or reason
            self._say(f"✗ {label} failed: {reason}")
        elif kind == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                asset = "/".join(evaluation.asset_key.path)
                self._say(f"✗ blocking check {evaluation.check_name} on {asset} failed")

    def _say(self, text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        self.stream.write(f"[{stamp}] {text}\n")
        self.stream.flush()


def _loggers(progress_stream) -> tuple[dict, dict]:
    """(logger definitions, run config): Dagster's console log (into the log file) plus progress."""

    @dg.logger
    def progress(_init_context) -> logging.Logger:
        log = logging.Logger("plan_warehouse.progress", logging.DEBUG)
        log.addHandler(ProgressHandler(progress_stream))
        return log

    definitions = {"console": dg.colored_console_logger, "progress": progress}
    config = {"loggers": {"console": {"config": {"log_level": "INFO"}}, "progress": {}}}
    return definitions, config


# Used when run_pipeline is called without loggers (tests, scripts): INFO and above to the console.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass
class PipelineOutcome:
    refresh_succeeded: bool = False
    ingest_run_ids: list[str] = field(default_factory=list)
    refresh_run_id: str | None = None
    published: bool = False
    refresh_skipped: bool = False  # nothing changed: marts, report and published copy are current


def execute_pipeline(
    instance: dg.DagsterInstance,
    documents: list[str] | None = None,
    loggers: tuple[dict, dict] | None = None,
    full_refresh: bool = False,
    allow_removals: bool = False,
    definitions: dg.Definitions | None = None,
) -> PipelineOutcome:
    """Load `documents` (default: every changed file) into raw, then refresh everything downstream.

    `definitions`: built for this warehouse already (a warm process, `make watch`, builds them once).

    RemovalRefused (before any partition, row or file is touched) when the raw folder lacks
    most of the loaded documents, unless `allow_removals` (or PLAN_WAREHOUSE_ALLOW_REMOVALS).
    """
    settings = Settings.from_env()
    allow_removals = allow_removals or removals_allowed()
    if not allow_removals and (refusal := removal_refusal(settings, list_plan_files(settings.raw_dir))):
        raise RemovalRefused(refusal)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    registered_before = set(instance.get_dynamic_partitions(documents_partitions.name))
    files = sync_document_partitions(instance, settings)
    deleted = bool(registered_before - set(files))
    named = documents is not None  # FILE arguments: changed or not (found out below, if needed)
    documents = documents if named else changed_files(settings, files)
    outcome = PipelineOutcome()
    idle = files and not documents and not deleted and not full_refresh
    if idle and refresh_needed(settings.warehouse_db, settings.published_db) is None:
        outcome.refresh_succeeded = outcome.refresh_skipped = True
        return outcome  # before loading the definitions (dbt manifest, GX): seconds, not tens

    # imported here: the asset modules pull in dagster-dbt and GX (seconds the idle path saves)
    from orchestration.assets.ingestion import PARTITION_RANGE_END, PARTITION_RANGE_START, RAW_KEYS
    from orchestration.assets.serving import PUBLISHED_DB_KEY
    from orchestration.definitions import build_definitions
    from orchestration.jobs import INGEST_JOB, REFRESH_JOB, UPDATE_JOB, full_refresh_config
    from orchestration.sensors import MAX_SINGLE_FILE_RUNS, REFRESHED_INLINE_TAG

    # run_all refreshes right after its ingest runs: a running refresh sensor need not
    inline = {REFRESHED_INLINE_TAG: "true"} | ({ALLOW_REMOVALS_TAG: "true"} if allow_removals else {})
    defs = definitions or build_definitions(settings)
    base_config = loggers[1] if loggers else RUN_CONFIG

    def execute(
        name: str, tags: dict[str, str] | None = None, run_config: dict | None = None, **kwargs
    ) -> dg.ExecuteInProcessResult:
        job = defs.resolve_job_def(name)
        if loggers:
            job = job.with_logger_defs(loggers[0])
        return job.execute_in_process(
            run_config=run_config or base_config,
            instance=instance,
            raise_on_error=False,
            tags=_run_tags() | inline | (tags or {}),
            **kwargs,
        )

    def refreshed(run: dg.ExecuteInProcessResult) -> PipelineOutcome:
        """The outcome after the run that refreshed (a refresh run, or an update run)."""
        outcome.refresh_run_id = run.run_id
        outcome.refresh_succeeded = run.success
        outcome.published = PUBLISHED_DB_KEY in {e.asset_key for e in run.get_asset_materialization_events()}
        return outcome

    if not files or (deleted and not documents):
        # no file to land: the load step alone makes raw forget the deleted ones
        outcome.ingest_run_ids.append(execute(INGEST_JOB, asset_selection=list(RAW_KEYS.values())).run_id)
    elif documents:
        keys = instance.get_dynamic_partitions(documents_partitions.name)
        order = {key: i for i, key in enumerate(keys)}
        wanted = sorted(documents, key=order.__getitem__)
        if len(wanted) == len(keys) or len(wanted) > MAX_SINGLE_FILE_RUNS:
            # one run over every partition: the landing skips the unchanged files
            tags = {PARTITION_RANGE_START: keys[0], PARTITION_RANGE_END: keys[-1]}
            result = execute(INGEST_JOB, tags=tags)
            outcome.ingest_run_ids.append(result.run_id)
            if not result.success:
                return outcome
        elif (
            len(wanted) == 1
            and not full_refresh
            and not full_refresh_due(settings.warehouse_db)
            and (not named or changed_files(settings, wanted))
        ):
            # one changed file, incremental refresh: landed, loaded and refreshed in one run (a
            # full refresh takes the ingest and refresh jobs: the update job plans the key tests only)
            update = execute(UPDATE_JOB, partition_key=wanted[0], run_config=base_config)
            outcome.ingest_run_ids.append(update.run_id)
            return refreshed(update)
        else:
            for key in wanted:
                outcome.ingest_run_ids.append(execute(INGEST_JOB, partition_key=key).run_id)
    if not full_refresh and refresh_needed(settings.warehouse_db, settings.published_db) is None:
        outcome.refresh_succeeded = outcome.refresh_skipped = True
        return outcome
    return refreshed(execute(REFRESH_JOB, run_config=base_config | full_refresh_config(full_refresh)))


def run_pipeline(
    instance: dg.DagsterInstance,
    documents: list[str] | None = None,
    full_refresh: bool = False,
    allow_removals: bool = False,
) -> bool:
    """Load `documents` (default: every changed file) into raw, then refresh; True when it succeeded."""
    return execute_pipeline(
        instance, documents, full_refresh=full_refresh, allow_removals=allow_removals
    ).refresh_succeeded


def summary(settings: Settings, outcome: PipelineOutcome | None = None, log_file: Path | None = None) -> str:
    lines = [f"warehouse:        {settings.warehouse_db}"]
    if not settings.warehouse_db.exists():
        return f"warehouse:        {settings.warehouse_db} not built (the run stopped before loading)"
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        marts = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        for (name,) in marts:
            count = con.execute(f'select count(*) from marts."{name}"').fetchone()[0]
            lines.append(f"  marts.{name:<24} {count:>7} rows")
        errors, warnings = [], []
        if _has_table(con, "raw", "load_errors"):
            errors = con.execute("select source_path, error from raw.load_errors order by 1").fetchall()
        if _has_table(con, "raw", "document_warnings"):
            warnings = con.execute(
                "select message from raw.document_warnings order by source_path, warning_kind"
            ).fetchall()
        failed_rules = []
        if outcome and outcome.refresh_run_id and _has_table(con, "audit", "quality_results"):
            # the run's failed expectations and error findings; and, where the warehouse has it,
            # every error finding still open (a scoped run does not append those it carried)
            still_open = (
                "union select suite || '.' || expectation, document_id, source_line, details "
                "from audit.open_findings where severity = 'error'"
                if _has_view(con, "audit", "open_findings")
                else ""
            )
            failed_rules = con.execute(
                f"""
                select suite || '.' || expectation, coalesce(document_id, '(all documents)'), source_line, details
                from audit.quality_results
                where run_id = ? and severity = 'error' and not success
                  and (record_kind = 'finding' or document_id is null)
                {still_open}
                order by 1, 2, 3 limit 20
                """,
                [outcome.refresh_run_id],
            ).fetchall()
    for source_path, error in errors:
        lines.append(f"  NOT LOADED {error if error.startswith(source_path) else f'{source_path}: {error}'}")
    for (message,) in warnings:
        lines.append(f"  WARNING {message}")
    for rule, document, line, details in failed_rules:
        where = f"{document}:{line}" if line is not None else document
        lines.append(f"  QUALITY ERROR {rule} on {where}: {details}")
    if outcome is not None and outcome.refresh_skipped:
        lines.append(
            "nothing changed since the last refresh: marts, quality report and published copy are current"
        )
    if outcome is None or outcome.published or outcome.refresh_skipped or not outcome.refresh_run_id:
        lines.append(f"published copy:   {settings.published_db}")
    elif settings.published_db.exists():
        lines.append(
            f"published copy:   NOT UPDATED by this run; the previous copy stays: {settings.published_db}"
        )
    else:
        lines.append("published copy:   none (nothing has been published yet)")
    report = settings.quality_dir / "latest.html"
    lines.append(f"quality report:   {report if report.exists() else 'none yet'}")
    if log_file:
        lines.append(f"log of this run:  {log_file}")
    return "\n".join(lines)


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return con.execute(query, [schema, name]).fetchone()[0] > 0


def _has_view(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    query = "select count(*) from duckdb_views() where schema_name = ? and view_name = ?"
    return con.execute(query, [schema, name]).fetchone()[0] > 0


def failed_documents(settings: Settings, documents: list[str]) -> list[str]:
    """Those of `documents` that raw.load_errors holds after the run (all of them: no warehouse)."""
    if not settings.warehouse_db.exists():
        return list(documents)
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        failed = {row[0] for row in con.execute("select source_path from raw.load_errors").fetchall()}
    return [d for d in documents if d in failed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "documents", nargs="*", metavar="FILE", help="only these files (under the raw directory)"
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every dbt model from raw, not only changed documents",
    )
    parser.add_argument(
        "--no-wait", action="store_true", help="refuse at once when another run holds the warehouse"
    )
    parser.add_argument(
        "--allow-removals",
        action="store_true",
        help="let this run remove most (or all) of the loaded documents and publish the smaller "
        "marts (without it such a run refuses: an empty or unmounted raw folder)",
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    out = sys.stdout
    say = lambda text: print(text, file=out, flush=True)  # noqa: E731
    if not settings.raw_dir.is_dir():
        say(f"error: the raw directory {settings.raw_dir} does not exist (PLAN_WAREHOUSE_RAW_DIR)")
        return EXIT_USAGE
    wait = 0.0 if args.no_wait else float(os.environ.get("PLAN_WAREHOUSE_LOCK_TIMEOUT") or 3600)
    try:
        with warehouse_lock(settings, wait, say):
            documents = None
            if args.documents:
                documents = resolve_documents(args.documents, settings, list_plan_files(settings.raw_dir))
            settings.logs_dir.mkdir(parents=True, exist_ok=True)
            log_file = (
                settings.logs_dir / f"run-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}.log"
            )
            _prune_logs(settings.logs_dir, keep=20)
            with dg.DagsterInstance.get() as instance, log_file.open("w", encoding="utf-8") as log:
                if reclaimed := reclaim_abandoned_runs(instance):
                    say(
                        f"marked {len(reclaimed)} run(s) of a killed earlier run failed and freed their pool slots"
                    )
                say(f"building {settings.warehouse_db} from {settings.raw_dir} (details: {log_file})")
                with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
                    outcome = execute_pipeline(
                        instance, documents, _loggers(out), args.full_refresh, args.allow_removals
                    )
            say(summary(settings, outcome, log_file))
            failed_files = failed_documents(settings, documents) if documents else []
            for path in failed_files:
                say(f"FAILED {path}: see NOT LOADED above")
            return 0 if outcome.refresh_succeeded and not failed_files else EXIT_FAILED
    except KeyboardInterrupt:
        say("interrupted: stopped (the next run picks up from what was finished)")
        return EXIT_INTERRUPTED
    except WarehouseBusy as exc:
        say(f"error: {exc}")
        return EXIT_BUSY
    except BadArguments as exc:
        say(f"error: {exc}")
        return EXIT_USAGE
    except RemovalRefused as exc:
        say(f"error: {exc}")
        return EXIT_REFUSED


def _prune_logs(logs_dir: Path, keep: int) -> None:
    for old in sorted(logs_dir.glob("run-*.log"))[:-keep]:
        old.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
