"""`make run`: build the whole warehouse from the raw directory in two Dagster runs.

1. register every plan file as a `documents` partition (and drop partitions of deleted
   files), then one ingest run lands all of them (single-run backfill) and loads `raw`
   (which also prunes the rows of deleted files);
2. one run refreshes dbt models (incrementally: only the documents that changed), checks
   quality and publishes.
Only files whose content (or the extraction code) changed since they were loaded are
ingested, and when nothing changed at all the refresh is skipped too.
`run_all FILE...` ingests only those files (one run each), then refreshes.
`--full-refresh` rebuilds every dbt model from raw (also done on its own after a change
of the dbt code or a seed).
Prints where the warehouse, the published copy and the quality report are.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg
import duckdb

from ingestion.landing import files_to_ingest, list_plan_files
from orchestration.partitions import documents_partitions
from orchestration.refresh_state import refresh_needed
from orchestration.settings import Settings

# Step-level events are in the Dagster UI; the terminal gets INFO and above.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
NOTHING_CHANGED = (
    "nothing changed since the last refresh: marts, quality report and published copy are current"
)


def full_refresh_config(full_refresh: bool) -> dict:
    """Run config of the refresh job: the dbt step's `full_refresh` switch."""
    return {"ops": {"plan_warehouse_dbt_assets": {"config": {"full_refresh": full_refresh}}}}


def changed_files(settings: Settings, files: list[str]) -> list[str]:
    """The files an ingest run would change (every file of a new warehouse)."""
    if not settings.warehouse_db.exists():
        return files
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        has_raw = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'documents'"
        ).fetchone()[0]
        if not has_raw:
            return files
        return files_to_ingest(con, settings.raw_dir, settings.landing_dir, files)


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


def run_pipeline(
    instance: dg.DagsterInstance, documents: list[str] | None = None, full_refresh: bool = False
) -> bool:
    """Load `documents` (default: every changed file) into raw, then refresh everything downstream."""
    settings = Settings.from_env()
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    registered_before = set(instance.get_dynamic_partitions(documents_partitions.name))
    files = sync_document_partitions(instance, settings)
    deleted = bool(registered_before - set(files))
    documents = changed_files(settings, files) if documents is None else documents
    idle = files and not documents and not deleted and not full_refresh
    if idle and refresh_needed(settings.warehouse_db, settings.published_db) is None:
        print(NOTHING_CHANGED)
        return True  # before loading the definitions (dbt manifest, GX): seconds, not tens

    # imported here: the asset modules pull in dagster-dbt and GX (seconds the idle path saves)
    from orchestration.assets.ingestion import PARTITION_RANGE_END, PARTITION_RANGE_START, RAW_KEYS
    from orchestration.definitions import build_definitions
    from orchestration.sensors import INGEST_JOB, MAX_SINGLE_FILE_RUNS, REFRESH_JOB, REFRESHED_INLINE_TAG

    # run_all refreshes right after its ingest runs: a running refresh sensor need not
    inline = {REFRESHED_INLINE_TAG: "true"}
    defs = build_definitions(settings)
    ingest = defs.resolve_job_def(INGEST_JOB)
    if not files or (deleted and not documents):
        # no file to land: the load step alone makes raw forget the deleted ones
        ingest.execute_in_process(
            run_config=RUN_CONFIG, instance=instance, asset_selection=list(RAW_KEYS.values()), tags=inline
        )
    elif documents:
        keys = instance.get_dynamic_partitions(documents_partitions.name)
        order = {key: i for i, key in enumerate(keys)}
        wanted = sorted(documents, key=order.__getitem__)
        if len(wanted) == len(keys) or len(wanted) > MAX_SINGLE_FILE_RUNS:
            # one run over every partition: the landing skips the unchanged files
            tags = {PARTITION_RANGE_START: keys[0], PARTITION_RANGE_END: keys[-1], **inline}
            result = ingest.execute_in_process(
                run_config=RUN_CONFIG, instance=instance, tags=tags, raise_on_error=False
            )
            if not result.success:
                return False
        else:
            for key in wanted:
                ingest.execute_in_process(
                    run_config=RUN_CONFIG,
                    instance=instance,
                    partition_key=key,
                    tags=inline,
                    raise_on_error=False,
                )
    reason = (
        "full refresh requested"
        if full_refresh
        else refresh_needed(settings.warehouse_db, settings.published_db)
    )
    if reason is None:
        print(NOTHING_CHANGED)
        return True
    refresh = defs.resolve_job_def(REFRESH_JOB)
    run_config = RUN_CONFIG | full_refresh_config(full_refresh)
    return refresh.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False).success


def summary(settings: Settings) -> str:
    lines = [f"warehouse:        {settings.warehouse_db}"]
    with duckdb.connect(str(settings.warehouse_db), read_only=True) as con:
        marts = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
        for (name,) in marts:
            count = con.execute(f'select count(*) from marts."{name}"').fetchone()[0]
            lines.append(f"  marts.{name:<24} {count:>7} rows")
        errors = con.execute("select source_path, error from raw.load_errors order by 1").fetchall()
        warnings = con.execute(
            "select message from raw.document_warnings order by source_path, warning_kind"
        ).fetchall()
    for source_path, error in errors:
        lines.append(f"  NOT LOADED {source_path}: {error}")
    for (message,) in warnings:
        lines.append(f"  WARNING {message}")
    lines.append(f"published copy:   {settings.published_db}")
    lines.append(f"quality report:   {settings.quality_dir / 'latest.html'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("documents", nargs="*", help="only these files (paths under the raw directory)")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every dbt model from raw, not only changed documents",
    )
    args = parser.parse_args(argv)
    instance = dg.DagsterInstance.get()
    ok = run_pipeline(instance, args.documents or None, full_refresh=args.full_refresh)
    print(summary(Settings.from_env()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
