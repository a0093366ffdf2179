"""One edited plan on every path, side by side at one N (figures, no assertions).

    python -m benchmarks.paths [--n 1000] [--keep] [--json out.json]

In one benchmark run, on one generated raw directory:
1. bare work: extraction (the landing code, 2 worker processes) + load into a new DuckDB
   file + `dbt build --full-refresh`, timed without Dagster; then, given apart, the rest of
   a full run's work without Dagster (every GX suite on every document with its audit rows
   and report; the published copy, Parquet and overview page);
2. full run: `make run` on an empty warehouse (its two commands: `dbt parse` when the
   manifest is stale, then `python -m orchestration.run_all`);
3. `make run` with nothing changed;
4. one edited plan via `make run`;
5. one edited plan via `python -m orchestration.run_all FILE`;
6. one edited plan via the sensors of a running Dagster daemon (`dagster-daemon run`,
   raw_directory_sensor started): from the edit until the run it triggered finished (one
   run of update_document_job in its own process, for a single changed file);
7. one edited plan via a running `make watch` (`python -m orchestration.watch`, warm: its
   definitions loaded, its catch-up pass done): from the edit until its update run finished.
`make` itself is not invoked (it would check the shared virtualenv); its two commands are.
Also prints the load average, as the machine may be shared.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.generate import generate_plans
from benchmarks.run import REPO_ROOT, _env, _job_durations, measure
from orchestration.jobs import INGEST_JOB, REFRESH_JOB, UPDATE_JOB

PYTHON = sys.executable
BIN = Path(PYTHON).parent
DBT_DIR = REPO_ROOT / "dbt_project"
MANIFEST_INPUTS = ["models", "macros", "seeds", "dbt_project.yml"]


def _loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _edit(path: Path, note: str) -> None:
    """Append a sentence (the file's own encoding is kept by appending to its decoded text)."""
    from ingestion.decode import decode_plan_bytes

    decoded = decode_plan_bytes(path.read_bytes(), path.name)
    path.write_bytes((decoded.text + f"\n本规划由民政部门负责解释（{note}）。\n").encode(decoded.encoding))


def _manifest_stale() -> bool:
    manifest = DBT_DIR / "target" / "manifest.json"
    if not manifest.exists():
        return True
    newest = max(
        p.stat().st_mtime
        for part in MANIFEST_INPUTS
        for p in ([DBT_DIR / part] if (DBT_DIR / part).is_file() else (DBT_DIR / part).rglob("*"))
    )
    return newest > manifest.stat().st_mtime


def make_run(env: dict[str, str], log: Path, *args: str) -> dict:
    """The two commands of `make run`: dbt parse (only when the manifest is stale) and run_all."""
    started = time.perf_counter()
    parse_s = 0.0
    if _manifest_stale():
        t = time.perf_counter()
        subprocess.run([str(BIN / "dbt"), "parse", "--quiet", "--profiles-dir", "."], cwd=DBT_DIR, check=True)
        parse_s = time.perf_counter() - t
    result = measure([PYTHON, "-m", "orchestration.run_all", *args], env, log)
    result["wall_s"] = round(time.perf_counter() - started, 2)
    result["dbt_parse_s"] = round(parse_s, 2)
    return result


def bare_work(raw_dir: Path, root: Path) -> dict:
    """Extraction + load + dbt SQL without the orchestrator, on a warehouse of its own."""
    from ingestion.extract import document_id_for
    from ingestion.landing import list_plan_files, load_documents, refresh_duplicates
    from orchestration.assets.ingestion import land_documents

    db = root / "bare" / "plans.duckdb"
    landing = root / "bare" / "landing"
    db.parent.mkdir(parents=True, exist_ok=True)
    files = list_plan_files(raw_dir)
    t = time.perf_counter()
    outcome = land_documents(raw_dir, files, landing)
    extract_s = time.perf_counter() - t
    t = time.perf_counter()
    landed = [document_id_for(p) for p, (item, err) in outcome.items() if err is None]
    with duckdb.connect(str(db)) as con:
        load_documents(con, landing, landed)
        refresh_duplicates(con)
        con.execute(
            "create table if not exists raw.document_changes (document_id varchar, changed_at timestamp)"
        )
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    env = os.environ | {"PLAN_WAREHOUSE_DB": str(db)}
    target = root / "bare" / "dbt_target"
    subprocess.run(
        [
            str(BIN / "dbt"),
            "build",
            "--full-refresh",
            "--quiet",
            "--profiles-dir",
            ".",
            "--target-path",
            str(target),
        ],
        cwd=DBT_DIR,
        env=env,
        check=True,
    )
    dbt_s = time.perf_counter() - t
    results = json.loads((target / "run_results.json").read_text())
    node_s = sum(r.get("execution_time") or 0 for r in results["results"])
    quality_s, publish_s = _bare_quality_and_publish(db, root / "bare")
    return {
        "extract_s": round(extract_s, 2),
        "load_s": round(load_s, 2),
        "dbt_build_s": round(dbt_s, 2),
        "dbt_nodes_sql_s": round(node_s, 2),
        # the bare work: extraction, load and dbt
        "total_s": round(extract_s + load_s + dbt_s, 2),
        # the rest of what a full run does, without Dagster: every GX suite on every document,
        # the audit rows and report, the published copy, its Parquet and the overview page
        "quality_s": round(quality_s, 2),
        "publish_s": round(publish_s, 2),
        "total_with_quality_and_publish_s": round(extract_s + load_s + dbt_s + quality_s + publish_s, 2),
        "documents": len(landed),
    }


def _bare_quality_and_publish(db: Path, root: Path) -> tuple[float, float]:
    """The quality step and the publish as the full run's assets call them, timed without Dagster."""
    from expectations.audit import append_results
    from expectations.report import write_report
    from expectations.runner import run_quality
    from orchestration.assets.quality import ACTIVE_SUITES
    from orchestration.resources import dbt_project
    from serving.overview import write_overview
    from serving.publish import docs_from_dbt_manifest, publish

    t = time.perf_counter()
    run = run_quality(db, root / "quality", "bare", ACTIVE_SUITES)
    append_results(db, run)
    write_report(run, root / "quality")
    quality_s = time.perf_counter() - t
    t = time.perf_counter()
    published = root / "published" / "plans.duckdb"
    publish(
        db, published, root / "published" / "parquet", docs=docs_from_dbt_manifest(dbt_project.manifest_path)
    )
    write_overview(published, root / "published" / "overview.html")
    return quality_s, time.perf_counter() - t


def _dagster(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "dagster"), *args, "-m", "orchestration.definitions"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )


