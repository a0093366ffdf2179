with projects as (
    select * from {{ ref('stg_projects') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

keyed as (
    select
        projects.*,
        plans.region_code,
        -- 某某中心 / 某某中心建设 / 某某中心建设项目 name one project
        regexp_replace(
            regexp_replace(replace(replace(projects.project_name, '（', '('), '）', ')'), '\s+', '', 'g'),
            '(建设)?(项目)?$', ''
        ) as project_name_normalized
    from projects
    left join plans using (plan_id)
)

select
    keyed.*,
    -- The same project listed in two plans of one file shares this key, so sums across
    -- plans can count it once (is_first_listing).
    keyed.document_id || '-' || left(md5(keyed.project_name_normalized), 10) as project_key,
    row_number() over (
        partition by keyed.document_id, keyed.project_name_normalized order by keyed.project_seq
    ) = 1 as is_first_listing,
    {{ construction_type_for('keyed.construction_type_zh') }} as construction_type,
    coalesce(
        {{ policy_area_for('project_name') }},
        {{ policy_area_for('category') }}
    ) as policy_area_code
from keyed
