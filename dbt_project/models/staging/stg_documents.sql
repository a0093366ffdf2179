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
    loaded_at,
    text_sha256,
    duplicate_of_document_id,
    source_format,
    reader,
    page_count,
    document_role,
    main_document_id,
    cast(main_plan_seq as integer) as main_plan_seq
from source_documents
