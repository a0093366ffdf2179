with enriched_values as (
    select
        enriched.*,
        document_lines.page_no as source_page
    from {{ ref('int_indicator_values_enriched') }} as enriched
    left join {{ ref('stg_document_lines') }} as document_lines
        on
            enriched.document_id = document_lines.document_id
            and enriched.source_line = document_lines.line_no
    {{ where_document_changed('enriched.document_id') }}
)

select
    indicator_value_id,
    plan_id,
    document_id,
    region_code,
    table_title,
    row_seq,
    indicator_group,
    indicator_name,
    canonical_indicator_id,
    policy_area_code,
    unit,
    unit_raw,
    year,
    value_kind,
    comparator,
    value_numeric,
    value_text,
    attribute,
    source_line,
    source_page,
    table_seq,
    attribute_raw
from enriched_values
