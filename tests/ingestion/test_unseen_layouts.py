"""Synthetic plans in layouts and wordings the five samples do not show.

Each fixture in fixtures/unseen/ is a small invented plan (regions that exist in no
sample); the expected rows below are read off the fixture by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.extract import extract_document
from ingestion.table_rows import column_role
from ingestion.tables import reconstruct_tables
from ingestion.values import parse_value

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "unseen"


def extract(name: str):
    path = FIXTURES / f"{name}.txt"
    return extract_document(path.read_bytes(), path.name)


def fixture_lines(name: str) -> list[str]:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split("\n")


def indicators(extracted):
    """(table, 序号, group, name, year, kind, comparator, number, unit, attribute, line)"""
    return [
        (
            v.table_seq,
            v.row_seq,
            v.indicator_group,
            v.indicator_name,
            v.year,
            v.value_kind,
            v.comparator,
            v.value_numeric,
            v.unit,
            v.attribute_raw,
            v.source_line,
        )
        for v in extracted.indicator_values
    ]


def projects(extracted):
    """(name, category, row_seq, kind, 建设性质, start, end, 万元, beds, m², line)"""
    return [
        (
            p.project_name,
            p.category,
            p.row_seq,
            p.source_kind,
            p.construction_type_zh,
            p.start_year,
            p.end_year,
            p.planned_investment_wan_yuan,
            p.beds,
            p.floor_area_m2,
            p.source_line,
        )
        for p in extracted.projects
    ]


def funding(extracted):
    """(万元, kind, source, project_seq, period start, period end, line)"""
    return [
        (
            f.amount_wan_yuan,
            f.funding_kind,
            f.source_of_funds,
            f.project_seq,
            f.period_start_year,
            f.period_end_year,
            f.source_line,
        )
        for f in extracted.funding
    ]


def totals(extracted):
    return [
        (t.source_kind, t.scope, t.measure, t.stated_value, t.tolerance, t.source_line, t.list_category)
        for t in extracted.stated_totals
    ]


# --- a 区 老龄事业 plan: markdown pipe tables, a 十三五 review, （一） prose projects ---


@pytest.fixture(scope="module")
def district():
    return extract("district_elderly_pipe")


def test_district_pipe_tables(district):
    tables = reconstruct_tables(fixture_lines("district_elderly_pipe"))
    assert [(t.kind, t.layout, t.title, t.start_line, t.end_line) for t in tables] == [
        ("indicator", "pipe", "表1 “十三五”时期老龄事业主要指标完成情况", 14, 22),
        ("indicator", "pipe", "表2 溪山区“十四五”老龄事业发展主要指标", 32, 44),
    ]
    assert tables[0].roles == ["name", "unit", "value", "value", "growth"]


def test_district_review_table_2015_2020_and_annual_growth(district):
    review = [v for v in indicators(district) if v[0] == 1]
    assert review[:6] == [
        (1, None, None, "60岁及以上老年人口", 2015, "actual", "=", 5.2, "万人", None, 18),
        (1, None, None, "60岁及以上老年人口", 2020, "actual", "=", 6.8, "万人", None, 18),
        (1, None, None, "60岁及以上老年人口", 2020, "growth", "=", 5.5, "%", None, 18),
        (1, None, None, "养老床位总数", 2015, "actual", "=", 1850, "张", None, 19),  # "1,850"
        (1, None, None, "养老床位总数", 2020, "actual", "=", 3120, "张", None, 19),
        (1, None, None, "养老床位总数", 2020, "growth", "=", 11.0, "%", None, 19),
    ]
    assert len(review) == 14  # 5 rows x 3, the last row's growth is printed "—"
    assert review[-1] == (1, None, None, "护理型床位占比", 2020, "actual", "=", 42, "%", None, 22)


def test_district_target_table_bare_year_columns(district):
    """'2020年' | '2025年': the last bare year is the target, the earlier one the baseline."""
    plan = [v for v in indicators(district) if v[0] == 2]
    assert plan == [
        (2, "1", None, "每千名老年人拥有养老床位数", 2020, "actual", "=", 45.9, "张", "预期性", 36),
        (2, "1", None, "每千名老年人拥有养老床位数", 2025, "target", ">=", 50, "张", "预期性", 36),
        (2, "2", None, "养老机构护理型床位占比", 2020, "actual", "=", 42, "%", "约束性", 37),
        (2, "2", None, "养老机构护理型床位占比", 2025, "target", ">=", 55, "%", "约束性", 37),
        (2, "3", None, "街道综合养老服务中心覆盖率", 2020, "actual", "=", 30, "%", "约束性", 38),
        (2, "3", None, "街道综合养老服务中心覆盖率", 2025, "target", "=", 100, "%", "约束性", 38),
        (2, "4", None, "社区养老服务设施覆盖率", 2020, "actual", "=", 85, "%", "约束性", 39),
        (2, "4", None, "社区养老服务设施覆盖率", 2025, "target", "=", 100, "%", "约束性", 39),
        (2, "5", None, "老年人健康管理率", 2020, "actual", "=", 68, "%", "预期性", 40),
        (2, "5", None, "老年人健康管理率", 2025, "target", ">=", 70, "%", "预期性", 40),  # 70以上
        (2, "6", None, "特殊困难老年人月探访率", 2025, "target", "=", 100, "%", "约束性", 41),
        (2, "7", None, "养老护理员持证上岗率", 2020, "actual", "=", 80, "%", "预期性", 42),
        (2, "7", None, "养老护理员持证上岗率", 2025, "target", ">=", 90, "%", "预期性", 42),
        (2, "8", None, "老年大学（学校）数量", 2020, "actual", "=", 3, "所", "预期性", 43),
        (2, "8", None, "老年大学（学校）数量", 2025, "target", "=", 5, "所", "预期性", 43),
        (2, "9", None, "经常性参加体育锻炼的老年人比例", 2025, "target", None, None, "%", "预期性", 44),
    ]
    assert district.indicator_values[-1].value_text == "稳步提高"


def test_district_prose_projects_numbered_like_subheadings(district):
    """'（一）XX项目：总投资…' items; the （一）（二） task paragraphs of chapter 3 are not projects."""
    assert projects(district) == [
        ("溪山区社会福利中心项目", "重点项目", "（一）", "prose", None, 2022, 2024, 12000, 500, 32000, 62),
        (
            "溪山区老年养护院改扩建项目",
            "重点项目",
            "（二）",
            "prose",
            "改扩建",
            2023,
            2025,
            8000,
            300,
            None,
            64,
        ),
        ("溪山区智慧养老服务平台项目", "重点项目", "（三）", "prose", None, 2022, 2023, 1500, None, None, 66),
        # "每个中心建筑面积不少于1000平方米" is per centre, not the project's area
        (
            "街道综合养老服务中心建设工程",
            "重点项目",
            "（四）",
            "prose",
            "新建",
            2021,
            2025,
            15000,
            None,
            None,
            68,
        ),
        ("溪山区老年大学新校区项目", "重点项目", "（五）", "prose", None, 2024, 2025, 4500, None, 12000, 70),
    ]


def test_district_funding_sources(district):
    assert funding(district) == [
        (23000, "historical_spending", None, None, 2016, 2020, 12),
        (3600, "historical_spending", "welfare_lottery", None, 2016, 2020, 12),
        (41000, "planned_investment", None, None, 2021, 2025, 60),
        (12000, "planned_investment", None, 1, 2022, 2024, 62),
        (5000, "funding_source", "central", 1, 2022, 2024, 62),  # 中央预算内资金
        (7000, "funding_source", None, 1, 2022, 2024, 62),  # 地方配套: no level named
        (8000, "planned_investment", None, 2, 2023, 2025, 64),
        (5000, "funding_source", None, 2, 2023, 2025, 64),  # 地方政府专项债券
        (1000, "funding_source", "welfare_lottery", 2, 2023, 2025, 64),
        (2000, "funding_source", "social", 2, 2023, 2025, 64),
        (1500, "planned_investment", None, 3, 2022, 2023, 66),
        (15000, "planned_investment", None, 4, 2021, 2025, 68),
        (4500, "planned_investment", None, 5, 2024, 2025, 70),
    ]
    # 每张1万元的一次性建设补贴 and 每年…不少于1000万元 are rates, not amounts of funding
    assert not [f for f in district.funding if f.source_line in (56, 74)]


def test_district_stated_total_matches_its_items(district):
    assert totals(district) == [
        ("prose", "all", "project_count", 5, 0, 60, None),
        ("prose", "all", "investment_wan_yuan", 41000, 500, 60, None),
    ]
    assert sum(p.planned_investment_wan_yuan for p in district.projects) == 41000


# --- a county plan exported from Word: a whitespace-aligned table with group cells ---


@pytest.fixture(scope="module")
def county_aligned():
    return extract("county_civil_aligned")


def test_aligned_table_with_group_column_and_mixed_values(county_aligned):
    (table,) = reconstruct_tables(fixture_lines("county_civil_aligned"))
    assert (table.layout, table.title) == ("aligned", "表1  云泽县“十四五”民政事业发展主要指标")
    assert table.roles == ["seq", "group", "name", "value", "value", "attribute"]
    assert indicators(county_aligned) == [
        (1, "1", "社会救助", "城乡低保标准年均增长", 2025, "target", ">=", 6, "%", "预期性", 25),
        # '90以上' prints no unit: the row's other value ('85%') does
        (1, "2", "社会救助", "特困人员生活不能自理集中供养率", 2020, "actual", "=", 85, "%", "约束性", 26),
        (1, "2", "社会救助", "特困人员生活不能自理集中供养率", 2025, "target", ">=", 90, "%", "约束性", 26),
        (1, "3", "社会救助", "临时救助备用金设立率", 2025, "target", "=", 100, "%", "约束性", 27),
        (1, "4", "养老服务", "养老机构护理型床位占比", 2020, "actual", "=", 38, "%", "约束性", 28),
        (1, "4", "养老服务", "养老机构护理型床位占比", 2025, "target", ">=", 60, "%", "约束性", 28),
        (
            1,
            "5",
            "养老服务",
            "每百户居民拥有社区综合服务设施面积",
            2020,
            "actual",
            "=",
            28,
            "平方米",
            "预期性",
            29,
        ),
        (
            1,
            "5",
            "养老服务",
            "每百户居民拥有社区综合服务设施面积",
            2025,
            "target",
            ">",
            30,
            "平方米",
            "预期性",
            29,
        ),
        (1, "6", "养老服务", "乡镇敬老院提质改造", 2020, "actual", "=", 2, "个", "约束性", 30),
        (1, "6", "养老服务", "乡镇敬老院提质改造", 2025, "target", "=", 5, "个", "约束性", 30),
        (1, "7", "社会事务", "社会工作专业人才占常住人口比例", 2020, "actual", "=", 1.2, "‰", "预期性", 31),
        (1, "7", "社会事务", "社会工作专业人才占常住人口比例", 2025, "target", "=", 1.8, "‰", "预期性", 31),
        (1, "8", "社会事务", "婚姻登记“跨省通办”实施率", 2025, "target", ">=", 90, None, "预期性", 32),
        (1, "9", "社会事务", "节地生态安葬率", 2020, "actual", "=", 45, "%", "预期性", 33),
        (1, "9", "社会事务", "节地生态安葬率", 2025, "target", None, None, "%", "预期性", 33),
    ]


def test_county_box_projects_and_forward_looking_funding(county_aligned):
    assert projects(county_aligned) == [
        (
            "县社会福利院改扩建项目",
            "养老服务重点工程",
            "1",
            "column_box",
            "改扩建",
            2022,
            2023,
            3600,
            150,
            4500,
            47,
        ),
        (
            "乡镇区域性养老服务中心建设工程",
            "养老服务重点工程",
            "2",
            "column_box",
            "新建",
            None,
            None,
            2400,
            None,
            None,
            49,
        ),
        ("智慧养老信息平台", "养老服务重点工程", "3", "column_box", None, None, None, 300, None, None, 51),
    ]
    assert funding(county_aligned) == [
        (38000, "historical_spending", None, None, 2016, 2020, 10),
        (12600, "historical_spending", None, None, 2016, 2020, 10),  # 中央和省级: two levels
        (850, "historical_spending", "county", None, 2016, 2020, 10),
        (3600, "planned_investment", None, 1, 2022, 2023, 47),
        (2400, "planned_investment", None, 2, None, None, 49),
        (300, "planned_investment", None, 3, None, None, 51),
        (8000, "funding_source", "central", None, 2021, 2025, 55),
        (1200, "funding_source", "welfare_lottery", None, 2021, 2025, 55),
        (3000, "funding_source", "county", None, 2021, 2025, 55),
        # "“十四五”期间，计划争取…；引导社会资本投入…": the opening looks forward for all clauses
        (15000, "funding_source", "social", None, 2021, 2025, 55),
    ]
    assert county_aligned.stated_totals == []


# --- a county project table, tab-separated, 8 columns, "一、养老服务类（3项）" rows ---


@pytest.fixture(scope="module")
def county_tabs():
    return extract("county_project_table_tabs")


def test_eight_column_project_table(county_tabs):
    (table,) = reconstruct_tables(fixture_lines("county_project_table_tabs"))
    assert table.roles == [
        "seq",
        "name",
        "other",
        "content",
        "construction_type",
        "years",
        "investment",
        "other",
    ]
    assert [r.kind for r in table.rows] == [
        "category",
        "data",
        "data",
        "data",
        "category",
        "data",
        "data",
    ] + [
        "category",
        "data",
        "total",
    ]
    assert projects(county_tabs) == [
        (
            "禾阳县社会福利院",
            "一、养老服务类（3项）",
            "1",
            "table_row",
            "新建",
            2022,
            2024,
            8500,
            300,
            12000,
            25,
        ),
        (
            "禾阳县失能老人照护中心",
            "一、养老服务类（3项）",
            "2",
            "table_row",
            "改扩建",
            2023,
            2024,
            4500,
            120,
            5000,
            26,
        ),
        (
            "乡镇区域性养老服务中心",
            "一、养老服务类（3项）",
            "3",
            "table_row",
            "新建",
            2021,
            2023,
            4500,
            None,
            None,
            27,
        ),
        (
            "禾阳县殡仪馆迁建项目",
            "二、殡葬服务类（2项）",
            "4",
            "table_row",
            "迁建",
            2022,
            2025,
            5000,
            None,
            None,
            29,
        ),
        (
            "农村公益性公墓",
            "二、殡葬服务类（2项）",
            "5",
            "table_row",
            "新建",
            2023,
            2023,
            1200,
            None,
            None,
            30,
        ),
        (
            "禾阳县未成年人救助保护中心",
            "三、社会事务类（1项）",
            "6",
            "table_row",
            "续建",
            2021,
            2022,
            3000,
            None,
            3000,
            32,
        ),
    ]
    years = [p.years_text for p in county_tabs.projects]
    assert years == ["2022-2024", "2023～2024", "2021年-2023年", "2022—2025年", "2023", "2021-2022"]


def test_category_counts_and_prose_breakdown_point_at_table_categories(county_tabs):
    assert totals(county_tabs) == [
        ("prose", "all", "project_count", 6, 0, 19, None),
        ("prose", "all", "investment_wan_yuan", 26700, 50, 19, None),
        ("prose", "category:养老服务类项目", "project_count", 3, 0, 19, "一、养老服务类（3项）"),
        ("prose", "category:养老服务类项目", "investment_wan_yuan", 17500, 50, 19, "一、养老服务类（3项）"),
        ("prose", "category:殡葬服务类项目", "project_count", 2, 0, 19, "二、殡葬服务类（2项）"),
        ("prose", "category:殡葬服务类项目", "investment_wan_yuan", 6200, 50, 19, "二、殡葬服务类（2项）"),
        ("prose", "category:社会事务类项目", "project_count", 1, 0, 19, "三、社会事务类（1项）"),
        ("prose", "category:社会事务类项目", "investment_wan_yuan", 3000, 500, 19, "三、社会事务类（1项）"),
        (
            "table_subtotal_row",
            "category:一、养老服务类（3项）",
            "project_count",
            3,
            0,
            24,
            "一、养老服务类（3项）",
        ),
        (
            "table_subtotal_row",
            "category:一、养老服务类（3项）",
            "investment_wan_yuan",
            17500,
            50,
            24,
            "一、养老服务类（3项）",
        ),
        (
            "table_subtotal_row",
            "category:二、殡葬服务类（2项）",
            "project_count",
            2,
            0,
            28,
            "二、殡葬服务类（2项）",
        ),
        (
            "table_subtotal_row",
            "category:二、殡葬服务类（2项）",
            "investment_wan_yuan",
            6200,
            50,
            28,
            "二、殡葬服务类（2项）",
        ),
        (
            "table_subtotal_row",
            "category:三、社会事务类（1项）",
            "project_count",
            1,
            0,
            31,
            "三、社会事务类（1项）",
        ),
        (
            "table_subtotal_row",
            "category:三、社会事务类（1项）",
            "investment_wan_yuan",
            3000,
            500,
            31,
            "三、社会事务类（1项）",
        ),
        ("table_total_row", "all", "investment_wan_yuan", 26700, 50, 33, None),  # "合  计"
    ]


def test_county_funding_debt_lottery_social_capital(county_tabs):
    prose = [f for f in funding(county_tabs) if f[3] is None]
    assert prose == [
        (56000, "historical_spending", None, None, 2016, 2020, 5),
        (39000, "historical_spending", None, None, 2016, 2020, 5),  # 其中中央和省级资金
        (17000, "historical_spending", "county", None, 2016, 2020, 5),
        (860, "fundraising", "social", None, 2020, 2020, 5),
        (26700, "planned_investment", None, None, 2021, 2025, 19),
        (17500, "planned_investment", None, None, 2021, 2025, 19),
        (6200, "planned_investment", None, None, 2021, 2025, 19),
        (3000, "planned_investment", None, None, 2021, 2025, 19),
        (2000, "funding_source", "welfare_lottery", None, 2021, 2025, 39),
        (12000, "funding_source", None, None, 2021, 2025, 39),  # 地方政府专项债券
        (5000, "funding_source", "social", None, 2021, 2025, 39),
    ]
    rows = [f for f in funding(county_tabs) if f[3] is not None]
    assert [(f[0], f[1], f[3], f[6]) for f in rows] == [
        (8500, "planned_investment", 1, 25),
        (4500, "planned_investment", 2, 26),
        (4500, "planned_investment", 3, 27),
        (5000, "planned_investment", 4, 29),
        (1200, "planned_investment", 5, 30),
        (3000, "planned_investment", 6, 32),
    ]


# --- edge cases: no caption, caption under the table, header units, a table cut off ---


@pytest.fixture(scope="module")
def edges():
    return extract("city_edge_cases")


def test_captions_missing_and_below(edges):
    tables = reconstruct_tables(fixture_lines("city_edge_cases"))
    assert [(t.kind, t.title, t.title_line, t.start_line, t.end_line) for t in tables] == [
        ("indicator", None, None, 9, 13),
        ("indicator", "表3 养老服务主要指标", 22, 19, 21),
        ("project", "附件：澄岭市“十四五”民政重点项目表", 42, 42, 47),
    ]


def test_header_units_separators_and_full_width_digits(edges):
    assert indicators(edges) == [
        (1, "1", None, "城市低保标准", 2020, "actual", "=", 650, "元/人·月", "预期性", 10),
        (1, "1", None, "城市低保标准", 2025, "target", ">=", 780, "元/人·月", "预期性", 10),
        (1, "2", None, "养老护理员培训人数", 2020, "actual", "=", 1200, "人", "预期性", 11),  # 1,200
        (1, "2", None, "养老护理员培训人数", 2025, "target", "=", 1800, "人", "预期性", 11),  # １８００
        (1, "3", None, "注册志愿者人数", 2020, "actual", "=", 2.5, "万人", "预期性", 12),
        (1, "3", None, "注册志愿者人数", 2025, "target", "=", 3.2, "万人", "预期性", 12),
        (1, "4", None, "社区综合服务设施覆盖率", 2020, "actual", "=", 92, "%", "约束性", 13),
        (1, "4", None, "社区综合服务设施覆盖率", 2025, "target", "=", 100, "%", "约束性", 13),
        # '2025年目标值（%）': the header's unit, which the row's 2020 value shares
        (2, "1", None, "养老机构护理型床位占比", 2020, "actual", "=", 40, "%", "约束性", 20),
        (2, "1", None, "养老机构护理型床位占比", 2025, "target", "=", 55, "%", "约束性", 20),
        (2, "2", None, "农村低保标准占城市低保标准比例", 2020, "actual", "=", 68, "%", "预期性", 21),
        (2, "2", None, "农村低保标准占城市低保标准比例", 2025, "target", ">=", 75, "%", "预期性", 21),
    ]


def test_table_cut_off_mid_row_keeps_what_is_printed(edges):
    assert projects(edges) == [
        ("澄岭市救助管理站", None, "1", "table_row", "新建", 2023, 2025, 3600, 80, 2400, 45),  # 3,600
        ("澄岭市儿童福利院", None, "2", "table_row", "改扩建", 2023, 2025, 1200, 100, 1500, 46),  # １２００
        ("澄岭市殡仪服务中心", None, "3", "table_row", "新建", 2021, 2023, None, None, None, 47),
    ]
    assert funding(edges) == [
        (6000, "planned_investment", None, None, 2021, 2025, 38),
        (1800, "funding_source", "municipal", None, None, None, 40),  # 不低于: a commitment
        (3600, "planned_investment", None, 1, 2023, 2025, 45),
        (1200, "planned_investment", None, 2, 2023, 2025, 46),
    ]
    assert totals(edges) == [
        ("prose", "all", "project_count", 3, 0, 38, None),
        ("prose", "all", "investment_wan_yuan", 6000, 500, 38, None),
    ]


# --- a prefecture plan from PDF: one cell per line, text columns next to each other ---


@pytest.fixture(scope="module")
def prefecture():
    return extract("prefecture_line_cells_projects")


def test_one_cell_per_line_table_with_adjacent_text_columns(prefecture):
    """名称 / 建设地点 / 建设内容: as many pieces as text columns, one piece each."""
    (table,) = reconstruct_tables(fixture_lines("prefecture_line_cells_projects"))
    assert (table.layout, table.end_line) == ("line_cells", 124)  # 第三章 is not in the table
    assert [r.text(2) for r in table.rows if r.kind == "data"] == [
        "州府新区",
        "州府新区",
        "各县市",
        "枫林市",
        "枫林市",
    ]
    assert [r.text(7) for r in table.rows if r.kind == "data"][-1] == "州级财政"
    assert projects(prefecture) == [
        (
            "枫林州老年养护院",
            "一、养老服务类（3项）",
            "1",
            "table_row",
            "新建",
            2022,
            2024,
            12000,
            400,
            18000,
            40,
        ),
        (
            "枫林州康复辅具服务中心",
            "一、养老服务类（3项）",
            "2",
            "table_row",
            "改扩建",
            2023,
            2024,
            3500,
            None,
            3200,
            56,
        ),
        (
            "县级特困人员供养服务设施提升工程",
            "一、养老服务类（3项）",
            "3",
            "table_row",
            "改扩建",
            2021,
            2025,
            6000,
            600,
            None,
            72,
        ),
        (
            "枫林州救助管理站",
            "二、社会事务类（2项）",
            "4",
            "table_row",
            "新建",
            2023,
            2025,
            4800,
            60,
            2600,
            92,
        ),
        (
            "州级殡仪馆火化设备更新项目",
            "二、社会事务类（2项）",
            "5",
            "table_row",
            "续建",
            2021,
            2022,
            4000,
            None,
            None,
            108,
        ),
    ]


def test_prefecture_totals_and_past_funding(prefecture):
    assert [(t[0], t[1], t[2], t[3], t[5]) for t in totals(prefecture)] == [
        ("prose", "all", "project_count", 5, 12),
        ("prose", "all", "investment_wan_yuan", 30300, 12),
        ("prose", "category:养老服务类项目", "project_count", 3, 12),
        ("prose", "category:养老服务类项目", "investment_wan_yuan", 21500, 12),
        ("prose", "category:社会事务类项目", "project_count", 2, 12),
        ("prose", "category:社会事务类项目", "investment_wan_yuan", 8800, 12),
        ("table_subtotal_row", "category:一、养老服务类（3项）", "project_count", 3, 34),
        ("table_subtotal_row", "category:一、养老服务类（3项）", "investment_wan_yuan", 21500, 36),
        ("table_subtotal_row", "category:二、社会事务类（2项）", "project_count", 2, 86),
        ("table_subtotal_row", "category:二、社会事务类（2项）", "investment_wan_yuan", 8800, 88),
        ("table_total_row", "all", "investment_wan_yuan", 30300, 124),
    ]
    past = [f for f in funding(prefecture) if f[6] == 8]
    assert [(f[0], f[1], f[2]) for f in past] == [
        (216000, "historical_spending", None),
        (152000, "historical_spending", "central"),
        (28000, "historical_spending", "municipal"),  # 州本级财政
        (96000, "other", None),  # lottery sales are nobody's funding
        (29000, "historical_spending", "welfare_lottery"),
        (11000, "fundraising", "social"),
    ]


# --- small layouts ---


def test_aligned_project_table_with_category_lines():
    lines = [
        "表4  重点项目",
        "",
        "序号  项目名称                  建设性质  建设年限    总投资（万元）",
        "一、养老服务设施",
        "1     甲县中心敬老院            新建      2022-2024   2,600",
        "2     乙镇日间照料中心          改扩建    2023        800",
        "二、殡葬设施",
        "3     县殡仪馆                  续建      2021—2022   1500",
        "      合计                                            4900",
        "",
        "下一章内容很长很长，这是一段正文，讲述保障措施。",
    ]
    (table,) = reconstruct_tables(lines)
    assert [(r.kind, r.text(1), r.text(4)) for r in table.rows] == [
        ("category", "一、养老服务设施", ""),
        ("data", "甲县中心敬老院", "2,600"),
        ("data", "乙镇日间照料中心", "800"),
        ("category", "二、殡葬设施", ""),
        ("data", "县殡仪馆", "1500"),
        ("total", "合计", "4900"),
    ]


def test_tab_table_with_merged_category_cells():
    lines = [
        "表1 项目表",
        "序号\t项目名称\t建设年限\t总投资（万元）",
        "一、养老服务类",
        "1\t甲院\t2022\t100",
        "二、殡葬类",
        "2\t乙馆\t2023\t200",
        "合计\t\t\t300",
        "",
        "正文。",
    ]
    (table,) = reconstruct_tables(lines)
    assert [(r.kind, r.text(1), r.text(3), r.source_line) for r in table.rows] == [
        ("category", "一、养老服务类", "", 3),
        ("data", "甲院", "100", 4),
        ("category", "二、殡葬类", "", 5),
        ("data", "乙馆", "200", 6),
        ("total", "合计", "300", 7),
    ]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("“十四五”目标值", "value"),
        ("2025年预期目标", "value"),
        ("“十三五”末", "value"),
        ("2025年目标值（%）", "value"),
        ("指标类型", "attribute"),  # holds 约束性 / 预期性
        ("指标类别", "group"),
        ("“十四五”计划投资（万元）", "investment"),
        ("投资规模(万元)", "investment"),
        ("资金来源", "other"),
        ("2021-2025年均增速", "growth"),
    ],
)
def test_more_header_wordings(header, role):
    assert column_role(header) == role


def test_period_headers_give_years():
    lines = [
        "表1 主要指标",
        "序号\t指标\t“十三五”末\t“十四五”目标\t指标类型",
        "1\t养老机构护理型床位占比（%）\t42\t≥55\t约束性",
    ]
    values = reconstruct_tables(lines)
    from ingestion.indicators import extract_indicator_values

    got = [
        (v.year, v.value_kind, v.value_numeric, v.unit, v.attribute_raw)
        for v in extract_indicator_values(values)
    ]
    assert got == [(2020, "actual", 42, "%", "约束性"), (2025, "target", 55, "%", "约束性")]


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("2.5万", "=", 25000, None),  # 万 multiplies: the unit comes from the unit column
        ("90%左右", "=", 90, "%"),
        ("100%（全覆盖）", "=", 100, "%"),
        ("≥ 90 %", ">=", 90, "%"),
    ],
)
def test_more_value_printings(text, comparator, number, unit):
    parsed = parse_value(text)
    assert (parsed.comparator, parsed.number, parsed.unit) == (comparator, number, unit)
