with source_items as (
    select * from {{ source('raw', 'list_items') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-li' || lpad(cast(item_seq as varchar), 5, '0') as list_item_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    cast(claim_seq as integer) as claim_seq,
    claim_kind,
    item_role,
    cast(position as integer) as position,
    cast(run_seq as integer) as run_seq,
    item_text,
    measure,
    is_collective,
    value_numeric,
    comparator,
    unit,
    cast(year as integer) as year,
    statement_kind,
    sentence_text,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_items
