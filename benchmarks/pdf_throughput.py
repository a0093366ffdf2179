"""PDF pages per second per core: the warehouse's reader beside poppler's pdftotext and pypdfium2.

Prints figures, asserts nothing. Prints an invented plan (tests/formats/invented.py) to
PDF with headless Chromium, each paragraph eight times (most pages prose, a few with a
ruled table, as in a real plan) and the whole repeated until the file has at least --pages pages,
then reads the same file, one process, single-threaded:

- `pdftotext` (poppler, C++): the whole file to text, as a subprocess (process start included);
- pypdfium2 (PDFium, C++): the text of every page, `get_text_range`;
- pdfplumber `extract_text` per page: what the layout analysis costs without our rules;
- `ingestion.readers.pdf.read_pdf`: what the warehouse does (text lines, ruled tables,
  furniture, reflow): PDFium's characters on pages without ruling lines, pdfplumber's layout
  analysis on the others; and, for comparison, with pdfplumber on every page (as before).

    python -m benchmarks.pdf_throughput [--pages 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from ingestion.readers import pdf as pdf_reader
from ingestion.readers.pdf import read_pdf
from tests.formats.invented import PLANS
from tests.formats.plans import Table, write_pdf


def _long_plan(pages: int, folder: Path) -> Path:
    """The invented plan printed with its body repeated until the PDF has `pages` pages or more."""
    plan = PLANS[0]
    # A plan is mostly prose: each paragraph eight times, so only a few pages hold a ruled table.
    plan = dataclasses.replace(
        plan, blocks=[b for b in plan.blocks for _ in range(1 if isinstance(b, Table) else 8)]
    )
    copies = 1
    while True:
        long_plan = dataclasses.replace(plan, blocks=plan.blocks * copies)
        pdf = write_pdf(long_plan, folder)
        count = len(pdfium.PdfDocument(pdf.read_bytes()))
        if count >= pages:
            return pdf
        copies = max(copies + 1, int(copies * pages / max(count, 1)) + 1)


def _median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pdftotext(path: Path, layout: bool) -> None:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    subprocess.run(args, check=True, capture_output=True)


def _pdfium_text(data: bytes) -> None:
    document = pdfium.PdfDocument(data)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def _pdfplumber_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def _read_pdf_layout_everywhere(data: bytes) -> None:
    """read_pdf as before PDFium read the pages without ruling lines: pdfplumber on every page."""
    fast_path = pdf_reader._text_page_lines
    pdf_reader._text_page_lines = lambda *args: None
    try:
        read_pdf(data, "bench.pdf")
    finally:
        pdf_reader._text_page_lines = fast_path


def _pages_read_through_pdfium(data: bytes) -> int:
    fast_path, pages = pdf_reader._text_page_lines, []

    def counting(pdfium_page, page, number):
        lines = fast_path(pdfium_page, page, number)
        pages.extend([number] if lines is not None else [])
        return lines

    pdf_reader._text_page_lines = counting
    try:
        read_pdf(data, "bench.pdf")
    finally:
        pdf_reader._text_page_lines = fast_path
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    try:
        pdf = _long_plan(args.pages, folder)
        data = pdf.read_bytes()
        pages = len(pdfium.PdfDocument(data))
        print(f"{pdf.name}: {pages} pages, {len(data) / 1024:.0f} kB (Chromium, CJK font)\n")
        readers: list[tuple[str, Callable[[], object]]] = [
            ("pdftotext (poppler)", lambda: _pdftotext(pdf, False))
        ]
        readers.append(("pdftotext -layout (poppler)", lambda: _pdftotext(pdf, True)))
        readers.append(("pypdfium2 get_text_range", lambda: _pdfium_text(data)))
        readers.append(("pdfplumber extract_text", lambda: _pdfplumber_text(data)))
        readers.append(("read_pdf, pdfplumber on every page", lambda: _read_pdf_layout_everywhere(data)))
        readers.append(("read_pdf (the warehouse)", lambda: read_pdf(data, pdf.name)))
        print(
            f"{'reader':36} {'s/file':>8} {'pages/s':>9} {'ms/page':>8}   (median of {args.repeat}, one core)"
        )
        for label, work in readers:
            seconds = _median_seconds(work, args.repeat)
            print(f"{label:36} {seconds:8.3f} {pages / seconds:9.1f} {seconds / pages * 1000:8.1f}")
        fast = _pages_read_through_pdfium(data)
        print(
            f"\nread_pdf read {fast} of {pages} pages through PDFium (no ruling lines); the rest through pdfplumber"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
