-- One data cell of any table a plan prints: the table as rows, typed, with the sub-region
-- (a county of a prefecture plan) its row or column names.
with table_cells as (
    select * from {{ ref('stg_table_cells') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

-- a sub-region the extractor named is kept only when it is a division below the plan's region
sub_regions as (
    select
        region_code,
        parent_region_code
    from {{ ref('stg_region_divisions') }}
),

grandparents as (
    select
        region_code,
        parent_region_code
    from {{ ref('stg_region_divisions') }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
    {{ where_document_changed() }}
)

select
    table_cells.table_cell_id,
    table_cells.document_id,
    table_cells.plan_id,
    coalesce(sub_regions.region_code, plans.region_code) as region_code,
    table_cells.table_seq,
    table_cells.table_title,
    table_cells.row_idx,
    table_cells.col_idx,
    table_cells.row_label,
    table_cells.column_header,
    table_cells.value_text,
    table_cells.value_numeric,
    table_cells.comparator,
    table_cells.unit,
    table_cells.year,
    table_cells.value_kind,
    table_cells.is_total_row,
    table_cells.source_line,
    document_lines.source_page,
    table_cells.span_start,
    table_cells.span_end,
    table_cells.table_kind,
    table_cells.is_total_column,
    table_cells.row_kind,
    table_cells.value_tolerance,
    plans.region_code as plan_region_code,
    sub_regions.region_code is not null as is_sub_region
from table_cells
left join plans on table_cells.plan_id = plans.plan_id
left join grandparents on table_cells.sub_region_code = grandparents.region_code
left join sub_regions
    on
        table_cells.sub_region_code = sub_regions.region_code
        and plans.region_code in (sub_regions.parent_region_code, grandparents.parent_region_code)
left join document_lines
    on
        table_cells.document_id = document_lines.document_id
        and table_cells.source_line = document_lines.source_line
