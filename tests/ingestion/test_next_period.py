"""A 十五五 plan end to end: 2025 baselines, 2030 targets, a 十四五 review table, and money
before and in the plan's period told apart by the period, not by the words 十三五/十四五.

The fixture is invented (fixtures/unseen/fifteenth_plan_county.txt); the expected rows are
read off it by hand.
"""

from __future__ import annotations

from pathlib import Path

from ingestion.extract import extract_document

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unseen" / "fifteenth_plan_county.txt"


def extracted():
    return extract_document(FIXTURE.read_bytes(), FIXTURE.name)


def test_the_plan_period_comes_from_the_title():
    (plan,) = extracted().plans
    assert (plan.period_start_year, plan.period_end_year) == (2026, 2030)


def test_indicator_years_follow_the_plan_period():
    rows = [
        (
            v.table_seq,
            v.indicator_name,
            v.year,
            v.value_kind,
            v.comparator,
            v.value_numeric,
            v.unit,
            v.source_line,
        )
        for v in extracted().indicator_values
    ]
    assert rows == [
        # 表1 reviews 十四五: its bare 目标值 and 完成值 are both 2025
        (1, "养老机构护理型床位占比", 2025, "target", ">=", 55.0, "%", 9),
        (1, "养老机构护理型床位占比", 2025, "actual", "=", 58.0, "%", 9),
        (1, "每千名老年人拥有养老床位数", 2025, "target", "=", 35.0, "张", 10),
        (1, "每千名老年人拥有养老床位数", 2025, "actual", "=", 36.5, "张", 10),
        (2, "养老机构护理型床位占比", 2025, "actual", "=", 58.0, "%", 16),
        (2, "养老机构护理型床位占比", 2030, "target", ">=", 65.0, "%", 16),
        (2, "特殊困难老年人月探访率", 2025, "actual", "=", 90.0, "%", 17),
        (2, "特殊困难老年人月探访率", 2030, "target", "=", 100.0, "%", 17),
        # 表3 names two periods: 完成值 is the earlier period's end, 目标值 the later one's
        (3, "社区养老服务设施覆盖率", 2025, "actual", "=", 92.0, "%", 21),
        (3, "社区养老服务设施覆盖率", 2030, "target", "=", 100.0, "%", 21),
        # 表4 names no period: the plan's period gives baseline 2025 and target 2030
        (4, "老年大学覆盖率", 2025, "actual", "=", 40.0, "%", 25),
        (4, "老年大学覆盖率", 2030, "target", ">=", 60.0, "%", 25),
    ]


def test_money_before_the_plan_period_is_past_and_in_it_is_planned():
    rows = [
        (
            f.amount_wan_yuan,
            f.funding_kind,
            f.source_of_funds,
            f.project_seq,
            f.period_start_year,
            f.period_end_year,
            f.source_line,
        )
        for f in extracted().funding
    ]
    assert rows == [
        (12000.0, "historical_spending", None, None, 2021, 2025, 5),
        (23600.0, "planned_investment", None, 1, 2026, 2028, 29),
        (5000.0, "funding_source", "central", None, 2026, 2030, 31),
    ]


def test_the_prose_project():
    rows = [
        (p.project_name, p.planned_investment_wan_yuan, p.beds, p.start_year, p.end_year, p.source_line)
        for p in extracted().projects
    ]
    assert rows == [("渭源县康养中心项目", 23600.0, 300, 2026, 2028, 29)]
