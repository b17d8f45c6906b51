-- the shared filter: leads and deals narrowed by the sidebar's dimension lists.
-- an empty list means "no filter". run after refresh_derived, on every connect.

create or replace macro in_range(ts, date_from, date_to) as
    ts >= coalesce(date_from, timestamp '0001-01-01')
    and ts < coalesce(date_to, timestamp '9999-12-31');

create or replace macro filtered_leads(sources, personas, segments, industries, regions, owners) as table
    select *
    from lead_stages
    where (len(sources) = 0 or list_contains(sources, source))
        and (len(personas) = 0 or list_contains(personas, persona))
        and (len(segments) = 0 or list_contains(segments, segment))
        and (len(industries) = 0 or list_contains(industries, industry))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(owners) = 0 or list_contains(owners, owner));

create or replace macro filtered_deals(sources, personas, segments, industries, regions, owners) as table
    select *
    from deal_facts
    where (len(sources) = 0 or list_contains(sources, source))
        and (len(personas) = 0 or list_contains(personas, persona))
        and (len(segments) = 0 or list_contains(segments, segment))
        and (len(industries) = 0 or list_contains(industries, industry))
        and (len(regions) = 0 or list_contains(regions, region))
        and (len(owners) = 0 or list_contains(owners, owner));

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
create or replace macro in_window(mode, window_days, created_at, entered_at) as
    mode = 'activity'
    or coalesce(window_days, 0) <= 0
    or entered_at is null
    or entered_at < created_at + to_days(window_days::integer);

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
                and in_window(mode, window_days, created_at, mql_entered_at) as own_mql,
            stage_hit(mode, in_order, created_at, sql_entered_at, is_sql, sql_in_order, date_from, date_to)
                and in_window(mode, window_days, created_at, sql_entered_at) as own_sql,
            stage_hit(mode, in_order, created_at, opportunity_entered_at, is_opportunity, opportunity_in_order,
                date_from, date_to)
                and in_window(mode, window_days, created_at, opportunity_entered_at) as own_opportunity,
            stage_hit(mode, in_order, created_at, customer_entered_at, is_customer, customer_in_order,
                date_from, date_to)
                and in_window(mode, window_days, created_at, customer_entered_at) as own_customer,
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
