"""Projects from key-project tables, prose and 专栏 boxes."""

from __future__ import annotations

from ingestion.model import Project


def extract_projects(lines: list[str], tables: list) -> list[Project]:
    return []  # TODO(helper: projects)
