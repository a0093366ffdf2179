with funding as (
    select * from {{ ref('stg_funding') }}
    {{ where_document_changed() }}
),

plans as (
    select
        plan_id,
        region_code
    from {{ ref('stg_plans') }}
    {{ where_document_changed() }}
),

projects as (
    select
        project_id,
        policy_area_code
    from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
),

document_lines as (
    select
        document_id,
        line_no as source_line,
        page_no as source_page
    from {{ ref('stg_document_lines') }}
    {{ where_document_changed() }}
)

select
    funding.funding_id,
    funding.plan_id,
    funding.document_id,
    plans.region_code,
    cast(funding.amount_wan_yuan as decimal(18, 4)) as amount_wan_yuan,
    funding.funding_kind,
    funding.source_of_funds,
    funding.project_id,
    funding.period_start_year,
    funding.period_end_year,
    coalesce(projects.policy_area_code, {{ policy_area_for('funding.source_text') }}) as policy_area_code,
    funding.source_text,
    funding.source_line,
    document_lines.source_page,
    funding.amount_text,
    funding.span_start,
    funding.span_end
from funding
left join plans using (plan_id)
left join projects using (project_id)
left join document_lines using (document_id, source_line)
