-- one row per funnel step (lead→mql, mql→sql, sql→opportunity, opportunity→customer): how many
-- leads in scope made the step with both dates known and in order, and the median and 90th
-- percentile of the days it took. borrowed dates are not used: they would read as 0 days.
with hits as (
    select *
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
),
steps as (
    select 1 as step_order, 'lead' as from_stage, 'mql' as to_stage, created_at as from_at, mql_at as to_at
    from hits where hit_mql
    union all
    select 2, 'mql', 'sql', mql_at, sql_at from hits where hit_sql
    union all
    select 3, 'sql', 'opportunity', sql_at, opportunity_entered_at from hits where hit_opportunity
    union all
    select 4, 'opportunity', 'customer', opportunity_entered_at, customer_entered_at from hits where hit_customer
),
durations as (
    select step_order, from_stage, to_stage, to_at, date_diff('second', from_at, to_at) / 86400.0 as days
    from steps
    where from_at is not null and to_at is not null and to_at >= from_at
)
select
    s.step_order,
    s.from_stage,
    s.to_stage,
    count(d.days) as count_converted,
    median(d.days) as median_days,
    quantile_cont(d.days, 0.9) as p90_days
from (values (1, 'lead', 'mql'), (2, 'mql', 'sql'), (3, 'sql', 'opportunity'), (4, 'opportunity', 'customer'))
    as s(step_order, from_stage, to_stage)
left join durations as d using (step_order)
group by all
order by s.step_order;
