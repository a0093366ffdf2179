-- One quantitative statement a plan makes: every number with a unit of its prose
-- (raw.statements) and every numeric value of its indicator tables, in one shape.
with prose_statements as (
    select * from {{ ref('stg_statements') }}
    {{ where_document_changed() }}
),

indicator_values as (
    select * from {{ ref('int_indicator_values_enriched') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

indicator_names as (
    select * from {{ ref('int_indicator_names') }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
    {{ where_document_changed() }}
),

prose_keyed as (
    select
        prose_statements.*,
        plans.region_code,
        indicator_names.canonical_indicator_id
    from prose_statements
    left join plans using (plan_id)
    left join indicator_names
        on
            {{ normalize_indicator_name('prose_statements.measure') }}
            = indicator_names.indicator_name_normalized
),

-- the indicator fact a prose statement states (a prose target's own row) or restates (the
-- table's row of the same plan, indicator, year and kind)
prose_facts as (
    select
        prose_keyed.statement_id,
        coalesce(
            max(case
                when indicator_values.indicator_value_id = replace(prose_keyed.statement_id, '-sm', '-ivp')
                    then indicator_values.indicator_value_id
            end),
            min(indicator_values.indicator_value_id)
        ) as indicator_value_id
    from prose_keyed
    inner join indicator_values
        on
            prose_keyed.plan_id = indicator_values.plan_id
            and prose_keyed.canonical_indicator_id = indicator_values.canonical_indicator_id
            and prose_keyed.year = indicator_values.year
            and prose_keyed.statement_kind = indicator_values.value_kind
    group by prose_keyed.statement_id
),

prose_rows as (
    select
        prose_keyed.statement_id,
        prose_keyed.document_id,
        prose_keyed.plan_id,
        prose_keyed.region_code,
        prose_keyed.source_line,
        prose_keyed.span_start,
        prose_keyed.span_end,
        'prose' as source_kind,
        prose_keyed.subject_text,
        prose_keyed.canonical_indicator_id,
        prose_keyed.statement_kind,
        prose_keyed.value_numeric,
        prose_keyed.comparator,
        prose_keyed.unit,
        prose_keyed.year,
        prose_keyed.period_start_year,
        prose_keyed.period_end_year,
        prose_keyed.sentence_text,
        prose_keyed.measure,
        prose_keyed.value_text,
        prose_keyed.unit_raw,
        prose_keyed.is_indicator_target,
        prose_facts.indicator_value_id
    from prose_keyed
    left join prose_facts using (statement_id)
),

table_rows as (
    select
        indicator_values.indicator_value_id as statement_id,
        indicator_values.document_id,
        indicator_values.plan_id,
        indicator_values.region_code,
        indicator_values.source_line,
        indicator_values.span_start,
        indicator_values.span_end,
        'table' as source_kind,
        indicator_values.indicator_name as subject_text,
        indicator_values.canonical_indicator_id,
        indicator_values.value_kind as statement_kind,
        indicator_values.value_numeric,
        indicator_values.comparator,
        indicator_values.unit,
        indicator_values.year,
        plans.period_start_year,
        plans.period_end_year,
        document_lines.line_text as sentence_text,
        indicator_values.indicator_name as measure,
        indicator_values.value_text,
        indicator_values.unit_raw,
        indicator_values.value_kind = 'target' as is_indicator_target,
        indicator_values.indicator_value_id
    from indicator_values
    left join plans using (plan_id)
    left join document_lines
        on
            indicator_values.document_id = document_lines.document_id
            and indicator_values.source_line = document_lines.source_line
    where indicator_values.source_kind = 'table' and indicator_values.value_numeric is not null
),

all_statements as (
    select * from prose_rows
    union all
    select * from table_rows
)

select
    all_statements.statement_id,
    all_statements.document_id,
    all_statements.plan_id,
    all_statements.region_code,
    all_statements.source_line,
    document_lines.source_page,
    all_statements.span_start,
    all_statements.span_end,
    all_statements.source_kind,
    all_statements.subject_text,
    all_statements.measure,
    all_statements.canonical_indicator_id,
    all_statements.statement_kind,
    all_statements.value_numeric,
    all_statements.comparator,
    all_statements.value_text,
    all_statements.unit,
    all_statements.unit_raw,
    all_statements.year,
    all_statements.period_start_year,
    all_statements.period_end_year,
    all_statements.is_indicator_target,
    all_statements.indicator_value_id,
    all_statements.sentence_text
from all_statements
left join document_lines
    on
        all_statements.document_id = document_lines.document_id
        and all_statements.source_line = document_lines.source_line
