"""Publish the marts as a separate DuckDB file (plus Parquet files) that BI tools open read-only.

Why a copy: DuckDB allows one writing process per file, so BI tools holding connections on
the pipeline's warehouse would block `make run` (or be blocked by it). They open the
published copy instead. It is built complete under a temporary name in the same folder and
moved over the previous copy with `os.replace` (one rename(2): atomic on a filesystem):

* a reader with the file open keeps the old inode and its old data until it reconnects;
  the publish never waits for it (the new file is a different file, nothing to lock);
* a publish that fails or is killed leaves the previous copy byte-identical; its leftover
  temporary file or folder is removed by the next publish.

Only what changed is copied: each published table carries a fingerprint of its source
(rows as a sum of row hashes and a count, its DDL, its comments) in `meta.publication`. A
publish starts its temporary file as a byte copy of the published one, replaces the tables
whose fingerprint differs, appends the new runs of the append-only `audit.quality_results`,
drops tables the warehouse no longer has, and is then renamed over it like a complete
build: readers never see the file being changed, a killed publish leaves the published copy
as it was. A complete build runs when there is no usable published copy, or when a third of
its blocks are free (replaced tables leave free blocks behind). Parquet files of unchanged
marts are hard links into the previous generation.

The Parquet exports live in a folder generation (`.parquet-<stamp>-<pid>`) and
`parquet` is a symlink to the current one, swapped with the same kind of rename. The
previous generation is kept for readers still listing it; older ones are deleted.

A copy whose marts lost most of their rows against the published copy (an empty raw
folder got through, a model that filters everything away) is refused unless the caller
allows it (`allow_shrink`: run_all --allow-removals, PLAN_WAREHOUSE_ALLOW_REMOVALS=1).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingestion.processes import pid_alive
from orchestration.guards import HOW_TO_ALLOW, shrink_refusal

PUBLISHED_SCHEMA = "marts"
# Published in addition to every table of `marts`, when the warehouse has them.
# audit.quality_scopes says what each quality run checked, audit.open_findings (a view in the
# warehouse, a table in the copy) the findings open now (expectations/audit.py).
EXTRA_TABLES = (("audit", "quality_results"), ("audit", "quality_scopes"), ("audit", "open_findings"))
# One row per published table: lets BI users see what they are reading and how fresh it is.
PUBLICATION_TABLE = ("meta", "publication")
# Append-only tables (rows are never updated or deleted) and the column a run's rows share:
# a publish copies only the rows of runs the published copy does not hold yet.
APPEND_ONLY = {("audit", "quality_results"): "run_id", ("audit", "quality_scopes"): "run_id"}
# A publish rebuilds the copy whole when more than this share of its blocks is free.
MAX_FREE_SHARE = 1 / 3

_SOURCE = "source_warehouse"
_COPY = "published_copy"
# BI tools embed DuckDB client libraries that lag the Python package: write the oldest storage
# format that holds the marts, so clients back to DuckDB 1.1 open the file (docs/serving.md).
STORAGE_VERSION = "v1.1.0"
_TEMP_DB = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp(\.wal)?$")
_GENERATION = re.compile(r"^\.(?P<name>.+)-\d{8}T\d{6}\d*Z-(?P<pid>\d+)-[0-9a-f]{8}$")


class PublishError(RuntimeError):
    """The warehouse cannot be published as it is (nothing to publish, copy incomplete)."""


@dataclass(frozen=True)
class TableDoc:
    """Descriptions to attach to a published table as DuckDB comments (shown by BI tools)."""

    description: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedTable:
    schema: str
    name: str
    row_count: int
    per_document: bool = False  # a mart with a document_id: what the plans say, not a seed
    fingerprint: str | None = None  # of its source: rows, DDL and comments (unchanged: kept)
    how: str = "copied"  # 'copied' | 'kept' (unchanged since the last publish) | 'appended'

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class PublishResult:
    published_db: Path
    parquet_dir: Path | None
    tables: list[PublishedTable]
    seconds: float
    size_bytes: int
    incremental: bool = False  # started from the previous copy (False: built whole)


def publish(
    source_db: Path,
    published_db: Path,
    parquet_dir: Path | None = None,
    *,
    docs: Mapping[str, TableDoc] | None = None,
    after_table: Callable[[PublishedTable], None] | None = None,
    allow_shrink: bool = False,
) -> PublishResult:
    """Replace `published_db` (and `parquet_dir`) with a complete copy of the marts of `source_db`.

    docs: {"marts.fct_projects": TableDoc(...)} comments for tables lacking their own.
    after_table: called after each table is copied (lets tests interrupt a publish midway).
    allow_shrink: publish even when a mart lost most of its rows against the published copy
    (otherwise PublishError, and the published copy stays as it was).
    """
    started = time.perf_counter()
    published_db = Path(published_db)
    published_db.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temporaries(published_db.parent)
    temp_db = published_db.with_name(f".{published_db.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    generation = _new_generation_dir(parquet_dir) if parquet_dir else None
    try:
        previous = _reusable_copy(published_db)
        tables = _build_copy(
            Path(source_db),
            temp_db,
            generation,
            docs or {},
            after_table,
            previous=previous,
            previous_parquet=_current_generation(parquet_dir) if parquet_dir and previous else None,
        )
        if not allow_shrink:
            new = {t.qualified_name: t.row_count for t in tables if t.per_document}
            published = {
                name: rows for name, rows in published_row_counts(published_db).items() if name in new
            }
            if refusal := shrink_refusal(published, new):
                raise PublishError(
                    f"refusing to publish {source_db} over {published_db}: {refusal}; the published "
                    f"copy stays as it was. If that is intended: {HOW_TO_ALLOW}"
                )
        _fsync(temp_db)
        _remove_if_exists(published_db.with_name(published_db.name + ".wal"))
        os.replace(temp_db, published_db)
        _fsync(published_db.parent)
        if parquet_dir and generation:
            swap_directory(generation, Path(parquet_dir))
    except BaseException:
        # Also on KeyboardInterrupt: the previous published copy was never touched.
        for leftover in (temp_db, temp_db.with_name(temp_db.name + ".wal")):
            _remove_if_exists(leftover)
        if generation:
            shutil.rmtree(generation, ignore_errors=True)
        raise
    return PublishResult(
        published_db=published_db,
        parquet_dir=Path(parquet_dir) if parquet_dir else None,
        tables=tables,
        seconds=time.perf_counter() - started,
        size_bytes=published_db.stat().st_size,
        incremental=previous is not None,
    )


def _reusable_copy(published_db: Path) -> Path | None:
    """The published copy, when a publish may start from it: it opens, it has fingerprints,
    and at most MAX_FREE_SHARE of its blocks are free (None: build the copy whole)."""
    if not published_db.exists():
        return None
    schema, name = PUBLICATION_TABLE
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            columns = {
                c for (c,) in con.execute(
                    "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                    [schema, name],
                ).fetchall()
            }  # fmt: skip
            total, free = con.execute(
                "select total_blocks, free_blocks from pragma_database_size() where database_name = current_database()"
            ).fetchone()
    except duckdb.Error:
        return None  # unreadable: replaced by a complete build
    if "content_hash" not in columns or (total and free / total > MAX_FREE_SHARE):
        return None
    return published_db


def _current_generation(parquet_dir: Path) -> Path | None:
    link = Path(parquet_dir)
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _build_copy(
    source_db: Path,
    temp_db: Path,
    parquet_generation: Path | None,
    docs: Mapping[str, TableDoc],
    after_table: Callable[[PublishedTable], None] | None,
    *,
    previous: Path | None = None,
    previous_parquet: Path | None = None,
) -> list[PublishedTable]:
    """Write the copy into `temp_db`: from scratch, or (`previous`) starting from a byte copy of
    the published file and replacing only the tables whose source changed."""
    if not source_db.exists():
        raise PublishError(f"no warehouse to publish at {source_db}")
    published: list[PublishedTable] = []
    before: dict[tuple[str, str], tuple[str, int]] = {}
    if previous is not None:
        shutil.copyfile(previous, temp_db)
    with duckdb.connect(":memory:") as con:
        if previous is not None:
            con.execute(f"attach {_literal(str(temp_db))} as {_COPY}")
            schema, name = PUBLICATION_TABLE
            before = {
                (s, n): (h, rows)
                for s, n, h, rows in con.execute(
                    f"select table_schema, table_name, content_hash, row_count from {_COPY}.{schema}.{name}"
                ).fetchall()
            }
        else:
            con.execute(f"attach {_literal(str(temp_db))} as {_COPY} (storage_version '{STORAGE_VERSION}')")
        con.execute(f"use {_COPY}")
        con.execute(f"attach {_literal(str(source_db))} as {_SOURCE} (read_only)")
        relations = source_relations(con)
        if not any(schema == PUBLISHED_SCHEMA for schema, _, _ in relations):
            raise PublishError(f"{source_db} has no tables in schema {PUBLISHED_SCHEMA}: nothing to publish")
        in_copy = {
            (s, n)
            for s, n in con.execute(
                f"select schema_name, table_name from duckdb_tables() where database_name = '{_COPY}'"
            ).fetchall()
        }
        # tables the warehouse no longer has leave the copy (the publication table is rewritten)
        for schema, name in sorted(in_copy - {(s, n) for s, n, _ in relations}):
            con.execute(f"drop table {_ident(schema)}.{_ident(name)}")
        for schema, name, kind in relations:
            doc = docs.get(f"{schema}.{name}")
            fingerprint = _fingerprint(con, schema, name, doc)
            target = f"{_ident(schema)}.{_ident(name)}"
            source_rows = _count(con, f"{_SOURCE}.{_ident(schema)}.{_ident(name)}")
            known = before.get((schema, name)) if (schema, name) in in_copy else None
            how = "copied"
            if known and known[0] == fingerprint and _count(con, target) == known[1] == source_rows:
                how = "kept"
            elif known and (schema, name) in APPEND_ONLY and _append_new_runs(con, schema, name):
                how = "appended"
            else:
                con.execute(f"create schema if not exists {_ident(schema)}")
                con.execute(f"drop table if exists {target}")
                _copy_relation(con, schema, name, kind)
                _copy_comments(con, schema, name, doc)
            rows = _count(con, target)
            if rows != source_rows:
                raise PublishError(f"{schema}.{name}: copied {rows} rows of {source_rows}")
            table = PublishedTable(
                schema,
                name,
                rows,
                schema == PUBLISHED_SCHEMA and _has_document_id(con, schema, name),
                fingerprint,
                how,
            )
            published.append(table)
            if after_table:
                after_table(table)
        con.execute(f"detach {_SOURCE}")
        _write_publication_table(con, published, source_db)
        if parquet_generation:
            for table in published:
                if table.schema == PUBLISHED_SCHEMA:
                    target = parquet_generation / f"{table.name}.parquet"
                    earlier = previous_parquet / target.name if previous_parquet else None
                    if table.how == "kept" and earlier is not None and earlier.is_file():
                        os.link(earlier, target)  # the same file in both generations
                        continue
                    con.execute(
                        f"copy {_ident(table.schema)}.{_ident(table.name)} to {_literal(str(target))} "
                        "(format parquet, compression zstd)"
                    )
            (parquet_generation / "_manifest.json").write_text(
                json.dumps(
                    {t.name: t.row_count for t in published if t.schema == PUBLISHED_SCHEMA},
                    indent=1,
                    sort_keys=True,
                )
                + "\n",
                encoding="utf-8",
            )
        con.execute(f"checkpoint {_COPY}")
        con.execute("use memory")
        con.execute(f"detach {_COPY}")
    return published


def _fingerprint(con: duckdb.DuckDBPyConnection, schema: str, name: str, doc: TableDoc | None) -> str:
    """Of a source relation: its rows (count and sum of row hashes: order-free), its DDL and
    comments, and the docs the copy would fall back on. Equal fingerprints: nothing to copy."""
    source = f"{_SOURCE}.{_ident(schema)}.{_ident(name)}"
    rows, row_hash = con.execute(
        f"select count(*), sum(hash(_row)::hugeint) from {source} as _row"
    ).fetchone()
    ddl = con.execute(
        f"""
        select coalesce(any_value(t.sql), '') || coalesce(any_value(t.comment), '') from duckdb_tables() t
        where t.database_name = '{_SOURCE}' and t.schema_name = ? and t.table_name = ?
        """,
        [schema, name],
    ).fetchone()[0]
    columns = con.execute(
        f"select list(column_name || ':' || data_type || ':' || coalesce(comment, '') order by column_index) "
        f"from duckdb_columns() where database_name = '{_SOURCE}' and schema_name = ? and table_name = ?",
        [schema, name],
    ).fetchone()[0]
    digest = hashlib.sha256(
        json.dumps([rows, str(row_hash), ddl, columns, repr(doc)], ensure_ascii=False).encode()
    )
    return digest.hexdigest()[:32]


def _append_new_runs(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    """Append to an append-only table of the copy the source rows of runs it lacks. False (and
    nothing changed) when the copy holds rows the source does not (then it is copied whole)."""
    run = _ident(APPEND_ONLY[(schema, name)])
    source = f"{_SOURCE}.{_ident(schema)}.{_ident(name)}"
    target = f"{_ident(schema)}.{_ident(name)}"
    source_columns = [
        c for (c,) in con.execute(
            f"select column_name from duckdb_columns() where database_name = '{_SOURCE}' "
            "and schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
    ]  # fmt: skip
    copy_columns = [
        c for (c,) in con.execute(
            f"select column_name from duckdb_columns() where database_name = '{_COPY}' "
            "and schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
    ]  # fmt: skip
    if source_columns != copy_columns:
        return False
    # the runs the copy holds must be in the source with the same rows (append-only)
    (extra,) = con.execute(
        f"select count(*) from (select {run}, count(*) from {target} group by all "
        f"except select {run}, count(*) from {source} group by all)"
    ).fetchone()
    if extra:
        return False
    con.execute(
        f"insert into {target} select * from {source} where {run} not in (select distinct {run} from {target})"
    )
    (same,) = con.execute(
        f"select (select sum(hash(_row)::hugeint) from {target} as _row) is not distinct from "
        f"(select sum(hash(_row)::hugeint) from {source} as _row)"
    ).fetchone()
    if not same:
        raise PublishError(f"{schema}.{name}: the appended copy differs from the warehouse")
    return True


def published_row_counts(published_db: Path) -> dict[str, int]:
    """{"marts.<table>": rows} of the published copy ({} when there is none or it cannot be read)."""
    if not Path(published_db).exists():
        return {}
    schema, name = PUBLICATION_TABLE
    try:
        with duckdb.connect(str(published_db), read_only=True) as con:
            rows = con.execute(
                f"select table_schema || '.' || table_name, row_count from {schema}.{name} "
                "where table_schema = ?",
                [PUBLISHED_SCHEMA],
            ).fetchall()
    except duckdb.Error:
        return {}  # an unreadable or older copy: nothing to compare against, replacing it is right
    return dict(rows)


def source_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, name, 'table' | 'view') to publish from the attached warehouse, dims first."""
    rows = con.execute(
        f"""
        select schema_name, table_name, 'table' from duckdb_tables()
        where database_name = '{_SOURCE}'
        union all
        select schema_name, view_name, 'view' from duckdb_views()
        where database_name = '{_SOURCE}' and not internal
        """
    ).fetchall()
    wanted = set(EXTRA_TABLES)
    chosen = [(s, n, k) for s, n, k in rows if s == PUBLISHED_SCHEMA or (s, n) in wanted]
    # dims before facts keeps the copy readable in creation order; schema marts first
    return sorted(chosen, key=lambda r: (r[0] != PUBLISHED_SCHEMA, not r[1].startswith("dim_"), r[0], r[1]))


