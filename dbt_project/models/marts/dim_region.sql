-- Every division of the dated GB/T 2260 snapshot: holds each plan's region and its parents.
with divisions as (
    select * from {{ ref('stg_region_divisions') }}
)

select
    region_code,
    region_name,
    region_level,
    parent_region_code,
    province_code,
    province_name
from divisions
