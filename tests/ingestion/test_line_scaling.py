"""A long money-dense line is read completely and in time linear in its length.

No absolute time limits: the check is that doubling the line roughly doubles the time
(a quadratic extractor quadruples it), with a generous margin for a loaded machine.
Figures: `python -m benchmarks.line_scaling`.
"""

from __future__ import annotations

import time

from benchmarks.line_scaling import plan_with_line
from ingestion.extract import extract_document

MIXED = "一是某某养老院项目。计划投资3200万元，1,234.5万元≥55%；（1）某某中心项目。总投资300万元；"


def test_a_200k_char_money_dense_line_yields_every_amount():
    data = plan_with_line("1,234.5万元≥55%；", 200_000)
    extracted = extract_document(data, "dense.txt")
    repeats = 200_000 // len("1,234.5万元≥55%；")
    assert len(extracted.funding) == repeats
    assert {f.amount_wan_yuan for f in extracted.funding} == {1234.5}


def _best_of_two(data: bytes) -> float:
    times = []
    for _ in range(2):
        started = time.perf_counter()
        extract_document(data, "dense.txt")
        times.append(time.perf_counter() - started)
    return min(times)


def test_doubling_a_mixed_dense_line_about_doubles_the_time():
    extract_document("某县规划\n".encode(), "warm.txt")  # one-off region index outside the timing
    single = plan_with_line(MIXED, 60_000)
    double = plan_with_line(MIXED, 120_000)
    extracted = extract_document(double, "dense.txt")
    items = 120_000 // len(MIXED)
    assert len([p for p in extracted.projects if p.source_kind == "prose"]) == 2 * items
    ratio = _best_of_two(double) / _best_of_two(single)
    assert ratio < 3.0, f"doubling the line multiplied the time by {ratio:.1f} (quadratic is 4)"
