"""Time per document per office format: the invented plan as .docx and as LibreOffice's .doc,
.rtf and .odt; its project table as .xlsx, .xls and .ods; and a million-row sheet refused.

Prints figures, asserts nothing. Each file is extracted `--repeat` times (extract_document:
conversion, reading and every extractor) and the median is printed; a LibreOffice
conversion starts a fresh soffice with a fresh profile every time, as the pipeline does.

    python -m benchmarks.office_formats [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from ingestion.decode import UnreadableDocument
from ingestion.extract import extract_document
from tests.formats.invented import ELDERLY
from tests.formats.office import write_main_docx, write_sheet, write_writer
from tests.formats.plans import Table


def million_row_sheet() -> bytes:
    """An .xlsx of one sheet with 1,000,000 rows, written as XML directly (fast, streamed)."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 1_000_001))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    table = next(b for b in ELDERLY.blocks if isinstance(b, Table) and "项目" in b.caption)
    with tempfile.TemporaryDirectory(prefix="office-bench-") as tmp:
        root = Path(tmp)
        files = {"docx": write_main_docx(ELDERLY, root)}
        files |= {fmt: write_writer(ELDERLY, root, fmt) for fmt in ("doc", "rtf", "odt")}
        files |= {f"{fmt} (table)": write_sheet(table, root, "附件1", fmt) for fmt in ("xlsx", "xls", "ods")}
        print(f"time per document, extract_document, median of {args.repeat}:")
        for fmt, path in files.items():
            data = path.read_bytes()
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                extract = extract_document(data, path.name)
                times.append(time.perf_counter() - start)
            print(
                f"  {fmt:13} {path.stat().st_size / 1024:6.1f} kB  {statistics.median(times) * 1000:8.0f} ms"
                f"  (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})  {len(extract.projects)} projects"
                f"  {extract.document.reader}"
            )
    data = million_row_sheet()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        extract_document(data, "million.xlsx")
        outcome = "read (!)"
    except UnreadableDocument as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    print(
        f"a 1,000,000-row sheet ({len(data) / 2**20:.1f} MB): {seconds:.2f} s, peak Python memory "
        f"{peak / 2**20:.1f} MB, {outcome}"
    )


if __name__ == "__main__":
    main()
