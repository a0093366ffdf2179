"""Property: an invented plan published as DOCX/HTML/PDF and turned back into text by a real
converter (then degraded as copied text is) extracts to the plan's content.

`make test` runs the fixed subset in SUBSET; `make fuzz` (PLAN_WAREHOUSE_MATRIX=all) runs every
plan x converter x degradation. A failure names the plan family, converter and degradation and
prints the converted text. Conversions are cached per content hash for the session.
"""

from __future__ import annotations

import os

import pytest

from tests.formats.matrix import (
    CONVERTERS,
    DEGRADATIONS,
    MATRIX_PLANS,
    Cache,
    case_audit,
    check,
    unlisted_misses,
)
from tests.formats.plans import Table

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


# The read audit on the matrix ------------------------------------------------------

# Cases the extractor does not read today, one per family and kind of converter: a browser
# dump cutting CJK characters in two (html2text), PDF text one cell per line (pdfminer,
# pypdfium2) or in columns pdftotext does not keep. Whatever the extractor makes of them next,
# the audit must not call them read.
NOT_READ_TODAY = [
    ("basic", "html2text", "none"),
    ("basic", "soffice-pdf|pdftotext", "none"),
    ("yearly_columns", "soffice-pdf|pdfminer", "none"),
    ("yearly_columns", "html2text", "none"),
    ("merged_group", "soffice-pdf|pdftotext", "none"),
    ("merged_group", "chromium-pdf|pdfminer", "none"),
    ("header_unit_funding", "chromium-pdf|pypdfium2", "none"),
    ("header_unit_funding", "html2text", "none"),
]


@pytest.mark.parametrize(
    ("family", "converter", "degradation"), NOT_READ_TODAY, ids=["/".join(c) for c in NOT_READ_TODAY]
)
def test_a_plan_not_read_shows_coverage_below_one_and_its_unread_lines(
    conversions, family, converter, degradation
):
    """The case passes, or its read coverage is below 1.0 and each missing fact row's number
    is printed on a line the audit lists as unread (marts.rpt_unread_lines)."""
    audit = case_audit(PLANS[family], converter, degradation, conversions)
    if audit.failure is None:
        return
    assert audit.coverage is not None and audit.coverage < 1.0, audit.failure
    assert unlisted_misses(audit) == [], audit.failure


def _prints_funding_columns(family: str) -> bool:
    """The plan's project table has 其中 (funding) columns, whose amounts the fact rows above do not check."""
    return any(
        isinstance(block, Table) and any("其中" in cell for cell in block.grid[0])
        for block in PLANS[family].plan.blocks
    )


@pytest.mark.parametrize(("family", "converter", "degradation"), SUBSET, ids=["/".join(c) for c in SUBSET])
def test_a_plan_fully_read_shows_coverage_one(conversions, family, converter, degradation):
    """No false alarm: a case that extracts to its content (and, where the plan prints funding
    columns, gives a funding row for each of their amounts) lists no unread line."""
    audit = case_audit(PLANS[family], converter, degradation, conversions)
    funding = [p.central_wan for p in PLANS[family].projects] if _prints_funding_columns(family) else []
    fully_read = audit.failure is None and all(
        any(abs(amount - want) < 1e-6 for amount in audit.funding_wan) for want in funding
    )
    if fully_read:
        assert (audit.coverage, audit.unread_lines) == (1.0, ()), "\n".join(
            f"{k}: {audit.lines[k - 1]}" for k in audit.unread_lines
        )
