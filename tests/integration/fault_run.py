"""`python -m tests.integration.fault_run POINT [run_all args]`: a run killed at POINT.

The test starts this in a session of its own; at POINT everything the run started (dbt,
extraction workers) is SIGKILLed at once, as `kill -9` of the whole process group would:
no handler, no cleanup. POINT "none" runs to the end.

landing, load, dbt: `make run` (orchestration.run_all). quality, publish: the same steps in
the runs that reach them without a dbt build first (the daily quality job; publishing
alone), so the test does not pay for two more dbt builds; they leave the same state behind
(a STARTED run holding the duckdb_writer pool, half-written files).
"""

from __future__ import annotations

import functools
import os
import signal
import sys


def die() -> None:
    os.killpg(os.getpgid(0), signal.SIGKILL)


def install(point: str) -> None:
    if point == "landing":  # a landing folder written but not yet moved into place
        import ingestion.landing as landing

        landing._swap_in = lambda *args: die()
    elif point == "load":  # inside the load transaction
        import ingestion.landing as landing

        landing.refresh_duplicates = lambda con: die()
    elif point == "dbt":  # dbt building the models
        from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation

        original = DbtCliInvocation.stream

        def stream(self, *args, **kwargs):
            for seen, event in enumerate(original(self, *args, **kwargs)):
                if seen == 3:
                    die()
                yield event

        DbtCliInvocation.stream = stream
    elif point == "quality":  # audit rows appended, report not yet written
        import orchestration.assets.quality as quality

        original = quality.append_results
        quality.append_results = lambda *args: (original(*args), die())
    elif point == "publish":  # the copy half built: one table copied
        import orchestration.assets.serving as serving

        serving.publish = functools.partial(serving.publish, after_table=lambda table: die())
    elif point != "none":
        raise SystemExit(f"unknown fault point {point}")


def run_steps_alone(point: str) -> None:
    import dagster as dg

    from orchestration.assets.serving import PUBLISHED_DB_KEY, PUBLISHED_PARQUET_KEY
    from orchestration.definitions import build_definitions
    from orchestration.run_all import _run_tags, reclaim_abandoned_runs, warehouse_lock
    from orchestration.settings import Settings

    settings = Settings.from_env()
    defs = build_definitions(settings)
    with warehouse_lock(settings, 600), dg.DagsterInstance.get() as instance:
        reclaim_abandoned_runs(instance)
        if point == "quality":
            defs.resolve_job_def("quality_report_job").execute_in_process(instance=instance, tags=_run_tags())
        else:
            defs.resolve_job_def("refresh_warehouse_job").execute_in_process(
                instance=instance, tags=_run_tags(), asset_selection=[PUBLISHED_DB_KEY, PUBLISHED_PARQUET_KEY]
            )


if __name__ == "__main__":
    install(sys.argv[1])
    if sys.argv[1] in ("quality", "publish"):
        run_steps_alone(sys.argv[1])
        sys.exit(0)
    from orchestration.run_all import main

    sys.exit(main(sys.argv[2:]))
