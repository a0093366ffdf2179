"""Every amount of money stated in a plan."""

from __future__ import annotations

from ingestion.model import Funding, Project


def extract_funding(lines: list[str], projects: list[Project]) -> list[Funding]:
    return []  # TODO(helper: projects)
