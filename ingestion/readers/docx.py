"""Word files (.docx): paragraphs, tables as grids with merged cells expanded, text boxes.

python-docx reads the body in order; headings are plain lines (the text path recognises
headings by their numbering, as it does in a .txt). Page headers and footers are not part
of the body, so running heads never reach the text. The zip is checked before it is
opened: a .doc renamed .docx, a broken zip and a zip bomb are refused with a reason.
"""

from __future__ import annotations

import importlib.metadata
import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ingestion.decode import UnreadableDocument
from ingestion.readers import ReadText, cell_text, grid_lines

READER = f"python-docx {importlib.metadata.version('python-docx')}"

# A plan's document.xml is a few MB; a member that inflates far beyond that, or by a
# ratio no text compresses to, is a zip bomb and is refused before anything is inflated.
MAX_DOCX_UNCOMPRESSED_BYTES = 256 * 2**20
MAX_DOCX_COMPRESSION_RATIO = 200
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Word 97-2003 .doc (and other OLE files)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_package(data: bytes, source_path: str) -> None:
    """Refuse what is not a sane .docx package, before python-docx inflates anything."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument(
            source_path,
            "a Word 97-2003 .doc file named .docx; only .docx is read (save it as .docx or PDF)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableDocument(source_path, f"not a valid .docx (corrupt zip: {exc})") from None
    total = sum(member.file_size for member in members)
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            source_path,
            f"unpacks to {total / 2**20:.0f} MB, more than the {MAX_DOCX_UNCOMPRESSED_BYTES // 2**20} MB "
            "limit for a .docx (zip bomb?); not read",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 2**20 and ratio > MAX_DOCX_COMPRESSION_RATIO:
            raise UnreadableDocument(
                source_path,
                f"{member.filename} inflates {ratio:.0f}-fold, more than the "
                f"{MAX_DOCX_COMPRESSION_RATIO}-fold limit for a .docx (zip bomb?); not read",
            )
    if "word/document.xml" not in {member.filename for member in members}:
        raise UnreadableDocument(source_path, "not a .docx (no word/document.xml in the package)")


def _paragraph_lines(paragraph: Paragraph) -> list[str]:
    """The paragraph's text, then the paragraphs of any text box anchored in it."""
    lines = [paragraph.text.strip()]
    # A text box is stored twice (DrawingML and a VML fallback); read the first copy only.
    for box in paragraph._p.xpath(".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])]"):
        lines += [Paragraph(p, paragraph._parent).text.strip() for p in box.iterchildren(f"{_W}p")]
    return [line for line in lines if line]


def table_grid(table: Table) -> list[list[str]]:
    """Rows of the table's grid: a merged cell's text in its first grid position, '' in the others."""
    grid: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            # vMerge="continue" cells are the lower parts of a vertically merged cell.
            text = (
                ""
                if tc.vMerge == "continue"
                else "".join(cell_text(p.text) for p in _Cell(tc, table).paragraphs)
            )
            row += [text] + [""] * (tc.grid_span - 1)
        grid.append(row)
    width = max((len(row) for row in grid), default=0)
    return [row + [""] * (width - len(row)) for row in grid]


def read_docx(data: bytes, source_path: str) -> ReadText:
    check_package(data, source_path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(source_path, f"not a readable .docx ({exc})") from None
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lines += grid_lines(table_grid(item))
        else:
            lines += _paragraph_lines(item)
    if not lines:
        raise UnreadableDocument(source_path, "the .docx has no text")
    return ReadText(lines=lines, page_numbers=None, encoding="utf-8", source_format="docx", reader=READER)
