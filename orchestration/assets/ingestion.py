"""Raw layer in two steps: plan files -> Parquet landing zone -> DuckDB `raw`.

- `raw/landed_documents`, partitioned by document (one partition per file, all in one run):
  extracts the run's files in parallel processes into the landing zone. It never opens
  the database; a file that cannot be landed leaves a failure note naming it.
- `raw/<table>` (9 assets of one step, not partitioned): loads every landed document that
  raw does not hold yet (new or re-landed), records failure notes in raw.load_errors,
  and deletes the rows of documents whose partition is gone. The only writer of `raw`.

Partitioning only the landing keeps Dagster's bookkeeping at 2 events per document plus
18 per run, instead of 18 per document (see benchmarks/README.md).
The registered `documents` partitions are the list of documents the warehouse holds:
the sensor deletes a partition when its file disappears and starts a load, which prunes.
"""

import traceback
from collections import Counter
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingestion.decode import UnreadableDocument
from ingestion.extract import document_id_for
from ingestion.landing import (
    RAW_TABLES,
    Landed,
    SourceMissing,
    clear_landing_failure,
    document_versions,
    document_warnings,
    documents_to_load,
    forget_landing_failures,
    land_file,
    landing_failures,
    load_documents,
    log_document_changes,
    note_landing_failure,
    prune_documents,
    record_document_changes,
    record_load_error,
    remove_abandoned_landing,
)
from ingestion.processes import map_in_processes
from orchestration.guards import document_removal_refusal, removals_allowed
from orchestration.partitions import DUCKDB_WRITER_POOL, documents_partitions
from orchestration.resources import WarehouseSettings
from orchestration.settings import Settings

LANDING_KEY = dg.AssetKey(["raw", "landed_documents"])
RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in RAW_TABLES}
PARTITION_TAG = "dagster/partition"
PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"


# The error of a file that is readable but made our code fail: not the file's fault.
PIPELINE_ERROR = "extraction failed (a pipeline error, not a fault of the file; traceback in the run log)"


def _land_one(
    raw_dir: str, source_path: str, landing_dir: str, follow_links: bool = False
) -> tuple[str, Landed | None, str | None]:
    """Land one file; returns (source_path, what was landed or None, error or None)."""
    try:
        landed = land_file(
            Path(raw_dir), source_path, Path(landing_dir), document_id_for(source_path), follow_links
        )
        return source_path, landed, None
    except SourceMissing:
        return (
            source_path,
            None,
            f"{source_path}: file was removed before it could be read; its rows stay until the deletion is processed",
        )
    except UnreadableDocument as exc:
        return source_path, None, str(exc)
    except PermissionError as exc:
        return source_path, None, f"{source_path}: cannot be read: permission denied ({exc.filename})"
    except OSError as exc:  # the landing folder, the disk: say which file and what really failed
        return source_path, None, f"{source_path}: landing failed: {type(exc).__name__}: {exc}"
    except Exception as exc:  # a bug of ours must cost only this document, but says it is ours
        return (
            source_path,
            None,
            f"{source_path}: {PIPELINE_ERROR}: {type(exc).__name__}: {exc}\n{traceback.format_exc()}",
        )


