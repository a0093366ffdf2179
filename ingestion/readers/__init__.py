"""Readers: the bytes of one published file -> the lines of its normalised text.

Every format is read into the shape of a plan saved as text, so one set of extractors
reads them all: one line per paragraph, heading or table row; a table row is its cells
separated by TABs (a cell's wrapped lines joined; a cell spanning rows or columns has its
text in its first grid position and empty cells after it), as a browser's "save as text"
writes a web page. Formats with pages (PDF) also give the page of every line.
Each reader is pure (bytes in, lines out) and raises UnreadableDocument naming the file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import PurePosixPath

from ingestion.decode import MAX_PLAN_BYTES, UnreadableDocument
from ingestion.decode import too_large_reason as _too_large_for

# File suffix (lowercase) -> source_format. Word processor files other than .docx (.doc, .wps,
# .rtf, .odt) and spreadsheets other than .xlsx (.xls, .et, .ods) are converted by LibreOffice
# (readers/office.py) to .docx / .xlsx first.
SOURCE_FORMATS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".doc": "doc",
    ".wps": "wps",
    ".rtf": "rtf",
    ".odt": "odt",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".et": "et",
    ".ods": "ods",
}
# Formats that hold a spreadsheet (a grid per sheet, no running text).
SPREADSHEET_FORMATS = frozenset({"xlsx", "xls", "et", "ods"})

# Largest file accepted per format, checked before the file is read: a plan is 50-500 kB of
# text; a web page carries markup, a Word file and a PDF embedded fonts and images.
MAX_FILE_BYTES = {
    "txt": MAX_PLAN_BYTES,
    "html": 32 * 2**20,
    "docx": 64 * 2**20,
    "pdf": 128 * 2**20,
    "doc": 64 * 2**20,
    "wps": 64 * 2**20,
    "rtf": 64 * 2**20,  # an .rtf stores images as hex text
    "odt": 64 * 2**20,
    "xlsx": 64 * 2**20,
    "xls": 64 * 2**20,
    "et": 64 * 2**20,
    "ods": 64 * 2**20,
}


@dataclass(frozen=True)
class ReadText:
    """A document's normalised text and how it was read."""

    lines: list[str]
    page_numbers: list[int] | None  # 1-based page of each line; None for formats without pages
    encoding: str | None  # the text's character encoding; None where the format has none (PDF)
    source_format: str  # a value of SOURCE_FORMATS
    reader: str  # library and version that read it, e.g. "pdfplumber 0.11.10"
    page_count: int | None = None
    notes: tuple[str, ...] = ()  # what was deliberately not read (a hidden sheet), for the warnings


def source_format_for(source_path: str) -> str | None:
    """A value of SOURCE_FORMATS from the file name; None for a file the warehouse does not read."""
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
    elif source_format == "xlsx":
        from ingestion.readers.xlsx import read_xlsx as reader
    elif source_format != "txt":
        return _read_converted(data, source_path, source_format)
    else:
        from ingestion.readers.text import read_text as reader
    return reader(data, source_path)


def _read_converted(data: bytes, source_path: str, source_format: str) -> ReadText:
    """A file LibreOffice converts to .docx or .xlsx first, then read by that reader."""
    from ingestion.readers.office import convert, libreoffice_version

    converted, target = convert(data, source_path)
    via = libreoffice_version()
    if target == "xlsx":
        from ingestion.readers.xlsx import read_xlsx

        return read_xlsx(converted, source_path, source_format=source_format, via=via)
    from ingestion.readers.docx import read_docx

    read = read_docx(converted, source_path)
    return dataclasses.replace(read, source_format=source_format, reader=f"{via} + {read.reader}")


def cell_text(text: str | None) -> str:
    """A table cell as one line: its wrapped lines joined without separator (as tables.py joins them)."""
    if not text:
        return ""
    return "".join(part.strip() for part in text.replace("\t", " ").splitlines())


def grid_lines(grid: list[list[str]]) -> list[str]:
    """A table as TAB-separated rows, one line per row; rows with no text are dropped."""
    return ["\t".join(cell_text(cell) for cell in row) for row in grid if any(cell_text(c) for c in row)]


def refuse_zip_bomb(members: list, source_path: str, max_bytes: int, max_ratio: int, kind: str) -> None:
    """Refuse an Office package (a zip) that unpacks to more than `max_bytes`, or with a large
    member inflating more than `max_ratio`-fold: checked from the directory, before reading."""
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise UnreadableDocument(
            source_path,
            f"unpacks to {total / 2**20:.0f} MB, more than the {max_bytes // 2**20} MB "
            f"limit for {kind} (zip bomb?); not read",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > max_ratio:
            raise UnreadableDocument(
                source_path,
                f"{member.filename} inflates {ratio:.0f}-fold, more than the "
                f"{max_ratio}-fold limit for {kind} (zip bomb?); not read",
            )
