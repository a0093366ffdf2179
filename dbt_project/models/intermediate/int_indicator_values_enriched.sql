-- Indicator values with region, canonical indicator, policy area and attribute: every value
-- of an indicator table, and every target a plan states only in prose. One indicator, year
-- and kind stated in a table and in prose is one row, the table's (the prose statement stays
-- in fct_statements); a target stated twice in prose is its first printing.
with indicator_values as (
    select * from {{ ref('stg_indicator_values') }}
    {{ where_document_changed() }}
),

prose_targets as (
    select * from {{ ref('stg_statements') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

indicator_names as (
    select * from {{ ref('int_indicator_names') }}
),

table_values as (
    select
        indicator_values.*,
        'table' as source_kind,
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
),

prose_values as (
    select
        replace(prose_targets.statement_id, '-sm', '-ivp') as indicator_value_id,
        prose_targets.document_id,
        prose_targets.plan_id,
        cast(null as integer) as table_seq,
        cast(null as varchar) as table_title,
        cast(null as varchar) as row_seq,
        cast(null as varchar) as indicator_group,
        prose_targets.measure as indicator_name,
        prose_targets.unit_raw,
        prose_targets.unit,
        prose_targets.year,
        'target' as value_kind,
        prose_targets.comparator,
        prose_targets.value_numeric,
        prose_targets.value_text,
        cast(null as varchar) as attribute_raw,
        prose_targets.source_line,
        prose_targets.span_start,
        prose_targets.span_end,
        'prose' as source_kind,
        plans.region_code,
        indicator_names.canonical_indicator_id,
        {{ policy_area_for('indicator_names.canonical_name_zh') }} as policy_area_code,
        cast(null as varchar) as attribute
    from prose_targets
    left join plans using (plan_id)
    left join indicator_names
        on
            {{ normalize_indicator_name('prose_targets.measure') }}
            = indicator_names.indicator_name_normalized
    where prose_targets.is_indicator_target
),

prose_only as (
    select prose_values.*
    from prose_values
    where
        not exists (
            select 1
            from table_values
            where
                table_values.plan_id = prose_values.plan_id
                and table_values.canonical_indicator_id = prose_values.canonical_indicator_id
                and table_values.year = prose_values.year
                and table_values.value_kind = prose_values.value_kind
        )
    qualify row_number() over (
        partition by prose_values.plan_id, prose_values.canonical_indicator_id, prose_values.year, prose_values.value_kind
        order by prose_values.source_line, prose_values.indicator_value_id
    ) = 1
)

select * from table_values
union all by name
select * from prose_only
