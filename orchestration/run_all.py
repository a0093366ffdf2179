"""`make run`: build the whole warehouse from the raw directory in two Dagster runs.

1. register every plan file as a `documents` partition (and drop partitions of deleted
   files), then one ingest run lands all of them (single-run backfill) and loads `raw`
   (which also prunes the rows of deleted files);
2. one run rebuilds dbt models, checks quality and publishes.
`run_all FILE...` ingests only those files (one run each), then refreshes.
Prints where the warehouse, the published copy and the quality report are.
"""

from __future__ import annotations

import argparse
import sys

import dagster as dg
import duckdb

from ingestion.landing import list_plan_files
from orchestration.assets.ingestion import PARTITION_RANGE_END, PARTITION_RANGE_START, RAW_KEYS
from orchestration.partitions import documents_partitions
from orchestration.sensors import INGEST_JOB
from orchestration.settings import Settings

# Step-level events are in the Dagster UI; the terminal gets INFO and above.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


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


def run_pipeline(instance: dg.DagsterInstance, documents: list[str] | None = None) -> bool:
    """Load `documents` (default: every file) into raw, then refresh everything downstream."""
    from orchestration.definitions import build_definitions

    settings = Settings.from_env()
    defs = build_definitions(settings)
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    files = sync_document_partitions(instance, settings)
    documents = files if documents is None else documents
    ingest = defs.resolve_job_def(INGEST_JOB)
    if not files:  # every plan file is gone: the load step alone makes raw forget them too
        ingest.execute_in_process(
            run_config=RUN_CONFIG, instance=instance, asset_selection=list(RAW_KEYS.values())
        )
    elif documents:
        keys = instance.get_dynamic_partitions(documents_partitions.name)
        order = {key: i for i, key in enumerate(keys)}
        wanted = sorted(documents, key=order.__getitem__)
        if len(wanted) == len(keys):
            tags = {PARTITION_RANGE_START: keys[0], PARTITION_RANGE_END: keys[-1]}
            result = ingest.execute_in_process(
                run_config=RUN_CONFIG, instance=instance, tags=tags, raise_on_error=False
            )
            if not result.success:
                return False
        else:
            for key in wanted:
                ingest.execute_in_process(
                    run_config=RUN_CONFIG, instance=instance, partition_key=key, raise_on_error=False
                )
    refresh = defs.resolve_job_def("refresh_warehouse_job")
    return refresh.execute_in_process(run_config=RUN_CONFIG, instance=instance, raise_on_error=False).success


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
    args = parser.parse_args(argv)
    instance = dg.DagsterInstance.get()
    ok = run_pipeline(instance, args.documents or None)
    print(summary(Settings.from_env()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
