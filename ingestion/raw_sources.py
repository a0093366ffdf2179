"""Write the dbt source YAML of the `raw` schema from the row types in ingestion/model.py.

`python -m ingestion.raw_sources` after changing a row type; a test checks they agree.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ingestion.landing import RAW_TABLES, raw_columns

SOURCES_YML = Path(__file__).resolve().parent.parent / "dbt_project" / "models" / "staging" / "__sources.yml"

DESCRIPTIONS = {
    "documents": "One row per plan file loaded: id derived from the file name, path under the raw directory, content hash, detected encoding, sizes, format (txt/html/docx/pdf/doc/.../xlsx/...), the reader used, page count, and its role: a plan's main text, an attachment of one (main_document_id, main_plan_seq) or standalone.",
    "document_lines": "Every line of every document's text (a .txt as printed, line endings normalized; "
    "HTML/DOCX/PDF as read: one line per paragraph or table row), 1-based line_no, page_no for PDFs: "
    "the provenance every fact points to.",
    "plans": "Plans detected inside each document (a file can hold two): title, type, issuer, 文号, date, "
    "period, region.",
    "table_cells": "Cells of every reconstructed table, with row/column position and the line each cell is "
    "printed on.",
    "indicator_values": "One printed value of one indicator-table row, as parsed from the text (comparator, "
    "number, unit, year, kind).",
    "projects": "Projects as listed in a plan: key-project table rows, prose project descriptions and 专栏 "
    "box items.",
    "funding": "Every amount of money stated in a plan, with kind, source of funds, period and the phrase "
    "that states it.",
    "stated_totals": "Totals and counts a plan states about its own project list (合计 rows, category "
    "subtotals, prose sentences).",
    "audited_lines": "The read audit (ingestion/read_audit.py): every line inside a table region or project section that prints numbers with a unit of the field (%, ‰, 倍, 万元, 亿元, 张, 个, 人, 所, 平方米), with how many and how many fed a fact row, and every caption with no table rebuilt under it.",
    "statements": "Every number with a unit that a plan's prose states (ingestion.statements), with subject, kind, year, sentence and the character span of the value in its line.",
    "printed_dates": "Every calendar date a plan prints (ingestion/printed_dates.py), in its parts as printed and unchecked: a year run into its month (20228月12日) has has_year_mark false; month 13 and 2月30日 are kept as printed.",
    "list_items": "The items of sentences that list several things at once (ingestion/claims_lists.py): the subjects and value runs of a 分别 sentence, the names and the count of a list of named places (甲、乙、丙3个乡镇); items of one claim share claim_seq.",
    "title_mentions": "Plan titles a document quotes in 《》 (ingestion/title_mentions.py): the notice's name for its plan and the plans the body cites, whitespace removed, with the line of the opening 《.",
    "text_claims": "What the prose claims that another part of the same text can contradict "
    "(ingestion/text_claims.py), one row per item of a claim: a stated value of an indicator, a whole and "
    "its parts, a count with its per-unit and total area, an area and its 亩, a table-of-contents entry and "
    "its heading, a heading's period and the periods of its section, a sentence's period and the years of "
    "its figure, the unit in an indicator's name and the unit of its value. The quality layer compares the items of each claim.",
}


def sources_document() -> dict:
    tables = [
        {
            "name": table,
            "description": DESCRIPTIONS[table],
            "columns": [{"name": name, "data_type": tp.lower()} for name, tp in raw_columns(table)],
        }
        for table in RAW_TABLES
    ]
    tables.append(
        {
            "name": "load_errors",
            "description": "Documents that could not be read or parsed in their latest attempt, with the "
            "reason. Their previously loaded rows are kept.",
            "columns": [{"name": c} for c in ("document_id", "source_path", "error", "failed_at")],
        }
    )
    tables.append(
        {
            "name": "document_warnings",
            "description": "Loaded documents that deserve a look: 'duplicate_content' (same text as an earlier file, see documents.duplicate_of_document_id), 'possibly_truncated', 'repeated_plan' or 'not_read' (what a reader left out on purpose: a hidden sheet or hidden rows of a spreadsheet).",
            "columns": [
                {"name": c} for c in ("document_id", "source_path", "warning_kind", "message", "detected_at")
            ],
        }
    )
    tables.append(
        {
            "name": "document_changes",
            "description": "Documents whose raw rows were replaced, deleted or re-marked duplicate since the "
            "last successful dbt refresh: what the incremental models rebuild (emptied by that refresh).",
            "columns": [{"name": c} for c in ("document_id", "changed_at")],
        }
    )
    return {
        "version": 2,
        "sources": [
            {
                "name": "raw",
                "schema": "raw",
                "description": "Rows as loaded by the Dagster ingestion assets (ingestion/landing.py); "
                "text as printed with provenance.",
                "tables": tables,
            }
        ],
    }


if __name__ == "__main__":
    SOURCES_YML.write_text(yaml.safe_dump(sources_document(), allow_unicode=True, sort_keys=False, width=100))
    print(f"wrote {SOURCES_YML}")
