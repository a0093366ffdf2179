with source_totals as (
    select * from {{ source('raw', 'stated_totals') }}
    where {{ only_canonical_documents() }}
),

numbered as (
    select
        *,
        row_number() over (
            partition by document_id order by source_line, scope, measure, stated_value
        ) as total_ordinal
    from source_totals
)

select
    document_id || '-st' || lpad(cast(total_ordinal as varchar), 4, '0') as stated_total_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    scope,
    list_category,
    measure,
    stated_value,
    tolerance,
    stated_text,
    source_kind,
    cast(source_line as integer) as source_line
from numbered
