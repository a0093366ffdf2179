-- Every distinct printed indicator name (a table's, or the indicator a prose target names),
-- normalized and mapped to a canonical indicator: the reviewed synonym seed decides; an
-- unmatched name is its own canonical indicator.
with printed_names as (
    select {{ normalize_indicator_name('indicator_name') }} as indicator_name_normalized
    from {{ ref('stg_indicator_values') }}
    union
    select {{ normalize_indicator_name('measure') }} as indicator_name_normalized
    from {{ ref('stg_statements') }}
    where is_indicator_target
),

synonyms as (
    select * from {{ ref('indicator_synonyms') }}
)

select
    printed_names.indicator_name_normalized,
    coalesce(
        synonyms.canonical_indicator_id,
        'ind_' || left(md5(printed_names.indicator_name_normalized), 12)
    ) as canonical_indicator_id,
    coalesce(synonyms.canonical_name_zh, printed_names.indicator_name_normalized) as canonical_name_zh,
    synonyms.canonical_indicator_id is not null as is_reviewed_synonym
from printed_names
left join synonyms using (indicator_name_normalized)
