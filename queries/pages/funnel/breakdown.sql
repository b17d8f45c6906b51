-- one row per value of the chosen dimension (the $top_n largest by leads, the rest summed in one bucket,
-- is_other, holding count_values values; missing values as "(none)") and stage: how many leads count at that
-- stage. parts add up to the funnel's total because every lead falls in exactly one value. the bucket is
-- grouped apart from a value the data itself calls $other_label, never merged with it. on the views
-- dashboard.rollups.unit_breakdown_exact accepts the counts per value are funnel_rollup_days' (account_funnel_rollup_days'
-- by account, the rollups per reach day: any window): breakdown_rollup.sql, a file of
-- its own, as DuckDB binds and plans every branch of a statement before it cuts the ones a flag rules out (the rollup's
-- answer, a branch of this file, planned this scan too: 55 % of its time at 20,000 leads). the ranking is both files'
-- (macros/breakdown_ranks.sql).
with per_value as (
    select
        coalesce(case $dimension
            when 'source' then source
            when 'persona' then persona
            when 'segment' then segment
            when 'industry' then industry
            when 'region' then region
            when 'owner' then owner
        end, $none_label) as raw_value,
        count(*) filter (where hit_lead) as lead,
        count(*) filter (where hit_mql) as mql,
        count(*) filter (where hit_sql) as sql,
        count(*) filter (where hit_opportunity) as opportunity,
        count(*) filter (where hit_customer) as customer,
        count(*) filter (where hit_lead or hit_mql or hit_sql or hit_opportunity or hit_customer) as weight
    from funnel_hits($view)
    group by raw_value
)
select *
from breakdown_ranks('per_value', $top_n, $other_label)
order by value_rank, list_position($stages, stage);
