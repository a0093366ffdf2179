"""audit.quality_results: every expectation result and every finding of every run, appended.

One row per expectation evaluated (record_kind 'expectation': success, observed value,
counts) and one row per failing row (record_kind 'finding': document, plan, line,
printed text, why). Two runs give two sets, told apart by run_id and checked_at.
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
                    "carried_from_run_id": f.carried_from_run_id,
                    "carried_from_checked_at": f.carried_from_checked_at,
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("element_count", "unexpected_count", "source_line", "related_source_line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def append_results(db_path: Path | str, run: QualityRun) -> int:
    """Append the run's results (one short write transaction); returns the rows written."""
    frame = audit_rows(run)
    with duckdb.connect(str(db_path)) as con:
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
    return len(frame)


def carry_over_findings(db_path: Path | str, run: QualityRun) -> int:
    """Add to a scoped run the findings of every document it did not re-check, from its last check.

    The latest run in the audit holds the complete picture (its own findings plus those it
    carried), so each run's report and audit rows show every open finding; a carried one
    names the run that found it. Documents no longer in the warehouse are dropped.
    Returns the number of findings carried.
    """
    if run.scope_documents is None:
        return 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'audit' and table_name = 'quality_results'"
        ).fetchone()[0]
        if not exists:
            return 0
        columns = {c for (c,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'audit' and table_name = 'quality_results'"
        ).fetchall()}  # fmt: skip
        carried_run = "carried_from_run_id" if "carried_from_run_id" in columns else "null"
        carried_at = "carried_from_checked_at" if "carried_from_checked_at" in columns else "null"
        related_line = "q.related_source_line" if "related_source_line" in columns else "null"
        related_text = "q.related_text" if "related_text" in columns else "null"
        rows = con.execute(
            f"""
            with latest as (select run_id from {TABLE} order by checked_at desc limit 1)
            select q.suite, q.mart, q.expectation, q.rule_kind, q.severity, q.document_id, q.plan_id,
                   q.region_code, q.source_line, q.printed_text, q.observed_value, q.details, q.line_text,
                   q.subject, coalesce({carried_run}, q.run_id), coalesce({carried_at}, q.checked_at),
                   {related_line}, {related_text}
            from {TABLE} as q
            where q.run_id = (select run_id from latest) and q.record_kind = 'finding'
              and q.document_id is not null
              and q.document_id not in (select unnest(?::varchar[]))
              and q.document_id in (select document_id from marts.dim_document)
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
            )
        )  # fmt: skip
        carried += 1
    return carried
