"""Two invented plans (regions in no sample), each written as .txt, .html, .docx and .pdf by real tools.

A plan is a list of blocks: a paragraph (str) or a Table. A table is given as its grid,
as a reader of the printed table sees it: every grid position holds the text of the cell
that starts there, or "<" (covered by the cell to its left: a colspan) or "^" (covered by
the cell above: a rowspan). The writers turn the grid into what each format stores:
.txt  - a browser's "save as text": one TAB-separated line per row, covered positions empty;
.html - Jinja2 template (autoescape) with rowspan/colspan, CSS borders (ruling lines);
.docx - python-docx, with Word merged cells;
.pdf  - the .html printed by headless Chromium with a CJK font, a running head and page numbers.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import jinja2

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The page tests' Chromium settings; the PDF gets the page's own running head and page numbers
# (CSS @page margin boxes), not Chromium's date/URL header and footer.
CHROMIUM_PDF_ARGS = [*CHROMIUM_ARGS, "--no-pdf-header-footer"]


@dataclass(frozen=True)
class Table:
    caption: str
    grid: list[list[str]]
    header_rows: int = 1


@dataclass(frozen=True)
class Plan:
    name: str  # file stem
    title: str
    blocks: list  # str (a paragraph; "第…章" and "一、" lines are headings by their numbering) | Table


def spans(grid: list[list[str]]) -> list[list[tuple[str, int, int] | None]]:
    """Per grid position: (text, rowspan, colspan) where a cell starts, None where it is covered."""
    out = []
    for r, row in enumerate(grid):
        out_row = []
        for c, text in enumerate(row):
            if text in ("<", "^"):
                out_row.append(None)
                continue
            colspan = 1
            while c + colspan < len(row) and row[c + colspan] == "<":
                colspan += 1
            rowspan = 1
            while r + rowspan < len(grid) and grid[r + rowspan][c] == "^":
                rowspan += 1
            out_row.append((text, rowspan, colspan))
        out.append(out_row)
    return out


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def write_txt(plan: Plan, folder: Path) -> Path:
    lines = [plan.title]
    for block in plan.blocks:
        if isinstance(block, Table):
            lines.append(block.caption)
            lines += ["\t".join("" if t in ("<", "^") else t for t in row) for row in block.grid]
        else:
            lines.append(block)
    path = folder / f"{plan.name}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def render_html(plan: Plan, *, for_print: bool = False, charset: str = "utf-8") -> str:
    blocks = [
        {"kind": "table", "caption": b.caption, "rows": spans(b.grid), "header_rows": b.header_rows}
        if isinstance(b, Table)
        else {"kind": "heading" if b.startswith("第") and "章" in b[:5] else "p", "text": b}
        for b in plan.blocks
    ]
    return (
        _environment()
        .get_template("plan.html.j2")
        .render(title=plan.title, blocks=blocks, for_print=for_print, charset=charset)
    )


def write_html(plan: Plan, folder: Path, charset: str = "utf-8") -> Path:
    path = folder / f"{plan.name}.html"
    path.write_bytes(render_html(plan, charset=charset).encode(charset))
    return path


def write_docx(plan: Plan, folder: Path) -> Path:
    document = docx.Document()
    document.add_heading(plan.title, level=0)
    for block in plan.blocks:
        if isinstance(block, Table):
            document.add_paragraph(block.caption)
            grid = block.grid
            table = document.add_table(rows=len(grid), cols=len(grid[0]))
            table.style = "Table Grid"
            for r, row in enumerate(spans(grid)):
                for c, cell in enumerate(row):
                    if cell is None:
                        continue
                    text, rowspan, colspan = cell
                    target = table.cell(r, c)
                    if rowspan > 1 or colspan > 1:
                        target = target.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                    target.text = text
        elif block.startswith("第") and "章" in block[:5]:
            document.add_heading(block, level=1)
        else:
            document.add_paragraph(block)
    path = folder / f"{plan.name}.docx"
    document.save(path)
    return path


def print_pdf(html_path: Path, pdf_path: Path, profile_dir: Path) -> Path:
    """Print an HTML file to PDF with headless Chromium (fails with its output when it cannot)."""
    if not CHROMIUM.exists():
        raise AssertionError(
            f"{CHROMIUM} is missing: `apt-get install chromium fonts-noto-cjk` (make browser)"
        )
    result = subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_PDF_ARGS,
            f"--user-data-dir={profile_dir}",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0 or not pdf_path.exists():
        raise AssertionError(f"chromium could not print {html_path}: {result.stderr[-2000:]}")
    return pdf_path


def write_pdf(plan: Plan, folder: Path) -> Path:
    source = folder / ".print" / f"{plan.name}.html"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(render_html(plan, for_print=True), encoding="utf-8")
    return print_pdf(source, folder / f"{plan.name}.pdf", folder / ".print" / "profile")


WRITERS = {"txt": write_txt, "html": write_html, "docx": write_docx, "pdf": write_pdf}


def write_all(plan: Plan, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {fmt: writer(plan, folder) for fmt, writer in WRITERS.items()}
