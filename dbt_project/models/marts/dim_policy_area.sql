with policy_areas as (
    select * from {{ ref('policy_areas') }}
)

select
    policy_area_code,
    name_zh,
    name_en
from policy_areas
