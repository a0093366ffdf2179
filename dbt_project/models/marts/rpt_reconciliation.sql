-- Each total or count a plan states about its own projects, against what its listed rows
-- add up to. A mismatch is a finding about the source document, never "fixed" here.
with stated_totals as (
    select * from {{ ref('stg_stated_totals') }}
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
    select * from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
),

-- A plan that prints a project table states its totals about that table; otherwise
-- about every project it lists in prose and 专栏 boxes.
counted_projects as (
    select projects.*
    from projects
    where
        projects.source_kind = 'table_row'
        or not exists (
            select 1 from projects as table_rows
            where table_rows.plan_id = projects.plan_id and table_rows.source_kind = 'table_row'
        )
),

computed as (
    select
        stated_totals.stated_total_id,
        count(counted_projects.project_id) as project_count,
        coalesce(sum(counted_projects.planned_investment_wan_yuan), 0) as investment_wan_yuan
    from stated_totals
    left join counted_projects
        on
            stated_totals.plan_id = counted_projects.plan_id
            and (
                stated_totals.scope = 'all'
                -- the category as the project list prints it (the total may word it differently)
                or regexp_replace(
                    coalesce(stated_totals.list_category, regexp_replace(stated_totals.scope, '^category:', '')),
                    '\s+', '', 'g'
                )
                = regexp_replace(counted_projects.category, '\s+', '', 'g')
            )
    group by stated_totals.stated_total_id
)

select
    stated_totals.stated_total_id as reconciliation_id,
    stated_totals.document_id,
    stated_totals.plan_id,
    plans.region_code,
    stated_totals.scope,
    stated_totals.measure,
    stated_totals.stated_value,
    case stated_totals.measure
        when 'project_count' then cast(computed.project_count as double)
        else cast(computed.investment_wan_yuan as double)
    end as computed_value,
    computed_value - stated_totals.stated_value as difference,
    stated_totals.tolerance,
    case when abs(difference) <= stated_totals.tolerance then 'match' else 'mismatch' end as status,
    stated_totals.source_line,
    stated_totals.stated_text,
    stated_totals.source_kind,
    stated_totals.list_category
from stated_totals
left join plans using (plan_id)
inner join computed using (stated_total_id)
