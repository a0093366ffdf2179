with source_text_claims as (
    select * from {{ source('raw', 'text_claims') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-tc' || lpad(cast(claim_seq as varchar), 5, '0')
    || '-' || cast(item_seq as varchar) as text_claim_item_id,
    document_id || '-tc' || lpad(cast(claim_seq as varchar), 5, '0') as text_claim_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    claim_kind,
    item_role,
    cast(item_seq as integer) as item_seq,
    cast(source_line as integer) as source_line,
    printed_text,
    value_text,
    value_numeric,
    value_tolerance,
    comparator,
    unit,
    subject,
    measure,
    statement_kind,
    cast(year as integer) as year,
    cast(period_start_year as integer) as period_start_year,
    cast(period_end_year as integer) as period_end_year,
    is_complete
from source_text_claims
