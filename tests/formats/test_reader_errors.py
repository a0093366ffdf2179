"""Only the reader libraries' own exceptions mean "unreadable file"; a bug of ours is a pipeline
error that keeps its traceback and says it is not the file's fault."""

from __future__ import annotations

import pytest
from pdfminer.psexceptions import PSSyntaxError

import ingestion.readers.pdf as pdf_reader
from ingestion.decode import UnreadableDocument
from ingestion.readers import read_document
from orchestration.assets.ingestion import PIPELINE_ERROR, _land_one


def _text_pdf(text: str) -> bytes:
    """A one-page PDF with a text layer (Helvetica, ASCII), written by hand: no renderer needed."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_hand_made_pdf_reads():
    read = read_document(_text_pdf("Plan 2021-2025"), "plan.pdf")
    assert read.lines == ["Plan 2021-2025"]


def _layout_path_only(monkeypatch) -> None:
    """Every page through pdfplumber's layout analysis (a page without ruling lines would take
    the PDFium path, `_text_page_lines`)."""
    monkeypatch.setattr(pdf_reader, "_text_page_lines", lambda pdfium_page, page, number: None)


@pytest.mark.parametrize("path", ["_page_lines", "_text_page_lines"])
def test_a_bug_in_our_pdf_code_is_not_reported_as_an_unreadable_file(monkeypatch, path):
    def broken(*args):
        raise TypeError("a bug of ours")

    if path == "_page_lines":
        _layout_path_only(monkeypatch)
    monkeypatch.setattr(pdf_reader, path, broken)
    with pytest.raises(TypeError, match="a bug of ours"):
        read_document(_text_pdf("Plan"), "plan.pdf")


def test_what_pdfminer_raises_on_a_damaged_page_is_an_unreadable_file(monkeypatch):
    def damaged(page, number):
        raise PSSyntaxError("unexpected token in the content stream")

    _layout_path_only(monkeypatch)
    monkeypatch.setattr(pdf_reader, "_page_lines", damaged)
    with pytest.raises(UnreadableDocument, match="not a readable PDF"):
        read_document(_text_pdf("Plan"), "plan.pdf")


def test_landing_reports_a_bug_as_a_pipeline_error_with_its_traceback(tmp_path, monkeypatch):
    def broken(page, number):
        raise TypeError("a bug of ours")

    _layout_path_only(monkeypatch)
    monkeypatch.setattr(pdf_reader, "_page_lines", broken)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.pdf").write_bytes(_text_pdf("Plan"))
    _, landed, error = _land_one(str(raw), "plan.pdf", str(tmp_path / "landing"))
    summary, _, trace = error.partition("\n")
    assert landed is None
    assert summary == f"plan.pdf: {PIPELINE_ERROR}: TypeError: a bug of ours"
    assert "not a readable" not in summary
    assert trace.startswith("Traceback") and ", in broken" in trace and "TypeError: a bug of ours" in trace


def test_a_character_pdfium_cannot_place_sends_the_page_to_the_layout_analysis(monkeypatch):
    def unplaceable(textpage, height):
        raise pdf_reader.pdfium.PdfiumError("Failed to get charbox.")

    monkeypatch.setattr(pdf_reader, "_pdfium_chars", unplaceable)
    assert read_document(_text_pdf("Plan 2021-2025"), "plan.pdf").lines == ["Plan 2021-2025"]
