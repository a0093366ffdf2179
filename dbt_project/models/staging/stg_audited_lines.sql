-- The read audit per line (ingestion/read_audit.py), with the page it is printed on.
with audited as (
    select * from {{ source('raw', 'audited_lines') }}
    where {{ only_canonical_documents() }}
),

document_lines as (
    select * from {{ ref('stg_document_lines') }}
)

select
    audited.document_id || '-l' || lpad(cast(audited.source_line as varchar), 6, '0') as audited_line_id,
    audited.document_id,
    {{ plan_id_for('audited.document_id', 'audited.plan_seq') }} as plan_id,
    cast(audited.source_line as integer) as source_line,
    cast(document_lines.page_no as integer) as source_page,
    cast(audited.unit_numbers as integer) as unit_numbers,
    cast(audited.read_numbers as integer) as read_numbers,
    audited.reason,
    audited.line_text,
    cast(audited.span_start as integer) as span_start,
    cast(audited.span_end as integer) as span_end
from audited
left join document_lines
    on audited.document_id = document_lines.document_id and audited.source_line = document_lines.line_no
