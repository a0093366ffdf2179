"""Raw layer: plan files -> Parquet landing zone (parallel) -> DuckDB `raw` (one writer).

The registered `documents` partitions are the list of documents the warehouse holds:
a run loads the partitions it was given and deletes the rows of documents whose partition
is gone. The sensor deletes a partition when its file disappears and starts a run on a
remaining file (skipped as unchanged, so the run only prunes): a deletion alone reaches `raw`.
"""

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingestion.decode import UnreadableDocument
from ingestion.extract import document_id_for
from ingestion.landing import (
    RAW_TABLES,
    Landed,
    document_warnings,
    land_file,
    load_documents,
    loaded_state,
    prune_documents,
    record_load_error,
)
from orchestration.partitions import DUCKDB_WRITER_POOL, documents_partitions
from orchestration.resources import WarehouseSettings

RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}


def _land_one(raw_dir: str, source_path: str, landing_dir: str) -> tuple[str, Landed | None, str | None]:
    """Land one file; returns (source_path, what was landed or None, error or None)."""
    try:
        landed = land_file(Path(raw_dir), source_path, Path(landing_dir), document_id_for(source_path))
        return source_path, landed, None
    except FileNotFoundError:
        return (
            source_path,
            None,
            f"{source_path}: file was removed before it could be read; its rows stay until the deletion is processed",
        )
    except UnreadableDocument as exc:
        return source_path, None, str(exc)
    except Exception as exc:  # a parser bug must cost only this document
        return source_path, None, f"{source_path}: extraction failed: {type(exc).__name__}: {exc}"


def land_documents(
    raw_dir: Path, source_paths: list[str], landing_dir: Path
) -> dict[str, tuple[Landed | None, str | None]]:
    """Extract files in parallel (CPU-bound, so processes); {source_path: (landed, error)}."""
    landing_dir.mkdir(parents=True, exist_ok=True)
    workers = min(len(source_paths), os.cpu_count() or 1)
    if workers <= 1 or len(source_paths) < 4:
        results = [_land_one(str(raw_dir), p, str(landing_dir)) for p in source_paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(
                pool.map(
                    _land_one,
                    [str(raw_dir)] * len(source_paths),
                    source_paths,
                    [str(landing_dir)] * len(source_paths),
                    chunksize=max(1, min(16, len(source_paths) // (workers * 8))),
                )
            )
    return {path: (landed, error) for path, landed, error in results}


def colliding_paths(source_paths: list[str]) -> dict[str, str]:
    """{source_path: error} for files whose name maps to a document_id another file already has."""
    by_id: dict[str, list[str]] = {}
    for path in sorted(source_paths):
        by_id.setdefault(document_id_for(path), []).append(path)
    return {
        path: f"{path}: its document_id '{doc_id}' is already that of {paths[0]}; rename one of the files"
        for doc_id, paths in by_id.items()
        if len(paths) > 1
        for path in paths[1:]
    }


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

    A file whose content and extraction code are unchanged since it was loaded is skipped.
    A file that cannot be read is recorded in raw.load_errors with its reason and logged
    naming the file; its previously loaded rows stay, and the other documents load. A run
    in which every document failed (e.g. the one-file run the sensor starts) fails.
    Documents whose partition was deleted lose their rows.
    """
    settings = paths.settings()
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    collisions = colliding_paths(registered)
    source_paths = [p for p in context.partition_keys if p not in collisions]
    outcome = land_documents(settings.raw_dir, source_paths, settings.landing_dir)
    failed = {p: err for p, (_, err) in outcome.items() if err is not None}
    failed |= {p: err for p, err in collisions.items() if p in set(context.partition_keys)}
    landed = [landed for landed, err in outcome.values() if err is None]
    keep = {document_id_for(p) for p in registered if p not in collisions}
    with duckdb.get_connection() as con:
        loaded_sha, last_failed = loaded_state(con)
        to_load = [
            item.document_id
            for item in landed
            if not item.reused
            or loaded_sha.get(item.document_id) != item.content_sha256
            or item.document_id in last_failed
        ]
        load_documents(con, settings.landing_dir, to_load)
        for source_path, error in failed.items():
            context.log.error(error)
            record_load_error(con, document_id_for(source_path), source_path, error)
        pruned = prune_documents(con, keep, settings.landing_dir)
        warnings = document_warnings(con, [item.document_id for item in landed])
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in RAW_TABLES
        }
    for _, _, message in warnings:
        context.log.warning(message)
    unchanged = len(landed) - len(to_load)
    context.log.info(f"loaded {len(to_load)} document(s), {unchanged} unchanged, {len(failed)} failed")
    if pruned:
        context.log.info(f"removed rows of {len(pruned)} deleted document(s): {', '.join(pruned)}")
    if failed and not landed:
        raise dg.Failure(
            description="; ".join(failed.values()),
            metadata={"failed_files": dg.MetadataValue.json(failed)},
        )
    kinds = Counter(kind for _, kind, _ in warnings)
    for table, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows_in_table": counts[table],
                "documents_loaded": len(to_load),
                "documents_unchanged": unchanged,
                "documents_failed": dg.MetadataValue.json(failed),
                "documents_pruned": dg.MetadataValue.json(pruned),
                "warnings": dg.MetadataValue.json(dict(kinds)),
            },
        )


@dg.op(
    pool=DUCKDB_WRITER_POOL,
    description="Delete the raw rows and landing folders of documents whose partition was deleted.",
)
def prune_deleted_documents(context: dg.OpExecutionContext, paths: WarehouseSettings, duckdb: DuckDBResource):
    settings = paths.settings()
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    with duckdb.get_connection() as con:
        pruned = prune_documents(con, {document_id_for(p) for p in registered}, settings.landing_dir)
    context.log.info(f"removed rows of {len(pruned)} deleted document(s): {', '.join(pruned) or '-'}")
    context.add_output_metadata({"documents_pruned": dg.MetadataValue.json(pruned)})
    return pruned


@dg.job(
    description="Remove from raw every document whose file was deleted (started by raw_directory_sensor)."
)
def prune_deleted_documents_job():
    prune_deleted_documents()
