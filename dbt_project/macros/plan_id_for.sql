{#- The plan a raw row belongs to: its own document's plan, or, for a plan's attachment (a
    project table published as a separate file), the main document's plan it is attached to
    (raw.documents.main_document_id / main_plan_seq, set by ingestion/attachments.py).
    The lookup names no column document_id, so the caller's unqualified columns are its own. -#}
{% macro plan_id_for(document_id, plan_seq) -%}
    coalesce(
        (
            select attachments.main_plan_id
            from (
                select
                    documents.document_id as attachment_document_id,
                    documents.main_document_id || '-p' || documents.main_plan_seq as main_plan_id
                from {{ source('raw', 'documents') }} as documents
                where documents.main_document_id is not null
            ) as attachments
            where attachments.attachment_document_id = {{ document_id }}
        ),
        {{ document_id }} || '-p' || {{ plan_seq }}
    )
{%- endmacro %}
