"""An operator's bad day: runs killed at every stage, two runs at once, stray files.

Every run is a real `python -m orchestration.run_all` in a session of its own, held to
RUN_BOUND seconds: a run that hangs (the old symptom of a killed run: a pool slot never
freed) fails the test instead of stalling it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingestion.extract import extract_document
from orchestration.settings import REPO_ROOT, Settings
from tests.conftest import SAMPLE_PLANS_DIR, _ensure_manifest

pytestmark = pytest.mark.integration

RUN_BOUND = 600  # seconds; a run of these few files takes well under a minute on a quiet machine
INTERRUPT_BOUND = 60  # seconds from Ctrl-C to exit (10 s measured on a busy machine)
PLAN = "003_b3f5121ee16d8fba.txt"
REPEATED = "004_9176aec6d26fd934.txt"
NO_PERIOD_PLAN = """青川县养老服务体系建设规划

第一章 发展基础
全县养老机构逐步完成消防改造，农村互助幸福院覆盖多数行政村。
居家养老服务中心运营良好，服务对象持续增加。

第二章 主要目标
到规划期末，养老服务网络基本健全。

表1 主要指标
序号\t指标\t目标值\t属性
1\t养老机构护理型床位占比（%）\t≥55\t约束性
2\t特殊困难老年人月探访率（%）\t100\t预期性

第三章 重点工程
1. 县级失能人员集中照护中心建设项目，总投资1500万元。
"""


def _raw_dir(root: Path) -> Path:
    """Two real plans plus what an operator leaves lying around."""
    raw = root / "raw"
    raw.mkdir(parents=True)
    shutil.copy(SAMPLE_PLANS_DIR / PLAN, raw / PLAN)
    text = (SAMPLE_PLANS_DIR / REPEATED).read_text(encoding="utf-8")
    (raw / "printed_twice.txt").write_text(text + "\n" + text, encoding="utf-8")
    (raw / "no_period.txt").write_text(NO_PERIOD_PLAN, encoding="utf-8")
    (raw / "readme.txt").write_text("说明\n本文件夹收录各地民政规划文本，供研究使用。\n", encoding="utf-8")
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    return raw


def _env(root: Path, raw: Path) -> tuple[dict[str, str], Settings]:
    home = root / "dagster_home"
    home.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    settings = Settings(raw, root / "wh" / "plans.duckdb", root / "wh" / "published" / "plans.duckdb")
    env = os.environ | {
        "DAGSTER_HOME": str(home),
        "PLAN_WAREHOUSE_RAW_DIR": str(raw),
        "PLAN_WAREHOUSE_DB": str(settings.warehouse_db),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(settings.published_db),
        "DO_NOT_TRACK": "1",
    }
    return env, settings


def _start(env: dict[str, str], point: str = "none", *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.fault_run", point, *args],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _finish(run: subprocess.Popen) -> tuple[int, str]:
    try:
        output, _ = run.communicate(timeout=RUN_BOUND)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        output, _ = run.communicate()
        pytest.fail(f"the run did not finish within {RUN_BOUND} s (hung?):\n{output[-3000:]}")
    return run.returncode, output


def _marts(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        snapshot = {}
        for name in names:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'marts' "
                    "and table_name = ? and column_name not in ('loaded_at') order by ordinal_position",
                    [name],
                ).fetchall()
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            snapshot[name] = sorted(
                con.execute(f'select {select} from marts."{name}"').fetchall(), key=lambda row: repr(row)
            )
    return snapshot


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class TwoRuns:
    outputs: tuple[str, str]
    codes: tuple[int, int]
    settings: Settings
    env: dict[str, str]
    marts: dict[str, list[tuple]]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> TwoRuns:
    """Two `make run` started at once on a new warehouse over the operator's raw folder."""
    _ensure_manifest()
    root = tmp_path_factory.mktemp("operator")
    env, settings = _env(root, _raw_dir(root))
    first, second = _start(env), _start(env)
    (code_1, out_1), (code_2, out_2) = _finish(first), _finish(second)
    return TwoRuns((out_1, out_2), (code_1, code_2), settings, env, _marts(settings.published_db))


def test_two_runs_at_once_both_finish_one_after_the_other(two_runs):
    out_1, out_2 = two_runs.outputs
    assert two_runs.codes == (0, 0), out_1[-2000:] + out_2[-2000:]
    assert "waiting for the run in progress" in out_1 + out_2
    assert "removed before it could be read" not in out_1 + out_2
    assert _marts(two_runs.settings.warehouse_db) == two_runs.marts
    landing = two_runs.settings.landing_dir
    assert not [p.name for p in landing.iterdir() if p.name.endswith((".tmp", ".old"))]


