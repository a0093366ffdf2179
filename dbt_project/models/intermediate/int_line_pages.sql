-- The page each printed line starts on: the one line -> page lookup the marts join to
-- (a fact's source_line gives its source_page).
with document_lines as (
    select * from {{ ref('stg_document_lines') }}
)

select
    document_id || '-l' || cast(line_no as varchar) as document_line_id,
    document_id,
    line_no as source_line,
    page_no as source_page,
    text as line_text
from document_lines
