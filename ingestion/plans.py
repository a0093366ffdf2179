"""Detect the plans inside a document: title, type, issuer, 文号, date, period, region."""

from __future__ import annotations

from ingestion.model import Plan


def detect_plans(lines: list[str]) -> list[Plan]:
    return []  # TODO(helper: structure)
