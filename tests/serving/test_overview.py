"""The overview page: regions, charts and Chinese labels from the published copy, offline."""

from __future__ import annotations

import re

import duckdb

from serving.charts import Bar, format_number, horizontal_bar_chart, text_width
from serving.overview import OverviewPage, write_overview
from serving.publish import publish
from tests.contracts import create_table_sql, insert_rows


def _page(published, tmp_path):
    out = tmp_path / "overview.html"
    stats = write_overview(published, out)
    return out.read_text(encoding="utf-8"), stats


def test_page_shows_regions_investment_targets_and_findings(warehouse, published_paths, tmp_path):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, stats = _page(published, tmp_path)

    assert '<meta charset="utf-8">' in html
    assert "Noto Sans CJK SC" in html and "WenQuanYi Zen Hei" in html
    for region in ("临夏回族自治州", "临泽县", "楚雄彝族自治州"):
        assert region in html
    # investment: 临泽县 prices its projects (1,200.5 + 5,180.5 万元), 临夏 lists one without an amount
    assert "6,381 万元" in html
    assert "5,180.5 万元 · 1 项" in html
    assert "bars count projects" in html
    # targets: one chart per canonical indicator with numbers, 2025 only (v5 is a 2020 actual)
    assert "养老机构护理型床位占比" in html
    assert "≥55%" in html and "≥60%" in html
    assert "40%" not in html
    assert "临泽县·民政" in html and "临泽县·养老" in html  # two plans of one region told apart
    assert "稳步提高" in html  # qualitative target kept as text
    # reconciliation: the mismatch listed first
    assert html.index("mismatch</td>") < html.index(">match</td>")
    assert "1 mismatch(es) of 2" in html
    assert stats.regions == 3
    assert stats.investment_charts == 3  # the region with only stated funding has no chart
    assert stats.indicator_charts == 1
    assert stats.reconciliation_rows == 2
    assert stats.missing_marts == []


def test_page_needs_no_network(warehouse, published_paths, tmp_path):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html


def test_bars_are_scaled_and_percentages_against_100(warehouse, published_paths, tmp_path):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    indicator = html[html.index("养老机构护理型床位占比") :]
    widths = [float(w) for w in re.findall(r'class="bar"[^>]*width="([\d.]+)"', indicator)][:3]
    # 55%, 55%, 60% of the same plot width
    assert widths[0] == widths[1]
    assert abs(widths[2] / widths[0] - 60 / 55) < 0.01


def test_missing_marts_give_a_note_not_a_failure(tmp_path):
    db = tmp_path / "partial.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema marts")
        for mart in ("dim_region", "dim_plan"):
            con.execute(create_table_sql(mart))
        insert_rows(
            con,
            "dim_region",
            [
                dict(
                    region_code="640221",
                    region_name="平罗县",
                    province_code="640000",
                    province_name="宁夏回族自治区",
                    region_level="county",
                )
            ],
        )
        insert_rows(con, "dim_plan", [dict(plan_id="p1", region_code="640221", plan_title="平罗县民政规划",
                                           plan_type="civil_affairs")])  # fmt: skip
    html, stats = _page(db, tmp_path)
    assert "平罗县民政规划" in html
    assert "Not available: marts.fct_projects" in html
    assert "marts.rpt_reconciliation is not in the published copy" in html
    assert set(stats.missing_marts) >= {"fct_projects", "fct_indicator_values", "rpt_reconciliation"}


