-- time to convert, both the Funnel page's table and its trend chart, from one scan of the view's leads:
-- kind 'step': one row per funnel step (lead→mql, mql→sql, sql→opportunity, opportunity→customer; month null): how
-- many leads in scope made the step with both dates known and in order, and the median and 90th percentile of the
-- days it took; and of the others that reached the later stage, how many are left out and why (said on the page, so
-- that the converted count adds up to the funnel's): the later date before the earlier (a negative wait is no
-- duration), no date of its own for one of the two stages (borrowed dates are not used: they would read as 0 days),
-- or, under a conversion window, the later stage's own date after the window (the lead counts at the stage because a
-- later stage was reached within it: a 40-day wait is no conversion "within 30 days").
-- kind 'month': one row per month and step with a conversion completed in it (the later stage's date in that
-- month; timed as the step's row times it): its count, median and 90th percentile days (the other counts are unused).
-- one row per lead and step it reached (steps), grouped by step and by step and month in one aggregate (grouping
-- sets): the page ran the step rows and the month rows as two queries over the same rows (cpu of both, all dates:
-- 1 m leads 337 -> 223 ms, 10 m 2,883 -> 1,924 ms). each group's durations are collected once, for both quantiles (a
-- list of two: spark_sql._quantile takes each); the same values, quantile_cont of the same durations.
-- counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate.
-- a step's days and month are worked out here, from the two dates, for the leads that made it alone: read from the
-- stored days_* columns (schema/views.sql, account_facts.sql: the same date_diff / 86400.0) they were computed for
-- every lead in scope before the hits were kept, and the materialized hits carried both the dates and the days (cpu,
-- all dates, 10 m leads 1,969 -> 1,605 ms; 1 m 226 -> 189).
with hits as (
    select *
    from funnel_hits($view)
    where hit_mql or hit_sql or hit_opportunity or hit_customer
),
moves as (
    select 1 as step_order, created_at as from_at, mql_at as to_at, mql_after_seconds as after_seconds
    from hits
    where hit_mql
    union all
    select 2, mql_at, sql_at, sql_after_seconds
    from hits
    where hit_sql
    union all
    select 3, sql_at, opportunity_entered_at, opportunity_after_seconds
    from hits
    where hit_opportunity
    union all
    select 4, opportunity_entered_at, customer_entered_at, customer_after_seconds
    from hits
    where hit_customer
),
steps as (
    select
        step_order,
        date_trunc('month', to_at)::date as month,
        date_diff('second', from_at, to_at) / 86400.0 as days,
        in_window($view, after_seconds) as is_in_window
    from moves
),
durations as (
    select
        step_order,
        month,
        grouping(month) = 0 as is_month,
        quantile_cont(days, [0.5, 0.9]) filter (where days >= 0 and is_in_window) as quantiles,
        count_if(days >= 0 and is_in_window) as count_converted,
        count_if(days < 0) as count_out_of_order,
        count_if(days is null) as count_undated,
        count_if(days >= 0 and not is_in_window) as count_after_window,
        count(*) as count_reached
    from steps
    group by grouping sets ((step_order), (step_order, month))
),
names as (
    select *
    from (values (1, 'lead', 'mql'), (2, 'mql', 'sql'), (3, 'sql', 'opportunity'), (4, 'opportunity', 'customer'))
        as s(step_order, from_stage, to_stage)
)
-- every step has its row, of zeros when no lead made it (no group then: no month either); a month only with a
-- conversion completed in it (a month of the step's other leads alone, undated, out of order or after the window, is
-- no point of the trend). count_if is a hugeint: the casts keep the counts bigint. the step rows first, by step; then
-- the month rows by month and from_stage (metrics puts the steps in funnel order)
select
    case when d.is_month then 'month' else 'step' end as kind,
    s.step_order,
    s.from_stage,
    s.to_stage,
    d.month,
    coalesce(d.count_converted, 0)::bigint as count_converted,
    d.quantiles[1] as median_days,
    d.quantiles[2] as p90_days,
    coalesce(d.count_out_of_order, 0)::bigint as count_out_of_order,
    coalesce(d.count_undated, 0)::bigint as count_undated,
    coalesce(d.count_after_window, 0)::bigint as count_after_window,
    coalesce(d.count_reached, 0)::bigint as count_reached
from names as s
left join durations as d on d.step_order = s.step_order and (not d.is_month or d.count_converted > 0)
order by coalesce(d.is_month, false), case when d.is_month then null else s.step_order end, d.month, s.from_stage;
