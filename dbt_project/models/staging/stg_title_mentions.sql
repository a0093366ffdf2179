with source_mentions as (
    select * from {{ source('raw', 'title_mentions') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-tm' || lpad(cast(mention_seq as varchar), 5, '0') as title_mention_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    title_text,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_mentions
