-- A plan's figures broken down by the regions below its own (a prefecture's per-county
-- targets): the numeric cells of its tables whose row or column names a sub-region.
-- Join region_code to dim_region for the county's name and level.
with table_cells as (
    select * from {{ ref('fct_table_cells') }}
)

select
    table_cell_id,
    document_id,
    plan_id,
    plan_region_code,
    region_code,
    table_seq,
    table_title,
    row_label,
    column_header,
    value_text,
    value_numeric,
    comparator,
    unit,
    year,
    value_kind,
    source_line,
    source_page,
    row_idx,
    col_idx
from table_cells
where is_sub_region and value_numeric is not null and not is_total_row and not is_total_column
