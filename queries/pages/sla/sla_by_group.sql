-- one row per owner, source, week or month (by $group_by; periods as the tiles count the leads: by creation in
-- cohort mode, by when the clock started in activity mode, so a view's months add up to its tiles):
-- leads due, within the sla, compliance, median and p95 response, share per response band, never
-- contacted and still waiting past the due time: the shares of the leads due add up to 1. status_code: sla_leads'
-- (macros/sla.sql: 1 within the sla, 2 late, 3 never contacted, 4 waiting overdue, 5 waiting).
-- counted with count_if, not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate
-- (cpu at 10 m leads, by owner, all dates 203 -> 162 ms); count_if is a hugeint, and null, not 0, over no rows or when every
-- test is null: coalesce and the cast keep the counts bigint zeros.
with leads as (
    select
        *,
        case $group_by
            when 'owner' then coalesce(owner, '(none)')
            when 'source' then coalesce(source, '(none)')
            when 'week' then strftime(date_trunc('week', period_at), '%Y-%m-%d')
            else strftime(date_trunc('month', period_at), '%Y-%m')
        end as group_value
    from (
        select *, case when ($view).mode = 'activity' then clock_at else created_at end as period_at
        from sla_page_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute,
            $workdays, $holidays, $data_timezone, $business_timezone, $waiting_days, $sla_stored)
    )
),
grouped as (
    select
        group_value,
        coalesce(count_if(is_due), 0)::bigint as count_eligible,
        coalesce(count_if(status_code = 1), 0)::bigint as count_within,
        -- the median and the 95th percentile from one sort of the response times (each alone sorted them again)
        quantile_cont(response_minutes, [0.5, 0.95]) as response_quantiles,
        coalesce(count_if(response_minutes <= $band_1), 0)::bigint as count_band_1,
        coalesce(count_if(response_minutes > $band_1 and response_minutes <= $band_2), 0)::bigint as count_band_2,
        coalesce(count_if(response_minutes > $band_2 and response_minutes <= $band_3), 0)::bigint as count_band_3,
        coalesce(count_if(response_minutes > $band_3), 0)::bigint as count_band_4,
        -- within the sla without a response time (contacted before the clock started): a part of its own
        coalesce(count_if(contacted_before_clock), 0)::bigint as count_before_clock,
        coalesce(count_if(status_code = 3 and is_due), 0)::bigint as count_never,
        coalesce(count_if(status_code in (4, 5)), 0)::bigint as count_waiting,
        coalesce(count_if(status_code = 4), 0)::bigint as count_waiting_overdue
    from leads
    group by group_value
),
quantiled as (
    select
        group_value, count_eligible, count_within,
        response_quantiles[1] as median_minutes,
        response_quantiles[2] as p95_minutes,
        count_band_1, count_band_2, count_band_3, count_band_4, count_before_clock, count_never, count_waiting,
        count_waiting_overdue
    from grouped
)
select
    *,
    count_within / nullif(count_eligible, 0) as compliance,
    count_band_1 / nullif(count_eligible, 0) as share_band_1,
    count_band_2 / nullif(count_eligible, 0) as share_band_2,
    count_band_3 / nullif(count_eligible, 0) as share_band_3,
    count_band_4 / nullif(count_eligible, 0) as share_band_4,
    count_before_clock / nullif(count_eligible, 0) as share_before_clock,
    count_never / nullif(count_eligible, 0) as share_never,
    count_waiting_overdue / nullif(count_eligible, 0) as share_waiting_overdue
from quantiled
order by case when $group_by in ('week', 'month') then group_value end, count_eligible desc, group_value;
