"""Documents per minute landed through the cluster's Celery workers, with 1 and 2 workers (or --workers).

Prints figures, asserts nothing. Generates N plans (benchmarks/generate.py) into a temp dir,
starts a throwaway PostgreSQL (Dagster's storage) and Redis (the broker), and for each worker
count: a fresh warehouse folder and Dagster database, the workers
(`celery -A orchestration.celery_worker worker --pool solo`, one process each), then
`python -m orchestration.cluster --land-only` timed from its start to its end (Dagster's run
start, the batches' steps on the workers, the run's end: what a first load waits for). The
load into DuckDB, dbt and the checks are the local pipeline's, measured by benchmarks.run.

With --pdf-pages P (0: skip) it also times the landing of one printed PDF plan of about P pages
(benchmarks.pdf_throughput's file: read, extract, write Parquet; one process, median of 3):
the cost per document and per page of a plan as most are published.

    python -m benchmarks.cluster [--n 200] [--batch-size 10] [--workers 1 2] [--pdf-pages 60]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate_plans
from orchestration.cluster import BROKER_VAR
from orchestration.instance import POSTGRES_URL_VAR, write_instance_config
from orchestration.settings import REPO_ROOT
from tests.servers import celery_workers, postgres_server, read_log, redis_server

RUN_SECONDS = re.compile(r"landed \d+ document\(s\) on the workers in ([0-9.]+) s")


def land_with(
    workers: int, raw_dir: Path, root: Path, postgres_url: str, broker: str, batch_size: int
) -> tuple[float, float]:
    """Seconds `orchestration.cluster --land-only` takes with `workers` workers on an empty landing
    zone: (the whole command, its landing run as the command reports it)."""
    home = root / f"dagster_home_{workers}"
    write_instance_config(home, postgres_url)
    env = os.environ | {
        "PLAN_WAREHOUSE_RAW_DIR": str(raw_dir),
        "PLAN_WAREHOUSE_DB": str(root / f"warehouse_{workers}" / "plans.duckdb"),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(root / f"warehouse_{workers}" / "published" / "plans.duckdb"),
        "DAGSTER_HOME": str(home),
        POSTGRES_URL_VAR: postgres_url,
        BROKER_VAR: broker,
        "PYTHONPATH": str(REPO_ROOT),
    }
    logs = root / f"logs_{workers}"
    logs.mkdir()
    with celery_workers(workers, env, logs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "orchestration.cluster", "--land-only", "--batch-size", str(batch_size)],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"the cluster run failed:\n{done.stdout}\n{done.stderr}\n{read_log(logs / 'worker1.log')}"
        )
    print(done.stdout.strip())
    run_seconds = sum(float(m) for m in RUN_SECONDS.findall(done.stdout))
    return seconds, run_seconds


def _land_once(raw: str, name: str, landing: str) -> float:
    from ingestion.extract import document_id_for
    from ingestion.landing import land_file

    start = time.perf_counter()
    land_file(Path(raw), name, Path(landing), document_id_for(name))
    return time.perf_counter() - start


def pdf_landing_seconds(pages: int, folder: Path, repeat: int = 3) -> tuple[int, float]:
    """(pages, median seconds) to land one printed PDF plan of about `pages` pages, from nothing:
    each time in a fresh process (the extractors cache parsed values and a document's paragraphs,
    which a second landing of the same file in one process would reuse)."""
    import multiprocessing

    import pypdfium2 as pdfium

    from benchmarks.pdf_throughput import _long_plan

    raw = folder / "pdf_raw"
    raw.mkdir()
    pdf = _long_plan(pages, raw)
    count = len(pdfium.PdfDocument(pdf.read_bytes()))
    times = []
    for i in range(repeat):
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            times.append(pool.apply(_land_once, (str(raw), pdf.name, str(folder / f"pdf_landing_{i}"))))
    return count, sorted(times)[len(times) // 2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=200, help="generated plans (0: only the PDF figure)")
    parser.add_argument("--batch-size", type=int, default=10, help="documents per step")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--postgres-port", default="55441")
    parser.add_argument("--pdf-pages", type=int, default=60)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        if args.pdf_pages:
            load = os.getloadavg()[0]
            pages, seconds = pdf_landing_seconds(args.pdf_pages, root)
            print(
                f"landing one printed PDF plan of {pages} pages: {seconds:.2f} s "
                f"({1000 * seconds / pages:.0f} ms a page; load average {load:.1f})"
            )
        if not args.n:
            return
        raw_dir = root / "plans"
        generate_plans(raw_dir, args.n)
        figures = {}
        with postgres_server(args.postgres_port) as postgres_url, redis_server(root) as broker:
            for count in args.workers:
                load = os.getloadavg()[0]
                seconds, run_seconds = land_with(count, raw_dir, root, postgres_url, broker, args.batch_size)
                figures[count] = (seconds, run_seconds, load)
        print(f"\n{args.n} generated plans, batches of {args.batch_size}, {os.cpu_count()} CPUs")
        print(
            "| workers | landing run | documents per minute (run) | whole command (start-up, partitions) "
            "| documents per minute (command) | load average at start |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for count, (seconds, run_seconds, load) in figures.items():
            print(
                f"| {count} | {run_seconds:.1f} s | {60 * args.n / run_seconds:.0f} | {seconds:.1f} s "
                f"| {60 * args.n / seconds:.0f} | {load:.1f} |"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
