"""`make benchmark`: time and memory of the pipeline at 5, 100 and 1,000 synthetic plans.

Prints figures, asserts nothing. For each N: generate N plans into a temp dir, run
`python -m orchestration.run_all` in a fresh process on an empty warehouse and measure
wall time and the peak memory of the whole process tree (Dagster, extraction workers,
dbt). At the largest N also: one changed file (`run_all <file>`), a re-run with nothing
changed, sensor ticks, and p50/p95 of typical BI queries on the published copy.

    python -m benchmarks.run [--sizes 5 100 1000] [--keep] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from benchmarks.generate import generate_plans

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

BI_QUERIES = {
    "investment by region and policy area": """
        select r.province_name, r.region_name, p.policy_area_code,
               sum(p.planned_investment_wan_yuan) as investment_wan_yuan, count(*) as projects
        from marts.fct_projects as p join marts.dim_region as r using (region_code)
        group by all order by investment_wan_yuan desc nulls last
    """,
    "2025 targets of one indicator across regions": """
        select r.region_name, v.indicator_name, v.comparator, v.value_numeric, v.unit
        from marts.fct_indicator_values as v join marts.dim_region as r using (region_code)
        where v.canonical_indicator_id = $indicator and v.year = 2025 and v.value_kind = 'target'
        order by v.value_numeric desc nulls last
    """,
    "reconciliation mismatches": """
        select d.source_path, rc.plan_id, rc.scope, rc.measure, rc.stated_value, rc.computed_value, rc.difference
        from marts.rpt_reconciliation as rc join marts.dim_document as d using (document_id)
        where rc.status = 'mismatch' order by abs(rc.difference) desc
    """,
    "plan list": """
        select p.plan_id, p.plan_title, p.plan_type, r.region_name, r.province_name, p.issuer,
               p.issued_date, p.period_start_year, p.period_end_year
        from marts.dim_plan as p left join marts.dim_region as r using (region_code)
        order by r.province_code, p.plan_title
    """,
}


# --- process tree memory -------------------------------------------------------------------


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(pid: int) -> list[int]:
    children = _children_map()
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack += children.get(p, [])
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; PSS shares pages among forked workers fairly."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeMemorySampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants.

    Once a second: reading smaps_rollup walks a process's page tables (~10 ms for each process
    of a full run, the extraction workers included, as they map their parent's 1.2 GB); every
    0.2 s the sampler took ~8 % of a CPU from the run it measured (N = 1,000, 2 CPUs), which
    bare work, timed without it, did not pay. The peaks it looks for last seconds."""

    def __init__(self, pid: int, interval: float = 1.0):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss_kb = self.peak_pss_kb = self.peak_processes = 0
        self._halt = threading.Event()

    def run(self):
        while not self._halt.is_set():
            pids = _tree(self.pid)
            sizes = [_memory_kb(p) for p in pids]
            self.peak_rss_kb = max(self.peak_rss_kb, sum(s[0] for s in sizes))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(s[1] for s in sizes))
            self.peak_processes = max(self.peak_processes, len(pids))
            self._halt.wait(self.interval)

    def stop(self):
        self._halt.set()
        self.join()


