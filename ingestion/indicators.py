"""Indicator tables -> one row per printed value."""

from __future__ import annotations

from ingestion.model import IndicatorValue


def extract_indicator_values(tables: list) -> list[IndicatorValue]:
    return []  # TODO(helper: indicators)
