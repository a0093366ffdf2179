"""The I/O edge of ingestion: extracts -> Parquet landing zone -> DuckDB `raw`.

Extraction runs in parallel and writes one folder of Parquet files per document;
loading into DuckDB is the only step that writes the database, replaces a document's
rows in one transaction, and is serialized by the orchestrator (one writer).
"""

from __future__ import annotations

import dataclasses
import shutil
import types
import typing
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ingestion import model
from ingestion.extract import extract_document, plan_seq_at

_PY_TO_DUCKDB = {int: "BIGINT", float: "DOUBLE", str: "VARCHAR", bool: "BOOLEAN"}
_PY_TO_ARROW = {int: pa.int64(), float: pa.float64(), str: pa.string(), bool: pa.bool_()}


def _base_type(annotation) -> type:
    """`int | None` -> int (model.py uses postponed annotations, so resolve them first)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        (base,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return base
    return annotation


def _fields(row_type: type) -> list[tuple[str, type]]:
    hints = typing.get_type_hints(row_type)
    return [(f.name, _base_type(hints[f.name])) for f in dataclasses.fields(row_type)]


# raw table -> (row type, whether rows carry plan_seq). `documents` is special: one row.
RAW_TABLES: dict[str, tuple[type, bool]] = {
    "documents": (model.Document, False),
    "document_lines": (model.DocumentLine, False),
    "blocks": (model.Block, False),
    "plans": (model.Plan, False),
    "table_cells": (model.TableCell, True),
    "indicator_values": (model.IndicatorValue, True),
    "projects": (model.Project, True),
    "funding": (model.Funding, True),
    "stated_totals": (model.StatedTotal, True),
}

LOAD_ERRORS_DDL = """
create table if not exists raw.load_errors (
    document_id varchar, source_path varchar, error varchar, failed_at timestamp
)
"""


def raw_columns(table: str) -> list[tuple[str, str]]:
    """Column names and DuckDB types of a raw table, derived from its row type."""
    row_type, with_plan = RAW_TABLES[table]
    columns = [] if row_type is model.Document else [("document_id", "VARCHAR")]
    if with_plan:
        columns.append(("plan_seq", "BIGINT"))
    columns += [(name, _PY_TO_DUCKDB[tp]) for name, tp in _fields(row_type)]
    if row_type is model.Document:
        columns.append(("loaded_at", "TIMESTAMP"))
    return columns


def _arrow_schema(table: str) -> pa.Schema:
    row_type, with_plan = RAW_TABLES[table]
    fields = [] if row_type is model.Document else [pa.field("document_id", pa.string())]
    if with_plan:
        fields.append(pa.field("plan_seq", pa.int64()))
    fields += [pa.field(name, _PY_TO_ARROW[tp]) for name, tp in _fields(row_type)]
    if row_type is model.Document:
        fields.append(pa.field("loaded_at", pa.timestamp("us")))
    return pa.schema(fields)


def extract_rows(extract: model.Extract) -> dict[str, list[dict]]:
    """Flatten an Extract into row dicts per raw table, attaching document and plan."""
    doc_id = extract.document.document_id
    rows: dict[str, list[dict]] = {
        "documents": [
            dataclasses.asdict(extract.document) | {"loaded_at": datetime.now(UTC).replace(tzinfo=None)}
        ]
    }
    for table, (row_type, with_plan) in RAW_TABLES.items():
        if row_type is model.Document:
            continue
        items: Iterable = getattr(extract, table if table != "document_lines" else "lines")
        out = []
        for item in items:
            row = {"document_id": doc_id}
            if with_plan:
                row["plan_seq"] = plan_seq_at(extract.plans, item.source_line)
            row.update(dataclasses.asdict(item))
            out.append(row)
        rows[table] = out
    return rows


def write_landing(extract: model.Extract, landing_dir: Path) -> Path:
    """Write one document's rows as Parquet files; replaces the folder atomically."""
    doc_id = extract.document.document_id
    final = landing_dir / doc_id
    staging = landing_dir / f".{doc_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for table, table_rows in extract_rows(extract).items():
        pq.write_table(
            pa.Table.from_pylist(table_rows, schema=_arrow_schema(table)), staging / f"{table}.parquet"
        )
    old = landing_dir / f".{doc_id}.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def extract_to_landing(raw_dir: Path, source_path: str, landing_dir: Path) -> model.Extract:
    """Read one file under raw_dir, extract it and land it. Raises UnreadableDocument."""
    data = (raw_dir / source_path).read_bytes()
    extract = extract_document(data, source_path)
    write_landing(extract, landing_dir)
    return extract


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    for table in RAW_TABLES:
        cols = ", ".join(f"{name} {tp}" for name, tp in raw_columns(table))
        con.execute(f"create table if not exists raw.{table} ({cols})")
    con.execute(LOAD_ERRORS_DDL)


def load_documents(con: duckdb.DuckDBPyConnection, landing_dir: Path, document_ids: list[str]) -> None:
    """Replace the raw rows of these documents with their landed Parquet, in one transaction."""
    ensure_raw_schema(con)
    con.execute("begin transaction")
    try:
        for doc_id in document_ids:
            folder = landing_dir / doc_id
            for table in RAW_TABLES:
                con.execute(f"delete from raw.{table} where document_id = ?", [doc_id])
                names = ", ".join(name for name, _ in raw_columns(table))
                con.execute(
                    f"insert into raw.{table} ({names}) select {names} from read_parquet(?)",
                    [str(folder / f"{table}.parquet")],
                )
            con.execute("delete from raw.load_errors where document_id = ?", [doc_id])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def record_load_error(con: duckdb.DuckDBPyConnection, document_id: str, source_path: str, error: str) -> None:
    """Note a document that failed; its previously loaded rows (if any) are kept."""
    ensure_raw_schema(con)
    con.execute("delete from raw.load_errors where document_id = ?", [document_id])
    con.execute(
        "insert into raw.load_errors values (?, ?, ?, ?)",
        [document_id, source_path, error, datetime.now(UTC).replace(tzinfo=None)],
    )


def prune_documents(
    con: duckdb.DuckDBPyConnection, keep_document_ids: set[str], landing_dir: Path
) -> list[str]:
    """Delete every raw row (and landing folder) of documents whose file is gone."""
    ensure_raw_schema(con)
    loaded = {row[0] for row in con.execute("select document_id from raw.documents").fetchall()}
    failed = {row[0] for row in con.execute("select document_id from raw.load_errors").fetchall()}
    gone = sorted((loaded | failed) - keep_document_ids)
    if gone:
        con.execute("begin transaction")
        for doc_id in gone:
            for table in [*RAW_TABLES, "load_errors"]:
                con.execute(f"delete from raw.{table} where document_id = ?", [doc_id])
        con.execute("commit")
    for doc_id in gone:
        shutil.rmtree(landing_dir / doc_id, ignore_errors=True)
    return gone


def list_plan_files(raw_dir: Path) -> list[str]:
    """Every *.txt under the raw directory, as POSIX paths relative to it, sorted."""
    return sorted(p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*.txt") if p.is_file())
