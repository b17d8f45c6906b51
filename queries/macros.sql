-- the shared filter: leads and deals narrowed by the sidebar's dimension lists.
-- an empty list means "no filter". run after refresh_derived, on every connect.

create or replace macro in_range(ts, date_from, date_to) as
    ts >= coalesce(date_from, timestamp '0001-01-01')
    and ts < coalesce(date_to, timestamp '9999-12-31');

create or replace macro dims_match(source, persona, segment, industry, region, owner,
        sources, personas, segments, industries, regions, owners) as
    (len(sources) = 0 or list_contains(sources, source))
    and (len(personas) = 0 or list_contains(personas, persona))
    and (len(segments) = 0 or list_contains(segments, segment))
    and (len(industries) = 0 or list_contains(industries, industry))
    and (len(regions) = 0 or list_contains(regions, region))
    and (len(owners) = 0 or list_contains(owners, owner));

create or replace macro filtered_leads(sources, personas, segments, industries, regions, owners) as table
    select *
    from lead_stages
    where dims_match(source, persona, segment, industry, region, owner,
        sources, personas, segments, industries, regions, owners);

create or replace macro filtered_deals(sources, personas, segments, industries, regions, owners) as table
    select *
    from deal_facts
    where dims_match(source, persona, segment, industry, region, owner,
        sources, personas, segments, industries, regions, owners);

-- a source label as a key to compare by: lower case, trimmed, runs of spaces, hyphens, underscores and
-- dots as one '_' ("Inside Sales", "inside-sales" and "INSIDE_SALES" are all inside_sales).
create or replace macro source_key(label) as
    trim(regexp_replace(lower(trim(label)), '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}._-]+', '_', 'g'), '_');

-- the targets that fit the view, one row per stored target row kept: target_scope 'company' keeps the
-- company-wide rows (no source), 'sources' the rows of the selected sources (matched by source_key),
-- anything else none (a persona or segment view has no target of its own). dashboard.targets picks the scope.
create or replace macro view_targets(target_scope, target_sources) as table
    select month, metric, value, source
    from targets
    where case target_scope
        when 'company' then source is null
        when 'sources' then source is not null
            and list_contains(list_transform(target_sources, lambda s: source_key(s)), source_key(source))
        else false
    end;