def _runs(home: Path, job: str, since: float) -> list[tuple[str, str, float, float | None]]:
    """(run_id, status, start, end) of the runs of `job` created after `since`."""
    import dagster as dg

    out = []
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for record in instance.get_run_records(dg.RunsFilter(job_name=job)):
            if record.create_timestamp.timestamp() >= since:
                out.append(
                    (
                        record.dagster_run.run_id,
                        record.dagster_run.status.value,
                        record.start_time,
                        record.end_time,
                    )
                )
    return out


def _wait_idle(home: Path, since: float, timeout: float) -> float | None:
    """Seconds from `since` until the edit was refreshed: the update run the sensor starts for
    one changed file, or its ingest runs and the refresh after them (None on timeout)."""
    started = time.perf_counter()
    done = {"SUCCESS", "FAILURE", "CANCELED"}
    while time.perf_counter() - started < timeout:
        updates = _runs(home, UPDATE_JOB, since)
        ingests = _runs(home, INGEST_JOB, since)
        refreshes = _runs(home, REFRESH_JOB, since)
        runs = updates + ingests + refreshes
        refreshed = (updates or refreshes) and all(r[1] in done for r in runs)
        if refreshed:
            return time.time() - since
        time.sleep(0.5)
    return None


def _seed_sensor_cursor(home: Path, raw_dir: Path) -> bool:
    """Give the started raw_directory_sensor the cursor of the files as they are (as after its
    first tick), so the daemon's first tick does not re-check all N files in one run."""
    import dagster as dg
    from dagster._core.scheduler.instigation import InstigatorType, SensorInstigatorData

    from orchestration.sensors import scan_raw_dir

    cursor = json.dumps({p: list(fp) for p, fp in scan_raw_dir(raw_dir, {}).items()}, sort_keys=True)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for state in instance.all_instigator_state(instigator_type=InstigatorType.SENSOR):
            if state.name == "raw_directory_sensor":
                data = state.instigator_data or SensorInstigatorData()
                instance.update_instigator_state(state.with_data(data._replace(cursor=cursor)))
                return True
    return False


