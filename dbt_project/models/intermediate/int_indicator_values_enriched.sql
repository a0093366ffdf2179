with indicator_values as (
    select * from {{ ref('stg_indicator_values') }}
    {{ where_document_changed() }}
),

plans as (
    select
        plan_id,
        region_code
    from {{ ref('stg_plans') }}
    {{ where_document_changed() }}
),

indicator_names as (
    select * from {{ ref('int_indicator_names') }}
)

select
    indicator_values.*,
    plans.region_code,
    indicator_names.canonical_indicator_id,
    {{ policy_area_for('indicator_names.canonical_name_zh') }} as policy_area_code,
    case
        when indicator_values.attribute_raw like '%约束%' then 'binding'
        when indicator_values.attribute_raw like '%预期%' then 'expected'
    end as attribute
from indicator_values
left join plans using (plan_id)
left join indicator_names
    on
        {{ normalize_indicator_name('indicator_values.indicator_name') }}
        = indicator_names.indicator_name_normalized
