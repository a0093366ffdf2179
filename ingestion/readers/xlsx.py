"""Spreadsheets (.xlsx; .xls/.et/.ods after LibreOffice made them .xlsx): every sheet as a grid.

A sheet is read as the table it prints: the cached values of formulas (what Excel last
showed; a formula is never evaluated here), a merged cell's text in its first grid position
and empty cells after it (as the .docx reader gives a merged table cell), numbers as printed
(a percentage cell 0.55 shown as 55%). Rows before the first row with two filled cells (the
sheet's title, "单位：万元") are plain lines, as a caption above a table in a document; the
rest are TAB-separated rows, so the same table path reads a project list or an indicator
table in a sheet as in a .docx. A unit in a header cell (总投资（亿元）) is read by that path
for the whole column.

Hidden sheets and hidden rows are not read; each is named in `ReadText.notes` (a warning
of the document). A sheet longer than MAX_SHEET_ROWS refuses the file before it is loaded
into memory: a plan's table has hundreds of rows, not a million.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import zipfile
from pathlib import PurePosixPath

from ingestion.decode import UnreadableDocument
from ingestion.readers import ReadText, cell_text, grid_lines, refuse_zip_bomb

READER = f"openpyxl {importlib.metadata.version('openpyxl')}"
MAX_SHEET_ROWS = 20_000
MAX_SHEET_COLUMNS = 200
MAX_XLSX_UNCOMPRESSED_BYTES = 256 * 2**20
MAX_XLSX_COMPRESSION_RATIO = 200
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def check_package(data: bytes, source_path: str) -> None:
    """Refuse what is not a sane, macro-free .xlsx package before openpyxl inflates anything."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableDocument(
                source_path, "encrypted (password-protected); save it without a password to load it"
            )
        raise UnreadableDocument(
            source_path, "an Excel 97-2003 .xls file named .xlsx; rename it .xls to have it converted"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableDocument(source_path, f"not a valid .xlsx (corrupt zip: {exc})") from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise UnreadableDocument(source_path, "not an .xlsx (no xl/workbook.xml in the package)")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnreadableDocument(
            source_path,
            "carries a macro (VBA) project; macros are never run: save it as .xlsx without macros",
        )
    refuse_zip_bomb(
        members, source_path, MAX_XLSX_UNCOMPRESSED_BYTES, MAX_XLSX_COMPRESSION_RATIO, "a spreadsheet"
    )


def _check_sizes(data: bytes, source_path: str) -> None:
    """Stream each sheet's XML and stop at the row cap: constant memory, and time bounded by the
    cap, not by the sheet (openpyxl's read-only mode still walks a sheet without a dimension)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(
            n for n in package.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ):
            with package.open(name) as sheet_xml:
                rows = etree.iterparse(sheet_xml, events=("end",), tag=f"{_MAIN}row", huge_tree=False)
                for count, (_, element) in enumerate(rows, start=1):
                    element.clear()
                    if count > MAX_SHEET_ROWS:
                        raise UnreadableDocument(
                            source_path,
                            f"worksheet {PurePosixPath(name).name} has more than {MAX_SHEET_ROWS:,} rows "
                            "(a plan's table has hundreds); not read",
                        )


def cell_value_text(value, number_format: str | None) -> str:
    """A cell's cached value as the sheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            value = value * 100
            return f"{value:.10g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return f"{value:.12g}" if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return cell_text(str(value))


def sheet_lines(rows: list[list[str]]) -> list[str]:
    """A sheet's visible rows as lines: leading one-cell rows as plain lines, then the table."""
    lines: list[str] = []
    start = 0
    for start, row in enumerate(rows):  # noqa: B007
        filled = [cell for cell in row if cell]
        if len(filled) >= 2:
            break
        if filled:
            lines.append(filled[0])
    else:
        return lines
    table = rows[start:]
    width = max((max((i + 1 for i, c in enumerate(row) if c), default=0) for row in table), default=0)
    return lines + grid_lines([row[:width] for row in table])


def read_xlsx(data: bytes, source_path: str, source_format: str = "xlsx", via: str = "") -> ReadText:
    check_package(data, source_path)
    import openpyxl

    try:
        _check_sizes(data, source_path)
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except UnreadableDocument:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise UnreadableDocument(
            source_path, f"not a readable spreadsheet ({type(exc).__name__}: {exc})"
        ) from None
    lines: list[str] = []
    notes: list[str] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            notes.append(f"sheet {sheet.title!r} is hidden; not read")
            continue
        if sheet.max_column > MAX_SHEET_COLUMNS:
            raise UnreadableDocument(
                source_path,
                f"sheet {sheet.title!r} has {sheet.max_column} columns, more than {MAX_SHEET_COLUMNS}",
            )
        hidden_rows = []
        rows: list[list[str]] = []
        for row in sheet.iter_rows():
            row_no = row[0].row if row else 0
            dimension = sheet.row_dimensions.get(row_no) if row_no else None
            if dimension is not None and dimension.hidden:
                if any(cell.value is not None for cell in row):
                    hidden_rows.append(row_no)
                continue
            rows.append([cell_value_text(cell.value, cell.number_format) for cell in row])
        if hidden_rows:
            shown = ", ".join(map(str, hidden_rows[:10])) + (" …" if len(hidden_rows) > 10 else "")
            notes.append(f"sheet {sheet.title!r}: {len(hidden_rows)} hidden row(s) not read (row {shown})")
        lines += sheet_lines(rows)
    workbook.close()
    if not lines:
        raise UnreadableDocument(source_path, "the spreadsheet has no text in its visible sheets")
    return ReadText(
        lines=lines,
        page_numbers=None,
        encoding="utf-8",
        source_format=source_format,
        reader=f"{via} + {READER}" if via else READER,
        notes=tuple(notes),
    )
