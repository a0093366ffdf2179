with source_documents as (
    select * from {{ source('raw', 'documents') }}
)

select
    document_id,
    source_path,
    content_sha256,
    encoding,
    byte_count,
    char_count,
    line_count,
    loaded_at
from source_documents
