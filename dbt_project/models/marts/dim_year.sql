-- Calendar years 2010-2035 with the five-year plan period each belongs to.
with years as (
    select cast(generate_series as integer) as year
    from generate_series(2010, 2035)
),

periods as (
    select
        period_values.plan_period_code,
        period_values.plan_period_name_zh,
        period_values.period_start_year,
        period_values.period_end_year
    from (
        values
        ('12th', '十二五', 2011, 2015),
        ('13th', '十三五', 2016, 2020),
        ('14th', '十四五', 2021, 2025),
        ('15th', '十五五', 2026, 2030)
    ) as period_values (plan_period_code, plan_period_name_zh, period_start_year, period_end_year)
)

select
    years.year,
    periods.plan_period_code,
    periods.plan_period_name_zh,
    periods.period_start_year,
    periods.period_end_year,
    coalesce(years.year = periods.period_end_year, false) as is_period_end_year
from years
left join periods
    on years.year between periods.period_start_year and periods.period_end_year