def _copy_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str, kind: str) -> None:
    source = f"{_SOURCE}.{_ident(schema)}.{_ident(name)}"
    target = f"{_ident(schema)}.{_ident(name)}"
    ddl = None
    if kind == "table":
        ddl, foreign_keys = con.execute(
            f"""
            select t.sql, (select count(*) from duckdb_constraints() c
                           where c.database_name = t.database_name and c.schema_name = t.schema_name
                             and c.table_name = t.table_name and c.constraint_type = 'FOREIGN KEY')
            from duckdb_tables() t
            where t.database_name = '{_SOURCE}' and t.schema_name = ? and t.table_name = ?
            """,
            [schema, name],
        ).fetchone()
        if foreign_keys:
            ddl = None  # a foreign key would need its own table copied first; types suffice
    if ddl:
        # the warehouse's own DDL keeps the contract's types, NOT NULL and primary keys; when
        # it fails, the publish fails (a copy without them would drop the contract silently)
        try:
            con.execute(ddl)
        except duckdb.Error as exc:
            raise PublishError(
                f"{schema}.{name}: its DDL fails in the published copy ({type(exc).__name__}: {exc})"
            ) from exc
        con.execute(f"insert into {target} select * from {source}")
    else:
        con.execute(f"create table {target} as select * from {source}")


