-- the funnel rollup, rebuilt with the derived data inside every import transaction (store.refresh_derived):
-- one row per created month × dimension × value ('all' with a null value: every lead of the month; a
-- lead whose value is missing is under a null value) with the cohort funnel's counts under the default
-- conversion window, stages reached ($reached; the in-order view is scanned instead: counting it here as
-- well doubled the rollup's share of every import, for a view few open). young_*: leads at the previous
-- stage, not at this one, still in progress (funnel_hits' is_in_progress: created inside the window before
-- the data's today and not closed out; the funnel's "still in window"). old_*: the counts of leads created the
-- window or longer before the data's today, which the friction page's step rates compare (step_rates.sql).
-- reached_mql and rejected*: the Sources page's trend of leads, MQLs and rejections (source_trend_rollup.sql).
-- dashboard.rollups.exact, step_rates_exact and breakdown_exact say which views it answers.
create or replace macro rollup_counts(view) as table
    -- rolled up per dimension straight from the units' rows, seven small hash tables: counted per month and
    -- combination of the six values first, the combinations were 6 in 10 of the leads (607 thousand of a million),
    -- as costly to group as the leads themselves. counted with count_if, not count(*) filter (where …), which duckdb
    -- 2.0 evaluates apart for each aggregate of each grouping set; count_if is a hugeint, null where every test is
    -- null: coalesce and the cast keep the counts bigint. the two changes took the CPU of funnel_rollup from 711 to 229
    -- ms at a million leads (benchmarks/import_profile.py; the same rows, tests/unit/test_perfimp.py)
    with hits as (
        select
            date_trunc('month', created_at) as month,
            source, persona, segment, industry, region, owner,
            hit_lead, hit_mql, hit_sql, hit_opportunity, hit_customer, is_in_progress, is_young, is_mql, is_rejected,
            is_stage_unknown
        from funnel_hits(view)
    )
    select
        month,
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            when grouping(owner) = 0 then 'owner'
            else 'all'
        end as dimension,
        -- one of the six is grouped at a time, the others are null in its rows
        coalesce(source, persona, segment, industry, region, owner) as value,
        coalesce(count_if(hit_lead), 0)::bigint as leads,
        coalesce(count_if(hit_mql), 0)::bigint as mql,
        coalesce(count_if(hit_sql), 0)::bigint as sql,
        coalesce(count_if(hit_opportunity), 0)::bigint as opportunity,
        coalesce(count_if(hit_customer), 0)::bigint as customer,
        coalesce(count_if(hit_lead and not hit_mql and is_in_progress), 0)::bigint as young_mql,
        coalesce(count_if(hit_mql and not hit_sql and is_in_progress), 0)::bigint as young_sql,
        coalesce(count_if(hit_sql and not hit_opportunity and is_in_progress), 0)::bigint as young_opportunity,
        coalesce(count_if(hit_opportunity and not hit_customer and is_in_progress), 0)::bigint as young_customer,
        -- the leads old enough to have converted (not is_young), which the friction page compares
        coalesce(count_if(hit_lead and not is_young), 0)::bigint as old_leads,
        coalesce(count_if(hit_mql and not is_young), 0)::bigint as old_mql,
        coalesce(count_if(hit_sql and not is_young), 0)::bigint as old_sql,
        coalesce(count_if(hit_opportunity and not is_young), 0)::bigint as old_opportunity,
        coalesce(count_if(hit_customer and not is_young), 0)::bigint as old_customer,
        -- the Sources page's monthly trend (pages/sources/source_trend.sql): the MQLs among the leads by the
        -- stage reached (whatever the window), and the leads rejected at any stage, among them the MQLs and
        -- those rejected by a status alone at an unknown stage
        coalesce(count_if(hit_lead and is_mql), 0)::bigint as reached_mql,
        coalesce(count_if(hit_lead and is_rejected), 0)::bigint as rejected,
        coalesce(count_if(hit_lead and is_mql and is_rejected), 0)::bigint as rejected_mql,
        coalesce(count_if(hit_lead and is_stage_unknown and is_rejected), 0)::bigint as rejected_unknown
    from hits
    group by grouping sets (
        (month), (month, source), (month, persona), (month, segment), (month, industry), (month, region), (month, owner)
    );

create or replace table funnel_rollup as
select *
from rollup_counts($reached)
order by month, dimension, value;

-- the same counts of the accounts (account_facts, as a view counted by account reads them: an account's month is
-- its creation, its values those view_units matches it on), for the Funnel page's funnel and breakdown and the
-- Friction page's step rates counted by account (dashboard.rollups.unit_exact): at ten million leads those scanned
-- 4.7 million accounts each.
create or replace table account_funnel_rollup as
select *
from rollup_counts($reached_accounts)
order by month, dimension, value;

-- the funnel rollup per reach day, for any conversion window (funnel_rollup counts under the default window alone):
-- one row per created month × dimension × value (as funnel_rollup's, no 'all' rows) × reach day, the units created
-- that month counted at each stage on that day (macros/funnel.sql reach_day: the stage or a later one reached that
-- many whole days after creation, rounded up, 0 undated or at once; not reached, or only after the data's end: in
-- no row of the stage; every unit at lead on day 0). a view over whole months counting stages reached sums the rows
-- whose reach day is inside its window (reach_day_fits), the funnel_hits' counts of any window: reach_seconds <=
-- window * 86400 holds exactly when reach_day <= window. the Funnel and SLA pages' breakdown and the Sources page's
-- table read it (pages/funnel/breakdown_rollup.sql, pages/sources/sources.sql) for the views
-- dashboard.rollups.unit_breakdown_exact accepts: at ten million leads every window but the default scanned the
-- leads. no young_* counts (still in the window): those depend on the day a unit was created, not its month.
create or replace macro rollup_days(view) as table
    -- each unit's day at each stage reached, rolled up per dimension straight from these rows, counted with count_if
    -- (as rollup_counts): counted per month, combination of values and day first, the combinations were 7 in 10 of
    -- these rows (1.18 of 1.64 million at a million leads); CPU 1,147 -> 526 ms there
    with reached as (
        unpivot (
            select
                date_trunc('month', created_at) as month,
                source, persona, segment, industry, region, owner,
                0 as lead,
                reach_day(created_at, mql_reach_seconds) as mql,
                reach_day(created_at, sql_reach_seconds) as sql,
                reach_day(created_at, opportunity_reach_seconds) as opportunity,
                reach_day(created_at, customer_reach_seconds) as customer
            from scoped_leads(view)
        -- a stage not reached is a null day, which unpivot leaves out
        ) on lead, mql, sql, opportunity, customer into name stage value reach_day
    )
    select
        month,
        case
            when grouping(source) = 0 then 'source'
            when grouping(persona) = 0 then 'persona'
            when grouping(segment) = 0 then 'segment'
            when grouping(industry) = 0 then 'industry'
            when grouping(region) = 0 then 'region'
            else 'owner'
        end as dimension,
        coalesce(source, persona, segment, industry, region, owner) as value,
        reach_day,
        coalesce(count_if(stage = 'lead'), 0)::bigint as lead,
        coalesce(count_if(stage = 'mql'), 0)::bigint as mql,
        coalesce(count_if(stage = 'sql'), 0)::bigint as sql,
        coalesce(count_if(stage = 'opportunity'), 0)::bigint as opportunity,
        coalesce(count_if(stage = 'customer'), 0)::bigint as customer
    from reached
    group by grouping sets (
        (month, reach_day, source), (month, reach_day, persona), (month, reach_day, segment),
        (month, reach_day, industry), (month, reach_day, region), (month, reach_day, owner)
    );

-- in dimension order, so a reader of one dimension's rows skips the others' row groups
create or replace table funnel_rollup_days as
select *
from rollup_days($reached)
order by dimension, value, month, reach_day;

create or replace table account_funnel_rollup_days as
select *
from rollup_days($reached_accounts)
order by dimension, value, month, reach_day;

-- the accounts old enough to have converted (created the default window or longer before the data's today, not
-- funnel_hits' is_young) per created month and combination of their six dimension values (a missing value stays
-- null), which the Friction page's test of whether a few groups hold the very same accounts counts
-- (pages/friction/same_members_rollup.sql, for the views dashboard.rollups.same_members_exact accepts): every
-- dimension is a column, so any dimension filter is exact. at ten million leads each test scanned 4.7 million
-- accounts.
create or replace table account_old_combinations as
select
    date_trunc('month', created_at) as month,
    source, persona, segment, industry, region, owner,
    count(*) as accounts
from funnel_hits($reached_accounts)
where not is_young
group by all
order by month;

-- the entries rollup, rebuilt beside the funnel rollup: one row per month × combination of the six dimension
-- values (a missing value stays null) with the stage entries made in that month, each by its own date as
-- activity counting counts them: leads created, and mql, sql, opportunity and customer entries, all of them and
-- (<stage>_in_order) those made in order. every dimension is a column, so any dimension filter is exact; the
-- months are whole, so a view is exact only on whole months (dashboard.rollups.entries_exact). it serves the
-- executive view, whose periods are whole months: at ten million leads a month holds some 40 thousand rows
-- where a scan reads ten million leads.
create or replace table entries_rollup as
with entries as (
    unpivot (
        select
            source, persona, segment, industry, region, owner,
            created_at as lead,
            mql_entered_at as mql,
            case when mql_in_order then mql_entered_at end as mql_in_order,
            sql_entered_at as sql,
            case when sql_in_order then sql_entered_at end as sql_in_order,
            opportunity_entered_at as opportunity,
            case when opportunity_in_order then opportunity_entered_at end as opportunity_in_order,
            customer_entered_at as customer,
            case when customer_in_order then customer_entered_at end as customer_in_order,
            -- a stage reached with no date for it (a status or a yes/no column alone says so), by the lead's creation:
            -- no month holds its entry, and the landing page, the seed checks and activity mode's friction say how
            -- many of a view's leads created in its range did so (undated_stages.sql, which these rows answer for the
            -- views dashboard.rollups.entries_exact accepts)
            case when is_mql and mql_entered_at is null then created_at end as mql_undated,
            case when is_sql and sql_entered_at is null then created_at end as sql_undated,
            case when is_opportunity and opportunity_entered_at is null then created_at end as opportunity_undated,
            case when is_customer and customer_entered_at is null then created_at end as customer_undated
        from leads
    ) on lead, mql, mql_in_order, sql, sql_in_order, opportunity, opportunity_in_order, customer, customer_in_order,
        mql_undated, sql_undated, opportunity_undated, customer_undated
    into name stage value entered_at
)
select
    date_trunc('month', entered_at)::date as month,
    source, persona, segment, industry, region, owner,
    count(*) filter (where stage = 'lead') as leads,
    count(*) filter (where stage = 'mql') as mql,
    count(*) filter (where stage = 'mql_in_order') as mql_in_order,
    count(*) filter (where stage = 'sql') as sql,
    count(*) filter (where stage = 'sql_in_order') as sql_in_order,
    count(*) filter (where stage = 'opportunity') as opportunity,
    count(*) filter (where stage = 'opportunity_in_order') as opportunity_in_order,
    count(*) filter (where stage = 'customer') as customer,
    count(*) filter (where stage = 'customer_in_order') as customer_in_order,
    count(*) filter (where stage = 'mql_undated') as mql_undated,
    count(*) filter (where stage = 'sql_undated') as sql_undated,
    count(*) filter (where stage = 'opportunity_undated') as opportunity_undated,
    count(*) filter (where stage = 'customer_undated') as customer_undated
-- an entry after the data's end is not counted yet (scope.sql data_end), as the scan's in_view leaves it out
from entries
where entered_at < data_end()
group by all
order by month;

-- the account entries rollup: entries_rollup's months, dimension values and entries, counting accounts (account_facts:
-- an account's own entries, its dimension values those view_units matches it on), for the entries per month of a view
-- counted by account (monthly_entries_rollup.sql). no in-order columns: an account's entry in order moves with the
-- counting mode (view_units), and those views keep the scan (dashboard.rollups.monthly_entries_exact). at ten
-- million leads a view counted by account scanned 4.7 million accounts for its entries chart.
create or replace table account_entries_rollup as
with entries as (
    unpivot (
        select
            source, persona, segment, industry, region, owner,
            created_at as lead,
            mql_entered_at as mql,
            sql_entered_at as sql,
            opportunity_entered_at as opportunity,
            customer_entered_at as customer
        from account_facts
    ) on lead, mql, sql, opportunity, customer
    into name stage value entered_at
)
select
    date_trunc('month', entered_at)::date as month,
    source, persona, segment, industry, region, owner,
    count(*) filter (where stage = 'lead') as leads,
    count(*) filter (where stage = 'mql') as mql,
    count(*) filter (where stage = 'sql') as sql,
    count(*) filter (where stage = 'opportunity') as opportunity,
    count(*) filter (where stage = 'customer') as customer
-- an entry after the data's end is not counted yet (scope.sql data_end), as the scan's in_view leaves it out
from entries
where entered_at < data_end()
group by all
order by month;

-- the leads open now (open_leads: at their furthest stage, not rejected, not a customer, an opportunity with an open
-- deal) created inside the default conversion window before the data's today, one row per lead with its stage, the
-- moment it entered it and its days in it (measured to the data's today, which a stated complete-through day moves:
-- store.set_complete_through rebuilds this script), and the scope's columns. the Friction page's stalled overview
-- reads it (pages/friction/stalled_overview_rollup.sql) for the views dashboard.rollups.stalled_exact accepts
-- (counting leads, the default window: any dates, mode or filters), where the scan read some two million leads and
-- worked out every stage again (1.5 m rows at 10 m leads). the thresholds are the query's, not stored.
create or replace table open_window_leads as
select
    lead_id, account_id, stage, source, persona, segment, industry, region, owner, created_at, entered_at,
    is_moved_back, is_undated, days_in_stage
from open_leads($reached, 0, 0, 0, 0, false)
order by created_at, lead_id;

-- the Sources page's rejections per created month, source, persona and spelling of the reason (null: not rejected,
-- or no reason given), counted as pages/sources/rejections.sql counts them in cohort mode under the default window
-- and stages reached: mqls (hit_mql) of every lead, and rejected (is_rejected), rejected_mqls and rejected_unknown
-- (is_stage_unknown) of the rejected ones. pages/sources/rejections_rollup.sql reads it for the views
-- dashboard.rollups.rejections_exact accepts; a few thousand rows where the scan read ten million leads.
create or replace table rejections_rollup as
select
    date_trunc('month', created_at) as month,
    source,
    persona,
    coalesce(is_rejected, false) as is_rejected,
    case when is_rejected then nullif(trim(disqualify_reason), '') end as spelling,
    count(*) filter (where hit_mql) as mqls,
    count(*) filter (where is_rejected) as rejected,
    count(*) filter (where is_rejected and hit_mql) as rejected_mqls,
    count(*) filter (where is_rejected and is_stage_unknown) as rejected_unknown
from funnel_hits($reached)
where hit_lead
group by all
order by month, source, persona;