@contextlib.contextmanager
def _background(cmd: list[str], env: dict[str, str], log: Path, stop: signal.Signals):
    """`cmd` running in its own process group, output appended to `log`; stopped with `stop`
    (then killed after 60 s) when the block ends."""
    with log.open("ab") as handle:
        process = subprocess.Popen(
            cmd, env=env, cwd=REPO_ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, stop)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def sensor_path(env: dict[str, str], raw_dir: Path, target: Path, log: Path) -> dict:
    home = Path(env["DAGSTER_HOME"])
    out: dict = {}
    started = _dagster(env, "sensor", "start", "raw_directory_sensor")
    if started.returncode != 0 and "already running" not in started.stderr + started.stdout:
        return {"error": started.stderr[-500:]}
    out["cursor_seeded"] = _seed_sensor_cursor(home, raw_dir)
    with _background(
        [str(BIN / "dagster-daemon"), "run", "-m", "orchestration.definitions"], env, log, signal.SIGTERM
    ):
        time.sleep(20)  # the daemon starts its code server and ticks both sensors once
        edit_at = time.time()
        _edit(target, "sensor")
        waited = _wait_idle(home, edit_at, 900)
        out["edit_to_refreshed_s"] = None if waited is None else round(waited, 2)
        for key, job in (
            ("update_runs", UPDATE_JOB),
            ("ingest_runs", INGEST_JOB),
            ("refresh_runs", REFRESH_JOB),
        ):
            runs = _runs(home, job, edit_at)
            out[key] = [round((e or 0) - (s or 0), 2) for _, _, s, e in runs]
            out[key.replace("_runs", "_status")] = [status for _, status, _, _ in runs]
        first = [s for job in (UPDATE_JOB, INGEST_JOB) for _, _, s, _ in _runs(home, job, edit_at) if s]
        if first:
            out["edit_to_first_run_start_s"] = round(min(first) - edit_at, 2)
    return out


