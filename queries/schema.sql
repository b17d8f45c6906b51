-- canonical schema: base tables filled by importers, plus the views that decide stage semantics.
-- run on every connect; every statement is idempotent.

create table if not exists leads (
    lead_id varchar not null,
    account_id varchar,
    created_at timestamp not null,
    source varchar not null default 'unknown',
    campaign varchar,
    persona varchar,
    segment varchar,
    industry varchar,
    region varchar,
    owner varchar,
    lifecycle_stage varchar,
    mql_at timestamp,
    sql_at timestamp,
    first_contact_at timestamp,
    disqualified_at timestamp,
    disqualify_reason varchar
);

create table if not exists deals (
    deal_id varchar not null,
    lead_id varchar,
    account_id varchar,
    owner varchar,
    stage varchar,
    created_at timestamp not null,
    status varchar not null check (status in ('open', 'won', 'lost')),
    closed_at timestamp,
    amount double,
    lost_reason varchar,
    source varchar,
    activated_at timestamp,
    churned_at timestamp
);

create table if not exists touches (
    lead_id varchar not null,
    touched_at timestamp not null,
    source varchar,
    campaign varchar,
    touch_type varchar
);

create table if not exists spend (
    month date not null,
    source varchar not null,
    campaign varchar,
    amount double not null
);

create table if not exists targets (
    month date not null,
    metric varchar not null check (metric in ('leads', 'mqls', 'sqls', 'opportunities', 'wins', 'revenue', 'pipeline')),
    value double not null,
    source varchar,
    team varchar
);

-- key/value facts about the data: demo_tables (is_demo in older files), sales_sources, last_import_at, data_version.
create table if not exists meta (
    key varchar primary key,
    value varchar
);

-- stage columns derived from each lead's own dates and its deals, stored on the lead row itself:
-- a second copy of every lead (the old lead_stages table) doubled the cost of each import.
-- store.refresh_derived keeps them; a writer that changes created_at, mql_at, sql_at or
-- lifecycle_stage of a stored lead sets is_mql to null so the lead is derived again.
alter table leads add column if not exists revenue double;
alter table leads add column if not exists has_open_deal boolean;
alter table leads add column if not exists is_mql boolean;
alter table leads add column if not exists is_sql boolean;
alter table leads add column if not exists is_opportunity boolean;
alter table leads add column if not exists is_customer boolean;
alter table leads add column if not exists mql_entered_at timestamp;
alter table leads add column if not exists sql_entered_at timestamp;
alter table leads add column if not exists opportunity_entered_at timestamp;
alter table leads add column if not exists customer_entered_at timestamp;
alter table leads add column if not exists mql_after_days double;
alter table leads add column if not exists sql_after_days double;
alter table leads add column if not exists opportunity_after_days double;
alter table leads add column if not exists customer_after_days double;
alter table leads add column if not exists mql_in_order boolean;
alter table leads add column if not exists sql_in_order boolean;
alter table leads add column if not exists opportunity_in_order boolean;
alter table leads add column if not exists customer_in_order boolean;

-- one row per lead of `lead_rows` (any table or view with the base lead columns): its base columns
-- and its derived stage columns, in the leads table's order.
-- "reached" means: the stage's own timestamp, or a later stage's, or lifecycle_stage says so.
-- an opportunity is a lead with a deal, a customer a lead with a won deal. so counts never
-- increase down the funnel. entry timestamps borrow from the next stage when missing, because
-- a lead that became sql on a day was an mql no later than that day.
create or replace macro lead_derivation(lead_rows) as table
with base as (
    select
        lead_id, account_id, created_at, source, campaign, persona, segment, industry, region, owner,
        lifecycle_stage, mql_at, sql_at, first_contact_at, disqualified_at, disqualify_reason
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
    from deals
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
    -- days from creation to each stage entry, stored because every cohort count compares them with
    -- the conversion window (computed on read, they made the 10 M-lead funnel 50 % slower)
    case when is_mql then date_diff('second', created_at, mql_entered_at) / 86400.0 end as mql_after_days,
    case when is_sql then date_diff('second', created_at, sql_entered_at) / 86400.0 end as sql_after_days,
    case when is_opportunity then date_diff('second', created_at, opportunity_entered_at) / 86400.0 end
        as opportunity_after_days,
    case when is_customer then date_diff('second', created_at, customer_entered_at) / 86400.0 end
        as customer_after_days,
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
        and is_customer and coalesce(customer_entered_at >= opportunity_entered_at, true) as customer_in_order
from flags;

-- one row per lead: its columns, the stored stage columns, and the days each step took. these are
-- computed on read: only the time-to-convert views use them, and storing them slowed every import.
create or replace view lead_stages as
select
    *,
    -- time to convert per step, from each stage's own date only (borrowed dates would read as 0 days)
    date_diff('second', created_at, mql_at) / 86400.0 as days_lead_to_mql,
    date_diff('second', mql_at, sql_at) / 86400.0 as days_mql_to_sql,
    date_diff('second', sql_at, opportunity_entered_at) / 86400.0 as days_sql_to_opportunity,
    date_diff('second', opportunity_entered_at, customer_entered_at) / 86400.0 as days_opportunity_to_customer
from leads;

-- one row per deal, with the attributes of its originating lead. a deal without a lead is
-- sales-sourced: it carries its own source and its own date as cohort date.
create or replace view v_deal_facts as
select
    d.deal_id,
    d.lead_id,
    coalesce(d.account_id, l.account_id) as account_id,
    d.status,
    d.status = 'won' as is_won,
    d.amount,
    d.created_at,
    d.closed_at,
    d.lost_reason,
    d.activated_at,
    d.churned_at,
    coalesce(l.created_at, d.created_at) as cohort_at,
    coalesce(l.source, d.source, 'unknown') as source,
    l.campaign,
    l.persona,
    l.segment,
    l.industry,
    l.region,
    coalesce(d.owner, l.owner) as owner,
    case
        when d.status = 'won' and d.closed_at is not null
            then date_diff('second', d.created_at, d.closed_at) / 86400.0
    end as cycle_days
from deals as d
left join leads as l using (lead_id);
