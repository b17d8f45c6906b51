-- one row: the sales side of the sla in scope — leads due, contacted within the sla, compliance,
-- median and 95th percentile response minutes, never contacted, and waiting now.
with leads as (
    select *
    from sla_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute, $workdays, $holidays,
        $data_timezone, $business_timezone, $waiting_days)
),
totals as (
    select
        count(*) filter (where is_due) as count_eligible,
        count(*) filter (where status = 'within_sla') as count_within,
        median(response_minutes) as median_minutes,
        quantile_cont(response_minutes, 0.95) as p95_minutes,
        -- among the leads due, as the response bands count them: a lead closed inside its sla window without
        -- a contact was never due, so it is not a miss
        count(*) filter (where status = 'never_contacted' and is_due) as count_never,
        count(*) filter (where status in ('waiting', 'waiting_overdue')) as count_waiting
    from leads
)
select *, count_within / nullif(count_eligible, 0) as compliance
from totals;
