"""`make run` on the five sample plans publishes a complete copy, its Parquet files and the page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration.settings import companion_dir

pytestmark = pytest.mark.integration

SAMPLE_REGIONS = ("临夏回族自治州", "会宁县", "临泽县", "平罗县", "楚雄彝族自治州")


def _marts(db):
    with duckdb.connect(str(db), read_only=True) as con:
        names = [n for (n,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()]  # fmt: skip
        return {n: con.execute(f"select count(*) from marts.{n}").fetchone()[0] for n in names}


def test_published_copy_equals_the_warehouse_marts(sample_warehouse):
    assert sample_warehouse.succeeded
    published = _marts(sample_warehouse.published_db)
    assert published == _marts(sample_warehouse.warehouse_db)
    assert {"fct_projects", "fct_funding", "fct_indicator_values", "rpt_reconciliation"} <= set(published)
    parquet = companion_dir(sample_warehouse.published_db) / "parquet"
    assert sorted(p.stem for p in parquet.glob("*.parquet")) == sorted(published)
    with duckdb.connect(str(sample_warehouse.published_db), read_only=True) as con:
        assert con.execute(
            "select count(*) from information_schema.schemata where schema_name = 'raw'"
        ).fetchone() == (0,)


def test_overview_page_shows_every_sample_region(sample_warehouse):
    html = (companion_dir(sample_warehouse.published_db) / "overview.html").read_text(encoding="utf-8")
    for region in SAMPLE_REGIONS:
        assert region in html
    assert html.count('<svg class="chart"') >= 10
    assert "Not available" not in html


# The oldest DuckDB client the published copy promises to open (docs/serving.md).
OLDEST_CLIENT = "1.1.3"
CLIENT_CACHE = Path(tempfile.gettempdir()) / "plan_warehouse_duckdb_clients"


def _old_duckdb_python(version: str) -> Path:
    """The python of a throwaway venv holding duckdb==version (cached per version across runs)."""
    venv = CLIENT_CACHE / version
    python = venv / "bin" / "python"
    if python.exists():
        return python
    staging = CLIENT_CACHE / f".{version}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(staging)], check=True)
    install = subprocess.run(
        [
            str(staging / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"duckdb=={version}",
        ],
        capture_output=True,
        text=True,
    )
    if install.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        pytest.fail(
            f"could not install duckdb=={version} from PyPI into a test venv:\n{install.stderr[-2000:]}"
        )
    try:
        staging.rename(venv)
    except OSError:  # another test process won the race: use its venv
        shutil.rmtree(staging, ignore_errors=True)
    return python


def test_an_older_duckdb_client_reads_the_published_copy(sample_warehouse):
    python = _old_duckdb_python(OLDEST_CLIENT)
    reader = textwrap.dedent(
        """
        import json, sys, duckdb
        con = duckdb.connect(sys.argv[1], read_only=True)
        names = [n for (n,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1").fetchall()]
        counts = {n: con.execute(f"select count(*) from marts.{n}").fetchone()[0] for n in names}
        investment = con.execute(
            "select sum(planned_investment_wan_yuan)::double from marts.fct_projects").fetchone()[0]
        print(json.dumps({"version": duckdb.__version__, "counts": counts, "investment": investment}))
        """
    )
    out = subprocess.run(
        [str(python), "-c", reader, str(sample_warehouse.published_db)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout)
    assert seen["version"] == OLDEST_CLIENT
    assert seen["counts"] == _marts(sample_warehouse.published_db)
    with duckdb.connect(str(sample_warehouse.published_db), read_only=True) as con:
        investment = con.execute("select sum(planned_investment_wan_yuan)::double from marts.fct_projects")
        assert seen["investment"] == investment.fetchone()[0]
