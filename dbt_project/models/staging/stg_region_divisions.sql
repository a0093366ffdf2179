with divisions as (
    select * from {{ ref('region_divisions') }}
)

select
    lpad(cast(region_code as varchar), 6, '0') as region_code,
    region_name,
    region_level,
    lpad(cast(parent_region_code as varchar), 6, '0') as parent_region_code,
    lpad(cast(province_code as varchar), 6, '0') as province_code,
    province_name
from divisions
