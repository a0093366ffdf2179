{#- Keep rows of canonical documents only: a file whose text duplicates an earlier file's
    (raw.documents.duplicate_of_document_id) is reported, not counted twice. -#}
{% macro only_canonical_documents() -%}
    document_id in (
        select canonical.document_id
        from {{ source('raw', 'documents') }} as canonical
        where canonical.duplicate_of_document_id is null
    )
{%- endmacro %}
