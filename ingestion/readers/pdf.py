"""PDFs: the text layer with page numbers, tables from ruling lines, page furniture removed.

pypdfium2 opens the file first (fast, C): it refuses an encrypted file, counts the pages
against MAX_PDF_PAGES before anything is read page by page, and tells a scan (no text
layer) from a text PDF. pdfplumber (pdfminer.six) then reads each page: tables found from
their ruling lines become TAB rows (a header repeated on the next page kept once), the text
around them one line per paragraph (the printed lines of a wrapped paragraph joined, as the
page it was printed from has it), in reading order. Running heads, page numbers and
footers are dropped, and the radical look-alikes CJK fonts put into text layers (⺠ for 民)
become the ideographs they print. Each line keeps the page it starts on.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.metadata
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.psexceptions import PSException
from pdfplumber.utils import chars_to_textmap
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ingestion.decode import UnreadableDocument
from ingestion.readers import ReadText, grid_lines
from ingestion.readers.radicals_seed import RADICALS_TSV
from vocabulary.text import RANGE_DASHES

# pdfminer logs every font quirk of a valid file (a missing FontBBox) as a warning.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

READER = f"pdfplumber {importlib.metadata.version('pdfplumber')}"

# A plan is tens to a few hundred pages; a file with more is not one plan, and reading it
# page by page would hold an extraction worker for hours.
MAX_PDF_PAGES = 2000

# Page furniture: lines in the top or bottom band of a page...
_EDGE_BAND = 0.1  # share of the page height
_EDGE_LINES = 2  # at most this many lines at each edge are candidates
# ...that are a page number, or repeat (digits aside) on this share of the pages.
_REPEAT_SHARE = 0.5
_MIN_PAGES_FOR_REPEATS = 3
_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [{RANGE_DASHES}\s]*\d{{1,4}}[{RANGE_DASHES}\s]*                # 12, - 12 -, —12—
      | 第\s*\d{{1,4}}\s*页\s*[,，、/]?\s*(?:共\s*\d{{1,4}}\s*页)?  # 第3页 共20页
      | 共\s*\d{{1,4}}\s*页\s*[,，、/]?\s*第\s*\d{{1,4}}\s*页
      | \d{{1,4}}\s*/\s*\d{{1,4}}                          # 3/20
      | (?:page\s*)?\d{{1,4}}\s*(?:of|/)\s*\d{{1,4}}        # Page 3 of 20
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# CJK fonts map the dash of GB2312 0xA1AA to U+2015 HORIZONTAL BAR (the mapping tables
# differ); it is the dash that 2022—2024 is printed with.
_FONT_DASH = {0x2015: 0x2014}


def normalize_radicals(text: str) -> str:
    """Kangxi radicals and CJK radicals supplement -> the unified ideographs they look like; ― -> —."""
    return text.translate(_radical_table())


@functools.cache
def _radical_table() -> dict[int, int]:
    rows = RADICALS_TSV.read_text(encoding="utf-8").splitlines()
    table = {int(a, 16): int(b, 16) for a, b in (row.split("\t") for row in rows if not row.startswith("#"))}
    return table | _FONT_DASH


@dataclass
class _Line:
    page: int
    top: float
    text: str
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    table_row: bool = False
    table_seq: int = 0  # which table of the page a row belongs to (0: not a table row)
    page_width: float = 0.0
    at_edge: bool = False  # in the top/bottom band, among the first/last lines of the page


def preflight(data: bytes, source_path: str) -> int:
    """Page count of a readable text PDF; refuses encrypted, oversized and image-only files."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(source_path, "not a PDF (no %PDF- header)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument(
                source_path, "encrypted PDF (password-protected); save an unprotected copy to load it"
            ) from None
        raise UnreadableDocument(source_path, f"not a readable PDF ({exc})") from None
    try:
        page_count = len(document)
        if page_count > MAX_PDF_PAGES:
            raise UnreadableDocument(
                source_path,
                f"PDF has {page_count} pages, more than the {MAX_PDF_PAGES}-page limit for one plan; not read",
            )
        if page_count == 0:
            raise UnreadableDocument(source_path, "PDF has no pages")
        if not any(_has_text(document, index) for index in range(page_count)):
            raise UnreadableDocument(
                source_path, f"no text layer; OCR is not supported ({page_count} pages of images: a scan?)"
            )
    finally:
        document.close()
    return page_count


def _has_text(document: pdfium.PdfDocument, index: int) -> bool:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return bool(textpage.get_text_range().strip())
        finally:
            textpage.close()
    finally:
        page.close()


