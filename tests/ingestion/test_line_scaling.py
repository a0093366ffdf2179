"""A long money-dense line is read completely (a quadratic extractor took minutes on these).

Speed is not asserted here: `python -m benchmarks.line_scaling` prints the time per length,
which shows whether doubling the line doubles the time.
"""

from __future__ import annotations

from benchmarks.line_scaling import plan_with_line
from ingestion.extract import extract_document

MIXED = "一是某某养老院项目。计划投资3200万元，1,234.5万元≥55%；（1）某某中心项目。总投资300万元；"


def test_a_200k_char_money_dense_line_yields_every_amount():
    data = plan_with_line("1,234.5万元≥55%；", 200_000)
    extracted = extract_document(data, "dense.txt")
    repeats = 200_000 // len("1,234.5万元≥55%；")
    assert len(extracted.funding) == repeats
    assert {f.amount_wan_yuan for f in extracted.funding} == {1234.5}


def test_a_mixed_dense_line_yields_every_prose_project():
    data = plan_with_line(MIXED, 120_000)
    extracted = extract_document(data, "dense.txt")
    items = 120_000 // len(MIXED)
    assert len([p for p in extracted.projects if p.source_kind == "prose"]) == 2 * items