def measure(cmd: list[str], env: dict[str, str], log: Path) -> dict:
    """Run cmd; wall seconds, peak tree memory (sampled) and the largest process (getrusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemorySampler(proc.pid)
        sampler.start()
        code = proc.wait()
        sampler.stop()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "ok": code == 0,
        "wall_s": round(wall, 2),
        "peak_tree_rss_mb": round(sampler.peak_rss_kb / 1024),
        "peak_tree_pss_mb": round(sampler.peak_pss_kb / 1024),
        "peak_processes": sampler.peak_processes,
        # RUSAGE_CHILDREN keeps the max over all children ever waited for, so only a new max shows
        "largest_process_rss_mb": round(max(after, before) / 1024) if after > before else None,
    }


# --- the scenarios ---------------------------------------------------------------------------


def _env(root: Path, raw_dir: Path) -> dict[str, str]:
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    return os.environ | {
        "DAGSTER_HOME": str(home),
        "PLAN_WAREHOUSE_RAW_DIR": str(raw_dir),
        "PLAN_WAREHOUSE_DB": str(root / "warehouse" / "plans.duckdb"),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(root / "warehouse" / "published" / "plans.duckdb"),
        "DO_NOT_TRACK": "1",
    }


def _job_durations(dagster_home: Path, since: float) -> dict[str, float]:
    """Seconds each Dagster run started after `since` took, by job name (summed)."""
    import dagster as dg

    durations: dict[str, float] = {}
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        for run in instance.get_runs():
            stats = instance.get_run_stats(run.run_id)
            if stats.start_time and stats.end_time and stats.start_time >= since:
                durations[run.job_name] = round(
                    durations.get(run.job_name, 0) + stats.end_time - stats.start_time, 2
                )
    return durations


def _raw_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("select count(*) from raw.documents").fetchone()[0],
            "load_errors": con.execute("select count(*) from raw.load_errors").fetchone()[0],
            "document_lines": con.execute("select count(*) from raw.document_lines").fetchone()[0],
            "fact_rows": sum(
                con.execute(f"select count(*) from raw.{t}").fetchone()[0]
                for t in ("table_cells", "indicator_values", "projects", "funding", "stated_totals")
            ),
        }


def full_run(root: Path, n: int) -> dict:
    raw_dir = root / "plans"
    started = time.perf_counter()
    generate_plans(raw_dir, n)
    generated = time.perf_counter() - started
    env = _env(root, raw_dir)
    since = time.time()
    result = measure([PYTHON, "-m", "orchestration.run_all"], env, root / "run.log")
    result |= {
        "n": n,
        "generate_s": round(generated, 2),
        "jobs_s": _job_durations(Path(env["DAGSTER_HOME"]), since),
    }
    result["per_plan_s"] = round(result["wall_s"] / n, 3)
    result |= _raw_counts(Path(env["PLAN_WAREHOUSE_DB"]))
    return result


def incremental_runs(root: Path) -> dict:
    raw_dir = root / "plans"
    env = _env(root, raw_dir)
    home = Path(env["DAGSTER_HOME"])
    files = sorted(p.name for p in raw_dir.glob("*.txt"))
    # a changed plan: one more sentence (the middle file; generate.py writes it as UTF-8)
    target = raw_dir / files[len(files) // 2]
    target.write_bytes(target.read_bytes() + "\n本规划由民政部门负责解释。\n".encode())
    out = {}
    since = time.time()
    out["one_changed_file"] = measure(
        [PYTHON, "-m", "orchestration.run_all", target.name], env, root / "run.log"
    )
    out["one_changed_file"]["jobs_s"] = _job_durations(home, since)
    since = time.time()
    out["nothing_changed_full_rerun"] = measure(
        [PYTHON, "-m", "orchestration.run_all"], env, root / "run.log"
    )
    out["nothing_changed_full_rerun"]["jobs_s"] = _job_durations(home, since)
    out["sensor"] = sensor_ticks(env)
    return out


def sensor_ticks(env: dict[str, str]) -> dict:
    """Seconds of a first sensor tick (hashes every file) and a second one (nothing changed)."""
    code = """
import json, os, time
import dagster as dg
from orchestration.resources import build_resources
from orchestration.sensors import raw_directory_sensor
resources = {"paths": build_resources()["paths"]}  # the sensor reads the raw directory from it
with dg.DagsterInstance.get() as instance:
    t = time.perf_counter()
    ctx = dg.build_sensor_context(instance=instance, cursor=None, resources=resources)
    first = raw_directory_sensor(ctx)
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    ctx2 = dg.build_sensor_context(instance=instance, cursor=ctx.cursor, resources=resources)
    second = raw_directory_sensor(ctx2)
    t2 = time.perf_counter() - t