def watch_path(env: dict[str, str], target: Path, log: Path, edits: int = 2) -> dict:
    """`make watch` running: seconds from each edit of `target` until its update run finished."""
    home = Path(env["DAGSTER_HOME"])
    out: dict = {"edit_to_refreshed_s": []}
    ready = log.with_name("watch.out")
    ready.write_bytes(b"")
    with _background(
        [PYTHON, "-m", "orchestration.watch", "--interval", "0.5"], env, ready, signal.SIGINT
    ) as watch:
        started = time.perf_counter()
        while b"watching" not in ready.read_bytes():
            if watch.poll() is not None or time.perf_counter() - started > 600:
                return {"error": ready.read_text(errors="replace")[-500:]}
            time.sleep(0.2)
        out["start_to_watching_s"] = round(time.perf_counter() - started, 2)
        for k in range(edits):
            time.sleep(2)
            edit_at = time.time()
            _edit(target, f"watch {k}")
            waited = _wait_idle(home, edit_at, 600)
            out["edit_to_refreshed_s"].append(None if waited is None else round(waited, 2))
            runs = _runs(home, UPDATE_JOB, edit_at)
            out.setdefault("update_runs", []).extend(round((e or 0) - (s or 0), 2) for _, _, s, e in runs)
            out.setdefault("update_status", []).extend(status for _, status, _, _ in runs)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--root", type=Path, help="work here instead of a new temp dir")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="STEP",
        help="only these steps (e.g. one_edit_run_all_file one_edit_watch), on the warehouse a "
        "previous --root run left",
    )
    args = parser.parse_args(argv)
    root = args.root or Path(tempfile.mkdtemp(prefix="plan_warehouse_paths_"))
    raw_dir = root / "plans"
    log = root / "run.log"
    figures: dict = {"n": args.n, "cpus": os.cpu_count(), "root": str(root), "loadavg": {}}

    def step(name: str, action):
        if args.only and name not in args.only:
            return
        figures["loadavg"][name] = _loadavg()
        print(f"[{time.strftime('%H:%M:%S')}] {name} (load {figures['loadavg'][name]}) ...", flush=True)
        figures[name] = action()
        print(f"  {json.dumps(figures[name], ensure_ascii=False)}", flush=True)

    try:
        if not raw_dir.exists():
            generate_plans(raw_dir, args.n)
        files = sorted(p.name for p in raw_dir.glob("*.txt"))
        env = _env(root, raw_dir)
        home = Path(env["DAGSTER_HOME"])

        step("bare_work", lambda: bare_work(raw_dir, root))

        def timed_make_run(*run_args):
            since = time.time()
            result = make_run(env, log, *run_args)
            result["jobs_s"] = _job_durations(home, since)
            return result

        step("full_run", timed_make_run)
        step("nothing_changed_make_run", timed_make_run)
        a, b, c = (raw_dir / files[len(files) * k // 4] for k in (1, 2, 3))

        def edited(path: Path, note: str, *run_args):
            _edit(path, note)
            return timed_make_run(*run_args)

        step("one_edit_make_run", lambda: edited(a, "make run"))
        step("one_edit_run_all_file", lambda: edited(b, "run_all FILE", b.name))
        step("one_edit_sensor_daemon", lambda: sensor_path(env, raw_dir, c, log))
        d = raw_dir / files[len(files) // 8]
        step("one_edit_watch", lambda: watch_path(env, d, log))
    finally:
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
        if not args.keep and not args.root:
            shutil.rmtree(root, ignore_errors=True)

    bare = figures.get("bare_work", {}).get("total_s")
    bare_all = figures.get("bare_work", {}).get("total_with_quality_and_publish_s")
    print(f"\nN = {args.n}, {os.cpu_count()} CPUs")
    print(f"  {'path':<28} {'wall s':>8}   target       load avg (1/5/15 min) at start")
    full = figures.get("full_run", {}).get("wall_s")
    rows = [
        ("bare work (no Dagster)", bare, "-"),
        ("  + quality and publish", bare_all, "-"),
        (
            "full run (make run)",
            full,
            f"<= {1.5 * bare:.0f} (1.5x bare)" if bare else "",
        ),
        ("nothing changed (make run)", figures.get("nothing_changed_make_run", {}).get("wall_s"), "<= 10"),
        ("one edit, make run", figures.get("one_edit_make_run", {}).get("wall_s"), "<= 15"),
        ("one edit, run_all FILE", figures.get("one_edit_run_all_file", {}).get("wall_s"), "<= 15"),
        (
            "one edit, sensor + daemon",
            figures.get("one_edit_sensor_daemon", {}).get("edit_to_refreshed_s"),
            "<= 15",
        ),
        (
            "one edit, make watch",
            min(
                (x for x in figures.get("one_edit_watch", {}).get("edit_to_refreshed_s", []) if x),
                default=None,
            ),
            "<= 5",
        ),
    ]
    keys = ["bare_work", "bare_work", "full_run", "nothing_changed_make_run", "one_edit_make_run", "one_edit_run_all_file",
            "one_edit_sensor_daemon", "one_edit_watch"]  # fmt: skip
    for (name, wall, target), key in zip(rows, keys, strict=True):
        print(
            f"  {name:<28} {wall if wall is not None else '-':>8}   {target:<12} {figures['loadavg'].get(key, '')}"
        )
    if full and bare and bare_all:
        print(
            f"  full run / bare work: {full / bare:.2f}x; / bare work with quality and publish: {full / bare_all:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
