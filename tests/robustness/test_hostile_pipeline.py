"""The whole pipeline on the five sample plans mixed with hostile files, built twice.

One raw directory holds the real plans plus: an empty file, a binary file, a 50 MB text,
GBK / UTF-16 / BOM / CRLF copies of a real plan, a byte-identical copy under another name,
a plan cut off mid-row, and two invented plans for the audit of what was not read. Every hostile file gets an error or warning naming it; the
real plans load with the rows read off them by hand; a second build from scratch
gives the same marts row for row.

The pipeline runs as `python -m orchestration.run_all` in a subprocess, so that the
Definitions read this test's environment (they bind paths at import).
"""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingestion.extract import document_id_for
from ingestion.landing import RAW_TABLES, raw_columns
from orchestration.settings import REPO_ROOT, companion_dir
from tests.conftest import SAMPLE_PLANS_DIR, _ensure_manifest
from tests.ingestion.test_indicators import EXPECTED_000, EXPECTED_001, EXPECTED_003

pytestmark = pytest.mark.integration

ORIGINAL = "000_80bd01bbf9972bbb.txt"
COPIED = "004_9176aec6d26fd934.txt"
ENCODED_COPIES = {
    "variants/000_gbk.txt": "gb18030",
    "variants/000_utf16.txt": "utf-16",
    "variants/000_utf8_bom.txt": "utf-8-sig",
    "variants/000_crlf.txt": "utf-8",
}
# Invented plans for the audit of what was not read: one in a layout the extractors miss, one read fully.
READ_AUDIT_PLANS = REPO_ROOT / "tests" / "ingestion" / "fixtures" / "read_audit"
FAILING = {"empty.txt": "empty", "binary.txt": "binary", "huge.txt": "MB"}


