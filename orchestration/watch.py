"""`make watch`: a warm process that refreshes the warehouse seconds after a plan file changes.

    python -m orchestration.watch [--interval 0.5]

A `make run` or `run_all FILE` is a new process each time, and so is every run the Dagster
daemon launches: Python, Dagster, dagster-dbt with its manifest, GX and the definitions are
loaded again for each edit (~5 s), and the daemon adds its sensor interval, its queue and
the start of the run's process (~13 s at 1,000 plans). This process pays that once:

1. at start it imports everything a run needs, builds the definitions, and catches up with
   what changed while it was not running (the same run as `make run`);
2. then it looks at the raw directory every `--interval` seconds (the sensor's scan: a stat
   per file, a hash only of files whose size or mtime changed) and, when a file changed,
   runs the pipeline in this process: one changed file is one run of `update_document_job`
   (land, load, incremental dbt, quality checks of that document, publish), anything else
   (several files, deletions) the same runs as `make run`.

It goes through `run_all`'s own pipeline (`execute_pipeline`): the warehouse lock (a `make
run` started meanwhile waits for it, and it waits for a `make run`), the removal guard, the
partitions of the `documents` asset, and the runs are ordinary Dagster runs in the
instance's storage (DAGSTER_HOME): the UI lists them with their events, like the runs of
`make run`. What it bypasses is the daemon: the runs are executed in this process
(`execute_in_process`), not queued and launched, so run queue limits and run monitoring do
not apply to them; do not also start raw_directory_sensor on the same warehouse.
Ctrl-C or SIGTERM stops it (a run in progress is interrupted; the next run picks up from there).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.guards import RemovalRefused
from orchestration.run_all import (
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    WarehouseBusy,
    _loggers,
    _prune_logs,
    execute_pipeline,
    summary,
    warehouse_lock,
)
from orchestration.sensors import Fingerprint, scan_raw_dir
from orchestration.settings import Settings


def warm_up(settings: Settings) -> dg.Definitions:
    """Import what the steps of a run import and build the definitions, once for every edit."""
    import great_expectations  # noqa: F401  (the quality step's suites)

    import expectations.report  # noqa: F401
    import expectations.runner  # noqa: F401
    import serving.overview  # noqa: F401
    import serving.publish  # noqa: F401
    from orchestration.definitions import build_definitions

    return build_definitions(settings)


def changes(current: dict[str, Fingerprint], previous: dict[str, Fingerprint]) -> tuple[list[str], list[str]]:
    """(files new or changed in content, files deleted) between two scans."""
    changed = sorted(p for p, fp in current.items() if p not in previous or previous[p][0] != fp[0])
    return changed, sorted(set(previous) - set(current))


def refresh(
    instance: dg.DagsterInstance,
    settings: Settings,
    definitions: dg.Definitions,
    documents: list[str] | None,
    say,
) -> bool:
    """One pipeline pass under the warehouse lock: the runs of `run_all` for `documents`
    (None: every changed file). False when it failed or was refused."""
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    log_file = settings.logs_dir / f"run-{stamp}-{os.getpid()}.log"
    _prune_logs(settings.logs_dir, keep=20)
    started = time.perf_counter()
    wait = float(os.environ.get("PLAN_WAREHOUSE_LOCK_TIMEOUT") or 3600)
    terminal = sys.stdout  # a line per stage there; Dagster's log and dbt's lines to the log file
    try:
        with (
            warehouse_lock(settings, wait, say),
            log_file.open("w", encoding="utf-8") as log,
            contextlib.redirect_stdout(log),
            contextlib.redirect_stderr(log),
        ):
            outcome = execute_pipeline(instance, documents, _loggers(terminal), definitions=definitions)
    except (RemovalRefused, WarehouseBusy) as exc:
        say(f"not refreshed: {exc}")
        return False
    except Exception as exc:  # a long-lived service: say it, keep watching; the next edit retries
        with log_file.open("a", encoding="utf-8") as log:
            traceback.print_exc(file=log)
        say(f"FAILED: {type(exc).__name__}: {exc} (traceback in {log_file})")
        return False
    seconds = time.perf_counter() - started
    if outcome.refresh_skipped and not outcome.ingest_run_ids:
        say(f"nothing changed since the last refresh ({seconds:.1f} s)")
    else:
        say(summary(settings, outcome, log_file))
        say(f"{'refreshed' if outcome.refresh_succeeded else 'FAILED'} in {seconds:.1f} s")
    return outcome.refresh_succeeded


def documents_to_run(changed: list[str], deleted: list[str]) -> list[str] | None:
    """One changed file: named (its one update run); anything else: None, every changed file
    found by the pipeline itself (the runs of `make run`, which also prune deleted files)."""
    return changed if len(changed) == 1 and not deleted else None


def watch(
    raw_dir: Path,
    interval: float,
    on_change: Callable[[list[str], list[str]], object],
    start: Callable[[], object] | None = None,
    rounds: int | None = None,
) -> None:
    """Scan `raw_dir` every `interval` seconds and call on_change(changed, deleted) after a scan
    that found a difference. `start` runs after the first scan (an edit made during it is seen
    by the next scan); `rounds` scans, or forever."""
    seen = scan_raw_dir(raw_dir, {})
    if start:
        start()
    done = 0
    while rounds is None or done < rounds:
        time.sleep(interval)
        current = scan_raw_dir(raw_dir, seen)
        changed, deleted = changes(current, seen)
        seen = current
        done += 1
        if changed or deleted:
            on_change(changed, deleted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between two scans")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    say = lambda text: print(text, flush=True)  # noqa: E731
    if not settings.raw_dir.is_dir():
        say(f"error: the raw directory {settings.raw_dir} does not exist (PLAN_WAREHOUSE_RAW_DIR)")
        return EXIT_USAGE
    # a service manager stops it with SIGTERM: the same as Ctrl-C (a run in progress is interrupted)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = time.perf_counter()
    definitions = warm_up(settings)
    say(f"loaded the definitions in {time.perf_counter() - started:.1f} s")
    try:
        with dg.DagsterInstance.get() as instance:

            def catch_up() -> None:  # what changed while nothing was watching
                refresh(instance, settings, definitions, None, say)
                say(f"watching {settings.raw_dir} (Ctrl-C stops)")

            def on_change(changed: list[str], deleted: list[str]) -> None:
                stamp = datetime.now().strftime("%H:%M:%S")
                say(f"[{stamp}] changed: {', '.join(changed) or '-'}; deleted: {', '.join(deleted) or '-'}")
                refresh(instance, settings, definitions, documents_to_run(changed, deleted), say)
                say(f"watching {settings.raw_dir} (Ctrl-C stops)")

            watch(settings.raw_dir, args.interval, on_change, start=catch_up)
    except KeyboardInterrupt:
        say("stopped")
        return EXIT_INTERRUPTED
    return 0


if __name__ == "__main__":
    sys.exit(main())
