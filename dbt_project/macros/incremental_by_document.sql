{#- The large per-document models are incremental by document_id: a refresh rebuilds only
    the documents in raw.document_changes (loaded, deleted or re-marked duplicate since the
    last successful refresh; written by the raw load step). The pre-hook deletes their old
    rows, so a deleted document, or one that now yields no rows, leaves nothing behind;
    delete+insert then writes their new rows. `--full-refresh` rebuilds everything
    (orchestration/refresh_state.py passes it when the dbt project's code or a seed changed). -#}

{% macro changed_documents() -%}
    (select distinct changes.document_id from {{ source('raw', 'document_changes') }} as changes)
{%- endmacro %}

{#- `where` clause for a model's input: only the changed documents in an incremental run
    (dbt unit tests have no relation `this`: they test the full build). -#}
{% macro where_document_changed(column='document_id') -%}
    {%- if this is not none and is_incremental() %}where {{ column }} in {{ changed_documents() }}{% endif -%}
{%- endmacro %}

{#- Also drops the rows of documents raw no longer holds, whether or not a change says so. -#}
{% macro delete_changed_documents() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            document_id in {{ changed_documents() }}
            or document_id not in (select kept.document_id from {{ source('raw', 'documents') }} as kept)
    {%- endif -%}
{%- endmacro %}
