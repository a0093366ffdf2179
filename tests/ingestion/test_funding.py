"""Every amount of money: kind, source of funds, period, project — read off the plans by hand,
plus synthetic wordings (rates that are not funding, sources named after the amount)."""

from __future__ import annotations

import pytest

from ingestion.decode import decode_plan_bytes, split_lines
from ingestion.funding import extract_funding, period, source_of_funds
from ingestion.projects import extract_projects
from ingestion.tables import reconstruct_tables
from tests.conftest import SAMPLE_PLANS_DIR


def seed(prefix: str):
    (path,) = SAMPLE_PLANS_DIR.glob(f"{prefix}_*.txt")
    lines = split_lines(decode_plan_bytes(path.read_bytes(), path.name).text)
    projects = extract_projects(lines, reconstruct_tables(lines))
    return projects, extract_funding(lines, projects)


def test_001_project_funding_sources_add_up_to_the_project_amount():
    """专栏2 (2): 预算总投资 3000 万元; 中央专项资金 2400 + 省财政基建资金 600 = 3000,
    plus 18.05 万元 of 市级彩票公益金 already spent on preparation."""
    projects, funding = seed("001")
    centre = next(p for p in projects if p.project_name == "会宁县养老服务中心建设项目")
    rows = [
        (f.funding_kind, f.source_of_funds, f.amount_wan_yuan, f.source_line)
        for f in funding
        if f.project_seq == centre.project_seq
    ]
    assert rows == [
        ("planned_investment", None, 3000, 1064),
        ("funding_source", "welfare_lottery", 18.05, 1066),
        ("funding_source", "central", 2400, 1070),
        ("funding_source", "provincial", 600, 1070),
    ]
    sources = [
        f
        for f in funding
        if f.project_seq == centre.project_seq and f.source_of_funds in ("central", "provincial")
    ]
    assert sum(f.amount_wan_yuan for f in sources) == centre.planned_investment_wan_yuan


def test_001_cemetery_box_928_is_742_central_plus_186_from_several_sources():
    projects, funding = seed("001")
    cemetery = next(p for p in projects if p.project_name == "会宁县公益性公墓建设项目")
    rows = [
        (f.funding_kind, f.source_of_funds, f.amount_wan_yuan)
        for f in funding
        if f.project_seq == cemetery.project_seq
    ]
    # "其余 186 万元由省、市专项资金及建设单位自筹…": several sources -> no single one
    assert rows == [
        ("planned_investment", None, 928),
        ("funding_source", "central", 742),
        ("funding_source", None, 186),
    ]


def test_001_rates_are_not_funding():
    _, funding = seed("001")
    amounts = {f.amount_wan_yuan for f in funding}
    # 346 元/人.月, 623 元/人.月 (低保), 每年 12 万元 / 5.5 万元 office funds, 9732 元 供养标准
    assert not amounts & {0.0346, 0.0623, 12, 5.5, 0.9732}
    assert 132000 in amounts  # "2017 年至 2021 年共发放各类民政资金 13.2 亿元"
    spent = next(f for f in funding if f.amount_wan_yuan == 132000)
    assert (spent.funding_kind, spent.period_start_year, spent.period_end_year) == (
        "historical_spending",
        2017,
        2021,
    )


def test_002_table_amounts_and_prose_amounts():
    projects, funding = seed("002")
    table = [f for f in funding if f.source_line in range(357, 690)]
    assert len(table) == 23 and {f.funding_kind for f in table} == {"planned_investment"}
    assert sum(f.amount_wan_yuan for f in table) == pytest.approx(80285)
    first = table[0]
    assert (first.amount_wan_yuan, first.source_line, first.period_start_year, first.period_end_year) == (
        2626,
        398,
        2023,
        2024,
    )
    prose_plan = [f for f in funding if f.source_line == 845 and f.project_seq is not None]
    assert len(prose_plan) == 15
    total = next(f for f in funding if f.amount_text == "8.03亿元")
    assert (total.amount_wan_yuan, total.funding_kind, total.period_start_year, total.period_end_year) == (
        80300,
        "planned_investment",
        2021,
        2025,
    )


def test_002_past_spending_and_fundraising():
    _, funding = seed("002")
    by_text = {f.amount_text: f for f in funding}
    assert by_text["2.6亿元"].funding_kind == "historical_spending"
    assert (by_text["2.6亿元"].period_start_year, by_text["2.6亿元"].period_end_year) == (2016, 2020)
    assert by_text["2.6亿元"].source_of_funds is None  # 中央及省级: two levels
    assert by_text["1087万元"].funding_kind == "historical_spending"  # 投资…建成县殡仪馆
    # "“十三五”以来…共补贴资金14.7万元" under the 十三五 achievements heading: past money
    assert by_text["14.7万元"].funding_kind == "historical_spending"
    raised = by_text["200万元"]
    assert (raised.funding_kind, raised.source_of_funds) == ("fundraising", "social")


def test_synthetic_funding_in_other_wordings():
    lines = [
        "（二）重点工程",
        "1.某市儿童福利院建设项目。项目总投资5000万元，其中申请中央预算内投资3500万元，市级配套1500万元。",
        "城乡低保标准提高到每人每月600元，高龄津贴按 100 元/人/月 发放，社区办公经费每年 8 万元。",
        "“十四五”期间，争取福彩公益金 1.5亿元 用于养老服务。",
        "2019年，县慈善会募集善款 320 万元。",
        "全市累计销售福利彩票2.3亿元。",
    ]
    projects = extract_projects(lines, [])
    funding = extract_funding(lines, projects)
    rows = [
        (f.amount_wan_yuan, f.funding_kind, f.source_of_funds, f.project_seq, f.period_start_year)
        for f in funding
    ]
    assert rows == [
        (5000, "planned_investment", None, 1, None),
        (3500, "funding_source", "central", 1, None),
        (1500, "funding_source", "municipal", 1, None),
        (15000, "funding_source", "welfare_lottery", None, 2021),  # looks forward: not past
        (320, "fundraising", "social", None, 2019),
        (23000, "other", None, None, None),
    ]
    assert funding[1].source_text.endswith("3500万元")
    assert [f.funding_seq for f in funding] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("clause", "source"),
    [
        ("已申请到位中央专项资金", "central"),
        ("省财政基建资金", "provincial"),
        ("投入市级彩票公益金", "welfare_lottery"),
        ("县级财政配套", "county"),
        ("企业自筹", "self_raised"),
        ("吸引社会资本", "social"),
        ("争取中央及省级资金", None),
    ],
)
def test_source_of_funds(clause, source):
    assert source_of_funds(clause) == source


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("“十三五”期间，", (2016, 2020)),
        ("2017 年至 2021 年共", (2017, 2021)),
        ("2022 年", (2022, 2022)),
        ("比“十二五”末增长", (None, None)),
        ("2016年以来，先后", (2016, None)),
        ("", (None, None)),
    ],
)
def test_period(text, years):
    assert period(text) == years
