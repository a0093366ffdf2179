with source_values as (
    select * from {{ source('raw', 'indicator_values') }}
    where {{ only_canonical_documents() }}
),

numbered as (
    select
        *,
        row_number() over (
            partition by document_id
            order by table_seq, source_line, value_kind, year, indicator_name, value_text
        ) as value_ordinal
    from source_values
)

select
    document_id || '-iv' || lpad(cast(value_ordinal as varchar), 5, '0') as indicator_value_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    cast(table_seq as integer) as table_seq,
    table_title,
    row_seq,
    indicator_group,
    indicator_name,
    unit_raw,
    unit,
    cast(year as integer) as year,
    value_kind,
    comparator,
    value_numeric,
    value_text,
    attribute_raw,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from numbered
