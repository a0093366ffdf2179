-- Each plan's region and period: the one plan -> region lookup the marts join to.
with plans as (
    select * from {{ ref('stg_plans') }}
)

select
    plan_id,
    region_code,
    period_start_year,
    period_end_year
from plans
