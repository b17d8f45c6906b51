-- one row per lead that breached the sla (late or never contacted, $status = 'breached') or is
-- still waiting for a first contact ($status = 'waiting'): who, whose, when due, how long it waited;
-- the $row_limit longest waits.
with leads as (
    select *
    from sla_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute, $workdays, $holidays,
        $data_timezone, $business_timezone, $waiting_days)
)
select
    lead_id,
    owner,
    source,
    persona,
    clock_at as clock_started_at,
    due_at,
    first_contact_at,
    round(minutes_waited, 1) as minutes_waited,
    status
from leads
where case
    when $status = 'waiting' then status in ('waiting', 'waiting_overdue')
    else status in ('late', 'never_contacted', 'waiting_overdue')
end
order by minutes_waited desc, lead_id
limit $row_limit;
