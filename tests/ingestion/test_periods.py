"""Five-year periods: names, years and the seed dim_year reads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingestion.periods import most_named_period, period_in, period_of_name, seed_rows

SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "five_year_periods.csv"


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("某县“十四五”民政事业发展规划", (2021, 2025)),
        ("某市“十五五”养老服务体系建设规划", (2026, 2030)),
        ("某州十六五老龄事业发展规划", (2031, 2035)),
        ("某县国民经济和社会发展第十五个五年规划纲要", (2026, 2030)),
        ("某区养老服务发展规划（2026—2030年）", (2026, 2030)),
        ("某区养老服务发展规划(2026-2030年)", (2026, 2030)),
        ("第十五条 本规划自印发之日起施行", None),
        ("2001-2035年远景目标", None),
    ],
)
def test_a_plan_period_from_its_title(text, years):
    assert period_in(text) == years


def test_the_period_named_most_wins():
    lines = ["“十四五”时期成效显著", "“十五五”时期目标", "到“十五五”期末", "十五五期间"]
    assert most_named_period(lines) == (2026, 2030)
    assert period_of_name("“十三五”完成情况") == (2016, 2020)


def test_the_dbt_seed_holds_the_same_years():
    with SEED.open(encoding="utf-8") as f:
        rows = [
            (
                r["plan_period_code"],
                r["period_name"],
                int(r["ordinal"]),
                int(r["start_year"]),
                int(r["end_year"]),
            )
            for r in csv.DictReader(f)
        ]
    assert rows == seed_rows()


def test_a_header_naming_any_later_period_is_a_value_column():
    from ingestion.table_rows import column_role

    assert [column_role(h) for h in ("十五五目标值", "十六五期末目标", "十七五目标值")] == ["value"] * 3
