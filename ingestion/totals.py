"""Totals and counts a plan states about its own project list."""

from __future__ import annotations

from ingestion.model import StatedTotal


def extract_stated_totals(lines: list[str], tables: list) -> list[StatedTotal]:
    return []  # TODO(helper: projects)
