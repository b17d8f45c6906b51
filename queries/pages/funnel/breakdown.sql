-- one row per value of the chosen dimension (the $top_n largest by leads, the rest summed in one bucket,
-- is_other, holding count_values values; missing values as "(none)") and stage: how many leads count at that
-- stage. parts add up to the funnel's total because every lead falls in exactly one value. the bucket is
-- grouped apart from a value the data itself calls $other_label, never merged with it. on the views
-- dashboard.rollups.unit_breakdown_exact accepts the counts per value are funnel_rollup_days' (account_funnel_rollup_days'
-- by account, the rollups per reach day: any window): breakdown_rollup.sql, a file of
-- its own, as DuckDB binds and plans every branch of a statement before it cuts the ones a flag rules out (the rollup's
-- answer, a branch of this file, planned this scan too: 55 % of its time at 20,000 leads). the ranking is both files'
-- (macros/breakdown_ranks.sql). counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart
-- for each aggregate (10 m leads, all dates: 620 -> 504 ms of cpu); count_if is a hugeint, and null, not 0, over a
-- value whose every test is null: coalesce and the cast keep the counts bigint zeros.
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
        coalesce(count_if(hit_lead), 0)::bigint as lead,
        coalesce(count_if(hit_mql), 0)::bigint as mql,
        coalesce(count_if(hit_sql), 0)::bigint as sql,
        coalesce(count_if(hit_opportunity), 0)::bigint as opportunity,
        coalesce(count_if(hit_customer), 0)::bigint as customer,
        coalesce(count_if(hit_lead or hit_mql or hit_sql or hit_opportunity or hit_customer), 0)::bigint as weight
    from funnel_hits($view)
    group by raw_value
)
select *
from breakdown_ranks('per_value', $top_n, $other_label)
order by value_rank, list_position($stages, stage);
