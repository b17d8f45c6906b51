-- one row per list of sla_lead_lists.sql (list_kind 'waiting', 'breached'): the creation moments, first and last, of
-- the leads that can be among its $row_limit longest waits (those waiting at least as long as its $row_limit-th,
-- ties included); null when the list is empty. read from the waits alone (no lead id, owner or source), so
-- dashboard.sla.lead_lists then reads the lists' rows in full from those creation moments only, which a scan of
-- leads stored in created_at order reads from a few row groups. status_code: sla_leads' (macros/sla.sql: 2 late,
-- 3 never contacted, 4 waiting overdue, 5 waiting).
with leads as materialized (
    select
        created_at,
        -- the wait as the lists round it (sla_lead_lists.sql), so the ties are the lists' own
        ceil(round(minutes_waited * 10, 6)) / 10 as minutes_waited,
        status_code in (4, 5) as is_waiting,
        status_code in (2, 3, 4) as is_breached
    from sla_page_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute,
        $workdays, $holidays, $data_timezone, $business_timezone, $waiting_days, $sla_stored)
    where status_code in (2, 3, 4, 5)
),
-- the $row_limit-th longest wait of each list (the shortest of the longest $row_limit)
waiting_threshold as (
    select min(minutes_waited) as minutes_waited
    from (select minutes_waited from leads where is_waiting order by minutes_waited desc limit $row_limit)
),
breached_threshold as (
    select min(minutes_waited) as minutes_waited
    from (select minutes_waited from leads where is_breached order by minutes_waited desc limit $row_limit)
),
bounds as (
    select
        min(created_at) filter (where is_waiting and minutes_waited >= (select minutes_waited from waiting_threshold))
            as waiting_first,
        max(created_at) filter (where is_waiting and minutes_waited >= (select minutes_waited from waiting_threshold))
            as waiting_last,
        min(created_at) filter (where is_breached and minutes_waited >= (select minutes_waited from breached_threshold))
            as breached_first,
        max(created_at) filter (where is_breached and minutes_waited >= (select minutes_waited from breached_threshold))
            as breached_last
    from leads
)
select 'waiting' as list_kind, waiting_first as first_created_at, waiting_last as last_created_at
from bounds
union all
select 'breached', breached_first, breached_last
from bounds;
