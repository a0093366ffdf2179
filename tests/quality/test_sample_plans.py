"""Quality of the warehouse built from the five sample plans (shared session warehouse).

The findings asserted here are quirks printed in the plans themselves, read off the files:
临泽 lists a project built 2021-204 (line 661) and prints 增幅 of its 十三五 table as
(end − start)/end (lines 90–96); 楚雄 sets 节地生态安葬率 to 60% from 70% (line 215).
"""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from orchestration.run_all import summary
from orchestration.settings import REPO_ROOT, Settings, companion_dir

pytestmark = pytest.mark.integration

LINZE = "002_07654b4b10d81a9d"
CHUXIONG = "004_9176aec6d26fd934"
LINXIA = "000_80bd01bbf9972bbb"


def _rows(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _latest_run(db) -> str:
    return _rows(db, "select run_id from audit.quality_results order by checked_at desc limit 1")[0][0]


def _findings(db, run_id):
    return _rows(
        db,
        "select suite, expectation, severity, document_id, source_line, printed_text from audit.quality_results "
        "where record_kind = 'finding' and run_id = ?",
        [run_id],
    )


def test_run_writes_report_and_summary_names_it(sample_warehouse):
    settings = Settings(
        sample_warehouse.raw_dir, sample_warehouse.warehouse_db, sample_warehouse.published_db
    )
    latest = settings.quality_dir / "latest.html"
    assert latest.exists() and list((settings.quality_dir / "runs").glob("*.html"))
    assert f"quality report:   {latest}" in summary(settings)
    assert (settings.quality_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").exists()


def test_sample_plans_have_no_pipeline_defects(sample_warehouse):
    run_id = _latest_run(sample_warehouse.warehouse_db)
    failed = _rows(
        sample_warehouse.warehouse_db,
        "select suite, expectation, observed_value from audit.quality_results "
        "where run_id = ? and record_kind = 'expectation' and severity = 'error' and not success",
        [run_id],
    )
    assert failed == []


def test_source_quirks_of_the_sample_plans_are_warnings(sample_warehouse):
    findings = _findings(sample_warehouse.warehouse_db, _latest_run(sample_warehouse.warehouse_db))
    found = {
        (suite, rule, doc, line) for suite, rule, severity, doc, line, _ in findings if severity == "warn"
    }
    assert ("fct_projects", "end_year_outside_horizon", LINZE, 661) in found
    for line in (90, 92, 94, 96):
        assert ("indicator_growth", "growth_inconsistent", LINZE, line) in found
    assert ("indicator_targets", "target_below_baseline", CHUXIONG, 215) in found
    # the statement checks: a signature date without its 年, two 分别 sentences giving 农村 two
    # values, a notice quoting the plan's title with 和 for the body's 及, a growth column mixing
    # percentage points and relative change
    assert ("cross_dates", "malformed_date", LINZE, 38) in found
    assert ("cross_lists", "respectively_conflict", LINZE, 138) in found
    assert ("cross_growth_conventions", "growth_conventions_mixed", CHUXIONG, 61) in found
    assert {(s, r) for s, r, d, _ in found if d == LINXIA and s == "cross_titles"} == {
        ("cross_titles", "title_mention_differs")
    }
    printed = {(doc, line): text for _, _, _, doc, line, text in findings}
    assert printed[(LINZE, 661)] == "2021-204"


def test_make_report_appends_a_second_set(sample_warehouse, tmp_path):
    """`make report` = python -m orchestration.run_report: a new run id, the same checks again."""
    import shutil

    # a copy, so the shared warehouse keeps exactly what the pipeline wrote
    db = tmp_path / "warehouse" / "plans.duckdb"
    db.parent.mkdir(parents=True)
    shutil.copy(sample_warehouse.warehouse_db, db)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DAGSTER_HOME": str(sample_warehouse.dagster_home),
        "PLAN_WAREHOUSE_RAW_DIR": str(sample_warehouse.raw_dir),
        "PLAN_WAREHOUSE_DB": str(db),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(tmp_path / "warehouse" / "published" / "plans.duckdb"),
        "DO_NOT_TRACK": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.run_report"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"quality report:   {companion_dir(db) / 'quality' / 'latest.html'}" in done.stdout
    sets = _rows(
        db,
        "select run_id, count(*) filter (where record_kind = 'expectation') n from audit.quality_results "
        "group by run_id order by min(checked_at)",
    )
    assert (
        len(sets)
        == len(_rows(sample_warehouse.warehouse_db, "select distinct run_id from audit.quality_results")) + 1
    )
    assert len({n for _, n in sets}) == 1  # every run evaluates every expectation
    first, last = sets[0][0], sets[-1][0]
    assert sorted(_findings(db, first)) == sorted(_findings(db, last))
