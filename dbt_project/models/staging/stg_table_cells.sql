-- The body cells of every rebuilt table, typed at extraction (ingestion/table_cells.py).
with source_cells as (
    select * from {{ source('raw', 'table_cells') }}
    where {{ only_canonical_documents() }}
)

select
    document_id
    || '-tc' || lpad(cast(table_seq as varchar), 3, '0')
    || '-r' || lpad(cast(row_idx as varchar), 4, '0')
    || '-c' || lpad(cast(col_idx as varchar), 3, '0') as table_cell_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    cast(table_seq as integer) as table_seq,
    table_title,
    table_kind,
    cast(row_idx as integer) as row_idx,
    cast(col_idx as integer) as col_idx,
    row_label,
    column_header,
    text as value_text,
    value_numeric,
    comparator,
    unit,
    value_tolerance,
    cast(year as integer) as year,
    value_kind,
    is_total_row,
    is_total_column,
    row_kind,
    sub_region_code,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_cells
where not is_header and text <> ''
