{#- The plan a raw row belongs to: its own document's plan, or, for a plan's attachment (a
    project table published as a separate file), the main document's plan it is attached to
    (raw.documents.main_document_id / main_plan_seq, set by ingestion/attachments.py).
    Pass the columns qualified by the caller's relation: the subquery has a document_id of its own. -#}
{% macro plan_id_for(document_id, plan_seq) -%}
    coalesce(
        (
            select attached.main_document_id || '-p' || attached.main_plan_seq
            from {{ source('raw', 'documents') }} as attached
            where attached.document_id = {{ document_id }} and attached.main_document_id is not null
        ),
        {{ document_id }} || '-p' || {{ plan_seq }}
    )
{%- endmacro %}
