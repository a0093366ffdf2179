"""The invented plans saved by LibreOffice, as a user's office suite saves them: the plan as
.doc, .rtf and .odt (LibreOffice opens the python-docx .docx and saves it), a table of it as a
spreadsheet .xlsx, .xls or .ods (Calc opens the table as a web page and saves it), and the plan
without that table: its main text, with the table published as an attachment."""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from pathlib import Path

import jinja2

from tests.formats.plans import Plan, Table, spans, write_docx

# Just the table, as Calc opens a page: rowspan/colspan become merged cells.
_SHEET_PAGE = jinja2.Template(
    """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ caption }}</title></head><body>
<table><tr><td colspan="{{ width }}">{{ caption }}</td></tr>
{% for row in rows %}<tr>{% for cell in row %}{% if cell %}<td rowspan="{{ cell[1] }}" colspan="{{ cell[2] }}">{{ cell[0] }}</td>{% endif %}{% endfor %}</tr>
{% endfor %}</table></body></html>""",
    autoescape=True,
)

SOFFICE = Path("/usr/bin/soffice")
WRITER_FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format", "odt": "odt:writer8"}
CALC_FILTERS = {
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "xls": "xls:MS Excel 97",
    "ods": "ods:calc8",
}


def soffice(source: Path, filter_name: str, out_dir: Path, infilter: str | None = None) -> Path:
    """Convert `source` with headless LibreOffice (a profile of its own); the converted file."""
    if not SOFFICE.exists():
        raise AssertionError(
            f"{SOFFICE} is missing: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fixture-soffice-") as profile:
        command = [
            str(SOFFICE),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
        ]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", filter_name, "--outdir", str(out_dir), str(source)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    target = out_dir / f"{source.stem}.{filter_name.split(':')[0]}"
    if result.returncode != 0 or not target.exists():
        raise AssertionError(f"soffice could not convert {source}: {result.stdout} {result.stderr}")
    return target


def write_writer(plan: Plan, folder: Path, fmt: str) -> Path:
    """The plan as .doc / .rtf / .odt, saved by LibreOffice Writer from the plan's .docx."""
    with tempfile.TemporaryDirectory(prefix="fixture-source-") as source_dir:
        return soffice(write_docx(plan, Path(source_dir)), WRITER_FILTERS[fmt], folder)


def write_sheet(table: Table, folder: Path, name: str, fmt: str) -> Path:
    """The table as a spreadsheet saved by LibreOffice Calc (merged cells where the table spans)."""
    with tempfile.TemporaryDirectory(prefix="fixture-source-") as source_dir:
        page = Path(source_dir) / f"{name}.html"
        page.write_text(
            _SHEET_PAGE.render(caption=table.caption, width=len(table.grid[0]), rows=spans(table.grid)),
            encoding="utf-8",
        )
        return soffice(page, CALC_FILTERS[fmt], folder, infilter="HTML (StarCalc)")


def without_table(plan: Plan, table: Table) -> Plan:
    """The plan's main text when `table` is published as an attachment: a reference in its place."""
    blocks = [f"（{table.caption.split()[0]}见附件1）" if block is table else block for block in plan.blocks]
    return dataclasses.replace(plan, blocks=blocks)


def write_main_docx(plan: Plan, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_docx(plan, folder)
