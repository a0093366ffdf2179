with source_plans as (
    select * from {{ source('raw', 'plans') }}
    where
        {{ only_canonical_documents() }}
        -- an attachment's rows belong to its main document's plan, not to a plan of its own
        and document_id not in (
            select attached.document_id
            from {{ source('raw', 'documents') }} as attached
            where attached.main_document_id is not null
        )
)

select
    document_id || '-p' || plan_seq as plan_id,
    document_id,
    cast(plan_seq as integer) as plan_seq,
    plan_title,
    plan_type,
    issuer,
    document_number,
    try_cast(issued_date as date) as issued_date,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    region_name_printed,
    region_code,
    cast(start_line as integer) as start_line,
    cast(end_line as integer) as end_line,
    cast(title_line as integer) as title_line,
    issued_date_precision,
    issued_date_text
from source_plans
