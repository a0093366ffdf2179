"""The mart contracts as the tests see them: columns and types from the dbt model YAMLs.

Stand-in marts in tests (tests/serving/factory.py) are built from these, so they never lag
the contracts: a column added to a mart's YAML is in every stand-in the next run.
"""

from __future__ import annotations

import functools

import yaml

from orchestration.settings import DBT_PROJECT_DIR

MARTS_DIR = DBT_PROJECT_DIR / "models" / "marts"


@functools.cache
def _columns(model: str) -> tuple[dict, ...]:
    spec = yaml.safe_load((MARTS_DIR / f"{model}.yml").read_text(encoding="utf-8"))
    [model_spec] = [m for m in spec["models"] if m["name"] == model]
    if not model_spec.get("config", {}).get("contract", {}).get("enforced"):
        raise AssertionError(f"{model}: the mart's contract is not enforced")
    return tuple(model_spec["columns"])


def contract_columns(model: str) -> tuple[tuple[str, str], ...]:
    """(column, data_type) of a mart, in the order its YAML (the enforced contract) lists them."""
    return tuple((column["name"], column["data_type"]) for column in _columns(model))


def primary_key(model: str) -> str | None:
    """The column the contract constrains as the mart's primary key, if any."""
    keys = [
        column["name"]
        for column in _columns(model)
        if any(c.get("type") == "primary_key" for c in column.get("constraints", []))
    ]
    return keys[0] if keys else None


def contract_marts() -> list[str]:
    """Every mart with a model YAML."""
    return sorted(path.stem for path in MARTS_DIR.glob("*.yml"))


def create_table_sql(model: str, schema: str = "marts") -> str:
    """`create table` of a stand-in mart with exactly its contract's columns and types."""
    key = primary_key(model)
    columns = ", ".join(
        f"{name} {data_type}" + (" primary key" if name == key else "")
        for name, data_type in contract_columns(model)
    )
    return f"create table {schema}.{model} ({columns})"


def insert_rows(con, model: str, rows: list[dict], schema: str = "marts") -> None:
    """Insert rows given as {column: value}; a contract column a row leaves out is NULL.
    A key that is not a contract column is an error, so stand-ins cannot drift from it."""
    names = [name for name, _ in contract_columns(model)]
    for row in rows:
        unknown = set(row) - set(names)
        if unknown:
            raise AssertionError(f"{model}: {sorted(unknown)} are not columns of its contract")
    if rows:
        placeholders = ", ".join("?" for _ in names)
        con.executemany(
            f"insert into {schema}.{model} ({', '.join(names)}) values ({placeholders})",
            [[row.get(name) for name in names] for row in rows],
        )
