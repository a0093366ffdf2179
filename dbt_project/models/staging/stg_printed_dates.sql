with source_dates as (
    select * from {{ source('raw', 'printed_dates') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-dt' || lpad(cast(date_seq as varchar), 5, '0') as printed_date_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    date_text,
    year_text,
    has_year_mark,
    cast(month as integer) as month,
    cast(day as integer) as day,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_dates