-- marketing-sourced: the deal's originating source is known and is not one of sales' own sources.
-- sales_sources are labels as loaded (sources.sales_labels finds the ones whose source_key is on the
-- list in use: normalising the few distinct labels once costs nothing, every deal's label 160 ms a million).
create or replace macro is_marketing_sourced(source, sales_sources, unknown_source) as
    not list_contains(sales_sources, source) and source <> unknown_source;

-- deals in scope: cohort mode takes deals of leads created in the range (a deal without a lead by
-- its own creation date); activity mode takes deals closed in the range, and open deals created in it.
create or replace macro deals_in_scope(mode, date_from, date_to,
        sources, personas, segments, industries, regions, owners) as table
    select *
    from filtered_deals(sources, personas, segments, industries, regions, owners)
    where case
        when mode = 'activity' then coalesce(
            in_range(case when status = 'open' then created_at else closed_at end, date_from, date_to), false
        )
        else in_range(cohort_at, date_from, date_to)
    end;

-- does a lead count at a stage? cohort mode: it was created in the range and reached the stage;
-- activity mode: it entered the stage inside the range. in_order narrows "reached" to entries in order.
create or replace macro stage_hit(mode, in_order, created_at, entered_at, is_reached, is_in_order, date_from, date_to) as
    (case when in_order then is_in_order else is_reached end)
    and (case
        when mode = 'activity' then coalesce(in_range(entered_at, date_from, date_to), false)
        else in_range(created_at, date_from, date_to)
    end);

-- cohort mode with a conversion window: a stage counts only when entered within window_days of
-- creation (a stage known only from lifecycle_stage has no date and counts). 0 or null: no window.
create or replace macro in_window(mode, window_days, after_days) as
    mode = 'activity'
    or coalesce(window_days, 0) <= 0
    or after_days is null
    or after_days < window_days;

-- one row per lead in the filtered scope with hit_<stage>: does it count at that stage under the
-- mode, order rule and window. in cohort mode a hit at a later stage implies every earlier one, so
-- counts never increase; activity mode counts each stage's own entries. is_young: created less than
-- window_days before the data's today, so not converting yet is "in progress", not a drop-off.
create or replace macro funnel_hits(mode, in_order, window_days, date_from, date_to,
        sources, personas, segments, industries, regions, owners) as table
    with scoped as (
        select *
        from filtered_leads(sources, personas, segments, industries, regions, owners)
    ),
    own as (
        select
            *,
            in_range(created_at, date_from, date_to) as hit_lead,
            stage_hit(mode, in_order, created_at, mql_entered_at, is_mql, mql_in_order, date_from, date_to)
                and in_window(mode, window_days, mql_after_days) as own_mql,
            stage_hit(mode, in_order, created_at, sql_entered_at, is_sql, sql_in_order, date_from, date_to)
                and in_window(mode, window_days, sql_after_days) as own_sql,
            stage_hit(mode, in_order, created_at, opportunity_entered_at, is_opportunity, opportunity_in_order,
                date_from, date_to)
                and in_window(mode, window_days, opportunity_after_days) as own_opportunity,
            stage_hit(mode, in_order, created_at, customer_entered_at, is_customer, customer_in_order,
                date_from, date_to)
                and in_window(mode, window_days, customer_after_days) as own_customer,
            mode = 'cohort' and coalesce(window_days, 0) > 0
                and created_at > (select as_of from data_as_of) - to_days(window_days::integer) as is_young
        from scoped
    )
    select
        * exclude (own_mql, own_sql, own_opportunity, own_customer),
        own_customer as hit_customer,
        own_opportunity or (mode = 'cohort' and own_customer) as hit_opportunity,
        own_sql or (mode = 'cohort' and (own_opportunity or own_customer)) as hit_sql,
        own_mql or (mode = 'cohort' and (own_sql or own_opportunity or own_customer)) as hit_mql
    from own;

-- one row per lead whose sla clock started (at sql_at, or mql_at) inside the scope: when the clock
-- started, when the first contact came, the minutes that count against sales (business minutes when
-- business hours are on), when the lead was due, and its status. local times are read in the
-- business timezone. due: the moment the counted minutes reach the sla.
create or replace macro sla_leads(mode, date_from, date_to, sources, personas, segments, industries, regions, owners,
        sla_minutes, clock_start, business_hours, day_start_minute, day_end_minute, workdays, holidays,
        data_timezone, business_timezone, waiting_days) as table
    with scoped as (
        select
            *,
            case when clock_start = 'mql' then coalesce(mql_at, sql_at) else sql_at end as clock_at
        from filtered_leads(sources, personas, segments, industries, regions, owners)
    ),
    started as (
        select
            lead_id, owner, source, persona, segment, created_at, clock_at, first_contact_at,
            disqualified_at, is_opportunity, is_customer, revenue,
            timezone(business_timezone, timezone(data_timezone, clock_at)) as start_local,
            -- greatest() skips nulls, so the not-yet-contacted case is spelled out: they wait until today
            timezone(business_timezone, timezone(data_timezone, case
                when first_contact_at is null then greatest((select as_of from data_as_of), clock_at)
                else greatest(first_contact_at, clock_at)
            end)) as end_local,
            first_contact_at is not null as is_contacted
        from scoped
        where clock_at is not null
            and case when mode = 'activity' then in_range(clock_at, date_from, date_to)
                else in_range(created_at, date_from, date_to) end
    ),
    -- business time in closed form: a calendar of the days the clocks span, each with its open seconds
    -- and the open seconds of all days before it, so a moment's position on the "business clock" is one
    -- lookup, and the minutes waited are the difference of two positions. expanding every lead into
    -- the days it waited would cost one row per lead and day (gigabytes at ten million leads).
    span as (
        -- every clock starts at an mql or sql date and ends by the data's today (or 21 days after its
        -- start, to find its due time); a day either side absorbs the shift to the business timezone
        select
            (select min(least(mql_at, sql_at)) from leads)::date - 1 as first_day,
            (select as_of from data_as_of)::date + 22 as last_day
        where business_hours
    ),
    calendar as (
        select
            day,
            case when list_contains(workdays, isodow(day)) and not list_contains(holidays, day::date)
                then (day_end_minute - day_start_minute)::bigint * 60000000 else 0 end as open_micros
        from (
            select unnest(generate_series(first_day::timestamp, last_day::timestamp, interval 1 day)) as day
            from span
            where first_day is not null
        )
    ),
    positions as (
        select
            day,
            open_micros,
            coalesce(sum(open_micros) over (order by day rows between unbounded preceding and 1 preceding), 0)
                as micros_before,
            sum(open_micros) over (order by day rows between unbounded preceding and current row) as micros_through
        from calendar
    ),
    clocked as (
        -- microseconds, not seconds: due times keep the clock's own fraction of a second
        select
            s.lead_id,
            ps.micros_before + least(greatest(
                date_diff('microsecond', ps.day + to_minutes(day_start_minute::bigint), s.start_local), 0),
                ps.open_micros) as start_position,
            pe.micros_before + least(greatest(
                date_diff('microsecond', pe.day + to_minutes(day_start_minute::bigint), s.end_local), 0),
                pe.open_micros) as end_position
        from started as s
        join positions as ps on ps.day = s.start_local::date::timestamp
        join positions as pe on pe.day = s.end_local::date::timestamp
        where business_hours
    ),
    business as (
        -- due: the open day whose business clock reaches the start position plus the sla. every open
        -- day has the same open time, so that day is found by its number among open days: an
        -- equality join, where a range or asof join would compare every lead with every day
        select
            c.lead_id,
            (c.end_position - c.start_position) / 60000000.0 as business_minutes,
            d.day + to_minutes(day_start_minute::bigint)
                + to_microseconds((c.start_position + sla_minutes::bigint * 60000000 - d.micros_before)::bigint) as due_local
        from clocked as c
        left join positions as d
            on d.open_micros > 0
            and d.micros_through // d.open_micros
                = ceil((c.start_position + sla_minutes::bigint * 60000000)
                    / ((day_end_minute - day_start_minute)::bigint * 60000000))::bigint
    ),
    measured as (
        select
            s.*,
            case when business_hours then coalesce(b.business_minutes, 0)
                else date_diff('second', s.start_local, s.end_local) / 60.0 end as minutes_waited,
            case when business_hours then b.due_local
                else s.start_local + to_minutes(sla_minutes::bigint) end as due_local
        from started as s
        left join business as b using (lead_id)
    )
    select
        *,
        timezone(data_timezone, timezone(business_timezone, due_local)) as due_at,
        case when is_contacted then minutes_waited end as response_minutes,
        case
            when is_contacted and minutes_waited <= sla_minutes then 'within_sla'
            when is_contacted then 'late'
            when disqualified_at is not null or is_opportunity
                or clock_at < (select as_of from data_as_of) - to_days(waiting_days::integer) then 'never_contacted'
            when minutes_waited > sla_minutes then 'waiting_overdue'
            else 'waiting'
        end as status,
        -- due: contacted, or past its due time; leads still inside their window are not counted yet
        is_contacted or minutes_waited > sla_minutes as is_due
    from measured;

