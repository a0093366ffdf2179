with source_funding as (
    select * from {{ source('raw', 'funding') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-f' || lpad(cast(funding_seq as varchar), 4, '0') as funding_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    cast(funding_seq as integer) as funding_seq,
    amount_wan_yuan,
    amount_text,
    funding_kind,
    source_of_funds,
    case
        when project_seq is not null
            then document_id || '-pr' || lpad(cast(project_seq as varchar), 4, '0')
    end as project_id,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    source_text,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end,
    amount_tolerance_wan
from source_funding