def _page_lines(page: pdfplumber.page.Page, number: int) -> list[_Line]:
    """The page's printed text lines and table rows, in reading order (top to bottom)."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]

    def outside_tables(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    lines = _text_lines(
        page.filter(outside_tables).extract_text_lines(strip=True, return_chars=False), number, page
    )
    for seq, table in enumerate(tables, start=1):
        grid = [[normalize_radicals(cell or "") for cell in row] for row in table.extract()]
        x0, top, x1, bottom = table.bbox
        lines += [
            _Line(number, top + i * 1e-3, row, x0, x1, bottom, table_row=True, table_seq=seq)
            for i, row in enumerate(grid_lines(grid))
        ]
    return sorted(lines, key=lambda line: line.top)


# pdfplumber's default y_tolerance: characters whose tops differ by this much share a line.
_SAME_LINE = 3


def _text_page_lines(
    pdfium_page: pdfium.PdfPage, page: pdfplumber.page.Page, number: int
) -> list[_Line] | None:
    """A page without ruling lines read through PDFium, ten times faster than pdfminer's parse.

    PDFium (C) gives each character and its box; pdfplumber's own word and line grouping
    (`chars_to_textmap`, the code behind `extract_text_lines`) turns them into the same
    lines. None for a page that needs pdfplumber's layout analysis: one that draws lines or
    boxes (a ruled table), is rotated or offset, or prints rotated text.
    """
    if page.rotation or tuple(page.bbox[:2]) != (0, 0):
        return None
    width, height = pdfium_page.get_size()  # float32: 594.96 comes back as 594.9599609375
    if abs(width - float(page.width)) > 0.5 or abs(height - float(page.height)) > 0.5:
        return None
    if next(pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3), None) is not None:
        return None
    textpage = pdfium_page.get_textpage()
    try:
        chars = _pdfium_chars(textpage, float(page.height))
    except pdfium.PdfiumError:  # a character PDFium cannot place: the layout analysis reads the page
        return None
    finally:
        textpage.close()
    if chars is None:
        return None
    if not chars:
        return []
    textmap = chars_to_textmap(
        chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height
    )
    return _text_lines(textmap.extract_text_lines(strip=True, return_chars=False), number, page)


def _text_lines(text_lines: list[dict], number: int, page: pdfplumber.page.Page) -> list[_Line]:
    """pdfplumber's text lines (`extract_text_lines`) as the reader's lines, radicals normalised."""
    return [
        _Line(
            number,
            line["top"],
            normalize_radicals(line["text"]),
            line["x0"],
            line["x1"],
            line["bottom"],
            page_width=float(page.width),
        )
        for line in text_lines
        if line["text"].strip()
    ]


def _pdfium_chars(textpage: pdfium.PdfTextPage, height: float) -> list[dict] | None:
    """The page's characters as pdfplumber's char dicts (text, x0, x1, top, bottom, size), or
    None when one is rotated. Geometry as pdfminer computes it: the advance box across, the
    baseline and the rendered font size down.

    PDFium drops the space glyphs a PDF prints and "generates" spaces of its own, also
    where a font change splits a word. pdfplumber splits words at spaces, so a generated
    space becomes a space glyph only where it fills a gap between two characters that no
    other character of the line covers: what a printed space is."""
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    origin_x, origin_y, matrix = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_MATRIX()
    chars: list[dict] = []
    spaces_after: list[int] = []  # index in `chars` of the character before a generated space
    for index, char in enumerate(text[:count]):
        if pdfium_c.FPDFText_IsGenerated(textpage, index):
            if char == " " and chars:
                spaces_after.append(len(chars) - 1)
            continue
        if char in "\r\n":
            continue
        pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
        if matrix.b or matrix.c:
            return None
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, origin_x, origin_y)
        left, _, right, _ = textpage.get_charbox(index, loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index) * abs(matrix.d)
        bottom = height - origin_y.value
        chars.append(
            {
                "text": char,
                "x0": left,
                "x1": right,
                "top": bottom - size,
                "bottom": bottom,
                "doctop": bottom - size,
                "upright": True,
                "size": size,
            }
        )
    spaces = []
    for before_index in spaces_after:
        if before_index + 1 >= len(chars):
            continue
        before, after = chars[before_index], chars[before_index + 1]
        gap = (before["x1"], after["x0"])
        if gap[1] - gap[0] < 0.1 or abs(after["top"] - before["top"]) > _SAME_LINE:
            continue
        covered = any(
            c["x0"] < gap[1] and c["x1"] > gap[0] and abs(c["top"] - before["top"]) <= _SAME_LINE
            for c in chars
        )
        if not covered:
            spaces.append(dict(before, text=" ", x0=gap[0], x1=gap[1]))
    return chars + spaces


def reflow(lines: list[_Line]) -> list[_Line]:
    """Join the printed lines of a wrapped paragraph into one line, as the other formats store it.

    A line continues the previous one when that one runs to the right edge of the text and
    this one starts at the left edge, without the gap that separates paragraphs (across a
    page break, the gap is not compared). The right edge is where the longest lines end,
    if that is about as far from the page's right side as the text's left edge is from
    its left side (margins are symmetric; a text of short lines has no full line). Table
    rows are never joined.
    """
    text_lines = [line for line in lines if not line.table_row]
    if not text_lines:
        return lines
    heights = sorted(line.bottom - line.top for line in text_lines)
    char = heights[len(heights) // 2]  # CJK glyphs are square: a line's height is a character's width
    right = max(line.x1 for line in text_lines)
    left = Counter(round(line.x0) for line in text_lines).most_common(1)[0][0]
    out: list[_Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and not line.table_row
            and not previous.table_row
            and previous.x1 >= right - 1.5 * char
            and right >= previous.page_width - left - 3 * char
            and line.x0 <= left + 0.5 * char
            and (line.page != previous.page or line.top - previous.bottom < 0.6 * char)
        ):
            glue = (
                " "
                if previous.text[-1:].isascii()
                and previous.text[-1:].isalnum()
                and line.text[:1].isascii()
                and line.text[:1].isalnum()
                else ""
            )
            out[-1] = _Line(
                previous.page,
                previous.top,
                previous.text + glue + line.text,
                previous.x0,
                line.x1,
                line.bottom,
                page_width=line.page_width,
            )
        else:
            out.append(line)
    return out


def _mark_edges(page_lines: list[_Line], height: float) -> None:
    page_lines = [line for line in page_lines if not line.table_row]
    for line in page_lines[:_EDGE_LINES]:
        line.at_edge = line.top < height * _EDGE_BAND
    for line in page_lines[-_EDGE_LINES:]:
        line.at_edge = line.at_edge or line.top > height * (1 - _EDGE_BAND)


def _furniture(lines: list[_Line], page_count: int) -> set[int]:
    """Indexes of running heads, page numbers and footers."""

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))

    pages_with = Counter()
    for shape_text in {(line.page, shape(line.text)) for line in lines if line.at_edge}:
        pages_with[shape_text[1]] += 1
    repeated = {
        text
        for text, pages in pages_with.items()
        if page_count >= _MIN_PAGES_FOR_REPEATS and pages >= max(2, page_count * _REPEAT_SHARE)
    }
    furniture = set()
    removed = set()  # (page, shape): a repeated line goes once per page (the title under a head stays)
    for i, line in enumerate(lines):
        if not line.at_edge:
            continue
        text_shape = shape(line.text)
        if _PAGE_NUMBER.match(line.text.strip()) or (
            text_shape in repeated and (line.page, text_shape) not in removed
        ):
            furniture.add(i)
            removed.add((line.page, text_shape))
    return furniture


def drop_repeated_headers(lines: list[_Line]) -> list[_Line]:
    """A table continued on the next page repeats its header rows there: keep them once.

    A table part that follows a table row of the previous page (nothing between them) is the
    table's continuation; its leading rows equal to the table's first rows are dropped.
    """
    out: list[_Line] = []
    table_start: list[str] = []  # first rows of the table being continued
    i = 0
    while i < len(lines):
        line = lines[i]
        part_key = (line.page, line.table_seq)
        starts_part = line.table_row and (i == 0 or (lines[i - 1].page, lines[i - 1].table_seq) != part_key)
        if starts_part and out and out[-1].table_row and out[-1].page < line.page:
            part = [other.text for other in lines[i:] if (other.page, other.table_seq) == part_key]
            repeated = 0
            while repeated < min(len(part) - 1, len(table_start)) and part[repeated] == table_start[repeated]:
                repeated += 1
            i += repeated
            out.append(lines[i])
            i += 1
            continue
        if starts_part:
            table_start = []
        if line.table_row and len(table_start) < 3:
            table_start.append(line.text)
        out.append(line)
        i += 1
    return out


# What the libraries raise on a damaged file (pdfplumber wraps pdfminer's errors in opening the
# file and listing its pages; pdfminer's own PSException/PDFException come out of a page's
# content). Anything else is a bug of ours or theirs, not a property of the file: it is not
# turned into "not a readable PDF" but fails as a pipeline error with its traceback.
UNREADABLE_PDF = (PdfminerException, MalformedPDFException, PSException, pdfium.PdfiumError)


def read_pdf(data: bytes, source_path: str) -> ReadText:
    page_count = preflight(data, source_path)
    lines: list[_Line] = []
    try:
        document = pdfium.PdfDocument(data)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                pdfium_page = document[number - 1]
                page_lines = _text_page_lines(pdfium_page, page, number)
                pdfium_page.close()
                if page_lines is None:
                    page_lines = _page_lines(page, number)
                _mark_edges(page_lines, float(page.height))
                lines += page_lines
                page.close()  # frees the page's parsed objects: memory stays flat on long files
        document.close()
    except UNREADABLE_PDF as exc:
        raise UnreadableDocument(source_path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    furniture = _furniture(lines, page_count)
    kept = reflow(drop_repeated_headers([line for i, line in enumerate(lines) if i not in furniture]))
    if not kept:
        raise UnreadableDocument(source_path, "no text layer; OCR is not supported")
    return ReadText(
        lines=[line.text for line in kept],
        page_numbers=[line.page for line in kept],
        encoding=None,
        source_format="pdf",
        reader=READER,
        page_count=page_count,
    )
