"""What the PDF reader does to a text layer: radical look-alikes, page furniture."""

from __future__ import annotations

import dataclasses
import subprocess
import unicodedata
from pathlib import Path

import pytest

from ingestion.readers import pdf as pdf_reader
from ingestion.readers import read_document
from ingestion.readers.pdf import _radical_table, normalize_radicals
from tests.formats.invented import PLANS
from tests.formats.plans import Table, print_pdf, write_docx, write_pdf
from tests.formats.test_formats import facts


def test_radical_look_alikes_become_the_ideographs_they_print():
    assert normalize_radicals("⺠政事业 ⼭区 ⻓期 ⾦额") == "民政事业 山区 长期 金额"
    assert normalize_radicals("2022―2024年") == "2022—2024年"
    assert normalize_radicals("民政 2025年 ≥55%") == "民政 2025年 ≥55%"


def test_kangxi_part_of_the_table_agrees_with_nfkc():
    """The table is derived from Unicode's EquivalentUnifiedIdeograph.txt; NFKC says the same for Kangxi."""
    table = _radical_table()
    kangxi = range(0x2F00, 0x2FD6)
    assert all(table[code] == ord(unicodedata.normalize("NFKC", chr(code))) for code in kangxi)
    supplement = [code for code in table if 0x2E80 <= code <= 0x2EFF]
    assert len(supplement) > 100 and table[0x2EA0] == ord("民")


def test_a_printed_page_with_radicals_and_furniture_reads_clean(tmp_path):
    page = tmp_path / "radicals.html"
    page.write_text(
        """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
        @page { size: A4; margin: 20mm;
          @top-center { content: "某县⺠政局文件"; }
          @bottom-right { content: "- " counter(page) " -"; } }
        body { font-family: "Noto Sans CJK SC", sans-serif; } p { break-after: page; }
        </style></head><body>
        <p>第一段：⺠政事业发展。</p><p>第二段：⼭区养老服务。</p><p>第三段：完。</p>
        </body></html>""",
        encoding="utf-8",
    )
    pdf = print_pdf(page, tmp_path / "radicals.pdf", tmp_path / "profile")
    read = read_document(pdf.read_bytes(), "radicals.pdf")
    assert read.lines == ["第一段：民政事业发展。", "第二段：山区养老服务。", "第三段：完。"]
    assert read.page_numbers == [1, 2, 3] and read.page_count == 3


def test_a_table_over_pages_keeps_its_header_once(tmp_path):
    """Chromium repeats a <thead> on every page a table runs over, as Word does with header rows."""
    rows = "".join(f"<tr><td>{i}</td><td>项目{i}</td><td>{i * 10}</td></tr>" for i in range(1, 91))
    page = tmp_path / "long_table.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        'body { font-family: "Noto Sans CJK SC", sans-serif; } table { border-collapse: collapse; }'
        "td, th { border: 1px solid #000; padding: 4px; } tr { break-inside: avoid; }"
        "</style></head><body><p>附表 重点项目</p><table><thead><tr><th>序号</th><th>项目名称</th>"
        f"<th>总投资（万元）</th></tr></thead><tbody>{rows}</tbody></table><p>完</p></body></html>",
        encoding="utf-8",
    )
    pdf = print_pdf(page, tmp_path / "long_table.pdf", tmp_path / "profile")
    read = read_document(pdf.read_bytes(), "long_table.pdf")
    assert read.page_count >= 2
    assert read.lines == [
        "附表 重点项目",
        "序号\t项目名称\t总投资（万元）",
        *[f"{i}\t项目{i}\t{i * 10}" for i in range(1, 91)],
        "完",
    ]


def _soffice_pdf(docx: Path, folder: Path) -> Path:
    """The .docx printed to PDF by LibreOffice (its own layout engine and fonts), a throw-away profile."""
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = folder / f"{docx.stem}.pdf"
    if result.returncode != 0 or not pdf.exists():
        raise AssertionError(f"soffice could not print {docx}: {result.stderr[-2000:]}")
    return pdf


@pytest.mark.parametrize("printer", ["chromium", "libreoffice"])
@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.name)
def test_text_pages_read_through_pdfium_give_the_facts_of_the_layout_analysis(
    tmp_path, monkeypatch, plan, printer
):
    """Pages without ruling lines are read through PDFium; every page through pdfplumber gives the same
    facts, and the same text but for spaces where a PDF leaves a gap without a space glyph (LibreOffice's
    space between CJK and Latin: PDFium cannot tell it from a printed space)."""
    # Each paragraph eight times: pages of prose only between the pages of ruled tables.
    plan = dataclasses.replace(
        plan, blocks=[b for b in plan.blocks for _ in range(1 if isinstance(b, Table) else 8)]
    )
    if printer == "chromium":
        pdf = write_pdf(plan, tmp_path)
    else:
        pdf = _soffice_pdf(write_docx(plan, tmp_path), tmp_path)
    fast_pages = []
    text_page_lines = pdf_reader._text_page_lines

    def counting(pdfium_page, page, number):
        lines = text_page_lines(pdfium_page, page, number)
        if lines is not None:
            fast_pages.append(number)
        return lines

    monkeypatch.setattr(pdf_reader, "_text_page_lines", counting)
    fast, fast_facts = read_document(pdf.read_bytes(), pdf.name), facts(pdf)
    monkeypatch.setattr(pdf_reader, "_text_page_lines", lambda *args: None)
    layout, layout_facts = read_document(pdf.read_bytes(), pdf.name), facts(pdf)
    assert len(fast_pages) >= 3, "too few pages took the PDFium path"
    squeeze = str.maketrans("", "", " ")

    def unspaced(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
        return {
            kind: [tuple(v.translate(squeeze) if isinstance(v, str) else v for v in row) for row in kind_rows]
            for kind, kind_rows in rows.items()
        }

    assert unspaced(fast_facts) == unspaced(layout_facts)
    assert fast.page_numbers == layout.page_numbers
    assert [line.translate(squeeze) for line in fast.lines] == [
        line.translate(squeeze) for line in layout.lines
    ]
    if printer == "chromium":  # a space is printed as a glyph: the same to the character
        assert fast.lines == layout.lines
        assert fast_facts == layout_facts
