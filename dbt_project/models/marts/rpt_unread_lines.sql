-- What the warehouse could not read: audited lines with a number no fact's span covers, captions with no
-- table under them, and stated project counts whose listed side is empty.
with audited as (
    select * from {{ ref('stg_audited_lines') }}
    where reason is not null
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

documents as (
    select
        document_id,
        region_code
    from {{ ref('dim_document') }}
),

document_lines as (
    select * from {{ ref('int_line_pages') }}
),

-- a plan states a count of all its projects and not one of them was read (a category count
-- with nothing under it may only be worded unlike the list: not reported, precision first)
counts_without_rows as (
    select distinct
        reconciliation.document_id,
        reconciliation.plan_id,
        reconciliation.source_line,
        cast(document_lines.source_page as integer) as source_page,
        'stated_count_without_rows' as reason,
        coalesce(document_lines.line_text, reconciliation.stated_text) as line_text,
        0 as unit_numbers,
        cast(null as integer) as span_start,
        cast(null as integer) as span_end
    from {{ ref('rpt_reconciliation') }} as reconciliation
    left join document_lines
        on
            reconciliation.document_id = document_lines.document_id
            and reconciliation.source_line = document_lines.source_line
    where
        reconciliation.measure = 'project_count'
        and reconciliation.scope = 'all'
        and reconciliation.computed_value = 0
        and reconciliation.stated_value > 0
),

unread as (
    select
        document_id,
        plan_id,
        source_line,
        source_page,
        reason,
        line_text,
        unit_numbers,
        span_start,
        span_end
    from audited
    union all
    select * from counts_without_rows
)

select
    unread.document_id || '-l' || lpad(cast(unread.source_line as varchar), 6, '0')
    || '-' || unread.reason as unread_line_id,
    unread.document_id,
    unread.plan_id,
    coalesce(plans.region_code, documents.region_code) as region_code,
    unread.source_line,
    unread.source_page,
    unread.reason,
    unread.line_text,
    unread.unit_numbers,
    unread.span_start,
    unread.span_end
from unread
left join plans using (plan_id)
left join documents using (document_id)
