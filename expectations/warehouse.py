"""Read the warehouse for validation: read-only connections, opened and closed here.

GX's SQL datasource does not work with DuckDB, so each mart is read into pandas and
validated as a dataframe.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """DECIMAL -> float, nullable ints -> float: GX's pandas metrics expect plain dtypes."""
    df = df.copy()
    for column in df.columns:
        series = df[column]
        if series.dtype == object and series.map(lambda v: isinstance(v, Decimal)).any():
            df[column] = series.map(lambda v: float(v) if isinstance(v, Decimal) else v).astype("float64")
        elif pd.api.types.is_extension_array_dtype(series.dtype) and pd.api.types.is_numeric_dtype(
            series.dtype
        ):
            df[column] = series.astype("float64")
    return df


# Relations outside `marts` that rules read, loaded with the marts under their model name:
# stg_text_claims holds what extraction read in the text for the cross-checks to compare, the
# seed unit_vocabulary the normalized units.
RULE_INPUTS = {"stg_text_claims": "staging", "unit_vocabulary": "reference"}


def load_marts(
    db_path: Path | str,
    documents: list[str] | None = None,
    whole: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """{model name: dataframe} for every relation in schema `marts`, and the RULE_INPUTS present
    (only: just those of these names).

    documents: only their rows of each relation with a document_id column (default: all
    rows), but every row of the relations named in `whole`. A check after one edit reads
    a few documents' rows, not the whole warehouse's (seconds at a thousand plans).
    """
    whole = set(whole)
    with duckdb.connect(str(db_path), read_only=True) as con:
        names = [
            (schema, name)
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema = 'marts' order by 2"
            ).fetchall()
        ]
        names += con.execute(
            "select table_schema, table_name from information_schema.tables where "
            + " or ".join("(table_schema = ? and table_name = ?)" for _ in RULE_INPUTS),
            [v for name, schema in RULE_INPUTS.items() for v in (schema, name)],
        ).fetchall()
        if only is not None:
            names = [(schema, name) for schema, name in names if name in set(only)]
        by_document = {
            (schema, name)
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.columns where column_name = 'document_id'"
            ).fetchall()
        }

        def rows(schema: str, name: str) -> pd.DataFrame:
            of = None if name in whole or (schema, name) not in by_document else documents
            return _rows_of(con, f'select * from "{schema}"."{name}"', of)

        return {name: _plain(rows(schema, name)) for schema, name in names}


def _rows_of(con: duckdb.DuckDBPyConnection, query: str, documents: list[str] | None) -> pd.DataFrame:
    """The rows of `query` (over a relation with a document_id) of `documents`; all when None."""
    if documents is None:
        return con.execute(query).df()
    return con.execute(f"{query} where document_id in (select unnest(?::varchar[]))", [documents]).df()


def source_lines(db_path: Path | str, wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """{(document_id, line_no): the line as printed} from raw.document_lines."""
    wanted = {(d, int(n)) for d, n in wanted if d is not None and n is not None}
    if not wanted:
        return {}
    keys = pd.DataFrame(sorted(wanted), columns=["document_id", "line_no"])
    with duckdb.connect(str(db_path), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'document_lines'"
        ).fetchall()[0][0]
        if not exists:
            return {}
        con.register("wanted_lines", keys)
        rows = con.execute(
            "select l.document_id, l.line_no, l.text from raw.document_lines l "
            "join wanted_lines w using (document_id, line_no)"
        ).fetchall()
    return {(d, int(n)): t for d, n, t in rows}


def load_document_lines(db_path: Path | str, documents: list[str] | None = None) -> pd.DataFrame | None:
    """raw.document_lines (document_id, line_no, text) of `documents` (default: all): the text the
    cross-checks read; None if absent."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'document_lines'"
        ).fetchall()[0][0]
        if not exists:
            return None
        return _rows_of(con, "select document_id, line_no, text from raw.document_lines", documents)


def load_staging(
    db_path: Path | str, names: Iterable[str], documents: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """{model: dataframe} of the staging models some checks read (the facts extraction read from
    sentences that no mart carries), rows of `documents` only (default: all); absent ones left out."""
    out = {}
    with duckdb.connect(str(db_path), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'staging'"
            ).fetchall()
        }
        for name in names:
            if name not in present:
                continue
            out[name] = _plain(_rows_of(con, f'select * from staging."{name}"', documents))
    return out
