-- one row per month and funnel step: median and 90th percentile days of the conversions that
-- completed in that month (leads in scope, both dates known and in order).
with hits as (
    select *
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
),
steps as (
    select 'lead' as from_stage, 'mql' as to_stage, created_at as from_at, mql_at as to_at from hits where hit_mql
    union all
    select 'mql', 'sql', mql_at, sql_at from hits where hit_sql
    union all
    select 'sql', 'opportunity', sql_at, opportunity_entered_at from hits where hit_opportunity
    union all
    select 'opportunity', 'customer', opportunity_entered_at, customer_entered_at from hits where hit_customer
)
select
    date_trunc('month', to_at)::date as month,
    from_stage,
    to_stage,
    count(*) as count_converted,
    median(date_diff('second', from_at, to_at) / 86400.0) as median_days,
    quantile_cont(date_diff('second', from_at, to_at) / 86400.0, 0.9) as p90_days
from steps
where from_at is not null and to_at is not null and to_at >= from_at
group by all
order by month, from_stage;