def _copy_comments(con: duckdb.DuckDBPyConnection, schema: str, name: str, doc: TableDoc | None) -> None:
    (table_comment,) = con.execute(
        f"""
        select comment from duckdb_tables() where database_name = '{_SOURCE}' and schema_name = ? and table_name = ?
        union all
        select comment from duckdb_views() where database_name = '{_SOURCE}' and schema_name = ? and view_name = ?
        """,
        [schema, name, schema, name],
    ).fetchone()
    target = f"{_ident(schema)}.{_ident(name)}"
    description = table_comment or (doc.description if doc else None)
    if description:
        con.execute(f"comment on table {target} is {_literal(description)}")
    column_comments = dict(
        con.execute(
            f"select column_name, comment from duckdb_columns() "
            f"where database_name = '{_SOURCE}' and schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchall()
    )
    for column, comment in column_comments.items():
        text = comment or (doc.columns.get(column) if doc else None)
        if text:
            con.execute(f"comment on column {target}.{_ident(column)} is {_literal(text)}")


def _write_publication_table(
    con: duckdb.DuckDBPyConnection, published: list[PublishedTable], source_db: Path
) -> None:
    schema, name = PUBLICATION_TABLE
    con.execute(f"create schema if not exists {schema}")
    changed_at: dict[tuple[str, str], datetime] = {}
    existing = {
        c for (c,) in con.execute(
            f"select column_name from duckdb_columns() where database_name = '{_COPY}' "
            "and schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchall()
    }  # fmt: skip
    if "changed_at" in existing:
        changed_at = {
            (s, n): at
            for s, n, at in con.execute(
                f"select table_schema, table_name, changed_at from {schema}.{name}"
            ).fetchall()
        }
    con.execute(f"drop table if exists {schema}.{name}")
    con.execute(
        f"create table {schema}.{name} (table_schema varchar, table_name varchar, row_count bigint, "
        "published_at timestamp, source_db varchar, content_hash varchar, changed_at timestamp)"
    )
    con.execute(f"comment on table {schema}.{name} is 'One row per table of this published copy.'")
    con.execute(f"comment on column {schema}.{name}.published_at is 'when this copy was published'")
    con.execute(
        f"comment on column {schema}.{name}.changed_at is 'when the table last changed (publishes since kept it)'"
    )
    con.execute(
        f"comment on column {schema}.{name}.content_hash is "
        "'fingerprint of the source table (rows, DDL, comments): a publish copies only tables whose fingerprint changed'"
    )
    published_at = datetime.now(UTC).replace(tzinfo=None)
    con.executemany(
        f"insert into {schema}.{name} values (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                t.schema,
                t.name,
                t.row_count,
                published_at,
                str(source_db),
                t.fingerprint,
                changed_at.get((t.schema, t.name), published_at) if t.how == "kept" else published_at,
            )
            for t in published
        ],
    )


