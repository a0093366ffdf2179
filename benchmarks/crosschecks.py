"""Time the cross-checks and the whole quality step on a built warehouse. Prints figures,
asserts nothing.

    python -m benchmarks.crosschecks warehouse/plans.duckdb

The cross-checks compare rows (marts and staging.stg_text_claims, which extraction landed):
the figures are loading the relations, building each cross-check suite's frame, and
`run_quality` over every suite (GX validation, report data) in a throw-away GX project.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from expectations import suites
from expectations.runner import run_quality
from expectations.warehouse import load_document_lines, load_marts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("db", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    marts = load_marts(args.db)
    lines = load_document_lines(args.db)
    if lines is not None:
        marts[suites.DOCUMENT_LINES] = lines
    print(f"load marts, claims and lines: {time.perf_counter() - started:.2f} s")
    claims = marts.get(suites.TEXT_CLAIMS)
    print(
        f"documents: {marts['dim_document'].shape[0]}, text claim items: {0 if claims is None else len(claims)}"
    )
    total = 0.0
    for suite in suites.CROSSCHECK_SUITES:
        started = time.perf_counter()
        rows = len(suite.frame(marts))
        took = time.perf_counter() - started
        total += took
        print(f"  {suite.name:<18} {rows:>6} pairs  {took:6.2f} s")
    print(f"cross-check frames: {total:.2f} s")
    with tempfile.TemporaryDirectory() as quality_dir:
        started = time.perf_counter()
        run_quality(args.db, Path(quality_dir), "benchmark")
        print(f"quality step (run_quality, every suite): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
