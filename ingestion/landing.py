"""The I/O edge of ingestion: extracts -> Parquet landing zone -> DuckDB `raw`.

Extraction runs in parallel and writes one folder of Parquet files per document;
loading into DuckDB is the only step that writes the database, replaces the rows of a
batch of documents in one transaction, and is serialized by the orchestrator (one writer).

A landing folder remembers the content hash it was extracted from, the version of the
extraction code and when it was written (`_landed.json`): an unchanged file is not
re-extracted, and a folder is loaded only when raw holds an older landing of it.
A file that could not be landed leaves a failure note in `.failures/` (keyed by its path,
since two colliding paths share a document_id) until it lands, so that the load step,
which alone writes the database, can put it into raw.load_errors.
Two files with the same text (whatever their encoding or name) are both loaded; every one
but the first (by path) gets `raw.documents.duplicate_of_document_id` and a warning row,
so marts can count its facts once.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import errno
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import socket
import stat
import sys
import types
import typing
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ingestion import model
from ingestion.attachments import DocumentInfo, is_attachment_candidate, link_attachments
from ingestion.decode import UnreadableDocument, ends_mid_line
from ingestion.extract import document_id_for, extract_document, plan_seq_at
from ingestion.plan_presence import not_a_plan_reason
from ingestion.plans import plan_title_spans
from ingestion.processes import pid_alive
from ingestion.readers import SOURCE_FORMATS, too_large_reason
from ingestion.repeats import repeated_copy_warning
from vocabulary.seeds import SEEDS_READ_BY_PYTHON

_PY_TO_DUCKDB = {int: "BIGINT", float: "DOUBLE", str: "VARCHAR", bool: "BOOLEAN"}
_PY_TO_ARROW = {int: pa.int64(), float: pa.float64(), str: pa.string(), bool: pa.bool_()}
_DUCKDB_TO_ARROW = {"VARCHAR": pa.string(), "TIMESTAMP": pa.timestamp("us"), "BIGINT": pa.int64()}


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
    "plans": (model.Plan, False),
    "table_cells": (model.TableCell, True),
    "indicator_values": (model.IndicatorValue, True),
    "projects": (model.Project, True),
    "funding": (model.Funding, True),
    "stated_totals": (model.StatedTotal, True),
    "audited_lines": (model.AuditedLine, True),
    "statements": (model.Statement, True),
    "text_claims": (model.TextClaim, True),
    "printed_dates": (model.PrintedDate, True),
    "list_items": (model.ListItem, True),
    "title_mentions": (model.TitleMention, True),
}

# Columns of raw.documents that the loader adds to model.Document:
# text_sha256 = sha256 of the decoded text (lines joined by "\n"): equal for the same plan
# saved in another encoding or with other line endings, unlike content_sha256 (bytes).
DOCUMENT_LOAD_COLUMNS = [
    ("loaded_at", "TIMESTAMP"),
    ("text_sha256", "VARCHAR"),
    ("duplicate_of_document_id", "VARCHAR"),
    # A plan's attachment (ingestion/attachments.py), set over all documents after every load:
    # document_role 'main' | 'attachment' | 'standalone'; an attachment's rows belong to plan
    # main_plan_seq of main_document_id.
    ("document_role", "VARCHAR"),
    ("main_document_id", "VARCHAR"),
    ("main_plan_seq", "BIGINT"),
]

LOAD_ERRORS_DDL = """
create table if not exists raw.load_errors (
    document_id varchar, source_path varchar, error varchar, failed_at timestamp
)
"""

# Documents that loaded but deserve a look: warning_kind 'duplicate_content' |
# 'possibly_truncated' | 'repeated_plan' | 'not_read' (a hidden sheet or rows a reader left out). Replaced with the document's rows; duplicates are recomputed
# over the whole table after every load and prune.
WARNING_COLUMNS = [
    ("document_id", "VARCHAR"),
    ("source_path", "VARCHAR"),
    ("warning_kind", "VARCHAR"),
    ("message", "VARCHAR"),
    ("detected_at", "TIMESTAMP"),
]
WARNINGS_TABLE = "document_warnings"

# The change log dbt's incremental models read: one row per document whose rows in raw were
# replaced, deleted or marked (un)duplicate since the last successful dbt refresh, which
# then deletes the rows it has applied (orchestration/refresh_state.py).
CHANGES_DDL = """
create table if not exists raw.document_changes (document_id varchar not null, changed_at timestamp not null)
"""
LANDED_MARKER = "_landed.json"
# Document ids are [a-z0-9_-] slugs, so a dot-folder never collides with a landing folder.
FAILURES_DIR = ".failures"


def raw_columns(table: str) -> list[tuple[str, str]]:
    """Column names and DuckDB types of a raw table, derived from its row type."""
    row_type, with_plan = RAW_TABLES[table]
    columns = [] if row_type is model.Document else [("document_id", "VARCHAR")]
    if with_plan:
        columns.append(("plan_seq", "BIGINT"))
    columns += [(name, _PY_TO_DUCKDB[tp]) for name, tp in _fields(row_type)]
    if row_type is model.Document:
        columns += DOCUMENT_LOAD_COLUMNS
    return columns


def _arrow_schema(table: str) -> pa.Schema:
    if table == WARNINGS_TABLE:
        return pa.schema([pa.field(name, _DUCKDB_TO_ARROW[tp]) for name, tp in WARNING_COLUMNS])
    row_type, with_plan = RAW_TABLES[table]
    fields = [] if row_type is model.Document else [pa.field("document_id", pa.string())]
    if with_plan:
        fields.append(pa.field("plan_seq", pa.int64()))
    fields += [pa.field(name, _PY_TO_ARROW[tp]) for name, tp in _fields(row_type)]
    if row_type is model.Document:
        fields += [pa.field(name, _DUCKDB_TO_ARROW[tp]) for name, tp in DOCUMENT_LOAD_COLUMNS]
    return pa.schema(fields)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def text_sha256(extract: model.Extract) -> str:
    return hashlib.sha256("\n".join(line.text for line in extract.lines).encode("utf-8")).hexdigest()


def extract_rows(extract: model.Extract) -> dict[str, list[dict]]:
    """Flatten an Extract into row dicts per raw table, attaching document and plan."""
    doc_id = extract.document.document_id
    rows: dict[str, list[dict]] = {
        "documents": [
            dataclasses.asdict(extract.document)
            | {"loaded_at": _now(), "text_sha256": text_sha256(extract), "duplicate_of_document_id": None}
            | {"document_role": None, "main_document_id": None, "main_plan_seq": None}
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


def truncation_warning(data: bytes, extract: model.Extract) -> str | None:
    """A text file whose last line has no line break and is a table row was probably cut off."""
    if extract.document.source_format != "txt" or not extract.lines or not ends_mid_line(data):
        return None
    last = max(
        (line for line in extract.lines if line.text.strip()), key=lambda line: line.line_no, default=None
    )
    if last is None:
        return None
    in_table = any(cell.source_line >= last.line_no for cell in extract.table_cells)
    looks_like_row = "\t" in last.text.strip() or last.text.count("|") >= 2
    if not (in_table or looks_like_row):
        return None
    return (
        f"{extract.document.source_path}: the file ends without a line break inside a table row "
        f"(line {last.line_no}: {last.text.strip()[:40]!r}); it was probably cut off - loaded as is"
    )


# What land_file runs to turn a file's bytes into the landed rows (ingestion.model gives their
# columns): these modules, the modules they import (ours: ingestion, vocabulary), the data
# files beside them and the seeds vocabulary.seeds reads; and the libraries they import.
# The loader (this module's SQL), the seed generators and the tests are not part of it.
_EXTRACTION_ROOTS = (
    "ingestion.extract",
    "ingestion.model",
    "ingestion.plan_presence",
    "ingestion.attachments",
    "ingestion.repeats",
)
_OWN_PACKAGES = ("ingestion", "vocabulary")
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _module_path(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imported_names(path: Path) -> set[str]:
    """Every module name `path` imports (at its top or inside a function)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            # `from ingestion import model` imports the module ingestion.model
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def extraction_code(root: Path = _SOURCE_ROOT) -> tuple[list[Path], set[str]]:
    """The files of our extraction code under `root`, and the top-level names of the
    other packages it imports (the standard library left out)."""
    todo, files, others = list(_EXTRACTION_ROOTS), {}, set()
    while todo:
        name = todo.pop()
        top = name.split(".")[0]
        if top not in _OWN_PACKAGES:
            if top not in sys.stdlib_module_names and top != "__future__":
                others.add(top)
            continue
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # a package's __init__ runs before its module
            module = ".".join(parts[:depth])
            path = _module_path(root, module)
            if path is not None and module not in files:
                files[module] = path
                todo.extend(_imported_names(path))
    data = {
        path
        for directory in {path.parent for path in files.values()}
        for path in directory.iterdir()
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    seeds = {root / "dbt_project" / "seeds" / f"{seed}.csv" for seed in SEEDS_READ_BY_PYTHON}
    return sorted({*files.values(), *data, *seeds}), others


def library_versions(top_level_names: Iterable[str]) -> dict[str, str]:
    """The installed distributions that provide these modules and the ones they require
    directly (pdfplumber -> pdfminer.six, pypdfium2, pillow), with their versions. Deeper
    requirements (certifi under requests under jionlp) do not read documents."""
    providers = _providers()
    imported = {canonicalize_name(d) for name in top_level_names for d in providers.get(name, [])}
    names = set(imported)
    for dist in imported:
        for line in _requires(dist):
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                names.add(canonicalize_name(requirement.name))
    return {name: _version(name) for name in sorted(names)}


@functools.cache
def _providers() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _requires(dist: str) -> list[str]:
    try:
        return importlib.metadata.requires(dist) or []
    except importlib.metadata.PackageNotFoundError:
        return []


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def extraction_fingerprint(root: Path = _SOURCE_ROOT, versions=library_versions) -> str:
    """Hash of the extraction code, its data files and the versions of the libraries it uses."""
    paths, libraries = extraction_code(root)
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for dist, version in versions(libraries).items():
        digest.update(f"{dist}=={version}\n".encode())
    return digest.hexdigest()[:16]


@functools.cache
def extractor_version() -> str:
    """The landing folders' code version: a folder landed by other extraction code, or with
    other reader libraries (a pdfplumber upgrade), is stale and extracted again."""
    return extraction_fingerprint()


def write_landing(
    extract: model.Extract, landing_dir: Path, warnings: Iterable[tuple[str, str]] = ()
) -> Path:
    """Write one document's rows as Parquet files; the folder appears complete or not at all.

    warnings: (warning_kind, message) pairs for raw.document_warnings.
    The staging and set-aside names carry the process id, the host and a random part, so two
    runs (on one machine or several sharing the landing folder) landing the same document
    never collide; the last rename wins, and both are complete.
    """
    doc = extract.document
    final = landing_dir / doc.document_id
    staging = landing_dir / f".{doc.document_id}.{_owner()}.{uuid.uuid4().hex[:8]}.tmp"
    staging.mkdir(parents=True)
    try:
        rows = extract_rows(extract)
        for table, table_rows in rows.items():
            pq.write_table(
                pa.Table.from_pylist(table_rows, schema=_arrow_schema(table)), staging / f"{table}.parquet"
            )
        warning_rows = [
            {
                "document_id": doc.document_id,
                "source_path": doc.source_path,
                "warning_kind": kind,
                "message": message,
                "detected_at": _now(),
            }
            for kind, message in warnings
        ]
        pq.write_table(
            pa.Table.from_pylist(warning_rows, schema=_arrow_schema(WARNINGS_TABLE)),
            staging / f"{WARNINGS_TABLE}.parquet",
        )
        marker = {
            "content_sha256": doc.content_sha256,
            "extractor_version": extractor_version(),
            # = raw.documents.loaded_at of these rows: tells the loader whether raw has this landing
            "landed_at": rows["documents"][0]["loaded_at"].isoformat(),
        }
        (staging / LANDED_MARKER).write_text(json.dumps(marker))
        _swap_in(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _swap_in(staging: Path, final: Path) -> None:
    """rename(staging, final), moving a previous folder aside first (and deleting it after)."""
    set_aside = []
    try:
        for _ in range(5):
            aside = final.with_name(f".{final.name}.{_owner()}.{uuid.uuid4().hex[:8]}.old")
            # FileNotFoundError: first landing, or another run moved it aside a moment ago
            with contextlib.suppress(FileNotFoundError):
                final.rename(aside)
                set_aside.append(aside)
            try:
                staging.rename(final)
                return
            except OSError as exc:  # another run put its folder there in between: set it aside too
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
        raise RuntimeError(f"could not move {staging.name} into place: {final} kept being replaced")
    finally:
        for aside in set_aside:
            shutil.rmtree(aside, ignore_errors=True)


# Staging and set-aside folders: .<document_id>.<pid>@<host>.<random>.tmp|.old (without
# "@<host>": written by an earlier version, on this host)
_LEFTOVER = re.compile(r"^\..+\.(?P<pid>\d+)(?:@(?P<host>[A-Za-z0-9_-]+))?\.[0-9a-f]{8}\.(?:tmp|old)$")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname()) or "host"


def _owner() -> str:
    """Who writes a staging folder: this process on this host (the landing folder may be shared)."""
    return f"{os.getpid()}@{_host()}"


def remove_abandoned_landing(landing_dir: Path) -> list[str]:
    """Delete staging folders of landing runs whose process is gone (a killed run); returns their names.

    Only this host's: a process id says nothing about another machine that shares the folder
    (a worker of the cluster, orchestration/cluster.py), whose staging folders are left alone."""
    removed = []
    if not landing_dir.is_dir():
        return removed
    host = _host()
    for entry in landing_dir.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match and match["host"] in (None, host) and not pid_alive(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


def _landed_marker(landing_dir: Path, document_id: str) -> dict:
    try:
        return json.loads((landing_dir / document_id / LANDED_MARKER).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def landed_sha256(landing_dir: Path, document_id: str) -> str | None:
    """Content hash of the file a landing folder was extracted from, if made by this code."""
    marker = _landed_marker(landing_dir, document_id)
    if marker.get("extractor_version") != extractor_version():
        return None
    return marker.get("content_sha256")


def landed_at(landing_dir: Path, document_id: str) -> datetime | None:
    """When a document's landing folder was written (None: no complete folder)."""
    stamp = _landed_marker(landing_dir, document_id).get("landed_at")
    return datetime.fromisoformat(stamp) if stamp else None


def documents_to_load(
    con: duckdb.DuckDBPyConnection, landing_dir: Path, document_ids: Iterable[str]
) -> list[str]:
    """Those of `document_ids` whose landing folder is not what raw holds (new, re-landed, or last failed)."""
    _, last_failed = loaded_state(con)  # creates the raw tables on a new warehouse
    loaded_at = dict(con.execute("select document_id, loaded_at from raw.documents").fetchall())
    out = []
    for doc_id in sorted(set(document_ids)):
        stamp = landed_at(landing_dir, doc_id)
        if stamp is not None and (stamp != loaded_at.get(doc_id) or doc_id in last_failed):
            out.append(doc_id)
    return out


def _failure_note(landing_dir: Path, source_path: str) -> Path:
    return landing_dir / FAILURES_DIR / f"{hashlib.sha1(source_path.encode('utf-8')).hexdigest()}.json"


def note_landing_failure(landing_dir: Path, source_path: str, document_id: str, error: str) -> None:
    """Remember that `source_path` could not be landed, and why (until it lands)."""
    note = _failure_note(landing_dir, source_path)
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(json.dumps({"source_path": source_path, "document_id": document_id, "error": error}))


def clear_landing_failure(landing_dir: Path, source_path: str) -> None:
    _failure_note(landing_dir, source_path).unlink(missing_ok=True)


def landing_failures(landing_dir: Path) -> dict[str, tuple[str, str]]:
    """{source_path: (document_id, error)} of every file whose last landing failed."""
    out = {}
    for note in sorted((landing_dir / FAILURES_DIR).glob("*.json")):
        try:
            data = json.loads(note.read_text())
        except (FileNotFoundError, ValueError):
            continue  # being rewritten by a landing run: the next load sees it
        out[data["source_path"]] = (data["document_id"], data["error"])
    return out


def forget_landing_failures(landing_dir: Path, keep_source_paths: set[str]) -> list[str]:
    """Drop the failure notes of files that are no longer registered; returns their paths."""
    gone = sorted(set(landing_failures(landing_dir)) - keep_source_paths)
    for source_path in gone:
        clear_landing_failure(landing_dir, source_path)
    return gone


@dataclasses.dataclass(frozen=True)
class Landed:
    """What landing one file did: extracted it, or found it already landed."""

    source_path: str
    document_id: str
    content_sha256: str
    reused: bool
    warnings: tuple[str, ...] = ()


class SourceMissing(FileNotFoundError):
    """The plan file itself is gone (deleted or renamed after it was listed)."""


class ExtractionTimeout(UnreadableDocument):
    """Extraction of one file ran past its time budget."""


# Seconds one file may take to extract (PLAN_WAREHOUSE_FILE_TIMEOUT): a runaway file
# becomes an error naming it while the others load.
DEFAULT_FILE_TIMEOUT_SECONDS = 120


def file_timeout_seconds() -> float:
    return float(os.environ.get("PLAN_WAREHOUSE_FILE_TIMEOUT") or DEFAULT_FILE_TIMEOUT_SECONDS)


def refusal_reason(raw_dir: Path, source_path: str, follow_links: bool = False) -> str | None:
    """Why a path under the raw directory is not read: a symlink or a special file (None: read it).

    Links are followed only with follow_links, and only to regular files inside raw_dir.
    """
    path = raw_dir / source_path
    try:
        info = path.lstat()
    except FileNotFoundError as exc:
        raise SourceMissing(str(path)) from exc
    if stat.S_ISLNK(info.st_mode):
        target = path.resolve()
        if not follow_links:
            return (
                f"a symbolic link (to {os.readlink(path)}); links are not followed "
                "(PLAN_WAREHOUSE_FOLLOW_LINKS=1 follows links to files inside the raw directory)"
            )
        if not target.is_relative_to(raw_dir.resolve()):
            return f"a symbolic link to {target}, outside the raw directory; not followed"
        try:
            info = target.stat()
        except FileNotFoundError as exc:
            raise SourceMissing(str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, socket or device); not read"
    return None


def land_file(
    raw_dir: Path, source_path: str, landing_dir: Path, document_id: str, follow_links: bool = False
) -> Landed:
    """Read one file under raw_dir and land it, unless this content is landed already.

    Raises UnreadableDocument (bad content, not a plan, refused, over its time budget)
    or SourceMissing (the file itself is gone).
    """
    if reason := refusal_reason(raw_dir, source_path, follow_links):
        raise UnreadableDocument(source_path, reason)
    path = raw_dir / source_path
    try:
        if reason := too_large_reason(source_path, path.stat().st_size):
            raise UnreadableDocument(source_path, reason)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceMissing(str(path)) from exc
    sha = hashlib.sha256(data).hexdigest()
    if landed_sha256(landing_dir, document_id) == sha:
        return Landed(source_path, document_id, sha, reused=True)
    with _time_budget(source_path, file_timeout_seconds()):
        extract = extract_document(data, source_path)
    # A spreadsheet or a file named 附件/附表 may hold only a plan's table: it loads as the
    # attachment of its plan (or on its own), never refused for having no title.
    may_be_attachment = is_attachment_candidate(source_path, extract.document.source_format, has_title=False)
    if not may_be_attachment and (reason := not_a_plan_reason(extract)):
        raise UnreadableDocument(source_path, reason)
    warnings = [
        (kind, message)
        for kind, message in [
            ("possibly_truncated", truncation_warning(data, extract)),
            ("repeated_plan", repeated_copy_warning(extract)),
            ("not_read", f"{source_path}: " + "; ".join(extract.read_notes) if extract.read_notes else None),
        ]
        if message
    ]
    write_landing(extract, landing_dir, warnings)
    return Landed(
        source_path,
        extract.document.document_id,
        sha,
        reused=False,
        warnings=tuple(message for _, message in warnings),
    )


@contextlib.contextmanager
def _time_budget(source_path: str, seconds: float):
    """Raise ExtractionTimeout when the block runs longer than `seconds` (main thread only:
    elsewhere, e.g. a thread of a server, the block runs unbounded)."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise ExtractionTimeout(
            source_path,
            f"extraction ran past its {seconds:g} s budget (PLAN_WAREHOUSE_FILE_TIMEOUT); not loaded",
        )

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and add columns that the row types gained since they were created."""
    con.execute("create schema if not exists raw")
    tables = {table: raw_columns(table) for table in RAW_TABLES} | {WARNINGS_TABLE: WARNING_COLUMNS}
    for table, columns in tables.items():
        cols = ", ".join(f"{name} {tp}" for name, tp in columns)
        con.execute(f"create table if not exists raw.{table} ({cols})")
        for name, tp in columns:
            con.execute(f"alter table raw.{table} add column if not exists {name} {tp}")
    con.execute(LOAD_ERRORS_DDL)
    con.execute(CHANGES_DDL)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_documents(con: duckdb.DuckDBPyConnection, landing_dir: Path, document_ids: list[str]) -> None:
    """Replace the raw rows of these documents with their landed Parquet, in one transaction.

    Set-based: one delete and one multi-file insert per table and batch, so loading
    1,000 documents costs tens of statements, not tens of thousands.
    """
    ensure_raw_schema(con)
    tables = {table: raw_columns(table) for table in RAW_TABLES} | {WARNINGS_TABLE: WARNING_COLUMNS}
    con.execute("begin transaction")
    try:
        for batch in _chunks(sorted(set(document_ids)), 500):
            for table, columns in tables.items():
                names = ", ".join(name for name, _ in columns)
                files = [str(landing_dir / doc_id / f"{table}.parquet") for doc_id in batch]
                con.execute(
                    f"delete from raw.{table} where document_id in (select unnest(?::varchar[]))", [batch]
                )
                con.execute(f"insert into raw.{table} ({names}) select {names} from read_parquet(?)", [files])
            con.execute(
                "delete from raw.load_errors where document_id in (select unnest(?::varchar[]))", [batch]
            )
        refresh_duplicates(con)
        refresh_attachments(con)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def refresh_attachments(con: duckdb.DuckDBPyConnection) -> None:
    """Set every document's role and, for an attachment, its plan (ingestion/attachments.py)."""
    titles: dict[str, list[tuple[int, str | None]]] = {}
    for doc_id, plan_seq, title in con.execute(
        "select document_id, plan_seq, plan_title from raw.plans order by document_id, plan_seq"
    ).fetchall():
        titles.setdefault(doc_id, []).append(
            (plan_seq, title if title and plan_title_spans([title]) else None)
        )
    documents = [
        DocumentInfo(doc_id, source_path, source_format or "txt", tuple(titles.get(doc_id, ())))
        for doc_id, source_path, source_format in con.execute(
            "select document_id, source_path, source_format from raw.documents "
            "where duplicate_of_document_id is null order by source_path"
        ).fetchall()
    ]
    links = link_attachments(documents)
    con.execute(
        "update raw.documents set document_role = null, main_document_id = null, main_plan_seq = null"
    )
    if links:
        con.execute(
            """
            update raw.documents set
                document_role = links.document_role,
                main_document_id = links.main_document_id,
                main_plan_seq = links.main_plan_seq
            from (
                select
                    unnest(?::varchar[]) as document_id,
                    unnest(?::varchar[]) as document_role,
                    unnest(?::varchar[]) as main_document_id,
                    unnest(?::bigint[]) as main_plan_seq
            ) as links
            where raw.documents.document_id = links.document_id
            """,
            [
                list(links),
                [link.document_role for link in links.values()],
                [link.main_document_id for link in links.values()],
                [link.main_plan_seq for link in links.values()],
            ],
        )
    # a duplicate's role is its first copy's
    con.execute(
        """
        update raw.documents set document_role = firsts.document_role
        from raw.documents as firsts
        where raw.documents.duplicate_of_document_id = firsts.document_id
        """
    )


def refresh_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Mark every document whose text equals an earlier one (by path) and warn about it."""
    con.execute(
        "update raw.documents set duplicate_of_document_id = null where duplicate_of_document_id is not null"
    )
    con.execute(
        """
        update raw.documents set duplicate_of_document_id = firsts.first_id
        from (
            select
                document_id,
                first_value(document_id) over (partition by text_sha256 order by source_path, document_id) as first_id
            from raw.documents
            where text_sha256 is not null
        ) as firsts
        where raw.documents.document_id = firsts.document_id and firsts.first_id <> firsts.document_id
        """
    )
    con.execute(f"delete from raw.{WARNINGS_TABLE} where warning_kind = 'duplicate_content'")
    con.execute(
        f"""
        insert into raw.{WARNINGS_TABLE}
        select
            dup.document_id,
            dup.source_path,
            'duplicate_content',
            dup.source_path || ': same text as ' || first.source_path
                || ' (document ' || first.document_id || '); loaded but marked duplicate_of_document_id = '''
                || first.document_id || ''' so that its facts are not counted twice',
            ?
        from raw.documents as dup
        join raw.documents as first on first.document_id = dup.duplicate_of_document_id
        """,
        [_now()],
    )


def document_warnings(
    con: duckdb.DuckDBPyConnection, document_ids: Iterable[str]
) -> list[tuple[str, str, str]]:
    """(source_path, warning_kind, message) of these documents."""
    return con.execute(
        f"select source_path, warning_kind, message from raw.{WARNINGS_TABLE} "
        "where document_id in (select unnest(?::varchar[])) order by source_path, warning_kind",
        [sorted(document_ids)],
    ).fetchall()


def loaded_state(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], set[str]]:
    """({document_id: content_sha256} of loaded documents, document_ids whose last attempt failed)."""
    ensure_raw_schema(con)
    loaded = dict(con.execute("select document_id, content_sha256 from raw.documents").fetchall())
    failed = {row[0] for row in con.execute("select document_id from raw.load_errors").fetchall()}
    return loaded, failed


def record_load_error(con: duckdb.DuckDBPyConnection, document_id: str, source_path: str, error: str) -> None:
    """Note a document that failed; its previously loaded rows (if any) are kept."""
    ensure_raw_schema(con)
    con.execute("delete from raw.load_errors where document_id = ?", [document_id])
    con.execute("insert into raw.load_errors values (?, ?, ?, ?)", [document_id, source_path, error, _now()])


def prune_documents(
    con: duckdb.DuckDBPyConnection, keep_document_ids: set[str], landing_dir: Path
) -> list[str]:
    """Delete every raw row (and landing folder) of documents that are no longer registered."""
    loaded, failed = loaded_state(con)
    gone = sorted((set(loaded) | failed) - keep_document_ids)
    if gone:
        con.execute("begin transaction")
        try:
            for table in [*RAW_TABLES, WARNINGS_TABLE, "load_errors"]:
                con.execute(
                    f"delete from raw.{table} where document_id in (select unnest(?::varchar[]))", [gone]
                )
            refresh_duplicates(con)
            refresh_attachments(con)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    for doc_id in gone:
        shutil.rmtree(landing_dir / doc_id, ignore_errors=True)
    return gone


def document_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """{document_id: (loaded_at, duplicate_of_document_id[, main_document_id, main_plan_seq])}:
    what downstream models depend on (the plan an attachment belongs to only where it has one)."""
    ensure_raw_schema(con)
    rows = con.execute(
        "select document_id, loaded_at, duplicate_of_document_id, main_document_id, main_plan_seq "
        "from raw.documents"
    ).fetchall()
    return {
        doc_id: (loaded_at, duplicate_of) + ((main_id, main_seq) if main_id else ())
        for doc_id, loaded_at, duplicate_of, main_id, main_seq in rows
    }


def record_document_changes(con: duckdb.DuckDBPyConnection, before: dict[str, tuple]) -> list[str]:
    """Log every document whose version differs from `before` (loaded, deleted, re-marked), with
    the other documents of its plan: a plan's totals are reconciled against its attachments' rows."""
    after = document_versions(con)
    changed = {doc_id for doc_id in before.keys() | after.keys() if before.get(doc_id) != after.get(doc_id)}
    groups: dict[str, set[str]] = {}
    for versions in (before, after):
        for doc_id, version in versions.items():
            if len(version) > 2:  # an attachment: (…, main_document_id, main_plan_seq)
                group = groups.setdefault(version[2], {version[2]})
                group.add(doc_id)
                groups[doc_id] = group
    for doc_id in list(changed):
        changed |= groups.get(doc_id, set())
    changed = sorted(changed)
    log_document_changes(con, changed)
    return changed


def log_document_changes(con: duckdb.DuckDBPyConnection, document_ids: Iterable[str]) -> None:
    """Append documents to the change log (logging one that did not change costs a rebuild, no error)."""
    ids = sorted(set(document_ids))
    if ids:
        ensure_raw_schema(con)
        con.execute("insert into raw.document_changes select unnest(?::varchar[]), ?", [ids, _now()])


def files_to_ingest(
    con: duckdb.DuckDBPyConnection, raw_dir: Path, landing_dir: Path, source_paths: list[str]
) -> list[str]:
    """Those of `source_paths` an ingest run would change: content or extraction code differ from
    their landing, their landing is not what raw holds, or they failed and were touched since."""
    loaded_at = dict(con.execute("select document_id, loaded_at from raw.documents").fetchall())
    failed = landing_failures(landing_dir)
    out = []
    for source_path in source_paths:
        doc_id, path = document_id_for(source_path), raw_dir / source_path
        if source_path in failed:
            note = _failure_note(landing_dir, source_path)
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime_ns >= note.stat().st_mtime_ns:
                    out.append(source_path)
            continue
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            continue  # gone: the partition sync prunes it
        stamp = landed_at(landing_dir, doc_id)
        if landed_sha256(landing_dir, doc_id) != sha or stamp is None or stamp != loaded_at.get(doc_id):
            out.append(source_path)
    return out


def list_plan_files(raw_dir: Path) -> list[str]:
    """Every plan file (a suffix of readers.SOURCE_FORMATS, any case) under the raw directory, as POSIX
    paths relative to it, sorted. Word's lock files (~$plan.docx) are not plans. Symlinks and
    special files are listed too, so that landing can refuse them by name."""
    return sorted(
        p.relative_to(raw_dir).as_posix()
        for p in raw_dir.rglob("*")
        if p.suffix.lower() in SOURCE_FORMATS
        and not p.name.startswith("~$")
        and (p.is_symlink() or not p.is_dir())
    )