def _write_hostile_dir(raw: Path) -> int:
    """Samples + hostile files; returns the line count of the truncated plan."""
    raw.mkdir(parents=True)
    for path in SAMPLE_PLANS_DIR.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    text = (SAMPLE_PLANS_DIR / ORIGINAL).read_text(encoding="utf-8")
    (raw / "variants").mkdir()
    (raw / "variants/000_gbk.txt").write_bytes(text.encode("gbk"))
    (raw / "variants/000_utf16.txt").write_bytes(text.encode("utf-16"))
    (raw / "variants/000_utf8_bom.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (raw / "variants/000_crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    shutil.copy(SAMPLE_PLANS_DIR / COPIED, raw / "copy_of_004.txt")
    lines = text.split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("序号\t"))
    row = lines[header + 2]
    (raw / "truncated_000.txt").write_text(
        "\n".join(lines[: header + 2] + [row[: row.index("\t", row.index("\t") + 1)]]), encoding="utf-8"
    )
    (raw / "invented").mkdir()
    for path in READ_AUDIT_PLANS.glob("*.txt"):
        shutil.copy(path, raw / "invented" / path.name)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(os.urandom(64 * 1024))
    with (raw / "huge.txt").open("wb") as out:
        block = text.encode("utf-8")
        for _ in range(50 * 2**20 // len(block) + 1):
            out.write(block)
    return header + 3


def run_pipeline_subprocess(root: Path, raw: Path) -> subprocess.CompletedProcess:
    _ensure_manifest()
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    env = os.environ | {
        "DAGSTER_HOME": str(home),
        "PLAN_WAREHOUSE_RAW_DIR": str(raw),
        "PLAN_WAREHOUSE_DB": str(root / "warehouse" / "plans.duckdb"),
        "PLAN_WAREHOUSE_PUBLISHED_DB": str(root / "warehouse" / "published" / "plans.duckdb"),
        "DO_NOT_TRACK": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "orchestration.run_all"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


class Build:
    def __init__(self, root: Path):
        self.root = root
        self.raw = root / "raw"
        self.db = root / "warehouse" / "plans.duckdb"
        self.truncated_lines = _write_hostile_dir(self.raw)
        self.first = run_pipeline_subprocess(root, self.raw)

    def query(self, sql: str, params=None) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    return Build(tmp_path_factory.mktemp("hostile"))


def test_the_pipeline_completes_despite_the_hostile_files(build):
    assert build.first.returncode == 0, build.first.stdout[-3000:] + build.first.stderr[-3000:]
    for name in FAILING:
        assert f"NOT LOADED {name}" in build.first.stdout


def test_each_unreadable_file_has_one_error_naming_it(build):
    errors = dict(build.query("select source_path, error from raw.load_errors"))
    assert set(errors) == set(FAILING)
    for name, reason in FAILING.items():
        assert errors[name].startswith(f"{name}: ") and reason in errors[name], errors[name]


def _raw_rows(build: Build, table: str, document_id: str) -> list[tuple]:
    names = [name for name, _ in raw_columns(table) if name not in {"loaded_at", "duplicate_of_document_id"}]
    return sorted(
        build.query(f"select {', '.join(names)} from raw.{table} where document_id = ?", [document_id]),
        key=repr,
    )


@pytest.mark.parametrize("plan", sorted(p.name for p in SAMPLE_PLANS_DIR.glob("*.txt")))
def test_every_real_plan_loads_its_lines_as_printed(build, plan):
    """raw.document_lines holds the file's own lines (read here without the pipeline's decoder)."""
    printed = (SAMPLE_PLANS_DIR / plan).read_text(encoding="utf-8").split("\n")
    if printed and printed[-1] == "":
        printed.pop()  # the final line break ends the last line
    loaded = build.query(
        "select line_no, text from raw.document_lines where document_id = ? order by line_no",
        [document_id_for(plan)],
    )
    assert loaded == list(enumerate(printed, start=1)), plan


# Indicator tables read off the sample plans by hand (tests/ingestion/test_indicators.py).
HAND_READ_INDICATORS = {"000": EXPECTED_000, "001": EXPECTED_001, "003": EXPECTED_003}


@pytest.mark.parametrize("prefix", sorted(HAND_READ_INDICATORS))
def test_real_plans_among_hostile_files_give_their_hand_read_indicator_values(build, prefix):
    (plan,) = SAMPLE_PLANS_DIR.glob(f"{prefix}_*.txt")
    rows = build.query(
        "select row_seq, indicator_name, year, value_kind, comparator, value_numeric, unit, attribute_raw, "
        "source_line from raw.indicator_values where document_id = ? order by table_seq, source_line",
        [document_id_for(plan.name)],
    )
    assert rows == HAND_READ_INDICATORS[prefix]


def test_the_project_table_among_hostile_files_gives_its_hand_read_rows(build):
    """002's key-project table, read by hand: 15 + 4 + 1 + 3 rows, 80285 万元 (66354 for 老年福利)."""
    (plan,) = SAMPLE_PLANS_DIR.glob("002_*.txt")
    rows = build.query(
        "select category, count(*), sum(planned_investment_wan_yuan) from raw.projects "
        "where document_id = ? and source_kind = 'table_row' group by category order by category",
        [document_id_for(plan.name)],
    )
    by_category = {category: (count, total) for category, count, total in rows}
    assert {category: count for category, (count, _) in by_category.items()} == {
        "老年福利项目": 15,
        "殡葬服务设施项目": 4,
        "社会福利服务项目": 1,
        "城乡社区服务设施项目": 3,
    }
    assert sum(total for _, total in by_category.values()) == pytest.approx(80285)
    assert by_category["老年福利项目"][1] == pytest.approx(66354)


@pytest.mark.parametrize("copy", sorted(ENCODED_COPIES))
def test_a_re_encoded_copy_has_the_rows_of_the_original_and_is_flagged_as_its_duplicate(build, copy):
    copy_id, original_id = document_id_for(copy), document_id_for(ORIGINAL)
    ((encoding, duplicate_of),) = build.query(
        "select encoding, duplicate_of_document_id from raw.documents where document_id = ?", [copy_id]
    )
    assert (encoding, duplicate_of) == (ENCODED_COPIES[copy], original_id)
    for table in RAW_TABLES:
        if table == "documents":
            continue
        original = [r[1:] for r in _raw_rows(build, table, original_id)]  # without document_id
        assert [r[1:] for r in _raw_rows(build, table, copy_id)] == original, f"{copy}: raw.{table}"
    (message,) = build.query(
        "select message from raw.document_warnings where document_id = ? and warning_kind = 'duplicate_content'",
        [copy_id],
    )
    assert message[0].startswith(f"{copy}: same text as {ORIGINAL}")


def test_the_same_bytes_under_another_name_are_flagged_as_a_duplicate(build):
    rows = build.query(
        "select source_path, duplicate_of_document_id from raw.documents where content_sha256 = "
        "(select content_sha256 from raw.documents where source_path = ?) order by 1",
        [COPIED],
    )
    assert rows == [(COPIED, None), ("copy_of_004.txt", document_id_for(COPIED))]


def test_the_truncated_plan_loads_up_to_the_cut_with_a_warning_naming_it(build):
    doc_id = document_id_for("truncated_000.txt")
    assert build.query("select line_count from raw.documents where document_id = ?", [doc_id]) == [
        (build.truncated_lines,)
    ]
    ((message,),) = build.query(
        "select message from raw.document_warnings where document_id = ? and warning_kind = 'possibly_truncated'",
        [doc_id],
    )
    assert message.startswith("truncated_000.txt: ") and "cut off" in message


def test_duplicates_are_not_counted_twice_in_the_marts(build):
    for mart in ("dim_plan", "fct_projects", "fct_indicator_values", "fct_funding", "rpt_reconciliation"):
        counted = build.query(
            f"select count(*) from marts.{mart} join raw.documents using (document_id) "
            "where raw.documents.duplicate_of_document_id is not null"
        )
        assert counted == [(0,)], mart


def test_what_was_not_read_is_listed_line_by_line_with_a_coverage_per_document(build):
    missed = document_id_for("invented/missed_table_and_project.txt")
    unread = build.query(
        "select source_line, reason, line_text from marts.rpt_unread_lines where document_id = ? order by all",
        [missed],
    )
    printed = (READ_AUDIT_PLANS / "missed_table_and_project.txt").read_text(encoding="utf-8").split("\n")
    expected = {
        5: "caption_without_table",
        7: "unread_table_line",
        8: "unread_table_line",
        9: "unread_table_line",
        14: "unread_project_section_line",
        15: "stated_count_without_rows",  # "共规划重点项目2个": not one of them was read
    }
    assert unread == [(line, reason, printed[line - 1]) for line, reason in expected.items()]
    coverage = dict(build.query("select document_id, read_coverage from marts.dim_document"))
    assert coverage[missed] == pytest.approx(0.3)
    clean = document_id_for("invented/fully_read.txt")
    assert coverage[clean] == 1.0
    assert build.query("select count(*) from marts.rpt_unread_lines where document_id = ?", [clean]) == [(0,)]


def _marts_snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every marts table, all rows, without timestamp columns (load times differ by design)."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        out = {}
        for table in tables:
            columns = [
                name
                for name, tp in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if not tp.startswith("TIMESTAMP")
            ]
            quoted = ", ".join(f'"{c}"' for c in columns)
            out[table] = con.execute(f'select {quoted} from marts."{table}" order by all').fetchall()
    return out


def test_rebuilding_from_the_same_files_gives_identical_marts(build):
    """Last in this module: it re-runs the pipeline into the same warehouse."""
    first = _marts_snapshot(build.db)
    assert first and any(first.values())
    shutil.rmtree(companion_dir(build.db) / "landing")  # no landing-cache shortcut: extract everything again
    second_run = run_pipeline_subprocess(build.root, build.raw)
    assert second_run.returncode == 0, second_run.stdout[-3000:]
    second = _marts_snapshot(build.db)
    assert second.keys() == first.keys()
    for table in first:
        assert second[table] == first[table], f"marts.{table} differs between two runs on the same files"
