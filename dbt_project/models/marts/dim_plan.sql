with plans as (
    select * from {{ ref('stg_plans') }}
)

select
    plan_id,
    document_id,
    region_code,
    plan_title,
    plan_type,
    issuer,
    document_number,
    issued_date,
    period_start_year,
    period_end_year,
    plan_seq,
    region_name_printed,
    start_line,
    end_line,
    title_line as source_line,
    issued_date_precision,
    issued_date_text
from plans