def test_a_run_over_stray_files_names_each_and_publishes_the_plans(two_runs):
    settings = two_runs.settings
    # whichever run took the lock first built the warehouse; the other waited, then found it current
    (waited,) = [o for o in two_runs.outputs if "waiting for the run in progress" in o]
    (output,) = [o for o in two_runs.outputs if o is not waited]
    assert "nothing changed since the last refresh" in waited
    assert "readme.txt: not a plan" in output
    assert "passwd.txt: a symbolic link (to /etc/passwd)" in output
    assert "printed_twice.txt: lines " in output and "counted once" in output
    # progress lines, not dbt's per-test lines; those are in the log the summary names
    assert "… dbt build" in output and "✓ publish" in output
    assert " PASS " not in output and "START sql" not in output and "BetaWarning" not in output
    log = next(
        line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("log of this run:")
    )
    assert " PASS " in Path(log).read_text(encoding="utf-8")
    assert output.count("ERROR readme.txt") == 1  # each bad file logged as an error once
    with duckdb.connect(str(settings.published_db), read_only=True) as con:
        documents = dict(con.execute("select source_path, document_id from marts.dim_document").fetchall())
        assert set(documents) == {PLAN, "printed_twice.txt", "no_period.txt"}
        periods = con.execute(
            "select period_start_year from marts.dim_plan where document_id = ?", [documents["no_period.txt"]]
        ).fetchall()
        assert periods == [(None,)]  # a plan without a period is reported, not a crash
        twice, once = (
            con.execute(
                "select count(*) from marts.fct_indicator_values where document_id = ? and source_kind = 'table'",
                [doc],
            ).fetchone()[0]
            for doc in (documents["printed_twice.txt"], documents[PLAN])
        )
    single = extract_document((SAMPLE_PLANS_DIR / REPEATED).read_bytes(), REPEATED)
    assert twice == len(single.indicator_values) > 0 and once > 0
    # everything this warehouse wrote is in its own folders; the dbt folder holds one run
    assert sorted(p.name for p in settings.warehouse_dir.iterdir()) == ["plans", "plans.duckdb", "published"]
    assert len(list(settings.dbt_target_dir.iterdir())) == 1
    assert (settings.quality_dir / "latest.html").exists() and settings.overview_page.exists()


def test_runs_killed_at_every_stage_never_block_the_next_and_end_equal_to_a_clean_run(two_runs):
    """Interrupted (Ctrl-C) during dbt, then killed in landing, load, dbt, quality and publishing:
    each next run gets past the point where the previous one died within RUN_BOUND, the published
    copy is never touched, and the run after the last one ends with the marts of the first build."""
    env, settings, expected = two_runs.env, two_runs.settings, two_runs.marts
    published = _sha256(settings.published_db)

    # Ctrl-C (SIGINT to the terminal's process group) while dbt builds stops the run promptly
    # (nothing changed since the build: only a full refresh reaches dbt)
    interrupted = _start(env, "none", "--full-refresh")
    for line in interrupted.stdout:
        if "… dbt build" in line:
            break
    os.killpg(interrupted.pid, signal.SIGINT)
    try:
        interrupted.wait(timeout=INTERRUPT_BOUND)
    except subprocess.TimeoutExpired:
        os.killpg(interrupted.pid, signal.SIGKILL)
        pytest.fail(f"Ctrl-C did not stop the run within {INTERRUPT_BOUND} s")
    assert interrupted.returncode != 0
    assert _sha256(settings.published_db) == published

    shutil.rmtree(settings.landing_dir)  # every file is extracted and loaded again from here on

    for point in ("landing", "load", "dbt", "quality", "publish"):
        code, output = _finish(_start(env, point))
        assert code == -signal.SIGKILL, f"the run was not killed at {point}:\n{output[-3000:]}"
        assert _sha256(settings.published_db) == published, (
            f"a run killed at {point} changed the published copy"
        )

    code, output = _finish(_start(env))
    assert code == 0, output[-3000:]
    assert "marked 1 run(s) of a killed earlier run failed" in output  # the run killed while publishing
    assert _marts(settings.warehouse_db) == expected
    assert _marts(settings.published_db) == expected
    assert not [p.name for p in settings.landing_dir.iterdir() if p.name.endswith((".tmp", ".old"))]
