with funding as (
    select * from {{ ref('stg_funding') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

projects as (
    select
        project_id,
        policy_area_code,
        cast(planned_investment_wan_yuan as decimal(18, 2)) as planned_investment_wan_yuan
    from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
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
    -- the listed project's own planned investment, already in fct_projects (a table row's
    -- amount cell, or the 总投资 of a project described in prose): a sum over both marts
    -- leaves these out; a part of it (其中 …, a funding column's cell) is a funding_source
    -- row and never restates it
    coalesce(
        funding.funding_kind = 'planned_investment'
        and cast(funding.amount_wan_yuan as decimal(18, 2)) = projects.planned_investment_wan_yuan,
        false
    ) as restates_project_amount,
    funding.span_start,
    funding.span_end,
    funding.amount_tolerance_wan
from funding
left join plans using (plan_id)
left join projects using (project_id)
left join document_lines using (document_id, source_line)
