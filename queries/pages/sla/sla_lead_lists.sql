-- one row per lead and list: the page's two lists from one computation of the view's sla leads, the
-- $row_limit longest waits of each. list_kind 'waiting': still waiting for a first contact; 'breached':
-- late, overdue or never contacted (an overdue lead is on both). the longest waits first, then by lead id.
with leads as materialized (
    select
        lead_id,
        owner,
        source,
        persona,
        clock_at as clock_started_at,
        due_at,
        first_contact_at,
        -- a tenth of a minute, rounded up (noise under a millionth dropped first): rounded to the nearest, 60.04
        -- minutes read 60.0 beside late under a 60-minute sla in the csv (trial 67); up, a late wait reads over it
        ceil(round(minutes_waited * 10, 6)) / 10 as minutes_waited,
        status
    from sla_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute, $workdays, $holidays,
        $data_timezone, $business_timezone, $waiting_days)
    where status in ('waiting', 'waiting_overdue', 'late', 'never_contacted')
),
waiting as (
    select 'waiting' as list_kind, *
    from leads
    where status in ('waiting', 'waiting_overdue')
    order by minutes_waited desc, lead_id
    limit $row_limit
),
breached as (
    select 'breached' as list_kind, *
    from leads
    where status in ('late', 'never_contacted', 'waiting_overdue')
    order by minutes_waited desc, lead_id
    limit $row_limit
)
select * from waiting
union all
select * from breached
order by list_kind, minutes_waited desc, lead_id;
