"""Segment a document into blocks (headings, paragraphs, tables, 专栏 boxes ...)."""

from __future__ import annotations

from ingestion.model import Block


def segment_blocks(lines: list[str]) -> list[Block]:
    return []  # TODO(helper: structure)
