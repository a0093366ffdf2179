-- Canonical indicators: the same indicator worded differently in two plans is one row.
with indicator_values as (
    select * from {{ ref('int_indicator_values_enriched') }}
),

indicator_names as (
    select distinct
        canonical_indicator_id,
        canonical_name_zh
    from {{ ref('int_indicator_names') }}
),

directions as (
    select * from {{ ref('indicator_directions') }}
),

usage as (
    select
        canonical_indicator_id,
        mode(unit) as unit,
        mode(policy_area_code) as policy_area_code,
        count(distinct plan_id) as plan_count,
        count(distinct indicator_name) as printed_name_count
    from indicator_values
    group by canonical_indicator_id
)

select
    usage.canonical_indicator_id,
    arg_min(indicator_names.canonical_name_zh, indicator_names.canonical_name_zh) as canonical_name_zh,
    any_value(usage.unit) as unit,
    any_value(usage.policy_area_code) as policy_area_code,
    cast(any_value(usage.plan_count) as integer) as plan_count,
    cast(any_value(usage.printed_name_count) as integer) as printed_name_count,
    any_value(directions.direction) as direction
from usage
inner join indicator_names using (canonical_indicator_id)
left join directions using (canonical_indicator_id)
group by usage.canonical_indicator_id
