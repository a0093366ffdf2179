with source_projects as (
    select * from {{ source('raw', 'projects') }}
    where {{ only_canonical_documents() }}
)

select
    document_id || '-pr' || lpad(cast(project_seq as varchar), 4, '0') as project_id,
    document_id,
    {{ plan_id_for('document_id', 'plan_seq') }} as plan_id,
    cast(project_seq as integer) as project_seq,
    project_name,
    category,
    row_seq,
    source_kind,
    construction_type_zh,
    cast(start_year as integer) as start_year,
    cast(end_year as integer) as end_year,
    years_text,
    investment_text,
    planned_investment_wan_yuan,
    investment_tolerance_wan,
    cast(beds as integer) as beds,
    floor_area_m2,
    description,
    cast(source_line as integer) as source_line,
    cast(span_start as integer) as span_start,
    cast(span_end as integer) as span_end
from source_projects
