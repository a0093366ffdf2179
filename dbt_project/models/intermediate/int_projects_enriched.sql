with projects as (
    select * from {{ ref('stg_projects') }}
    {{ where_document_changed() }}
),

plans as (
    select
        plan_id,
        region_code
    from {{ ref('stg_plans') }}
    {{ where_document_changed() }}
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
    case
        when keyed.construction_type_zh like '%续建%' and keyed.construction_type_zh not like '%新建%' then 'continuation'
        when
            keyed.construction_type_zh like '%扩建%' or keyed.construction_type_zh like '%改建%'
            or keyed.construction_type_zh like '%改造%' or keyed.construction_type_zh like '%提升%'
            then 'renovation_expansion'
        when keyed.construction_type_zh like '%新建%' or keyed.construction_type_zh like '%迁建%' then 'new'
    end as construction_type,
    coalesce(
        {{ policy_area_for('project_name') }},
        {{ policy_area_for('category') }}
    ) as policy_area_code
from keyed
