"""An indicator table whose header has two rows: 指标值 spanning 2025年 and 2030年, the other
cells merged down over both rows. The invented plan (某某市“十五五”社会救助事业发展规划, written
with tests/formats/plans.py) was turned into text by real converters; each prints the second
header row its own way:

- pandoc (docx): the sub-headers under the spanning cell, a ruling line between the rows;
- pandoc (html): the sub-headers at the left margin, under 序号 and 指标名称;
- lynx: the sub-headers centred across the row, one space apart;
- Chromium's innerText: a tab row of the two sub-headers alone;
- LibreOffice txt and PDFium (LibreOffice PDF): one cell per line, covered cells as blank lines;
- pdftotext -layout (Chromium PDF): the merged-down cells centred, some on the second line
  (单位 and 属性 beside 2025年 and 2030年); plain pdftotext and PDFium: in reading order.

Each text must give the table's seven values, from the content below, never from the parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.extract import extract_document

FIXTURES = Path(__file__).parent / "fixtures" / "spanning_header"

EXPECTED = sorted(
    [
        ("城乡低保动态管理率", 2025, "actual", "=", 92.0, "%", "约束性"),
        ("城乡低保动态管理率", 2030, "target", ">=", 98.0, "%", "约束性"),
        ("特困人员集中供养能力", 2025, "actual", "=", 640.0, "张", "预期性"),
        ("特困人员集中供养能力", 2030, "target", "=", 800.0, "张", "预期性"),
        ("临时救助平均办理时限", 2025, "actual", "=", 7.0, "天", "预期性"),
        ("临时救助平均办理时限", 2030, "target", "<=", 5.0, "天", "预期性"),
        # the 2025 cell prints '-': no value
        ("社会救助信息化覆盖率", 2030, "target", "=", 100.0, "%", "预期性"),
    ]
)


@pytest.mark.parametrize("converted", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_a_two_row_header_with_a_spanning_cell_gives_every_value(converted):
    text = (FIXTURES / converted).read_bytes()
    extraction = extract_document(text, converted)
    got = sorted(
        (
            v.indicator_name,
            v.year,
            v.value_kind,
            v.comparator,
            float(v.value_numeric),
            v.unit,
            v.attribute_raw,
        )
        for v in extraction.indicator_values
    )
    assert got == EXPECTED, (FIXTURES / converted).read_text(encoding="utf-8")
    audited = [a for a in extraction.audited_lines if a.reason]
    assert audited == [], audited
