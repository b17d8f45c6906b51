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
        status,
        status_code
    from sla_page_leads($view, $sla_minutes, $clock_start, $business_hours, $day_start_minute, $day_end_minute,
        $workdays, $holidays, $data_timezone, $business_timezone, $waiting_days, $sla_stored)
    -- by sla_leads' status_code (macros/sla.sql): all but 1, within the sla
    where status_code in (2, 3, 4, 5)
        -- the creation moments of the leads that can be on the lists (sla_lead_list_bounds.sql), or all of them:
        -- leads are stored in created_at order, so a narrow range reads a few row groups
        and created_at between $created_from and $created_to
),
waiting as (
    select 'waiting' as list_kind, *
    from leads
    -- waiting, overdue or not yet
    where status_code in (4, 5)
    order by minutes_waited desc, lead_id
    limit $row_limit
),
breached as (
    select 'breached' as list_kind, *
    from leads
    -- late, never contacted, waiting overdue
    where status_code in (2, 3, 4)
    order by minutes_waited desc, lead_id
    limit $row_limit
),
lists as (
    select * from waiting
    union all
    select * from breached
)
select
    list_kind, lead_id, owner, source, persona, clock_started_at, due_at, first_contact_at, minutes_waited, status
from lists
order by list_kind, minutes_waited desc, lead_id;