def swap_directory(new_generation: Path, link: Path) -> None:
    """Point the symlink `link` at `new_generation` with one atomic rename.

    Keeps the generation it pointed at before (a reader may still be listing it) and
    deletes older generations that no live publish is writing.
    """
    previous = link.resolve() if link.is_symlink() else None
    staged_link = link.with_name(f".{link.name}.link-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    os.symlink(new_generation.name, staged_link)  # relative: the folder can be moved or mounted
    try:
        if link.exists() and not link.is_symlink():
            # a plain folder from an earlier layout: moved aside once, pruned below
            os.rename(link, _new_generation_dir(link, create=False))
        os.replace(staged_link, link)
    except BaseException:
        _remove_if_exists(staged_link)
        raise
    _fsync(link.parent)
    keep = {new_generation.resolve(), previous}
    for candidate in link.parent.iterdir():
        match = _GENERATION.match(candidate.name)
        if (
            match
            and match["name"] == link.name
            and candidate.resolve() not in keep
            and (int(match["pid"]) == os.getpid() or not pid_alive(int(match["pid"])))
        ):
            shutil.rmtree(candidate, ignore_errors=True)


def remove_abandoned_temporaries(folder: Path) -> list[Path]:
    """Delete temporary copies and link files left by publishes whose process is gone."""
    removed = []
    if not folder.is_dir():
        return removed
    for candidate in folder.iterdir():
        match = _TEMP_DB.match(candidate.name) or re.match(
            r"^\..+\.link-(?P<pid>\d+)-[0-9a-f]{8}$", candidate.name
        )
        if match and not pid_alive(int(match["pid"])):
            _remove_if_exists(candidate)
            removed.append(candidate)
    return removed


def docs_from_dbt_manifest(manifest_path: Path) -> dict[str, TableDoc]:
    """{"schema.table": TableDoc} from the descriptions in dbt's manifest.json."""
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    docs = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed", "snapshot"):
            continue
        docs[f"{node['schema']}.{node.get('alias') or node['name']}"] = TableDoc(
            description=node.get("description") or None,
            columns={
                c: meta.get("description")
                for c, meta in node.get("columns", {}).items()
                if meta.get("description")
            },
        )
    return docs


def _new_generation_dir(link: Path, *, create: bool = True) -> Path:
    link = Path(link)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = link.with_name(f".{link.name}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    if create:
        path.mkdir(parents=True)
    return path


def _has_document_id(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    query = (
        f"select count(*) from duckdb_columns() where database_name = '{_SOURCE}' "
        "and schema_name = ? and table_name = ? and column_name = 'document_id'"
    )
    return con.execute(query, [schema, name]).fetchone()[0] > 0


def _count(con: duckdb.DuckDBPyConnection, relation: str) -> int:
    return con.execute(f"select count(*) from {relation}").fetchone()[0]


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk, so a crash cannot leave a renamed but empty file."""
    flags = os.O_RDONLY | (os.O_DIRECTORY if Path(path).is_dir() else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_if_exists(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
