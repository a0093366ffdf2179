with documents as (
    select * from {{ ref('stg_documents') }}
),

first_plan_region as (
    select
        document_id,
        arg_min(region_code, plan_seq) as region_code
    from {{ ref('stg_plans') }}
    group by document_id
),

-- share of the numbers with a unit in table regions and project sections that fed a fact row
reading as (
    select
        document_id,
        sum(read_numbers) / nullif(sum(unit_numbers), 0) as read_coverage
    from {{ ref('stg_audited_lines') }}
    group by document_id
)

select
    documents.document_id,
    documents.source_path,
    documents.content_sha256,
    documents.encoding,
    documents.char_count,
    documents.line_count,
    first_plan_region.region_code,
    documents.loaded_at,
    documents.byte_count,
    documents.duplicate_of_document_id,
    cast(reading.read_coverage as double) as read_coverage,
    documents.source_format,
    documents.page_count,
    documents.reader,
    coalesce(documents.document_role, 'main') as document_role,
    documents.main_document_id
from documents
left join first_plan_region using (document_id)
left join reading using (document_id)
