-- the sales-side sla: when each lead's clock started and how long sales took to answer.

-- a local time of zone from_tz as the local time of zone to_tz. both utc (the default) is the time itself:
-- the conversions cost a third of an sla query (160 ms per pair at ten million leads) and change nothing there
-- (another zone to itself is not skipped: a time in its spring-forward gap moves an hour)
create or replace macro zone_shift(ts, from_tz, to_tz) as
    case when from_tz = 'UTC' and to_tz = 'UTC' then ts else timezone(to_tz, timezone(from_tz, ts)) end;

-- the seconds really elapsed between two local times of zone tz: across a daylight-saving change the wall clock
-- gains or loses an hour (01:30 cet to 03:30 cest on 30 march is 60 minutes, not 120), so both are read as instants
-- first, as utc times (utc, the default, has no such change: zone_shift leaves it as it is)
create or replace macro elapsed_seconds(from_ts, to_ts, tz) as
    date_diff('second', zone_shift(from_ts, tz, 'UTC'), zone_shift(to_ts, tz, 'UTC'));

-- a local time of zone tz plus a duration of real time, as a local time of zone to_tz (a due time: 60 minutes after
-- 01:30 cet on 30 march is 03:30 cest)
create or replace macro zone_add(ts, tz, duration, to_tz) as
    zone_shift(zone_shift(ts, tz, 'UTC') + duration, 'UTC', to_tz);

-- customers and opportunities as the funnel counts them (funnel_hits): in cohort mode only within the conversion
-- window, so "does speed pay?" and the funnel page count one number of customers
create or replace macro sla_funnel_customer(view, is_customer, customer_after_seconds) as
    is_customer and in_window(view, customer_after_seconds);

create or replace macro sla_funnel_opportunity(view, is_opportunity, opportunity_after_seconds, is_customer,
        customer_after_seconds) as
    (is_opportunity and in_window(view, opportunity_after_seconds))
        or (is_customer and in_window(view, customer_after_seconds));

-- younger than the conversion window (cohort mode), as the funnel's "still in window": too young to have become a
-- customer, so "does speed pay?" leaves it out of its rates (a lead handed over on the data's last day read as 0 %
-- converted and put a cost on the breaches)
create or replace macro sla_young(view, created_at) as
    (view).mode = 'cohort' and coalesce((view).window_days, 0) > 0
        and created_at > (select as_of from data_as_of) - to_days((view).window_days::integer);

-- around the clock: the real minutes between the two moments, in the data's zone (the office's zone is for business
-- hours only: read in it, a wait across its daylight-saving change gained or lost an hour). a clock written at a
-- local time that does not exist (02:30 on the spring-forward day) is read an hour later and can come after its
-- contact: that wait is 0, never negative
create or replace macro clock_minutes_waited(clock_at, end_at, data_timezone) as
    greatest(elapsed_seconds(clock_at, end_at, data_timezone), 0) / 60.0;

-- around the clock: due the sla after the start, in the data's zone itself (a round trip through the office's local
-- time picked the wrong one of the hour an autumn change repeats: due 01:30 where it is 00:30)
create or replace macro clock_due_at(clock_at, data_timezone, sla_minutes) as
    zone_add(clock_at, data_timezone, to_minutes(sla_minutes::bigint), data_timezone);

