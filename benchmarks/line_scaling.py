"""Extraction time against line length: a money-dense line at 1x, 2x and 4x length.

Prints figures, asserts nothing (tests/ingestion/test_line_scaling.py checks the ratio
loosely). A linear extractor doubles its time when the line doubles; a quadratic one
quadruples it.

    python -m benchmarks.line_scaling [--chars 50000]
"""

from __future__ import annotations

import argparse
import time

from ingestion.extract import extract_document

# Money, comparators, prose items and period names, with and without clause stops.
SHAPES = {
    "money": "1,234.5万元≥55%；",
    "money_without_stops": "投资1,234.5万元 ",
    "shi_items": "一是建设养老院项目。计划投资3200万元，",
    "paren_items": "（1）某某养老服务中心项目。总投资300万元；",
    "counts": "共15项重点项目计划总投资6.64亿元，",
    "periods": "2021年至2025年投入1200万元，十四五期间",
}


def plan_with_line(unit: str, chars: int) -> bytes:
    return ("某县“十四五”养老服务体系建设规划\n" + unit * max(1, chars // len(unit)) + "\n").encode("utf-8")


def seconds(data: bytes) -> float:
    started = time.perf_counter()
    extract_document(data, "scaling.txt")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=50_000)
    args = parser.parse_args()
    extract_document("某县规划\n".encode(), "warm.txt")  # load the region index once
    print(f"{'shape':<22}{'1x s':>8}{'2x s':>8}{'4x s':>8}{'4x/1x':>8}")
    for name, unit in SHAPES.items():
        times = [seconds(plan_with_line(unit, args.chars * k)) for k in (1, 2, 4)]
        print(f"{name:<22}" + "".join(f"{t:>8.2f}" for t in times) + f"{times[2] / times[0]:>8.1f}")


if __name__ == "__main__":
    main()