def land_documents(
    raw_dir: Path,
    source_paths: list[str],
    landing_dir: Path,
    follow_links: bool = False,
    processes: int | None = None,
) -> dict[str, tuple[Landed | None, str | None]]:
    """Extract files in parallel (CPU-bound, so processes: one a CPU unless `processes` says
    how many; 1 extracts in this process); {source_path: (landed, error)}.

    Each worker holds every file to a time budget (PLAN_WAREHOUSE_FILE_TIMEOUT), so one
    runaway file is an error naming it while the others land.
    """
    landing_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_landing(landing_dir)  # staging folders of a killed run
    results = map_in_processes(
        _land_one,
        [str(raw_dir)] * len(source_paths),
        source_paths,
        [str(landing_dir)] * len(source_paths),
        [follow_links] * len(source_paths),
        serial_below=4,
        workers=processes,
        max_chunk=16,
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


def run_documents(tags: dict[str, str], registered: list[str]) -> list[str]:
    """The documents a run was started for, from its partition tags ([] for an unpartitioned run)."""
    if key := tags.get(PARTITION_TAG):
        return [key]
    start, end = tags.get(PARTITION_RANGE_START), tags.get(PARTITION_RANGE_END)
    if start in registered and end in registered:
        return registered[registered.index(start) : registered.index(end) + 1]
    return []


@dg.asset(
    key=LANDING_KEY,
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="raw",
    kinds={"parquet"},
    description="Each plan file extracted into the Parquet landing zone (one partition per file).",
)
def landed_documents(context: dg.AssetExecutionContext, paths: WarehouseSettings) -> dg.MaterializeResult:
    """Extract the run's files in parallel into the landing zone; never touches the database.

    A file whose content and extraction code are unchanged since it was landed is skipped.
    A file that cannot be landed (unreadable, removed, its id taken by another file) is
    logged naming it and noted for the load step, which records it in raw.load_errors and
    fails the run if none of the run's files landed. The other files go on.
    """
    settings = paths.settings()
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    wanted = list(context.partition_keys)
    landed, failed = land_and_note(context.log, registered, wanted, settings)
    reused = sum(item.reused for item in landed)
    # The same metadata goes on every partition's event: keep it small.
    return dg.MaterializeResult(
        metadata={
            "documents_in_run": len(wanted),
            "documents_extracted": len(landed) - reused,
            "documents_unchanged": reused,
            "documents_failed": len(failed),
        }
    )


def land_and_note(
    log, registered: list[str], wanted: list[str], settings: Settings, processes: int | None = None
) -> tuple[list[Landed], dict[str, str]]:
    """Land `wanted` (partition keys) and leave a failure note for each file that could not be
    landed, for the load step; returns (what was landed, {source_path: error}).

    The one landing rule of a run, whether it runs here (the partitioned asset) or on a
    worker of the cluster (orchestration/cluster.py).
    """
    collisions = {p: err for p, err in colliding_paths(registered).items() if p in set(wanted)}
    outcome = land_documents(
        settings.raw_dir,
        [p for p in wanted if p not in collisions],
        settings.landing_dir,
        settings.follow_links,
        processes,
    )
    failed = {p: err for p, (_, err) in outcome.items() if err is not None} | collisions
    landed = [item for item, err in outcome.values() if err is None]
    for item in landed:
        clear_landing_failure(settings.landing_dir, item.source_path)
    for source_path, error in failed.items():
        log.error(error)  # a pipeline error's traceback too (its lines after the first)
        summary = error.split("\n", 1)[0]
        note_landing_failure(settings.landing_dir, source_path, document_id_for(source_path), summary)
    reused = sum(item.reused for item in landed)
    log.info(f"landed {len(landed) - reused} document(s), {reused} unchanged, {len(failed)} failed")
    return landed, failed


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            description=f"raw.{table}: rows as extracted from the plan files, with provenance.",
            kinds={"duckdb"},
            group_name="raw",
            deps=[LANDING_KEY],
        )
        for table, key in RAW_KEYS.items()
    ],
    pool=DUCKDB_WRITER_POOL,
    name="raw_plan_tables",
)
def raw_plan_tables(context: dg.AssetExecutionContext, paths: WarehouseSettings, duckdb: DuckDBResource):
    """Load into `raw` every registered document whose landing raw does not hold yet.

    Files that could not be landed go to raw.load_errors, logged naming the file; their
    previously loaded rows stay. Documents whose partition was deleted lose their rows,
    unless that would be most (or all) of them and the run does not allow removals: then
    the step fails before it changes anything (orchestration/guards.py).
    In a run started for some documents (by the sensor or `make run`), the step fails
    when every one of them failed, with their file names and reasons.
    """
    settings = paths.settings()
    registered = context.instance.get_dynamic_partitions(documents_partitions.name)
    collisions = colliding_paths(registered)
    keep = {document_id_for(p): p for p in registered if p not in collisions}
    with duckdb.get_connection() as con:
        loaded = set(document_versions(con))
    removing = loaded - set(keep)
    refusal = document_removal_refusal(settings.raw_dir, len(loaded), len(removing))
    if refusal and not removals_allowed(context.run.tags):  # before anything is changed
        raise dg.Failure(
            description=refusal,
            metadata={"documents_to_remove": dg.MetadataValue.json(sorted(removing)[:100])},
        )
    with duckdb.get_connection() as con:
        before = document_versions(con)
        forget_landing_failures(settings.landing_dir, set(registered))
        failed = {
            p: note for p, note in landing_failures(settings.landing_dir).items() if p in set(registered)
        }
        candidates = [doc_id for doc_id, path in keep.items() if path not in failed]
        to_load = documents_to_load(con, settings.landing_dir, candidates)
        # logged before loading too: a load killed after its commit is still refreshed next time
        log_document_changes(con, to_load)
        load_documents(con, settings.landing_dir, to_load)
        for source_path, (doc_id, error) in failed.items():
            # logged as an error once, by the landing step that met it
            record_load_error(con, doc_id, source_path, error)
        pruned = prune_documents(con, set(keep), settings.landing_dir)
        changed = record_document_changes(con, before)  # what the next dbt refresh applies
        warnings = document_warnings(con, to_load)
        counts = {
            table: con.execute(f"select count(*) from raw.{table}").fetchone()[0] for table in RAW_TABLES
        }
    for _, _, message in warnings:
        context.log.warning(message)
    unchanged = len(candidates) - len(to_load)
    context.log.info(
        f"loaded {len(to_load)} document(s), {unchanged} unchanged, {len(failed)} failed"
        + (" (see raw.load_errors)" if failed else "")
    )
    if pruned:
        context.log.info(f"removed rows of {len(pruned)} deleted document(s): {', '.join(pruned)}")
    in_run = run_documents(context.run.tags, registered)
    failed_in_run = {p: failed[p][1] for p in in_run if p in failed}
    if in_run and len(failed_in_run) == len(in_run):
        raise dg.Failure(
            description="; ".join(failed_in_run.values()),
            metadata={"failed_files": dg.MetadataValue.json(failed_in_run)},
        )
    kinds = Counter(kind for _, kind, _ in warnings)
    for table, key in RAW_KEYS.items():
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={
                "rows_in_table": counts[table],
                "documents_loaded": len(to_load),
                "documents_unchanged": unchanged,
                "documents_failed": dg.MetadataValue.json({p: err for p, (_, err) in failed.items()}),
                "documents_pruned": dg.MetadataValue.json(pruned),
                "documents_changed": len(changed),
                "warnings": dg.MetadataValue.json(dict(kinds)),
            },
        )
