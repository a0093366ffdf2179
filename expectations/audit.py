"""audit.quality_results: every expectation result and every finding of every run, appended.

One row per expectation evaluated (record_kind 'expectation': success, observed value,
counts) and one row per failing row (record_kind 'finding': document, plan, line,
printed text, why). Two runs give two sets, told apart by run_id and checked_at.

A run that checked only some documents (after an incremental refresh) appends what it
found in them; the findings of the other documents stay where they were found, in the rows
of the run that last checked each document, and are not appended again (a run at 1,000
plans would otherwise append every open finding, ~19,000 rows, for each edited plan).
`audit.quality_scopes` records what each run checked (one row per document, or one row
with a null document for a run that checked everything), and the view `audit.open_findings`
gives the current picture: the findings of each document from the latest run that checked it.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

from expectations.runner import Finding, QualityRun
from expectations.suites import SUITES_BY_NAME

TABLE = "audit.quality_results"

# (column, type, meaning): the table's schema, in one place
SCHEMA = [
    ("run_id", "varchar not null", "the Dagster run that checked"),
    ("checked_at", "timestamptz not null", "when the suites ran"),
    ("record_kind", "varchar not null", "'expectation' | 'finding'"),
    ("suite", "varchar not null", "GX suite name"),
    ("mart", "varchar not null", "the mart whose asset check reports the suite"),
    ("expectation", "varchar not null", "rule name (stable id of the expectation)"),
    ("expectation_type", "varchar", "GX expectation type"),
    ("rule_kind", "varchar", "keys | foreign_keys | units | totals | growth | years | targets | values"),
    ("severity", "varchar not null", "'error' (pipeline defect) | 'warn' (finding about the source plan)"),
    ("success", "boolean not null", "the expectation held / false for every finding"),
    ("observed_value", "varchar", "GX observed value, or the rejected value of a finding"),
    ("element_count", "bigint", "rows validated"),
    ("unexpected_count", "bigint", "rows rejected"),
    ("document_id", "varchar", "document of the finding"),
    ("plan_id", "varchar", "plan of the finding"),
    ("region_code", "varchar", "region of the finding"),
    ("source_line", "integer", "1-based line of the source file"),
    ("subject", "varchar", "what the row is about (indicator, project, total …)"),
    ("printed_text", "varchar", "the cell / phrase as printed"),
    ("line_text", "varchar", "the whole source line as printed"),
    ("details", "varchar", "why it failed (finding) / what the rule means (expectation)"),
    (
        "related_source_line",
        "integer",
        "the other statement's line, where a finding sets one against another",
    ),
    ("related_text", "varchar", "the other statement as printed"),
    (
        "related_document_id",
        "varchar",
        "the other statement's document (another plan's file for a cross-plan finding; null: this one)",
    ),
    ("related_line_text", "varchar", "the other statement's whole line as printed"),
    (
        "carried_from_run_id",
        "varchar",
        "finding of a document this (scoped) run did not re-check: the run that found it",
    ),
    ("carried_from_checked_at", "timestamptz", "when that run checked the document"),
]
COLUMNS = [name for name, _, _ in SCHEMA]
DDL = (
    "create schema if not exists audit;\n"
    f"create table if not exists {TABLE} (\n"
    + ",\n".join(f"    {name} {sql_type}" for name, sql_type, _ in SCHEMA)
    + "\n)"
)
SCOPES = "audit.quality_scopes"
NO_DOCUMENT = ""  # document_id of the scope row of a run that checked no document
SCOPES_DDL = f"""
create table if not exists {SCOPES} (
    run_id varchar not null,          -- the quality run
    checked_at timestamptz not null,
    document_id varchar               -- a document it checked; null: every document; '': none
)
"""
OPEN_FINDINGS = "audit.open_findings"
# The findings of each document from the latest run that checked it (a run checking every
# document covers them all), of documents still in the warehouse; suites checked whole on
# every run (their rows set documents against each other) from the latest run alone.
OPEN_FINDINGS_DDL = f"""
create or replace view {OPEN_FINDINGS} as
with covering as (
    select d.document_id, arg_max(s.run_id, s.checked_at) as run_id
    from marts.dim_document as d
    inner join {SCOPES} as s on s.document_id = d.document_id or s.document_id is null
    group by d.document_id
),
latest as (select run_id from {SCOPES} order by checked_at desc limit 1)
select q.*
from {TABLE} as q
inner join covering as c on q.document_id = c.document_id and q.run_id = c.run_id
where q.record_kind = 'finding' and q.suite not in (select unnest(?::varchar[]))
union all by name
select q.*
from {TABLE} as q
where q.record_kind = 'finding' and q.run_id = (select run_id from latest)
  and q.suite in (select unnest(?::varchar[]))
