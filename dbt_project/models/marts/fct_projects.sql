with enriched_projects as (
    select
        enriched.*,
        document_lines.page_no as source_page
    from {{ ref('int_projects_enriched') }} as enriched
    left join {{ ref('stg_document_lines') }} as document_lines
        on
            enriched.document_id = document_lines.document_id
            and enriched.source_line = document_lines.line_no
    {{ where_document_changed('enriched.document_id') }}
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
    source_page,
    project_key,
    is_first_listing,
    years_text,
    investment_text
from enriched_projects
