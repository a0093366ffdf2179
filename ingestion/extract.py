"""One document's bytes -> all its raw rows. Pure: no files, no database."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from ingestion.amounts import amount_tolerance_wan
from ingestion.blocks import segment_blocks
from ingestion.claims_lists import list_items
from ingestion.funding import extract_funding
from ingestion.indicators import extract_indicator_values
from ingestion.model import Document, DocumentLine, Extract, Plan
from ingestion.plans import detect_plans
from ingestion.printed_dates import printed_dates
from ingestion.projects import extract_projects
from ingestion.read_audit import audit_reading
from ingestion.readers import read_document
from ingestion.repeats import drop_repeated_copy
from ingestion.spans import attach_spans, read_spans
from ingestion.statements import extract_statements
from ingestion.table_cells import type_table_cells
from ingestion.tables import reconstruct_tables, table_cells
from ingestion.text_claims import extract_text_claims
from ingestion.title_mentions import quoted_titles
from ingestion.totals import extract_stated_totals


def document_id_for(source_path: str) -> str:
    """A stable id from the file's path under the raw directory.

    ASCII names keep their stem (`000_80bd01bbf9972bbb`); other characters are
    dropped and a short hash of the full path keeps two names apart.
    """
    path = PurePosixPath(source_path)
    stem = unicodedata.normalize("NFKC", path.stem)
    if path.suffix.lower() not in ("", ".txt"):
        stem = f"{stem}_{path.suffix[1:]}"  # plan.pdf beside plan.docx: the format keeps the ids apart
    # A name that lowercasing changes (A.txt vs a.txt) gets the hash too, so ids never collide.
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
    if slug == stem and str(path.parent) in ("", "."):
        return slug
    digest = hashlib.sha1(source_path.encode("utf-8")).hexdigest()[:8]
    return f"{slug[:40]}-{digest}" if slug else f"doc-{digest}"


def extract_document(data: bytes, source_path: str) -> Extract:
    """Read (any accepted format) and parse one plan file. Raises UnreadableDocument for bad input."""
    read = read_document(data, source_path)
    lines = read.lines
    pages = read.page_numbers or [None] * len(lines)
    document = Document(
        document_id=document_id_for(source_path),
        source_path=source_path,
        content_sha256=hashlib.sha256(data).hexdigest(),
        encoding=read.encoding,
        byte_count=len(data),
        char_count=sum(len(line) for line in lines),
        line_count=len(lines),
        source_format=read.source_format,
        reader=read.reader,
        page_count=read.page_count,
    )
    tables = reconstruct_tables(lines)
    # a table cell's tolerance is its unit's (0.32 under （亿元） is ±50 万元): set where it was read
    projects = [
        p
        if p.investment_tolerance_wan is not None
        else dataclasses.replace(p, investment_tolerance_wan=amount_tolerance_wan(p.investment_text))
        for p in extract_projects(lines, tables)
    ]
    plans = detect_plans(lines)
    period_at = functools.partial(plan_period_at, plans)
    extract = Extract(
        document=document,
        lines=[
            DocumentLine(line_no=i, text=text, page_no=page)
            for i, (text, page) in enumerate(zip(lines, pages, strict=True), start=1)
        ],
        plans=plans,
        table_cells=type_table_cells(tables, table_cells(tables), plans),
        indicator_values=extract_indicator_values(tables, period_at),
        projects=projects,
        funding=extract_funding(lines, projects, period_at, tables),
        stated_totals=extract_stated_totals(lines, tables),
        read_notes=read.notes,
    )
    blocks = segment_blocks(lines)
    table_names = [value.indicator_name for value in extract.indicator_values]
    extract.statements = extract_statements(lines, blocks, period_at, table_names)
    extract.text_claims = extract_text_claims(lines, blocks, period_at, extract.indicator_values)
    extract.printed_dates = printed_dates(lines)
    extract.list_items = list_items(lines, blocks, extract.statements)
    extract.title_mentions = quoted_titles(lines)
    extract = attach_spans(extract)  # where on its line each cell and fact is printed
    facts = [*extract.indicator_values, *extract.projects, *extract.funding, *extract.stated_totals]
    # a number of a rebuilt table that fed only marts.fct_table_cells: the audit decides (_cells_read)
    extract.audited_lines = audit_reading(
        lines,
        blocks,
        extract.table_cells,
        [fact.source_line for fact in facts],
        read_spans(lines, extract.indicator_values, extract.projects, extract.funding, extract.stated_totals),
    )
    return drop_repeated_copy(extract)  # a plan printed twice in the file counts once


def plan_period_at(plans: list[Plan], line_no: int) -> tuple[int, int] | None:
    """The period of the plan printed at `line_no` (the first plan's for front matter)."""
    plan = next((p for p in plans if p.start_line <= line_no <= p.end_line), plans[0] if plans else None)
    if plan is None or plan.period_start_year is None or plan.period_end_year is None:
        return None
    return plan.period_start_year, plan.period_end_year


def plan_seq_at(plans: list[Plan], line_no: int) -> int | None:
    """The plan whose line span holds `line_no` (the first plan for front matter)."""
    for plan in plans:
        if plan.start_line <= line_no <= plan.end_line:
            return plan.plan_seq
    return plans[0].plan_seq if plans else None
