"""Raw layer: plan files -> Parquet landing zone (parallel) -> DuckDB `raw` (one writer)."""


import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingestion.decode import UnreadableDocument
from ingestion.extract import document_id_for
from ingestion.landing import (
    RAW_TABLES,
    extract_to_landing,
    list_plan_files,
    load_documents,
    prune_documents,
    record_load_error,
)
from orchestration.partitions import DUCKDB_WRITER_POOL, documents_partitions
from orchestration.resources import WarehouseSettings

RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}


def _land_one(raw_dir: str, source_path: str, landing_dir: str) -> tuple[str, str | None]:
    """Extract one file into the landing zone; returns (source_path, error or None)."""
    try:
        extract_to_landing(Path(raw_dir), source_path, Path(landing_dir))
        return source_path, None
    except FileNotFoundError:
        return source_path, f"{source_path}: file was removed before it could be read"
    except UnreadableDocument as exc:
        return source_path, str(exc)
    except Exception as exc:  # a parser bug must cost only this document
        return source_path, f"{source_path}: extraction failed: {type(exc).__name__}: {exc}"


def land_documents(raw_dir: Path, source_paths: list[str], landing_dir: Path) -> dict[str, str | None]:
    """Extract files in parallel (CPU-bound, so processes); {source_path: error or None}."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    workers = min(len(source_paths), os.cpu_count() or 1)
    if workers <= 1 or len(source_paths) < 4:
        return dict(_land_one(str(raw_dir), p, str(landing_dir)) for p in source_paths)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(
            _land_one,
            [str(raw_dir)] * len(source_paths),
            source_paths,
            [str(landing_dir)] * len(source_paths),
            chunksize=max(1, len(source_paths) // (workers * 8)),
        )
        return dict(results)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            description=f"raw.{table}: rows as extracted from the plan files, with provenance.",
            kinds={"duckdb"},
            group_name="raw",
            partitions_def=documents_partitions,
        )
        for table, key in RAW_KEYS.items()
    ],
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=DUCKDB_WRITER_POOL,
    name="raw_plan_tables",
)
def raw_plan_tables(context: dg.AssetExecutionContext, paths: WarehouseSettings, duckdb: DuckDBResource):
    """Extract each document of the run into the landing zone, then load them into `raw`.

    A file that cannot be read is recorded in raw.load_errors with its reason and logged
    naming the file; its previously loaded rows stay, and the other documents load. A run
    in which every document failed (e.g. the one-file run the sensor starts) fails.
    """
    settings = paths.settings()
    source_paths = list(context.partition_keys)
    outcome = land_documents(settings.raw_dir, source_paths, settings.landing_dir)
    loaded = [p for p, err in outcome.items() if err is None]
    failed = {p: err for p, err in outcome.items() if err is not None}
    present = {document_id_for(p) for p in list_plan_files(settings.raw_dir)}
    with duckdb.get_connection() as con:
        load_documents(con, settings.landing_dir, [document_id_for(p) for p in loaded])
        for source_path, error in failed.items():
            context.log.error(error)
            record_load_error(con, document_id_for(source_path), source_path, error)
        pruned = prune_documents(con, present, settings.landing_dir)
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in RAW_TABLES
        }
    if pruned:
        context.log.info(f"removed rows of {len(pruned)} deleted document(s): {', '.join(pruned)}")
    if failed and not loaded:
        raise dg.Failure(
            description="; ".join(failed.values()),
            metadata={"failed_files": dg.MetadataValue.json(failed)},
        )
    for table, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows_in_table": counts[table],
                "documents_loaded": len(loaded),
                "documents_failed": dg.MetadataValue.json(failed),
            },
        )