-- an amount as exports write it: currency symbols and spaces dropped, "(500)" and "-500" negative,
-- "1.234,50" and "12,5" with a decimal comma, "1,234.50" and "1,234" with thousands separators.
-- null when no number is left.
-- a text cell as a value: null when empty, trimmed when it has surrounding spaces (tabs and the no-break
-- spaces of exports too, so 'Web' and 'Web\u00a0' are one label). trimming every
-- cell of a large import costs more than reading it, and most cells have nothing to trim.
create or replace macro clean(v) as
    case
        -- the first and last character's code point: a space, a tab or a no-break space (two calls, where
        -- six starts_with/ends_with tests cost 2.5 times the old space-only test)
        when unicode(v) in (32, 9, 160) or unicode(right(v, 1)) in (32, 9, 160)
            then nullif(trim(v, ' ' || chr(9) || chr(160)), '')
        else nullif(v, '')
    end;

-- leads in scope still open at their furthest stage (lead, mql, sql, or opportunity with an open
-- deal), with their days in that stage and the stage's stall threshold. a lead older than the
-- conversion window that never moved on counts as lost, not open; an open deal is always in play.
create or replace macro open_leads(mode, in_order, window_days, date_from, date_to,
        sources, personas, segments, industries, regions, owners,
        stall_lead, stall_mql, stall_sql, stall_opportunity) as table
with hits as (
    select *
    from funnel_hits(mode, in_order, window_days, date_from, date_to,
        sources, personas, segments, industries, regions, owners)
    where hit_lead or mode = 'activity'
),
current_stage as (
    select
        *,
        case
            when is_customer then null
            when is_opportunity then case when has_open_deal then 'opportunity' end
            when disqualified_at is not null then null
            when is_sql then 'sql'
            when is_mql then 'mql'
            else 'lead'
        end as stage,
        case
            when is_opportunity then opportunity_entered_at
            when is_sql then sql_entered_at
            when is_mql then mql_entered_at
            else created_at
        end as entered_at
    from hits
),
waiting as (
    select
        stage,
        lead_id,
        source,
        persona,
        owner,
        entered_at,
        date_diff('second', entered_at, (select as_of from data_as_of)) / 86400.0 as days_in_stage,
        case stage
            when 'lead' then stall_lead when 'mql' then stall_mql
            when 'sql' then stall_sql else stall_opportunity
        end as threshold_days
    from current_stage
    where stage is not null
        and entered_at is not null
        and (
            stage = 'opportunity'
            or coalesce(window_days, 0) <= 0
            or created_at > (select as_of from data_as_of) - to_days(window_days::integer)
        )
)
select * from waiting;

-- a value as value-map keys are matched: case, surrounding blanks and runs of any space (the no-break
-- spaces of exports too) do not matter. dashboard.importers.mapping.value_key does the same in python.
create or replace macro value_key(v) as
    lower(trim(regexp_replace(v, '[\s\x{00A0}\x{2007}\x{2009}\x{202F}\x{FEFF}]+', ' ', 'g')));
