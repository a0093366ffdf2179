{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='document_id',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_documents() }}"
    )
}}

with enriched_projects as (
    select * from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
)

select
    project_id,
    plan_id,
    document_id,
    region_code,
    project_name,
    category,
    row_seq,
    source_kind,
    policy_area_code,
    construction_type,
    construction_type_zh,
    start_year,
    end_year,
    cast(planned_investment_wan_yuan as decimal(18, 2)) as planned_investment_wan_yuan,
    beds,
    floor_area_m2,
    source_line,
    project_key,
    is_first_listing,
    years_text,
    investment_text
from enriched_projects
