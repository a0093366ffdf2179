with enriched_projects as (
    select * from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
    {{ where_document_changed() }}
)

select
    enriched_projects.project_id,
    enriched_projects.plan_id,
    enriched_projects.document_id,
    enriched_projects.region_code,
    enriched_projects.project_name,
    enriched_projects.category,
    enriched_projects.row_seq,
    enriched_projects.source_kind,
    enriched_projects.policy_area_code,
    enriched_projects.construction_type,
    enriched_projects.construction_type_zh,
    enriched_projects.start_year,
    enriched_projects.end_year,
    cast(enriched_projects.planned_investment_wan_yuan as decimal(18, 2)) as planned_investment_wan_yuan,
    enriched_projects.beds,
    enriched_projects.floor_area_m2,
    enriched_projects.source_line,
    document_lines.source_page,
    enriched_projects.project_key,
    enriched_projects.is_first_listing,
    enriched_projects.years_text,
    enriched_projects.investment_text,
    enriched_projects.investment_tolerance_wan,
    enriched_projects.span_start,
    enriched_projects.span_end
from enriched_projects
left join document_lines
    on
        enriched_projects.document_id = document_lines.document_id
        and enriched_projects.source_line = document_lines.source_line
