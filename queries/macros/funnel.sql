-- funnel counting: which leads count at which stage under the view ($view, see scope.sql), and
-- which leads are still open at a stage.

-- does a lead count at a stage? cohort mode: it was created in the range and reached the stage;
-- activity mode: it entered the stage inside the range. in_order narrows "reached" to entries in order.
-- cohort mode: a stage entered after the data's end (data_end) is not reached yet, as a lead created after it is
-- not in any range (trial 98: a won deal closing 15 Jan 2027 made its November lead a customer on 14 Nov)
create or replace macro stage_hit(view, created_at, entered_at, is_reached, is_in_order) as
    (case when (view).in_order then is_in_order else is_reached end)
    and (case
        when (view).mode = 'activity' then coalesce(in_view(view, entered_at), false)
        else in_view(view, created_at) and not coalesce(entered_at >= data_end(), false)
    end);

-- cohort mode with a conversion window: a stage counts only when entered within window_days of
-- creation, day window_days included (a stage known only from lifecycle_stage has no date and counts). 0 or null: no
-- window. after_seconds is whole seconds, so "within window_days days" is exactly seconds <= days * 86400 (it was <,
-- and a date-only SQL date exactly 30 days after a date-only creation fell out of the "30-day window").
create or replace macro in_window(view, after_seconds) as
    (view).mode = 'activity'
    or coalesce((view).window_days, 0) <= 0
    -- a null (no date) compares as null, which is not false: one test where "is null or <" took two
    or (after_seconds <= (view).window_days::bigint * 86400) is not false;

-- the window as a cohort counts it, in either counting mode: what follows accounts as cohorts (buying_groups.sql)
create or replace macro cohort_window(view, after_seconds) as
    coalesce((view).window_days, 0) <= 0
    or (after_seconds <= (view).window_days::bigint * 86400) is not false;

-- does the view count stages reached in cohort mode (not in order), which the stored reach_seconds answer
create or replace macro by_reach(view) as (view).mode = 'cohort' and not coalesce((view).in_order, false);

-- the reach_seconds up to which (inclusive, as in_window) a stage counts: the window in seconds, or with no window
-- (0 or null) any stage reached (reach_seconds is at most 2147483646 when reached, 2147483647 for none)
create or replace macro reach_limit(view) as
    (case when coalesce((view).window_days, 0) > 0 then (view).window_days * 86400 else 2147483646 end)::integer;

-- the stored reach_seconds (the earliest entry at the stage or a later one, from creation) as by_reach counts it:
-- within the window and, as stage_hit, entered before the data's end
create or replace macro reach_hit(view, created_at, reach_seconds) as
    reach_seconds <= reach_limit(view) and reach_seconds < date_diff('second', created_at, data_end());

-- the stored reach_seconds as whole days (rounded up; 0 undated, before or at creation) for the rollups per reach day
-- (schema/rollup.sql rollup_days), null when not reached or only at or after the data's end (reach_hit's second
-- test): reach_seconds <= window * 86400 exactly when this is <= window, the window being whole days
create or replace macro reach_day(created_at, reach_seconds) as
    case
        when reach_seconds <= 2147483646 and reach_seconds < date_diff('second', created_at, data_end())
            then (greatest(reach_seconds, 0)::bigint + 86399) // 86400
    end;

-- does a rollup row of this reach day count under the view's window (reach_hit's first test): any day with no window
-- (0 or null), else the days up to the window, its last day included
create or replace macro reach_day_fits(view, reach_day) as
    coalesce((view).window_days, 0) <= 0 or reach_day <= (view).window_days;