print(json.dumps({"first_tick_s": round(t1, 2), "first_tick_runs": len(first.run_requests),
                  "second_tick_s": round(t2, 3), "second_tick_runs": len(second.run_requests)}))
"""
    out = subprocess.run([PYTHON, "-c", code], env=env, cwd=REPO_ROOT, capture_output=True, text=True)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": out.stderr[-500:]}


def bi_latencies(db: Path, repeats: int = 40) -> dict:
    if not db.exists():
        return {"error": f"{db} does not exist"}
    results = {}
    with duckdb.connect(str(db), read_only=True) as con:
        try:
            indicator = con.execute(
                "select canonical_indicator_id from marts.fct_indicator_values "
                "where year = 2025 and value_kind = 'target' and canonical_indicator_id is not null "
                "group by 1 order by count(distinct region_code) desc, 1 limit 1"
            ).fetchone()
        except duckdb.Error:
            indicator = None
        params = {"indicator": indicator[0] if indicator else None}
        for name, sql in BI_QUERIES.items():
            try:
                args = params if "$indicator" in sql else {}
                rows = len(con.execute(sql, args).fetchall())
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    con.execute(sql, args).fetchall()
                    times.append((time.perf_counter() - start) * 1000)
                times.sort()
                results[name] = {
                    "rows": rows,
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                }
            except duckdb.Error as exc:
                results[name] = {"error": str(exc).splitlines()[0]}
    return results


def _print_table(title: str, rows: list[dict], columns: list[str]) -> None:
    print(f"\n{title}")
    print("  " + "  ".join(f"{c:>18}" for c in columns))
    for row in rows:
        print("  " + "  ".join(f"{str(row.get(c, '')):>18}" for c in columns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000])
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs (printed)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    if not (REPO_ROOT / "dbt_project" / "target" / "manifest.json").exists():
        print("dbt manifest missing: run `make manifest` first", file=sys.stderr)
        return 1
    base = Path(tempfile.mkdtemp(prefix="plan_warehouse_bench_"))
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  temp: {base}")
    figures: dict = {"cpus": os.cpu_count(), "full_runs": []}
    try:
        for n in args.sizes:
            result = full_run(base / f"n{n}", n)
            figures["full_runs"].append(result)
            print(f"N={n}: {json.dumps(result, ensure_ascii=False)}", flush=True)
        largest = base / f"n{max(args.sizes)}"
        figures["incremental"] = incremental_runs(largest)
        print(f"incremental at N={max(args.sizes)}: {json.dumps(figures['incremental'], ensure_ascii=False)}")
        published = largest / "warehouse" / "published" / "plans.duckdb"
        figures["bi_queries"] = bi_latencies(
            published if published.exists() else largest / "warehouse" / "plans.duckdb"
        )
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    _print_table(
        "full run from an empty warehouse (python -m orchestration.run_all)",
        [
            r
            | {
                "ingest_s": r["jobs_s"].get("ingest_documents_job"),
                "refresh_s": r["jobs_s"].get("refresh_warehouse_job"),
            }
            for r in figures["full_runs"]
        ],
        [
            "n",
            "wall_s",
            "per_plan_s",
            "ingest_s",
            "refresh_s",
            "peak_tree_pss_mb",
            "peak_tree_rss_mb",
            "documents",
            "load_errors",
        ],
    )
    inc = figures["incremental"]
    print(f"\nat N={max(args.sizes)}:")
    for name in ("one_changed_file", "nothing_changed_full_rerun"):
        r = inc[name]
        print(
            f"  {name:<28} wall {r['wall_s']:>6} s   jobs {r['jobs_s']}   peak PSS {r['peak_tree_pss_mb']} MB"
        )
    print(f"  sensor ticks                 {inc['sensor']}")
    print(f"\nBI queries on the published copy (N={max(args.sizes)}):")
    for name, r in figures["bi_queries"].items():
        print(f"  {name:<46} {r}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