def test_periods_and_target_years_come_from_the_plans(warehouse, published_paths, tmp_path):
    """A 十五五 plan (2026–2030, named so in dim_year) next to the 2021–2025 plans: its 2030
    targets get their own section and its 2025 baseline is no target."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.dim_year set plan_period_name_zh = case when year between 2021 and 2025 then '十四五' "
            "when year between 2026 and 2030 then '十五五' end"
        )
        insert_rows(
            con,
            "dim_plan",
            [
                dict(
                    plan_id="d4-p1",
                    document_id="d4",
                    region_code="532300",
                    plan_title="楚雄州“十五五”养老服务体系建设规划",
                    plan_type="elderly_care",
                    period_start_year=2026,
                    period_end_year=2030,
                )
            ],
        )
        insert_rows(con, "fct_indicator_values", [
            dict(indicator_value_id=v, plan_id="d4-p1", document_id="d4", region_code="532300",
                 indicator_name="养老机构护理型床位占比", canonical_indicator_id="nursing_bed_share",
                 policy_area_code="elderly_care", unit="%", year=year, value_kind=kind, comparator=comparator,
                 value_numeric=value, value_text=text, source_line=line)
            for v, year, kind, comparator, value, text, line in (
                ("v6", 2025, "actual", "=", 52, "52%", 40),
                ("v7", 2030, "target", ">=", 70, "≥70%", 41),
            )
        ])  # fmt: skip
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, stats = _page(published, tmp_path)
    assert "十四五 2021–2025" in html and "十五五 2026–2030" in html
    assert html.index('id="targets-2025"') < html.index('id="targets-2030"')
    section_2030 = html[html.index('id="targets-2030"') :]
    assert "≥70%" in section_2030 and "≥55%" not in section_2030
    assert "52%" not in html  # a 2025 baseline of the 2030 plan is not a target
    assert "2025年, 2030年目标" in html
    assert stats.indicator_charts == 2


def test_text_from_the_plans_is_escaped(warehouse, published_paths, tmp_path):
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "update marts.dim_plan set plan_title = '<script>alert(1)</script>规划' where plan_id = 'd1-p1'"
        )
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;规划" in html


def test_page_is_rendered_from_the_published_copy_read_only(warehouse, published_paths, tmp_path):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    with duckdb.connect(str(published), read_only=True) as con:
        html = OverviewPage(con).render()  # a read-only connection is enough
    assert "临泽县" in html
    before = published.stat().st_mtime_ns
    _page(published, tmp_path)
    assert published.stat().st_mtime_ns == before


def test_chart_helpers():
    assert text_width("临泽县") == 3 * 13
    assert text_width("ab") == 2 * 0.6 * 13
    assert format_number(1234.5) == "1,234.5"
    assert format_number(80285.0) == "80,285"
    assert format_number(None) == "—"
    assert horizontal_bar_chart([], title="empty") == ""
    svg = horizontal_bar_chart([Bar("甲", 1, "1"), Bar("乙", 3, "3")], title="t<")
    assert svg.count('class="bar"') == 2
    assert 'aria-label="t&lt;"' in svg


def test_a_target_stated_only_in_prose_is_compared_and_marked_as_prose(warehouse, published_paths, tmp_path):
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_indicator_values set source_kind = 'table'")
        insert_rows(con, "fct_indicator_values", [
            dict(indicator_value_id="d3-ivp00001", plan_id="d3-p1", document_id="d3", region_code="532300",
                 indicator_name="养老机构护理型床位占比", canonical_indicator_id="nursing_bed_share",
                 policy_area_code="elderly_care", unit="%", year=2025, value_kind="target", comparator=">=",
                 value_numeric=58, value_text="58%以上", source_line=412, source_kind="prose"),
        ])  # fmt: skip
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    assert "≥58%" in html
    assert "·正文" in html and "stated in prose, line 412" in html
    assert (
        "1 of these targets is stated in the plan&#39;s prose" in html
        or "1 of these targets is stated in the plan's prose" in html
    )
    # only that target carries the prose mark (its label, and the bar's tooltip)
    marked = set(re.findall(r"([\u4e00-\u9fff]+)·正文", html))
    assert marked and all(name.startswith("楚雄") for name in marked), marked


def test_breakdown_by_sub_region_shown_only_when_a_plan_has_one(warehouse, published_paths, tmp_path):
    published, parquet = published_paths
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    assert "Breakdowns by sub-region" not in html  # no plan breaks its figures down
    with duckdb.connect(str(warehouse)) as con:
        insert_rows(
            con,
            "dim_region",
            [dict(region_code="430529", region_name="城步苗族自治县", region_level="county",
                  parent_region_code="430500", province_code="430000", province_name="湖南省")],
        )  # fmt: skip
        insert_rows(
            con,
            "fct_region_breakdown",
            [
                dict(table_cell_id=f"d9-tc001-r0001-c00{c}", document_id="d9", plan_id="d9-p1",
                     plan_region_code="430500", region_code="430529", table_seq=1, table_title="任务分解表",
                     row_label="城步县", column_header=h, value_text=v, value_numeric=float(v), unit="张",
                     source_line=20, row_idx=1, col_idx=c)
                for c, h, v in ((2, "到2025年目标 / 养老床位(张)", "1850"), (3, "到2025年目标 / 护理型床位(张)", "1020"))
            ],
        )  # fmt: skip
    publish(warehouse, published, parquet)
    html, _ = _page(published, tmp_path)
    section = html[html.index('id="breakdowns"') :]
    assert "任务分解表" in section and "城步苗族自治县" in section and "430529" in section
    assert section.index("养老床位(张)") < section.index("护理型床位(张)")
    assert section.index("1,850") < section.index("1,020")  # one row per county, columns in printed order
