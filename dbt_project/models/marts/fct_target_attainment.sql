-- Was a target met? One row per target value (fct_indicator_values, value_kind 'target') with
-- the actual that any plan in the warehouse reports for the same region, canonical indicator
-- and year: a later plan's review table (2025年完成值), the same plan's completion column, a
-- later plan's baseline column. Units are compared after a reviewed exact conversion
-- (seed unit_conversions: 万人 -> 人 ...); units without one are not comparable.
-- Rebuilt whole on every run: a target's actual may come from any document.
with indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

plans as (
    select
        plan_id,
        period_start_year,
        period_end_year
    from {{ ref('dim_plan') }}
),

indicators as (
    select
        canonical_indicator_id,
        direction
    from {{ ref('dim_indicator') }}
),

unit_conversions as (
    select * from {{ ref('unit_conversions') }}
),

targets as (
    select
        indicator_values.*,
        -- the reviewed direction of the canonical indicator; else the one the comparator states
        coalesce(
            indicators.direction,
            case
                when indicator_values.comparator in ('<=', '<') then 'lower'
                when indicator_values.comparator in ('>=', '>') then 'higher'
            end,
            'higher'
        ) as direction,
        case
            when indicators.direction is not null then 'reviewed'
            when indicator_values.comparator in ('<=', '<', '>=', '>') then 'comparator'
            else 'default'
        end as direction_source,
        coalesce(
            indicator_values.year between plans.period_start_year and plans.period_end_year, false
        ) as is_own_period_target
    from indicator_values
    left join indicators using (canonical_indicator_id)
    left join plans using (plan_id)
    where indicator_values.value_kind = 'target'
),

-- a review table restating the previous plan's target, where that plan's own row is loaded too
restatements as (
    select
        indicator_value_id,
        not is_own_period_target
        and count_if(is_own_period_target) over (
            partition by region_code, canonical_indicator_id, year
        ) > 0 as is_restatement
    from targets
),

numeric_actuals as (
    select
        indicator_values.*,
        plans.period_start_year as plan_period_start_year
    from indicator_values
    left join plans using (plan_id)
    where indicator_values.value_kind = 'actual' and indicator_values.value_numeric is not null
),

-- a NULL unit on one side is the unit of the other (a name or column printed no unit)
actuals_in_target_unit as (
    select
        targets.indicator_value_id as target_indicator_value_id,
        numeric_actuals.indicator_value_id as actual_indicator_value_id,
        numeric_actuals.plan_id as actual_plan_id,
        numeric_actuals.document_id as actual_document_id,
        numeric_actuals.source_line as actual_source_line,
        numeric_actuals.value_text as actual_value_text,
        numeric_actuals.unit as actual_unit,
        numeric_actuals.plan_period_start_year,
        round(
            numeric_actuals.value_numeric
            * case
                when
                    numeric_actuals.unit is null or targets.unit is null or numeric_actuals.unit = targets.unit
                    then 1.0
                else unit_conversions.factor
            end,
            9
        ) as value_in_target_unit
    from targets
    inner join numeric_actuals
        on
            targets.region_code = numeric_actuals.region_code
            and targets.canonical_indicator_id = numeric_actuals.canonical_indicator_id
            and targets.year = numeric_actuals.year
    left join unit_conversions
        on
            numeric_actuals.unit = unit_conversions.from_unit
            and targets.unit = unit_conversions.to_unit
),

-- the reported actual: the latest plan's (a review of the period), then the first printed
ranked_actuals as (
    select
        *,
        row_number() over (
            partition by target_indicator_value_id
            order by
                value_in_target_unit is null asc,
                plan_period_start_year desc nulls last,
                actual_document_id asc,
                actual_source_line asc,
                actual_indicator_value_id asc
        ) as actual_rank
    from actuals_in_target_unit
),

actual_summaries as (
    select
        target_indicator_value_id,
        count(*) as actual_count,
        count(value_in_target_unit) as comparable_actual_count,
        count(distinct value_in_target_unit) as distinct_actual_count,
        string_agg(
            actual_value_text || ' (' || coalesce(actual_unit || ', ', '') || actual_document_id
            || ' line ' || actual_source_line || ')',
            '; '
            order by actual_rank
        ) as actual_values_reported
    from ranked_actuals
    group by target_indicator_value_id
),