"""


def audit_rows(run: QualityRun) -> pd.DataFrame:
    rows = []
    base = {"run_id": run.run_id, "checked_at": run.checked_at}
    for suite in run.suites:
        for mart in suite.missing:
            rows.append(
                {
                    **base,
                    "record_kind": "expectation",
                    "suite": suite.name,
                    "mart": suite.mart,
                    "expectation": "mart_present",
                    "severity": "error",
                    "success": False,
                    "observed_value": f"{mart} missing from the warehouse",
                }
            )
        for o in suite.outcomes:
            rows.append(
                {
                    **base,
                    "record_kind": "expectation",
                    "suite": o.suite,
                    "mart": o.mart,
                    "expectation": o.rule,
                    "expectation_type": o.expectation_type,
                    "rule_kind": o.kind,
                    "severity": o.severity,
                    "success": o.success,
                    "observed_value": o.observed_value,
                    "element_count": o.element_count,
                    "unexpected_count": o.unexpected_count,
                    "details": json.dumps({"column": o.column, "rule": o.explain}, ensure_ascii=False),
                }
            )
        for f in suite.findings:
            if f.carried_from_run_id:  # found by an earlier run: its rows are there already
                continue
            rows.append(
                {
                    **base,
                    "record_kind": "finding",
                    "suite": f.suite,
                    "mart": f.mart,
                    "expectation": f.rule,
                    "rule_kind": f.kind,
                    "severity": f.severity,
                    "success": False,
                    "observed_value": f.value,
                    "document_id": f.document_id,
                    "plan_id": f.plan_id,
                    "region_code": f.region_code,
                    "source_line": f.source_line,
                    "subject": f.subject,
                    "printed_text": f.printed_text,
                    "line_text": f.line_text,
                    "details": f.detail,
                    "related_source_line": f.related_source_line,
                    "related_text": f.related_text,
                    "related_document_id": f.related_document_id,
                    "related_line_text": f.related_line_text,
                    "carried_from_run_id": f.carried_from_run_id,
                    "carried_from_checked_at": f.carried_from_checked_at,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("element_count", "unexpected_count", "source_line", "related_source_line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def whole_suites() -> list[str]:
    """Suites checked whole on every run (never carried over)."""
    return sorted(name for name, suite in SUITES_BY_NAME.items() if getattr(suite, "whole", False))


def append_results(db_path: Path | str, run: QualityRun) -> int:
    """Append the run's own results and its scope (one write transaction); returns the rows
    written to audit.quality_results (findings carried from earlier runs are not written again)."""
    frame = audit_rows(run)
    # every document: one null row; none (a refresh that rebuilt no document, e.g. to publish
    # again): one empty row, so the run is still the latest for the suites checked whole
    scope = [None] if run.scope_documents is None else sorted(set(run.scope_documents)) or [NO_DOCUMENT]
    with duckdb.connect(str(db_path)) as con:
        con.execute("begin")
        con.execute(DDL)
        # a table made by an older version gains the columns added since
        for column, sql_type, _ in SCHEMA:
            nullable_type = sql_type.replace(" not null", "")
            con.execute(f"alter table {TABLE} add column if not exists {column} {nullable_type}")
        con.register("quality_rows", frame)
        con.execute(
            f"insert into {TABLE} ({', '.join(COLUMNS)}) select {', '.join(COLUMNS)} from quality_rows"
        )
        con.unregister("quality_rows")
        con.execute(SCOPES_DDL)
        con.executemany(
            f"insert into {SCOPES} values (?, ?, ?)", [(run.run_id, run.checked_at, d) for d in scope]
        )
        if _has_dim_document(con):
            whole = whole_suites()
            con.execute(OPEN_FINDINGS_DDL.replace("?::varchar[]", _varchar_list(whole)))
        con.execute("commit")
    return len(frame)


def _varchar_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::varchar[]"


def _has_dim_document(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'dim_document'"
        ).fetchone()[0]
    )


def carry_over_findings(db_path: Path | str, run: QualityRun) -> int:
    """Add to a scoped run the findings of every document it did not re-check, from the latest
    run that checked that document (audit.quality_scopes), so the run's report shows every open
    finding; a carried one names the run that found it. They are not appended to the audit
    again (append_results skips them). Documents no longer in the warehouse are dropped.
    Returns the number of findings carried.
    """
    if run.scope_documents is None:
        return 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        tables = {t for (t,) in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()}  # fmt: skip
        if not {TABLE, SCOPES, "marts.dim_document"} <= tables:
            return 0
        # a table written before a column was added lacks it until this run appends (NULL then)
        present = {c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            TABLE.split("."),
        ).fetchall()}  # fmt: skip
        related = ", ".join(
            f"q.{column}" if column in present else f"null as {column}"
            for column in ("related_document_id", "related_line_text")
        )
        rows = con.execute(
            f"""
            with covering as (
                select d.document_id, arg_max(s.run_id, s.checked_at) as run_id
                from marts.dim_document as d
                inner join {SCOPES} as s on s.document_id = d.document_id or s.document_id is null
                where d.document_id not in (select unnest(?::varchar[]))
                group by d.document_id
            )
            select q.suite, q.mart, q.expectation, q.rule_kind, q.severity, q.document_id, q.plan_id,
                   q.region_code, q.source_line, q.printed_text, q.observed_value, q.details, q.line_text,
                   q.subject, coalesce(q.carried_from_run_id, q.run_id),
                   coalesce(q.carried_from_checked_at, q.checked_at), q.related_source_line, q.related_text,
                   {related}
            from {TABLE} as q
            inner join covering as c on q.document_id = c.document_id and q.run_id = c.run_id
            where q.record_kind = 'finding'
            -- a total order: the report lists them so, and an unchanged plan's section is reused
            order by all
            """,
            [list(run.scope_documents)],
        ).fetchall()
    suites = {suite.name: suite for suite in run.suites}
    carried = 0
    for row in rows:
        suite = suites.get(row[0])
        if suite is None:  # a suite that no longer exists
            continue
        if getattr(SUITES_BY_NAME.get(row[0]), "whole", False):  # checked whole: found afresh
            continue
        suite.findings.append(
            Finding(
                suite=row[0], mart=row[1], rule=row[2], kind=row[3], severity=row[4], document_id=row[5],
                plan_id=row[6], region_code=row[7], source_line=row[8], printed_text=row[9], value=row[10],
                detail=row[11], line_text=row[12], subject=row[13], carried_from_run_id=row[14],
                carried_from_checked_at=row[15], related_source_line=row[16], related_text=row[17],
                related_document_id=row[18], related_line_text=row[19],
            )
        )  # fmt: skip
        carried += 1
    return carried
