"""One invented plan in all four formats: rows per mart per format, and time per document per reader.

Prints figures, asserts nothing. Writes the plan as .txt/.html/.docx/.pdf (the test
fixtures' writers: Jinja2, python-docx, headless Chromium), times each reader on its file
(median of 5 reads), then builds one warehouse per format with `python -m
orchestration.run_all` (one warehouse each, since the four files hold the same text and a
warehouse counts a duplicate text once) and counts the rows of every mart.

    python -m benchmarks.formats [--plan gulang_elderly_care] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion.extract import extract_document
from tests.formats.invented import PLANS
from tests.formats.plans import write_all

MARTS = [
    "dim_document",
    "dim_plan",
    "fct_indicator_values",
    "fct_projects",
    "fct_funding",
    "rpt_reconciliation",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", default=PLANS[0].name, choices=[p.name for p in PLANS])
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    plan = next(p for p in PLANS if p.name == args.plan)
    root = Path(tempfile.mkdtemp(prefix="formats-bench-"))
    files = write_all(plan, root / "files")
    print(f"{plan.name}: {', '.join(f'{f} {p.stat().st_size / 1024:.0f} kB' for f, p in files.items())}")
    print("\nreader time per document (extract_document, median of 5):")
    for fmt, path in files.items():
        data = path.read_bytes()
        times = []
        for _ in range(5):
            start = time.perf_counter()
            extract = extract_document(data, path.name)
            times.append(time.perf_counter() - start)
        doc = extract.document
        print(f"  {fmt:5} {doc.reader:22} {statistics.median(times) * 1000:8.1f} ms  {doc.line_count} lines")
    counts = {}
    for fmt, path in files.items():
        raw = root / fmt / "raw"
        raw.mkdir(parents=True)
        shutil.copy(path, raw / path.name)
        env = os.environ | {
            "PLAN_WAREHOUSE_RAW_DIR": str(raw),
            "PLAN_WAREHOUSE_DB": str(root / fmt / "wh" / "plans.duckdb"),
            "PLAN_WAREHOUSE_PUBLISHED_DB": str(root / fmt / "wh" / "published" / "plans.duckdb"),
            "DAGSTER_HOME": str(root / fmt / "dagster"),
        }
        (root / fmt / "dagster").mkdir()
        shutil.copy(Path("orchestration/dagster.yaml"), root / fmt / "dagster" / "dagster.yaml")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "orchestration.run_all"], env=env, check=True, capture_output=True
        )
        seconds = time.perf_counter() - start
        with duckdb.connect(env["PLAN_WAREHOUSE_PUBLISHED_DB"], read_only=True) as con:
            counts[fmt] = [con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in MARTS]
            pages = con.execute("select count(source_page) from marts.fct_funding").fetchone()[0]
        print(
            f"  built the {fmt} warehouse in {seconds:.0f} s (fct_funding rows with a source_page: {pages})"
        )
    print("\nrows per mart:")
    print(f"  {'mart':22}" + "".join(f"{fmt:>7}" for fmt in files))
    for i, mart in enumerate(MARTS):
        print(f"  {mart:22}" + "".join(f"{counts[fmt][i]:>7}" for fmt in files))
    if args.keep:
        print(f"\nkept {root}")
    else:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
