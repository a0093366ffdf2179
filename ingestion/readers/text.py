"""Plain text: the file's own lines, in whatever encoding it was saved (radical look-alikes read
as the ideographs they print, as in a PDF)."""

from __future__ import annotations

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.readers import ReadText
from ingestion.readers.pdf import normalize_radicals


def read_text(data: bytes, source_path: str) -> ReadText:
    decoded = decode_plan_bytes(data, source_path)
    return ReadText(
        # text copied out of a PDF keeps the fonts' radical look-alikes (⽼ for 老), as the PDF reader reads them
        lines=split_lines(normalize_radicals(decoded.text)),
        page_numbers=None,
        encoding=decoded.encoding,
        source_format="txt",
        reader="text",
    )
