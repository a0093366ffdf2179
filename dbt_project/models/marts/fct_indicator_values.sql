with enriched_values as (
    select * from {{ ref('int_indicator_values_enriched') }}
    {{ where_document_changed() }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
    {{ where_document_changed() }}
)

select
    enriched_values.indicator_value_id,
    enriched_values.plan_id,
    enriched_values.document_id,
    enriched_values.region_code,
    enriched_values.table_title,
    enriched_values.row_seq,
    enriched_values.indicator_group,
    enriched_values.indicator_name,
    enriched_values.canonical_indicator_id,
    enriched_values.policy_area_code,
    enriched_values.unit,
    enriched_values.unit_raw,
    enriched_values.year,
    enriched_values.value_kind,
    enriched_values.comparator,
    enriched_values.value_numeric,
    enriched_values.value_text,
    enriched_values.attribute,
    enriched_values.source_line,
    document_lines.source_page,
    enriched_values.table_seq,
    enriched_values.attribute_raw,
    enriched_values.source_kind,
    enriched_values.span_start,
    enriched_values.span_end
from enriched_values
left join document_lines
    on
        enriched_values.document_id = document_lines.document_id
        and enriched_values.source_line = document_lines.source_line