-- the status as a code (1 within_sla, 2 late, 3 never_contacted, 4 waiting_overdue, 5 waiting, 6 closed_in_window):
-- the page's counts compare the code, and the text (sla_status) is made only for a query that reads it (the lists);
-- compared as text, the status took a tenth of an sla query at ten million leads. a lead closed (rejected, or an
-- opportunity) without a contact waited until its close (sla_leads' end_at): closed inside its sla window it was
-- never due (6: no miss, on no list), closed after it it was never contacted (3)
create or replace macro sla_status_code(is_contacted, minutes_waited, sla_minutes, is_rejected_lead, is_opportunity,
        clock_at, waiting_days) as
    case
        when is_contacted and minutes_waited <= sla_minutes then 1
        when is_contacted then 2
        when (is_rejected_lead or is_opportunity) and minutes_waited <= sla_minutes then 6
        when is_rejected_lead or is_opportunity
            or clock_at < (select as_of from data_as_of) - to_days(waiting_days::integer) then 3
        when minutes_waited > sla_minutes then 4
        else 5
    end;

create or replace macro sla_status(status_code) as
    case status_code
        when 1 then 'within_sla' when 2 then 'late' when 3 then 'never_contacted' when 4 then 'waiting_overdue'
        when 6 then 'closed_in_window' else 'waiting'
    end;

-- one row per lead whose sla clock started (at sql_at, or mql_at) inside the scope: when the clock
-- started, when the first contact came, the minutes that count against sales (business minutes when
-- business hours are on), when the lead was due, and its status (and status_code, see coded). local times are read
-- in the business timezone. due: the moment the counted minutes reach the sla.
create or replace macro sla_leads(view, sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute, workdays, holidays,
        data_timezone, business_timezone, waiting_days) as table
    with scoped as (
        select
            *,
            case when clock_start = 'mql' then coalesce(mql_at, sql_at) else sql_at end as clock_at
        from view_leads(view)
    ),
    started as not materialized (
        select
            lead_id, owner, source, persona, segment, industry, region, created_at, clock_at, first_contact_at,
            disqualified_at, is_opportunity, is_customer, revenue, opportunity_after_seconds, customer_after_seconds,
            -- rejected by a date or by its status alone (hubspot's unqualified has no date), as the rejection rate
            -- counts it: by the date alone a status-rejected lead read as still waiting, overdue (trial 40)
            is_rejected as is_rejected_lead,
            -- customers and opportunities as the funnel counts them (funnel_hits): in cohort mode only within the
            -- conversion window, so "does speed pay?" and the funnel page count one number of customers
            sla_funnel_customer(view, is_customer, customer_after_seconds) as is_funnel_customer,
            sla_funnel_opportunity(view, is_opportunity, opportunity_after_seconds, is_customer, customer_after_seconds)
                as is_funnel_opportunity,
            sla_young(view, created_at) as is_young,
            zone_shift(clock_at, data_timezone, business_timezone) as start_local,
            -- greatest() skips nulls, so the not-yet-contacted case is spelled out: they wait until today, or until
            -- they were closed without a contact (rejected, or became an opportunity), if that came first: a lead
            -- disqualified 14 hours after its sql date read "waited 83.6 days", to the data's today (trial 95)
            case
                when first_contact_at is null then greatest(
                    least(
                        (select as_of from data_as_of),
                        disqualified_at,
                        case when is_opportunity then opportunity_entered_at end
                    ),
                    clock_at
                )
                else greatest(first_contact_at, clock_at)
            end as end_at,
            first_contact_at is not null as is_contacted,
            -- contacted before the clock started (a first engagement dated before the sql date): the lead was
            -- already in contact, so it is within the sla, but it has no response time; counted as a 0-minute
            -- reply it sat in the 0-5 min band and pulled the median down without a word (trial 39)
            coalesce(first_contact_at < clock_at, false) as contacted_before_clock
        from scoped
        where clock_at is not null
            -- a clock that starts after the data's today (a date typo, a lead dated ahead) has not started: it is
            -- not waiting (it read "waiting now", waited 0 min, trial 95); the page says how many were left out
            and clock_at <= (select as_of from data_as_of)
            -- mode 'stored': every started lead, whatever its dates (only schema/sla_facts.sql builds with it)
            and case when (view).mode = 'activity' then in_view(view, clock_at)
                when (view).mode = 'stored' then true
                else in_view(view, created_at) end
    ),
    -- in business hours the started leads are read twice (their first day bounds the calendar), so they are
    -- kept; around the clock they stream once (a false parameter leaves a branch unread)
    started_in_hours as materialized (
        select *, zone_shift(end_at, data_timezone, business_timezone) as end_local from started where business_hours
    ),
    -- business time in closed form: a calendar of the days the clocks span, each with its open seconds
    -- and the open seconds of all days before it, so a moment's position on the "business clock" is one
    -- lookup, and the minutes waited are the difference of two positions. expanding every lead into
    -- the days it waited would cost one row per lead and day (gigabytes at ten million leads).
    span as (
        -- the clocks in scope start on or after their first local day and end by the data's today (or 21
        -- days after its start, to find its due time), or by a first contact dated later still (a year typo:
        -- past the calendar's end it found no day, and its wait read as a 0-minute reply within the sla,
        -- trial 67), up to a hundred years on: a contact later than that (9999-12-30, a placeholder) is late, its
        -- wait counted to the calendar's end (a calendar to 9999 took 7.7 s for two leads, review 73); a day
        -- after absorbs the shift to the business timezone
        select
            (select min(start_local) from started_in_hours)::date as first_day,
            greatest(
                (select as_of from data_as_of)::date + 22,
                least(
                    (select max(end_local) from started_in_hours)::date + 1,
                    (select as_of from data_as_of)::date + 36525
                )
            ) as last_day
        where business_hours
    ),
    -- each day's opening, as a utc time, and its open microseconds of real time: on a daylight-saving day whose
    -- business hours hold the change (a 00:00-23:59 calendar) the hour the clocks skip is not worked and the hour
    -- they repeat is worked twice, as it passes twice (trial 67: 01:30 est to 03:20 edt counted 110 minutes by the
    -- local clock where 50 passed, and the same wait around the clock read 50)
    calendar as (
        select
            day,
            zone_shift(day + to_minutes(day_start_minute::bigint), business_timezone, 'UTC') as open_from,
            case when list_contains(workdays, isodow(day)) and not list_contains(holidays, day::date)
                then date_diff('microsecond', zone_shift(day + to_minutes(day_start_minute::bigint), business_timezone,
                    'UTC'), zone_shift(day + to_minutes(day_end_minute::bigint), business_timezone, 'UTC'))
                else 0 end as open_micros
        from (
            select unnest(generate_series(first_day::timestamp, last_day::timestamp, interval 1 day)) as day
            from span
            where first_day is not null
        )
    ),
    positions as (
        select
            day,
            open_from,
            open_micros,
            -- the open days through this one: the due day's number among them (measured)
            sum(case when open_micros > 0 then 1 else 0 end) over (order by day rows between unbounded preceding
                and current row) as open_number,
            coalesce(sum(open_micros) over (order by day rows between unbounded preceding and 1 preceding), 0)
                as micros_before,
            sum(open_micros) over (order by day rows between unbounded preceding and current row) as micros_through
        from calendar
    ),
    clocked as (
        -- microseconds, not seconds: due times keep the clock's own fraction of a second. every lead keeps its
        -- row (without business hours there are no positions): the minutes are added to the lead's own row, as
        -- a join back on lead_id would cost a hash table of all the view's ids
        select
            s.*,
            -- the real time since the day opened: the instants as utc times (see calendar)
            ps.micros_before + least(greatest(
                date_diff('microsecond', ps.open_from, zone_shift(s.clock_at, data_timezone, 'UTC')), 0),
                ps.open_micros) as start_position,
            pe.micros_before + least(greatest(
                date_diff('microsecond', pe.open_from, zone_shift(s.end_at, data_timezone, 'UTC')), 0),
                pe.open_micros) as end_position
        from started_in_hours as s
        left join positions as ps on ps.day = s.start_local::date::timestamp
        left join positions as pe on pe.day = least(s.end_local::date, (select last_day from span))::timestamp
        where business_hours
    ),
    measured as (
        -- due in business hours: the first open day whose business clock reaches the start position plus the sla.
        -- open days have the same open time but on a daylight-saving day whose hours hold the change (an hour more
        -- or less), so that day is found by its number among open days, the position over a day's nominal open time
        -- (k), or the one before or after (the changes, an hour each way, move the clock by at most a day): equality
        -- joins, where a range or asof join would compare every lead with every day
        select
            c.*,
            coalesce((c.end_position - c.start_position) / 60000000.0, 0) as minutes_waited,
            zone_shift(
                case
                    when d1.micros_through >= c.start_position + sla_minutes::bigint * 60000000
                        then d1.open_from + to_microseconds(
                            (c.start_position + sla_minutes::bigint * 60000000 - d1.micros_before)::bigint)
                    when d0.micros_through >= c.start_position + sla_minutes::bigint * 60000000
                        then d0.open_from + to_microseconds(
                            (c.start_position + sla_minutes::bigint * 60000000 - d0.micros_before)::bigint)
                    else d2.open_from + to_microseconds(
                        (c.start_position + sla_minutes::bigint * 60000000 - d2.micros_before)::bigint)
                end,
                'UTC', data_timezone
            ) as due_at
        from clocked as c
        left join positions as d0
            on d0.open_micros > 0
            and d0.open_number = ceil((c.start_position + sla_minutes::bigint * 60000000)
                / ((day_end_minute - day_start_minute)::bigint * 60000000))::bigint
        left join positions as d1
            on d1.open_micros > 0
            and d1.open_number = ceil((c.start_position + sla_minutes::bigint * 60000000)
                / ((day_end_minute - day_start_minute)::bigint * 60000000))::bigint - 1
        left join positions as d2
            on d2.open_micros > 0
            and d2.open_number = ceil((c.start_position + sla_minutes::bigint * 60000000)
                / ((day_end_minute - day_start_minute)::bigint * 60000000))::bigint + 1
        union all
        -- around the clock: the real time between the two moments, in the data's zone (the office's zone is for
        -- business hours only: read in it, a wait across its daylight-saving change gained or lost an hour), due the
        -- sla after the start. a clock written at a local time that does not exist (02:30 on the spring-forward
        -- day) is read an hour later and can come after its contact: that wait is 0, never negative
        select
            *,
            -- the local end is read by business hours only
            null::timestamp as end_local,
            null::bigint as start_position,
            null::bigint as end_position,
            clock_minutes_waited(clock_at, end_at, data_timezone) as minutes_waited,
            clock_due_at(clock_at, data_timezone, sla_minutes) as due_at
        from started
        where not business_hours
    ),
    -- the status as a code first (1 within_sla, 2 late, 3 never_contacted, 4 waiting_overdue, 5 waiting): the page's
    -- counts compare the code, and the text is made only for a query that reads it (the lists); compared as text, the
    -- status took a tenth of an sla query at ten million leads
    coded as (
        select
            *,
            case when is_contacted and not contacted_before_clock then minutes_waited end as response_minutes,
            sla_status_code(is_contacted, minutes_waited, sla_minutes, is_rejected_lead, is_opportunity, clock_at,
                waiting_days) as status_code,
            -- due: contacted, or past its due time (by the data's today, or by its close without a contact); leads
            -- still inside their window, or closed inside it without a contact, are not counted
            is_contacted or minutes_waited > sla_minutes as is_due
        from measured
    )
    select *, sla_status(status_code) as status
    from coded;

-- sla_leads' rows read from the stored sla_facts (schema/sla_facts.sql, rebuilt with every import) instead of
-- derived from the leads: the waits there were measured under config's clock start, data timezone and business
-- calendar, around the clock and in business hours (due times in business hours for config's sla minutes), so a
-- view reads them only where dashboard.rollups.sla_exact says so; what depends on the view or on the sla minutes
-- (scope, funnel flags, status) is worked out here with sla_leads' own macros. sla_page_leads' columns only.
create or replace macro sla_stored_leads(view, sla_minutes, business_hours, data_timezone, waiting_days) as table
    with started as (
        select
            lead_id, owner, source, persona, created_at, clock_at, first_contact_at, revenue, contacted_before_clock,
            is_contacted, is_rejected_lead, is_opportunity,
            case when business_hours then business_minutes_waited else clock_minutes_waited end as minutes_waited,
            case when business_hours then business_due_at
                else clock_due_at(clock_at, data_timezone, sla_minutes) end as due_at,
            sla_funnel_customer(view, is_customer, customer_after_seconds) as is_funnel_customer,
            sla_funnel_opportunity(view, is_opportunity, opportunity_after_seconds, is_customer, customer_after_seconds)
                as is_funnel_opportunity,
            sla_young(view, created_at) as is_young
        from sla_facts
        where view_match(view, source, persona, segment, industry, region, owner)
            and case when (view).mode = 'activity' then in_view(view, clock_at) else in_view(view, created_at) end
    )
    select
        *,
        case when is_contacted and not contacted_before_clock then minutes_waited end as response_minutes,
        sla_status_code(is_contacted, minutes_waited, sla_minutes, is_rejected_lead, is_opportunity, clock_at,
            waiting_days) as status_code,
        is_contacted or minutes_waited > sla_minutes as is_due
    from started;

-- the sla page's leads (one row per lead whose clock started inside the scope, sla_leads' columns the page reads):
-- from the stored sla_facts where $stored (dashboard.rollups.sla_exact: the settings it was measured under), else
-- measured from the leads. the false branch is cut from the plan (the parameters are bound before planning).
create or replace macro sla_page_leads(view, sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute,
        workdays, holidays, data_timezone, business_timezone, waiting_days, stored) as table
    with either as (
        select
            lead_id, owner, source, persona, created_at, clock_at, first_contact_at, due_at, minutes_waited,
            response_minutes, contacted_before_clock, status_code, is_due, is_funnel_opportunity, is_funnel_customer,
            is_young, revenue
        from sla_leads(view, sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute, workdays,
            holidays, data_timezone, business_timezone, waiting_days)
        where not stored
        union all by name
        select
            lead_id, owner, source, persona, created_at, clock_at, first_contact_at, due_at, minutes_waited,
            response_minutes, contacted_before_clock, status_code, is_due, is_funnel_opportunity, is_funnel_customer,
            is_young, revenue
        from sla_stored_leads(view, sla_minutes, business_hours, data_timezone, waiting_days)
        where stored
    )
    select *, sla_status(status_code) as status
    from either;
