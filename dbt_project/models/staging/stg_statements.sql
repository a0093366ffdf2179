with source_statements as (
    select * from {{ source('raw', 'statements') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-sm' || lpad(cast(statement_seq as varchar), 5, '0') as statement_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    subject_text,
    measure,
    statement_kind,
    comparator,
    value_numeric,
    value_text,
    unit_raw,
    unit,
    cast(year as integer) as year,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    is_indicator_target,
    sentence_text,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_statements
