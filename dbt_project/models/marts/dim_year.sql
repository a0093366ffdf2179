-- Calendar years 2010-2035 with the five-year plan period each belongs to (seed five_year_periods).
with years as (
    select cast(generate_series as integer) as year
    from generate_series(2010, 2035)
),

periods as (
    select
        plan_period_code,
        period_name as plan_period_name_zh,
        start_year as period_start_year,
        end_year as period_end_year
    from {{ ref('five_year_periods') }}
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
