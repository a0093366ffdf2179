"""Property: an invented plan published as DOCX/HTML/PDF and turned back into text by a real
converter (then degraded as copied text is) extracts to the plan's content.

`make test` runs the fixed subset in SUBSET; `make fuzz` (PLAN_WAREHOUSE_MATRIX=all) runs every
plan x converter x degradation. A failure names the plan family, converter and degradation and
prints the converted text. Conversions are cached per content hash for the session.
"""

from __future__ import annotations

import os

import pytest

from tests.formats.matrix import CONVERTERS, DEGRADATIONS, MATRIX_PLANS, Cache, check

PLANS = {mp.family: mp for mp in MATRIX_PLANS}

# Each family through at least two real tools, and each degradation once.
SUBSET = [
    ("basic", "pandoc-docx", "none"),
    ("basic", "w3m", "none"),
    ("basic", "w3m", "jitter"),
    ("basic", "lynx", "blank-lines"),
    ("basic", "pandoc-html", "fullwidth-digits"),
    ("basic", "soffice-txt", "nbsp-u3000"),
    ("basic", "soffice-txt", "rewrap"),
    ("yearly_columns", "pandoc-docx", "none"),
    ("yearly_columns", "w3m", "none"),
    ("yearly_columns", "soffice-txt", "blank-lines"),
    ("merged_group", "pandoc-html", "none"),
    ("merged_group", "lynx", "none"),
    ("merged_group", "chromium-pdf|pdftotext-layout", "none"),
    ("header_unit_funding", "pandoc-docx", "none"),
    ("header_unit_funding", "w3m", "none"),
    ("labelled_records", "pandoc-docx", "none"),
    ("labelled_records", "html2text", "nbsp-u3000"),
    ("labelled_records", "chromium-pdf|pdftotext", "none"),
    ("labelled_records", "soffice-pdf|pdftotext", "none"),
    # rows wrapped in any column, narrow yearly headers, running heads (PDF text)
    ("basic", "chromium-pdf|pdftotext-layout", "none"),
    ("basic", "soffice-pdf|pdftotext-layout", "none"),
    ("yearly_columns", "chromium-pdf|pdftotext-layout", "none"),
    ("yearly_columns", "chromium-pdf|pypdfium2", "none"),
    ("header_unit_funding", "chromium-pdf|pdftotext-layout", "none"),
    # a browser's copy of the page; the 类别 cell merged down
    ("merged_group", "chromium-innertext", "none"),
    # a two-row header with a spanning 指标值; values printed with their units, periods with months
    ("spanning_header", "pandoc-docx", "nbsp-u3000"),
    ("spanning_header", "lynx", "none"),
    ("spanning_header", "chromium-innertext", "blank-lines"),
    ("spanning_header", "soffice-txt", "blank-lines"),
    ("units_in_cells", "soffice-pdf|pdftotext-layout", "none"),
    ("units_in_cells", "pandoc-html", "none"),
    ("spanning_header", "chromium-pdf|pdftotext-layout", "none"),
    # PDF text in reading order without layout: a row runs from one 序号 to the next
    ("merged_group", "chromium-pdf|pypdfium2", "none"),
    ("merged_group", "chromium-pdf|pdftotext", "blank-lines"),
    ("header_unit_funding", "chromium-pdf|pypdfium2", "jitter"),
    ("yearly_columns", "soffice-pdf|pypdfium2", "none"),
    ("basic", "soffice-pdf|pypdfium2", "none"),
    ("header_unit_funding", "soffice-pdf|pdftotext-layout", "none"),
]
ALL = [(p, c, d) for p in PLANS for c in CONVERTERS for d in DEGRADATIONS]
CASES = ALL if os.environ.get("PLAN_WAREHOUSE_MATRIX") == "all" else SUBSET


@pytest.fixture(scope="session")
def conversions(tmp_path_factory) -> Cache:
    return Cache(tmp_path_factory.mktemp("conversions"))


@pytest.mark.parametrize(("family", "converter", "degradation"), CASES, ids=["/".join(c) for c in CASES])
def test_converted_plan_extracts_to_its_content(conversions, family, converter, degradation):
    _, _, failure = check(PLANS[family], converter, degradation, conversions)
    assert failure is None, failure
