-- a rejected lead: disqualified on a date, or a disqualified lifecycle stage without one (a CRM that keeps no
-- disqualification date still says the lead was turned down; left out, its rejections read as none). here, not
-- with the funnel macros: the accounts' derivation (schema/account_facts.sql) reads it before those are created
create or replace macro is_rejected(disqualified_at, lifecycle_stage) as
    disqualified_at is not null or lower(lifecycle_stage) = 'disqualified';

-- out of the running whatever its age: rejected (is_rejected), or with deals that are all lost (a deal's date
-- and no open or won one), and no open deal. the funnel counts it dropped out, never "still in window": a young
-- cohort's Closed - Not Converted leads and Closed Lost opportunities read as in progress, and "Dropped out
-- before" as 0 at every step under the default 180-day window. stored with the stage columns (leads:
-- lead_derivation, accounts: account_facts.sql), as is is_rejected: read on every cohort count, from the
-- lifecycle stage's text and four other columns, it took a third of the 10 m-lead funnel's time
create or replace macro is_closed_out(
    disqualified_at, lifecycle_stage, has_open_deal, opportunity_entered_at, is_customer
) as
    not coalesce(has_open_deal, false) and not coalesce(is_customer, false)
    and (coalesce(is_rejected(disqualified_at, lifecycle_stage), false) or opportunity_entered_at is not null);

-- moved back in the crm (hubspot's lifecycle set back to lead or other, "recycled", while the mql or sql date stays):
-- counted at its furthest dated stage, but back with marketing, not waiting with sales there (they were listed as
-- stalled sqls). an account's is read from its leads' (schema/account_facts.sql, flagged). stored with the stage
-- columns (derived version 28): read from the lifecycle stage's text, it was a third of the stalled leads' query at
-- 10 m
create or replace macro is_moved_back(is_opportunity, lifecycle_stage, mql_at, sql_at) as
    coalesce(
        not is_opportunity and lower(lifecycle_stage) in ('lead', 'mql')
            and case when sql_at is not null then 2 when mql_at is not null then 1 else 0 end
                > case lower(lifecycle_stage) when 'mql' then 1 else 0 end,
        false
    );

-- rejected by a disqualified lifecycle stage with no mql on record: the stage it was turned down at is unknown, so
-- the rejection rate counts it handed to sales on both sides (sources.rejection_rate). stored as is_moved_back is:
-- read from the text, it took 40 % of the rejection queries' time at 10 m leads
create or replace macro is_stage_unknown(lifecycle_stage, is_mql) as
    lower(coalesce(lifecycle_stage, '')) = 'disqualified' and not coalesce(is_mql, false);

-- a stage entry as the cohort funnel's window tests it (window_entry): whole seconds from creation, -1 for a stage
-- reached with no dated stage at or before it (in_window: it counts under any window) or entered before the lead was
-- created, null when not reached
create or replace macro entry_seconds(is_reached, entered_at, created_at) as
    case when is_reached then greatest(coalesce(date_diff('second', created_at, entered_at), -1), -1) end;

-- the moment the conversion window tests for a stage: its entry, or, reached without a date of its own, the latest
-- dated earlier stage's entry (floor_at), as it came no earlier than that (a Salesforce lead at status Qualified,
-- not converted, has no SQL date: its -1 counted lead 08's MQL, dated 42 days after creation, and its SQL inside a
-- 30-day window). null when not reached, or reached with no dated stage at or before it (counts under any window)
create or replace macro window_entry(is_reached, entered_at, floor_at) as
    case when is_reached then coalesce(entered_at, floor_at) end;

-- the earliest of a stage's and its later stages' entries (entry_seconds), as an integer: 2147483647 when none was
-- reached, which no window (at most config.MAX_WINDOW_DAYS, 315,360,000 seconds) reaches; an entry later than
-- that is kept just under it, so "reached at all" (no window) stays true
create or replace macro reach_seconds(a, b, c, d) as
    -- least skips nulls
    (case when coalesce(a, b, c, d) is null then 2147483647 else least(a, b, c, d, 2147483646) end)::integer;

-- a row's reach_seconds of the stage numbered from_stage (1 mql, 2 sql, 3 opportunity, 4 customer): the earliest of
-- its entries at that stage or a later one (leads: lead_derivation; accounts: account_facts.sql)
create or replace macro stage_reach(
    from_stage, created_at, is_mql, mql_at, is_sql, sql_at, is_opp, opp_at, is_cust, cust_at
) as
    reach_seconds(
        case when from_stage <= 1 then entry_seconds(is_mql, mql_at, created_at) end,
        case when from_stage <= 2 then entry_seconds(is_sql, sql_at, created_at) end,
        case when from_stage <= 3 then entry_seconds(is_opp, opp_at, created_at) end,
        entry_seconds(is_cust, cust_at, created_at)
    );

