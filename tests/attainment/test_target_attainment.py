"""Did regions meet their targets? An invented pair of plans of one region, five years apart, in
two files of two formats (.txt and .html), built through the whole pipeline into
marts.fct_target_attainment; every expected outcome below is read by hand from the two documents
(tests/attainment/pairs.py)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingestion.extract import extract_document
from orchestration import propose_synonyms
from serving.overview import write_overview
from tests.attainment.pairs import EARLIER, LATER, REGION_CODE
from tests.conftest import build_warehouse
from tests.formats.plans import write_docx, write_html, write_txt

EARLIER_DOC = "jingning_14th_civil_affairs"  # .txt keeps its stem
LATER_DOC = "jingning_15th_civil_affairs_html"

# The 十四五 plan's 2025 targets, judged by the 十五五 plan's “十四五” review (2025年完成值):
# printed name -> (outcome, actual in the target's unit, gap, share of the distance from 2020)
EXPECTED = {
    "养老机构护理型床位占比": ("met", 58.0, 3.0, 1.2),  # ≥55, 40 -> 58
    "乡镇(街道)具备综合功能的养老服务机构覆盖率": ("missed", 52.0, -8.0, 0.7333),  # ≥60, 30 -> 52
    "每千名老年人拥有养老床位数": ("missed", 33.0, -2.0, 0.6),  # 35 (bare), 30 -> 33
    "养老机构安全事故发生率": ("met", 0.5, 0.3, 1.75),  # ≤0.8‰, lower is better: 1.2 -> 0.5
    "社会救助审核确认平均办理时限": ("missed", 12.0, -2.0, 0.8),  # 10 天, lower is better: 20 -> 12
    "经济困难失能老年人集中照护率": ("met", 54.0, 4.0, 1.2),  # renamed 经济困难失能老人…
    "注册志愿者人数": ("met", 2.3, 0.3, 1.375),  # 2万人; 23000 人 = 2.3万人
    "临时救助": ("not_comparable", None, None, None),  # 1500 人次 against 1400 人
    "县级公益性骨灰安葬(放)设施覆盖率": ("no_actual", None, None, None),  # not reviewed
    "城市社区养老服务设施覆盖率": ("conflicting_actuals", None, None, None),  # 100 and 98
    "社区居家养老服务站点覆盖率": ("no_actual", None, None, None),  # renamed, no reviewed synonym
}
# the review table's 2025年完成值 column, as printed
REVIEW_ACTUALS = {
    "养老机构护理型床位占比": 58.0,
    "乡镇(街道)具备综合功能的养老服务机构覆盖率": 52.0,
    "每千名老年人拥有养老床位数": 33.0,
    "养老机构安全事故发生率": 0.5,
    "社会救助审核确认平均办理时限": 12.0,
    "经济困难失能老人集中照护率": 54.0,
    "注册志愿者人数": 23000.0,
    "临时救助": 1400.0,
    "城市社区养老服务设施覆盖率": 100.0,
    "社区居家养老服务站覆盖率": 75.0,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("attainment")
    raw = root / "raw"
    raw.mkdir()
    write_txt(EARLIER, raw)
    write_html(LATER, raw)
    warehouse = build_warehouse(root, raw)
    assert warehouse.succeeded
    return warehouse


def _rows(db: Path, sql: str, params=None) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _pandoc_docx(plan, folder: Path) -> Path:
    """The later plan as Word by a real tool: pandoc converts the HTML page."""
    if shutil.which("pandoc") is None:
        raise AssertionError("pandoc is missing (a system tool this test converts with)")
    html = write_html(plan, folder)
    out = folder / f"{plan.name}_pandoc.docx"
    subprocess.run(["pandoc", str(html), "-o", str(out)], check=True, timeout=120)
    return out


@pytest.mark.parametrize("writer", [write_txt, write_html, write_docx, _pandoc_docx])
def test_the_later_plans_review_table_is_read_as_the_2025_actuals(tmp_path, writer):
    path = writer(LATER, tmp_path)
    extract = extract_document(path.read_bytes(), path.name)
    review = {
        v.indicator_name: v.value_numeric
        for v in extract.indicator_values
        if v.table_seq == 1 and v.value_kind == "actual"
    }
    assert review == REVIEW_ACTUALS
    years = {(v.value_kind, v.year) for v in extract.indicator_values if v.table_seq == 1}
    assert years == {("target", 2025), ("actual", 2025)}  # the review restates the 2025 targets


@pytest.mark.parametrize(
    ("caption", "target_header", "actual_header"),
    [
        ("表1 主要指标完成情况", "目标值", "完成值"),  # no period named: the one before the plan's
        ("表1 “十四五”规划主要指标完成情况", "规划目标", "完成情况"),
        ("表1 “十四五”主要指标完成情况", "2025年目标", "2025年实际值"),
    ],
)
def test_review_tables_of_other_wordings_give_2025_targets_and_actuals(caption, target_header, actual_header):
    text = "\n".join(
        [
            "静宁县“十五五”养老服务体系建设规划",
            "静宁县民政局",
            "2026年6月8日",
            "第一章 发展回顾",
            caption,
            f"序号\t指标名称\t单位\t{target_header}\t{actual_header}\t属性",
            "1\t养老机构护理型床位占比\t%\t≥55\t58\t约束性",
            "第二章 发展目标",
            "到2030年，养老服务体系更加健全。",
        ]
    )
    extract = extract_document(text.encode("utf-8"), "review.txt")
    assert sorted(
        (v.value_kind, v.year, v.comparator, v.value_numeric) for v in extract.indicator_values
    ) == [
        ("actual", 2025, "=", 58.0),
        ("target", 2025, ">=", 55.0),
    ]


def test_each_earlier_target_gets_the_outcome_read_by_hand(built):
    rows = _rows(
        built.warehouse_db,
        "select * from marts.fct_target_attainment where target_document_id = ? order by target_source_line",
        [EARLIER_DOC],
    )
    got = {
        r["indicator_name"]: (
            r["outcome"],
            r["actual_value"],
            r["gap"],
            None if r["gap_share_of_distance"] is None else round(r["gap_share_of_distance"], 4),
        )
        for r in rows
    }
    assert got == EXPECTED
    for r in rows:
        assert (r["region_code"], r["target_year"], r["is_restatement"]) == (REGION_CODE, 2025, False)
        if r["outcome"] != "no_actual":
            assert r["actual_document_id"] == LATER_DOC
    by_name = {r["indicator_name"]: r for r in rows}
    assert by_name["养老机构安全事故发生率"]["direction"] == "lower"
    assert by_name["社会救助审核确认平均办理时限"]["direction_source"] == "reviewed"
    assert by_name["注册志愿者人数"]["actual_unit"] == "人" and by_name["注册志愿者人数"]["unit"] == "万人"
    conflicting = by_name["城市社区养老服务设施覆盖率"]
    assert conflicting["actual_count"] == 2
    assert (
        "100 (%" in conflicting["actual_values_reported"] and "98 (%" in conflicting["actual_values_reported"]
    )


def test_both_provenances_lead_to_the_printed_lines(built):
    rows = _rows(
        built.warehouse_db,
        """
        select a.indicator_name, a.target_value_text, a.actual_value_text,
               t.text as target_line, l.text as actual_line
        from marts.fct_target_attainment a
        join raw.document_lines t on t.document_id = a.target_document_id and t.line_no = a.target_source_line
        left join raw.document_lines l on l.document_id = a.actual_document_id and l.line_no = a.actual_source_line
        where a.outcome in ('met', 'missed', 'not_comparable')
        """,
    )
    assert len(rows) == 17  # 8 of the earlier plan, 9 of the later plan's review restating them
    for r in rows:
        assert r["indicator_name"] in r["target_line"].replace(" ", "")
        assert r["target_value_text"] in r["target_line"]
        assert r["actual_value_text"] in r["actual_line"]


def test_the_later_plans_own_targets_await_their_actuals(built):
    rows = _rows(
        built.warehouse_db,
        "select indicator_name, outcome, is_restatement from marts.fct_target_attainment where target_year = 2030",
    )
    assert sorted(rows, key=lambda r: r["indicator_name"]) == [
        {"indicator_name": name, "outcome": "no_actual", "is_restatement": False}
        for name in sorted(
            ["养老机构护理型床位占比", "城市社区养老服务设施覆盖率", "农村社区养老服务设施覆盖率"]
        )
    ]
    restated = _rows(
        built.warehouse_db,
        "select count(*) as n from marts.fct_target_attainment where is_restatement",
    )
    # the review restates 10 targets; the renamed, unreviewed 站 one has no earlier row to restate
    assert restated == [{"n": 9}]


def test_quality_reports_binding_misses_and_disagreeing_actuals(built):
    rows = _rows(
        built.warehouse_db,
        """
        select expectation, severity, document_id, source_line, related_source_line, subject
        from audit.quality_results
        where suite = 'fct_target_attainment' and record_kind = 'finding'
        order by expectation, document_id, source_line
        """,
    )
    assert [(r["expectation"], r["severity"], r["document_id"], r["subject"]) for r in rows] == [
        ("actuals_disagree", "warn", EARLIER_DOC, "城市社区养老服务设施覆盖率"),
        ("actuals_disagree", "warn", LATER_DOC, "城市社区养老服务设施覆盖率"),
        ("binding_target_missed", "warn", EARLIER_DOC, "乡镇(街道)具备综合功能的养老服务机构覆盖率"),
        ("binding_target_missed", "warn", LATER_DOC, "乡镇(街道)具备综合功能的养老服务机构覆盖率"),
    ]
    assert all(r["related_source_line"] is not None for r in rows)


def test_the_bi_query_gives_the_share_of_binding_targets_met(built):
    # the README's query, on the published copy a BI tool opens
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("-- share of 约束性 targets met, by region")
    query = readme[start : readme.index("```", start)]
    rows = _rows(built.published_db, query)
    assert rows == [
        {
            "region_name": "静宁县",
            "binding_targets": 5,  # 4 of the earlier plan, the later plan's 2030 one
            "met": 2,  # 护理型床位占比, 安全事故发生率
            "missed": 1,  # 乡镇综合养老服务机构覆盖率
            "no_actual": 2,  # 骨灰安葬设施 (not reviewed), 2030 护理型床位占比
            "not_judged": 0,
            "share_met_of_judged": 0.667,
            "share_met_of_all": 0.4,
        }
    ]


def test_the_overview_shows_the_pair(built, tmp_path):
    out = write_overview(built.published_db, tmp_path / "overview.html")
    html = out.path.read_text(encoding="utf-8")
    section = html[html.index('<section id="attainment">') : html.index('<section id="reconciliation">')]
    assert "静宁县" in section
    assert "约束性: 2 of 5 met" in section
    # binding targets first, each judged row with both its lines
    assert section.index("约束性 binding") < section.index("预期性 expected")
    assert f"{EARLIER_DOC}:9" in section and f"{LATER_DOC}:8" in section
    assert out.attainment_rows == 11 + 10 + 3 - 9  # restatements of loaded targets count once


def test_a_renamed_indicator_without_a_reviewed_synonym_is_proposed_not_matched(built, tmp_path, monkeypatch):
    monkeypatch.setenv("PLAN_WAREHOUSE_DB", str(built.warehouse_db))
    out = tmp_path / "proposals.csv"
    assert propose_synonyms.main(["--out", str(out)]) == 0
    with out.with_name("proposals_cross_period.csv").open(encoding="utf-8") as f:
        cross = [
            (r["region_code"], r["year"], r["target_indicator_name"], r["candidate_same_as"])
            for r in csv.DictReader(f)
        ]
    assert cross == [(REGION_CODE, "2025", "社区居家养老服务站点覆盖率", "社区居家养老服务站覆盖率")]