-- the target's own plan's latest earlier actual of the indicator (its baseline)
ranked_baselines as (
    select
        targets.indicator_value_id as target_indicator_value_id,
        numeric_actuals.year as baseline_year,
        numeric_actuals.value_numeric as baseline_value,
        row_number() over (
            partition by targets.indicator_value_id
            order by
                numeric_actuals.table_seq = targets.table_seq desc,
                numeric_actuals.year desc,
                numeric_actuals.source_line asc
        ) as baseline_rank
    from targets
    inner join numeric_actuals
        on
            targets.plan_id = numeric_actuals.plan_id
            and targets.canonical_indicator_id = numeric_actuals.canonical_indicator_id
            and targets.year > numeric_actuals.year
            and targets.unit is not distinct from numeric_actuals.unit
),

judged_targets as (
    select
        targets.*,
        chosen.actual_indicator_value_id,
        chosen.actual_plan_id,
        chosen.actual_document_id,
        chosen.actual_source_line,
        chosen.actual_value_text,
        chosen.actual_unit,
        chosen.value_in_target_unit,
        summaries.actual_count,
        summaries.actual_values_reported,
        baselines.baseline_year,
        baselines.baseline_value,
        restatements.is_restatement,
        case
            when targets.value_numeric is null then 'not_comparable'
            when summaries.actual_count is null then 'no_actual'
            when summaries.comparable_actual_count = 0 then 'not_comparable'
            when summaries.distinct_actual_count > 1 then 'conflicting_actuals'
            when
                case targets.comparator
                    when '>=' then chosen.value_in_target_unit >= targets.value_numeric
                    when '>' then chosen.value_in_target_unit > targets.value_numeric
                    when '<=' then chosen.value_in_target_unit <= targets.value_numeric
                    when '<' then chosen.value_in_target_unit < targets.value_numeric
                    else
                        case targets.direction
                            when 'lower' then chosen.value_in_target_unit <= targets.value_numeric
                            else chosen.value_in_target_unit >= targets.value_numeric
                        end
                end
                then 'met'
            else 'missed'
        end as outcome
    from targets
    left join ranked_actuals as chosen
        on targets.indicator_value_id = chosen.target_indicator_value_id and chosen.actual_rank = 1
    left join actual_summaries as summaries
        on targets.indicator_value_id = summaries.target_indicator_value_id
    left join restatements on targets.indicator_value_id = restatements.indicator_value_id
    left join ranked_baselines as baselines
        on targets.indicator_value_id = baselines.target_indicator_value_id and baselines.baseline_rank = 1
)

select
    indicator_value_id || '-ta' as target_attainment_id,
    region_code,
    canonical_indicator_id,
    indicator_name,
    indicator_value_id as target_indicator_value_id,
    plan_id as target_plan_id,
    year as target_year,
    value_numeric as target_value,
    comparator as target_comparator,
    unit,
    attribute,
    case when outcome in ('met', 'missed') then value_in_target_unit end as actual_value,
    actual_plan_id,
    actual_document_id,
    actual_source_line,
    outcome,
    case
        when outcome in ('met', 'missed')
            then round((value_in_target_unit - value_numeric) * case direction when 'lower' then -1 else 1 end, 9)
    end as gap,
    case
        when outcome in ('met', 'missed') and baseline_value is not null and value_numeric <> baseline_value
            then round((value_in_target_unit - baseline_value) / (value_numeric - baseline_value), 4)
    end as gap_share_of_distance,
    document_id as target_document_id,
    source_line as target_source_line,
    value_text as target_value_text,
    policy_area_code,
    direction,
    direction_source,
    baseline_year,
    baseline_value,
    actual_indicator_value_id,
    actual_value_text,
    actual_unit,
    cast(coalesce(actual_count, 0) as integer) as actual_count,
    actual_values_reported,
    is_restatement
from judged_targets
