with source_lines as (
    select * from {{ source('raw', 'document_lines') }}
)

select
    document_id,
    line_no,
    page_no,
    text
from source_lines
