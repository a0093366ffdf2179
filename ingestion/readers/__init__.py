"""Readers: the bytes of one published file -> the lines of its normalised text.

Every format is read into the shape of a plan saved as text, so one set of extractors
reads them all: one line per paragraph, heading or table row; a table row is its cells
separated by TABs (a cell's wrapped lines joined; a cell spanning rows or columns has its
text in its first grid position and empty cells after it), as a browser's "save as text"
writes a web page. Formats with pages (PDF) also give the page of every line.
Each reader is pure (bytes in, lines out) and raises UnreadableDocument naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ingestion.decode import MAX_PLAN_BYTES, UnreadableDocument
from ingestion.decode import too_large_reason as _too_large_for

# File suffix (lowercase) -> source_format.
SOURCE_FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}

# Largest file accepted per format, checked before the file is read: a plan is 50-500 kB of
# text; a web page carries markup, a Word file and a PDF embedded fonts and images.
MAX_FILE_BYTES = {
    "txt": MAX_PLAN_BYTES,
    "html": 32 * 2**20,
    "docx": 64 * 2**20,
    "pdf": 128 * 2**20,
}


@dataclass(frozen=True)
class ReadText:
    """A document's normalised text and how it was read."""

    lines: list[str]
    page_numbers: list[int] | None  # 1-based page of each line; None for formats without pages
    encoding: str | None  # the text's character encoding; None where the format has none (PDF)
    source_format: str  # txt | html | docx | pdf
    reader: str  # library and version that read it, e.g. "pdfplumber 0.11.10"
    page_count: int | None = None


def source_format_for(source_path: str) -> str | None:
    """'txt' | 'html' | 'docx' | 'pdf' from the file name; None for a file the warehouse does not read."""
    return SOURCE_FORMATS.get(PurePosixPath(source_path).suffix.lower())


def too_large_reason(source_path: str, byte_count: int) -> str | None:
    source_format = source_format_for(source_path) or "txt"
    kind = "plan text" if source_format == "txt" else f".{source_format} plan"
    return _too_large_for(byte_count, MAX_FILE_BYTES[source_format], kind)


def read_document(data: bytes, source_path: str) -> ReadText:
    """Read a plan file of any accepted format. Raises UnreadableDocument for bad input."""
    source_format = source_format_for(source_path)
    if source_format is None:
        raise UnreadableDocument(
            source_path, f"unsupported file type; accepted: {', '.join(sorted(SOURCE_FORMATS))}"
        )
    if not data.strip():
        raise UnreadableDocument(source_path, "file is empty")
    if reason := too_large_reason(source_path, len(data)):
        raise UnreadableDocument(source_path, reason)
    # Readers import their library only when a file of their format comes along.
    if source_format == "html":
        from ingestion.readers.html import read_html as reader
    elif source_format == "docx":
        from ingestion.readers.docx import read_docx as reader
    elif source_format == "pdf":
        from ingestion.readers.pdf import read_pdf as reader
    else:
        from ingestion.readers.text import read_text as reader
    return reader(data, source_path)


def cell_text(text: str | None) -> str:
    """A table cell as one line: its wrapped lines joined without separator (as tables.py joins them)."""
    if not text:
        return ""
    return "".join(part.strip() for part in text.replace("\t", " ").splitlines())


def grid_lines(grid: list[list[str]]) -> list[str]:
    """A table as TAB-separated rows, one line per row; rows with no text are dropped."""
    return ["\t".join(cell_text(cell) for cell in row) for row in grid if any(cell_text(c) for c in row)]
