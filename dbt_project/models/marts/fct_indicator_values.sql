{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='document_id',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_documents() }}"
    )
}}

with enriched_values as (
    select * from {{ ref('int_indicator_values_enriched') }}
    {{ where_document_changed() }}
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
    table_seq,
    attribute_raw
from enriched_values