-- one row per lead of `lead_rows` (any table or view with the base lead columns): its base columns
-- and its derived stage columns, in the leads table's column order, sorted by created_at; its deals are those of
-- `deal_rows` ('deals'; counting by account, schema/accounts.sql derives the leads with a deal booked on another
-- account with their other deals only).
-- "reached" means: the stage's own timestamp, or a later stage's, or lifecycle_stage says so.
-- an opportunity is a lead with a deal, a customer a lead with a won deal. so counts never
-- increase down the funnel. entry timestamps borrow from the next stage when missing, because
-- a lead that became sql on a day was an mql no later than that day.
create or replace macro lead_derivation(lead_rows, deal_rows) as table
with base as (
    select
        lead_id, account_id, created_at, source, campaign, persona, segment, industry, region, owner,
        lifecycle_stage, mql_at, sql_at, first_contact_at, disqualified_at, disqualify_reason, converted_deal_id
    from query_table(lead_rows)
),
deal_summary as (
    select
        lead_id,
        min(created_at) as opportunity_at,
        min(case when status = 'won' then coalesce(closed_at, created_at) end) as won_at,
        bool_or(status = 'won') as has_won_deal,
        bool_or(status = 'open') as has_open_deal,
        coalesce(sum(case when status = 'won' then amount end), 0) as revenue
    from query_table(deal_rows)
    where lead_id is not null
    group by lead_id
),
ranked as (
    select
        l.*,
        d.opportunity_at,
        d.won_at,
        d.lead_id is not null as has_deal,
        coalesce(d.has_won_deal, false) as has_won_deal,
        coalesce(d.has_open_deal, false) as has_open_deal,
        coalesce(d.revenue, 0) as revenue,
        case lower(l.lifecycle_stage)
            when 'customer' then 4
            when 'opportunity' then 3
            when 'sql' then 2
            when 'mql' then 1
            else 0
        end as lifecycle_rank
    from base as l
    left join deal_summary as d using (lead_id)
),
reached as (
    select
        *,
        has_won_deal or lifecycle_rank >= 4 as is_customer,
        has_won_deal or has_deal or lifecycle_rank >= 3 as is_opportunity,
        has_deal or sql_at is not null or lifecycle_rank >= 2 or has_won_deal as is_sql_raw,
        won_at as customer_entered_at,
        coalesce(opportunity_at, won_at) as opportunity_entered_at,
        coalesce(sql_at, opportunity_at, won_at) as sql_entered_at,
        coalesce(mql_at, sql_at, opportunity_at, won_at) as mql_entered_at
    from ranked
),
flags as (
    select
        *,
        is_sql_raw or is_opportunity as is_sql,
        is_sql_raw or is_opportunity or mql_at is not null or lifecycle_rank >= 1 as is_mql
    from reached
),
windowed as (
    -- greatest skips nulls: the latest of the dated earlier entries
    select
        *,
        window_entry(is_mql, mql_entered_at, null) as mql_window_at,
        window_entry(is_sql, sql_entered_at, mql_entered_at) as sql_window_at,
        window_entry(is_opportunity, opportunity_entered_at, greatest(sql_entered_at, mql_entered_at))
            as opportunity_window_at,
        window_entry(
            is_customer, customer_entered_at, greatest(opportunity_entered_at, sql_entered_at, mql_entered_at)
        ) as customer_window_at
    from flags
)
select
    lead_id,
    account_id,
    created_at,
    source,
    campaign,
    persona,
    segment,
    industry,
    region,
    owner,
    lifecycle_stage,
    mql_at,
    sql_at,
    first_contact_at,
    disqualified_at,
    disqualify_reason,
    converted_deal_id,
    revenue,
    has_open_deal,
    is_mql,
    is_sql,
    is_opportunity,
    is_customer,
    case when is_mql then mql_entered_at end as mql_entered_at,
    case when is_sql then sql_entered_at end as sql_entered_at,
    case when is_opportunity then opportunity_entered_at end as opportunity_entered_at,
    case when is_customer then customer_entered_at end as customer_entered_at,
    -- whole seconds from creation to each stage entry as the window tests it (window_entry), stored because every
    -- cohort count compares them with the conversion window (computed on read, they made the 10 M-lead funnel 50 %
    -- slower); an integer reads and compresses better than the days as a double, and compares exactly the same
    date_diff('second', created_at, mql_window_at) as mql_after_seconds,
    date_diff('second', created_at, sql_window_at) as sql_after_seconds,
    date_diff('second', created_at, opportunity_window_at) as opportunity_after_seconds,
    date_diff('second', created_at, customer_window_at) as customer_after_seconds,
    -- ordered mode: a stage counts only when its entry is not earlier than the previous one's
    is_mql and coalesce(mql_entered_at >= created_at, true) as mql_in_order,
    is_mql and coalesce(mql_entered_at >= created_at, true)
        and is_sql and coalesce(sql_entered_at >= mql_entered_at, true) as sql_in_order,
    is_mql and coalesce(mql_entered_at >= created_at, true)
        and is_sql and coalesce(sql_entered_at >= mql_entered_at, true)
        and is_opportunity and coalesce(opportunity_entered_at >= sql_entered_at, true) as opportunity_in_order,
    is_mql and coalesce(mql_entered_at >= created_at, true)
        and is_sql and coalesce(sql_entered_at >= mql_entered_at, true)
        and is_opportunity and coalesce(opportunity_entered_at >= sql_entered_at, true)
        and is_customer and coalesce(customer_entered_at >= opportunity_entered_at, true) as customer_in_order,
    -- the cohort funnel's window test of each stage in one integer (funnel_hits): a lead counts at a stage when it
    -- or a later stage was entered within the window, so the earliest of those entries decides. read from four
    -- booleans and four nullable bigints, the test took 40 % of a 10 m-lead funnel's time
    stage_reach(
        1, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as mql_reach_seconds,
    stage_reach(
        2, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as sql_reach_seconds,
    stage_reach(
        3, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as opportunity_reach_seconds,
    stage_reach(
        4, created_at, is_mql, mql_window_at, is_sql, sql_window_at, is_opportunity, opportunity_window_at,
        is_customer, customer_window_at
    ) as customer_reach_seconds,
    coalesce(is_rejected(disqualified_at, lifecycle_stage), false) as is_rejected,
    is_closed_out(disqualified_at, lifecycle_stage, has_open_deal, opportunity_entered_at, is_customer) as is_closed_out,
    is_moved_back(is_opportunity, lifecycle_stage, mql_at, sql_at) as is_moved_back,
    is_stage_unknown(lifecycle_stage, is_mql) as is_stage_unknown
from windowed;
