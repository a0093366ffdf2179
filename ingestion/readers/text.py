"""Plain text: the file's own lines, in whatever encoding it was saved."""

from __future__ import annotations

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.readers import ReadText


def read_text(data: bytes, source_path: str) -> ReadText:
    decoded = decode_plan_bytes(data, source_path)
    return ReadText(
        lines=split_lines(decoded.text),
        page_numbers=None,
        encoding=decoded.encoding,
        source_format="txt",
        reader="text",
    )