-- one row per lead in scope (scoped_leads: in cohort mode only those created in the range) with
-- hit_<stage>: does it count at that stage under the mode, order rule and window. in cohort mode a hit
-- at a later stage implies every earlier one, so counts never increase; activity mode counts each
-- stage's own entries. is_young: created less than window_days before the data's today. is_in_progress: not at a
-- later stage yet but may still get there, not a drop-off (the funnel's "still in window", and with no window
-- "not converted yet"): young (any age with no window: a lead created the day before the data ends was "dropped
-- out before MQL") and not closed out (is_closed_out, stored: schema/derivation.sql); in ordered mode, with no stage
-- reached out of order (it can never count in order there), an account while one of its members has none.
create or replace macro funnel_hits(view) as table
    with own as (
        select
            *,
            in_view(view, created_at) as hit_lead,
            stage_hit(view, created_at, mql_entered_at, is_mql, mql_in_order)
                and in_window(view, mql_after_seconds) as own_mql,
            stage_hit(view, created_at, sql_entered_at, is_sql, sql_in_order)
                and in_window(view, sql_after_seconds) as own_sql,
            stage_hit(view, created_at, opportunity_entered_at, is_opportunity, opportunity_in_order)
                and in_window(view, opportunity_after_seconds) as own_opportunity,
            stage_hit(view, created_at, customer_entered_at, is_customer, customer_in_order)
                and in_window(view, customer_after_seconds) as own_customer,
            (view).mode = 'cohort' and coalesce((view).window_days, 0) > 0
                and created_at > (select as_of from data_as_of) - to_days((view).window_days::integer) as is_young,
            (view).mode = 'cohort'
                and (coalesce((view).window_days, 0) <= 0
                    or created_at > (select as_of from data_as_of) - to_days((view).window_days::integer))
                and not coalesce(is_closed_out, false)
                -- in order: a stage it reached dated before the one before it never counts in order (the dates are
                -- fixed), so the lead is out, not "not at SQL yet": trial 65 read a won customer as still to convert
                -- counting by account, out only when none of its members may still enter a stage in order
                -- (has_order_open_member, account_facts.sql; null for a lead): "any of its leads in order" counts it,
                -- so one lead out of order left an account with a young lead at Lead "dropped out" (probe 88: A2)
                and not (coalesce((view).in_order, false) and coalesce(
                    not has_order_open_member,
                    (is_mql and not mql_in_order) or (is_sql and not sql_in_order)
                    or (is_opportunity and not opportunity_in_order) or (is_customer and not customer_in_order)
                )) as is_in_progress
        from scoped_leads(view)
    )
    select
        * exclude (own_mql, own_sql, own_opportunity, own_customer),
        -- the cohort counted by stages reached reads the stored reach_seconds alone (lead_derivation), the same
        -- test in one integer: the other branch is cut from the plan (the view is bound before planning)
        case
            when by_reach(view) then hit_lead and reach_hit(view, created_at, customer_reach_seconds)
            else own_customer
        end as hit_customer,
        case
            when by_reach(view) then hit_lead and reach_hit(view, created_at, opportunity_reach_seconds)
            else own_opportunity or ((view).mode = 'cohort' and own_customer)
        end as hit_opportunity,
        case
            when by_reach(view) then hit_lead and reach_hit(view, created_at, sql_reach_seconds)
            else own_sql or ((view).mode = 'cohort' and (own_opportunity or own_customer))
        end as hit_sql,
        case
            when by_reach(view) then hit_lead and reach_hit(view, created_at, mql_reach_seconds)
            else own_mql or ((view).mode = 'cohort' and (own_sql or own_opportunity or own_customer))
        end as hit_mql
    from own;

-- leads in scope still open at their furthest stage (lead, mql, sql, or opportunity with an open
-- deal), with their days in that stage and the stage's stall threshold. a lead created the conversion window or
-- longer ago (window > 0) that never moved on counts as lost, not open, with an open deal too, as the Funnel page
-- counts it dropped out: a win now would come after the window and never make it a customer of its cohort (before,
-- Friction listed it stalled while the Funnel called it dropped out). the pages state the rule
-- (metrics.past_window_note); counting those leads too read every lead, three times slower at 10 m leads, where
-- the window's leads alone read only the window's row groups (leads are stored in created_at order). past_window
-- true reads the others instead, the leads the rule leaves out, for the caption's count (metrics.past_window_count).
-- activity mode: every lead open now, as of the data's last day, whatever the dates picked (they date stage entries,
-- and a wait runs to today); the window's rule still holds, as a lead's age, not its counting, makes it lost (without
-- it the trial 40 data's activity view listed 59 stalled leads, most dead for 300 days): the pages say both.
create or replace macro open_leads(view, stall_lead, stall_mql, stall_sql, stall_opportunity, past_window) as table
with hits as (
    select *
    from funnel_hits(view)
    -- activity mode: every lead created by the data's end (one created after it is not open, it is not there yet)
    where (hit_lead or ((view).mode = 'activity' and created_at < data_end()))
        and case
            when past_window then coalesce((view).window_days, 0) > 0
                and created_at <= (select as_of from data_as_of) - to_days((view).window_days::integer)
            else coalesce((view).window_days, 0) <= 0
                or created_at > (select as_of from data_as_of) - to_days((view).window_days::integer)
        end
),
current_stage as (
    select
        *,
        case
            when is_customer then null
            when is_opportunity then case when has_open_deal then 'opportunity' end
            -- rejected by a date or by its status alone (hubspot's lead status unqualified: no date exists), as the
            -- rejection rate counts it; the date alone listed status-rejected leads as stalled (trial 40)
            when is_rejected then null
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
        -- is_moved_back: stored (schema/derivation.sql)
    from hits
),
waiting as (
    select
        stage,
        lead_id,
        account_id,
        source,
        persona,
        owner,
        -- the scope's columns besides: the stored open_window_leads (schema/rollup.sql) keeps them to match views
        segment,
        industry,
        region,
        created_at,
        entered_at,
        coalesce(is_moved_back, false) as is_moved_back,
        -- at a stage known from its lifecycle stage alone (no date for it nor a later one): no wait to measure, so
        -- never stalled, but counted apart (they were left out of the stalled lists without a word)
        entered_at is null as is_undated,
        date_diff('second', entered_at, (select as_of from data_as_of)) / 86400.0 as days_in_stage,
        case stage
            when 'lead' then stall_lead when 'mql' then stall_mql
            when 'sql' then stall_sql else stall_opportunity
        end as threshold_days
    from current_stage
    where stage is not null
)
select * from waiting;

-- one row per stage entry of the view's units (its leads, or its accounts counting by account) dated in the
-- range: stage, entered_at (lead: its creation). activity counting counts these: with the view's in_order only
-- entries made in order. monthly_entries.sql counts them per month, funnel_entries.sql per stage.
create or replace macro stage_entries(view) as table
with entries as (
    unpivot (
        select
            created_at as lead,
            case when not (view).in_order or mql_in_order then mql_entered_at end as mql,
            case when not (view).in_order or sql_in_order then sql_entered_at end as sql,
            case when not (view).in_order or opportunity_in_order then opportunity_entered_at end as opportunity,
            case when not (view).in_order or customer_in_order then customer_entered_at end as customer
        from view_units(view)
        -- only units with an entry in the range (the where below keeps no other): unpivoting every lead
        -- cost 20-30 % more (a lead may enter a stage before its own creation, so each entry is tested)
        where in_view(view, created_at) or in_view(view, mql_entered_at) or in_view(view, sql_entered_at)
            or in_view(view, opportunity_entered_at) or in_view(view, customer_entered_at)
    ) on lead, mql, sql, opportunity, customer into name stage value entered_at
)
select stage, entered_at
from entries
where in_view(view, entered_at);

-- the funnel's rows from its counts: one row per stage (stages: config.STAGES, in order; counts: a struct with
-- n_<stage> per stage and young_<stage> per stage after the first, the leads of the previous stage still inside
-- the conversion window) with % of the previous stage and of the first, and the leads of the previous stage
-- that did not get here: dropped out, or still in the window. the scan (funnel.sql) and the rollup
-- (funnel_rollup.sql) both end here.
create or replace macro funnel_stages(stages, counts) as table
with numbered as (
    select
        unnest(stages) as stage,
        unnest([(counts).n_lead, (counts).n_mql, (counts).n_sql, (counts).n_opportunity, (counts).n_customer])
            as count_leads,
        unnest([0, (counts).young_mql, (counts).young_sql, (counts).young_opportunity, (counts).young_customer])
            as count_in_progress,
        generate_subscripts(stages, 1) as stage_order
),
with_previous as (
    select
        *,
        lag(count_leads) over (order by stage_order) as count_previous,
        first_value(count_leads) over (order by stage_order) as count_first
    from numbered
)
select
    stage,
    count_leads,
    count_leads / nullif(count_previous, 0) as pct_of_previous,
    count_leads / nullif(count_first, 0) as pct_of_first,
    -- activity mode counts separate entries, so a later stage can outnumber an earlier one
    greatest(coalesce(count_previous - count_leads - count_in_progress, 0), 0) as count_dropped,
    count_in_progress
from with_previous
order by stage_order;
