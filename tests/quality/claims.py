"""What extraction reads in an invented plan's text, shaped as staging.stg_text_claims rows: the
input of the cross-checks that compare claims (expectations.crosschecks)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from ingestion.blocks import segment_blocks
from ingestion.landing import raw_columns
from ingestion.model import IndicatorValue, TextClaim
from ingestion.text_claims import extract_text_claims

COLUMNS = ["text_claim_id", "document_id", "plan_id"] + [
    name for name, _ in raw_columns("text_claims") if name not in ("document_id", "plan_seq", "claim_seq")
]


def indicator_values(frame: pd.DataFrame) -> list[IndicatorValue]:
    """fct_indicator_values rows as the extractor's rows (the names and values it read)."""
    return [
        IndicatorValue(
            table_seq=1,
            table_title=None,
            row_seq=None,
            indicator_group=None,
            indicator_name=r["indicator_name"],
            unit_raw=None,
            unit=r.get("unit"),
            year=None if pd.isna(r.get("year")) else int(r["year"]),
            value_kind=r["value_kind"],
            comparator=r.get("comparator"),
            value_numeric=None if pd.isna(r.get("value_numeric")) else float(r["value_numeric"]),
            value_text=str(r["value_text"]),
            attribute_raw=None,
            source_line=int(r["source_line"]),
        )
        for r in frame.to_dict("records")
    ]


def claims_frame(document_id: str, rows: list[TextClaim], plan_id: str | None = None) -> pd.DataFrame:
    records = [
        {
            **dataclasses.asdict(r),
            "document_id": document_id,
            "plan_id": plan_id,
            "text_claim_id": f"{document_id}-tc{r.claim_seq:05d}",
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=COLUMNS)


def text_claims(
    document_id: str,
    lines: list[str],
    period: tuple[int, int] | None = (2026, 2030),
    values: pd.DataFrame | None = None,
    plan_id: str | None = None,
) -> pd.DataFrame:
    """The claims of one document's `lines` (its plan covering `period`)."""
    table = indicator_values(values) if values is not None else []
    rows = extract_text_claims(lines, segment_blocks(lines), lambda _line: period, table)
    return claims_frame(document_id, rows, plan_id)
