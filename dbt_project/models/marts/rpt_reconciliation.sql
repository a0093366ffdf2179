-- Each total or count a plan states about its own projects, against what its listed rows
-- add up to. A mismatch is a finding about the source document, never "fixed" here.
with stated_totals as (
    select * from {{ ref('stg_stated_totals') }}
    {{ where_document_changed() }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

projects as (
    select * from {{ ref('int_projects_enriched') }}
    {{ where_document_changed() }}
),

-- A plan that prints a project table states its totals about that table; otherwise
-- about every project it lists in prose and 专栏 boxes.
counted_projects as (
    select projects.*
    from projects
    where
        projects.source_kind = 'table_row'
        or not exists (
            select 1 from projects as table_rows
            where table_rows.plan_id = projects.plan_id and table_rows.source_kind = 'table_row'
        )
),

computed as (
    select
        stated_totals.stated_total_id,
        count(counted_projects.project_id) as project_count,
        coalesce(sum(counted_projects.planned_investment_wan_yuan), 0) as investment_wan_yuan
    from stated_totals
    left join counted_projects
        on
            stated_totals.plan_id = counted_projects.plan_id
            and (
                stated_totals.scope = 'all'
                -- the category as the project list prints it (the total may word it differently)
                or regexp_replace(
                    coalesce(stated_totals.list_category, regexp_replace(stated_totals.scope, '^category:', '')),
                    '\s+', '', 'g'
                )
                = regexp_replace(counted_projects.category, '\s+', '', 'g')
            )
    group by stated_totals.stated_total_id
),

table_cells as (
    select * from {{ ref('fct_table_cells') }}
    {{ where_document_changed() }}
),

-- A number in a 合计/小计/总计 row (or column) states the total of the cells it sums. Shares,
-- rates and per-capita figures are no sums; a project table's investment total is already
-- reconciled against the projects above.
stated_cells as (
    select table_cells.*
    from table_cells
    where
        (table_cells.is_total_row or table_cells.is_total_column)
        and table_cells.value_numeric is not null
        and table_cells.comparator = '='
        and coalesce(table_cells.unit, '') not in ('%', '‰', '倍')
        and not contains(coalesce(table_cells.unit, ''), '/')
        and not regexp_matches(coalesce(table_cells.column_header, ''), '率|比例|占比|比重|增长|增速|增幅')
        and not (table_cells.is_total_row and table_cells.is_total_column)
        and not exists (
            select 1
            from stated_totals
            where
                stated_totals.document_id = table_cells.document_id
                and stated_totals.source_line = table_cells.source_line
                and stated_totals.source_kind in ('table_total_row', 'table_subtotal_row')
                and table_cells.table_kind = 'project'
                and contains(coalesce(table_cells.column_header, ''), '投资')
        )
),

-- a 小计 row sums the rows since the previous total row; 合计/总计 the table's other rows
total_rows as (
    select
        stated_cells.table_cell_id,
        coalesce(
            max(earlier.row_idx) filter (where starts_with(coalesce(stated_cells.row_label, ''), '小计')), 0
        ) as first_row_after
    from stated_cells
    left join table_cells as earlier
        on
            stated_cells.document_id = earlier.document_id
            and stated_cells.table_seq = earlier.table_seq
            and earlier.is_total_row
            and stated_cells.row_idx > earlier.row_idx
    where stated_cells.is_total_row
    group by stated_cells.table_cell_id
),

-- the figures each total adds up: the rows above a total row (in its column), or the row's
-- other numeric columns of its unit under a 合计 column (under its spanning header, if any)
total_parts as (
    select
        stated_cells.table_cell_id,
        parts.value_numeric,
        parts.value_tolerance,
        parts.comparator,
        parts.source_line
    from stated_cells
    inner join total_rows on stated_cells.table_cell_id = total_rows.table_cell_id
    inner join table_cells as parts
        on
            stated_cells.document_id = parts.document_id
            and stated_cells.table_seq = parts.table_seq
            and stated_cells.col_idx = parts.col_idx
            and not parts.is_total_row
            -- a category heading row's figure is a subtotal of the rows under it, not a part
            and parts.row_kind = 'data'
            and total_rows.first_row_after < parts.row_idx
            and (not starts_with(coalesce(stated_cells.row_label, ''), '小计') or stated_cells.row_idx > parts.row_idx)
            and parts.value_numeric is not null

    union all

    select
        stated_cells.table_cell_id,
        parts.value_numeric,
        parts.value_tolerance,
        parts.comparator,
        parts.source_line
    from stated_cells
    inner join table_cells as parts
        on
            stated_cells.document_id = parts.document_id
            and stated_cells.table_seq = parts.table_seq
            and stated_cells.row_idx = parts.row_idx
            and stated_cells.col_idx <> parts.col_idx
            and not parts.is_total_column
            and parts.value_numeric is not null
            and coalesce(parts.unit, '') = coalesce(stated_cells.unit, '')
            and (
                not contains(stated_cells.column_header, ' / ')
                or starts_with(
                    parts.column_header,
                    regexp_extract(stated_cells.column_header, '^(.*) / [^/]*$', 1) || ' / '
                )
            )
    where stated_cells.is_total_column and not stated_cells.is_total_row
),

sums as (
    select
        table_cell_id,
        sum(value_numeric) as computed_value,
        sum(coalesce(value_tolerance, 0)) as parts_tolerance,
        count(value_numeric) as part_count,
        count(*) filter (where comparator <> '=') as inexact_parts,
        min(source_line) as first_part_line,
        max(source_line) as last_part_line
    from total_parts
    group by table_cell_id
),

table_totals as (
    select
        stated_cells.table_cell_id as reconciliation_id,
        stated_cells.document_id,
        stated_cells.plan_id,
        stated_cells.plan_region_code as region_code,
        'table:' || coalesce(stated_cells.table_title, '表' || stated_cells.table_seq) as scope,
        case
            when stated_cells.is_total_row then stated_cells.column_header
            else stated_cells.row_label
        end as measure,
        stated_cells.value_numeric as stated_value,
        sums.computed_value,
        -- the printed precision of the total and of the figures it adds up
        stated_cells.value_tolerance + sums.parts_tolerance as tolerance,
        stated_cells.source_line,
        concat_ws(' ', stated_cells.row_label, stated_cells.column_header, stated_cells.value_text) as stated_text,
        case when stated_cells.is_total_row then 'table_total_cell' else 'table_total_column' end as source_kind,
        sums.first_part_line as related_source_line,
        'rows on lines ' || sums.first_part_line || '–' || sums.last_part_line
        || ' add up to ' || cast(sums.computed_value as varchar) as related_text
    from stated_cells
    inner join sums on stated_cells.table_cell_id = sums.table_cell_id
    where sums.part_count >= 2 and sums.inexact_parts = 0
)

select
    stated_totals.stated_total_id as reconciliation_id,
    stated_totals.document_id,
    stated_totals.plan_id,
    plans.region_code,
    stated_totals.scope,
    stated_totals.measure,
    stated_totals.stated_value,
    case stated_totals.measure
        when 'project_count' then cast(computed.project_count as double)
        else cast(computed.investment_wan_yuan as double)
    end as computed_value,
    computed_value - stated_totals.stated_value as difference,
    stated_totals.tolerance,
    case when abs(difference) <= stated_totals.tolerance then 'match' else 'mismatch' end as status,
    stated_totals.source_line,
    stated_totals.stated_text,
    stated_totals.source_kind,
    stated_totals.list_category,
    cast(null as integer) as related_source_line,
    cast(null as varchar) as related_text
from stated_totals
left join plans using (plan_id)
inner join computed using (stated_total_id)

union all

select
    reconciliation_id,
    document_id,
    plan_id,
    region_code,
    scope,
    measure,
    stated_value,
    computed_value,
    computed_value - stated_value as difference,
    tolerance,
    case when abs(computed_value - stated_value) <= tolerance then 'match' else 'mismatch' end as status,
    source_line,
    stated_text,
    source_kind,
    null as list_category,
    related_source_line,
    related_text
from table_totals
