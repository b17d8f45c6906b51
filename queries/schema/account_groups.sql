-- buying groups stored at import (issue 17): everything of an account that no filter changes, so the Accounts
-- page reads one row per account (macros/buying_groups.sql) instead of grouping every lead on each view. run by
-- store.refresh_derived after account_facts.sql, whose accounts without a lead (an outbound deal only) it takes
-- in too, so the Accounts page counts the accounts the Funnel page counts.

-- one row per persona: its bit in an account's persona mask, the most common persona first; personas past the
-- 62nd most common share the last bit (shared: its name is the page's "other personas" label)
create or replace table account_persona_bits as
with bits as (
    select persona, 1::bigint << least(row_number() over (order by count(*) desc, persona) - 1, 62) as persona_bit
    from leads
    where persona is not null
    group by persona
)
select persona_bit, count(*) > 1 as shared, min(persona) as persona
from bits
group by persona_bit;

-- one row per account: its key (a lead without account_id is keyed 'lead:' || lead_id), its account_id,
-- created_at (its first lead's creation; an account without a lead: its first deal's, as account_facts dates
-- it), first_lead_at (null without a lead), the first lead's attributes (account_facts' for an account without
-- a lead: its first deal's source and owner), its first deal's and first won deal's dates, won revenue, the
-- latest deal's owner, its leads and its engaged leads (created no later than its first deal, or all of them
-- without a deal), the engaged leads' personas as bits of account_persona_bits, and the furthest stage reached
-- by any lead or deal. in created_at order, so a date range skips the row groups outside it.
create or replace table account_groups as
with account_deals as (
    select
        coalesce(account_id, 'lead:' || lead_id) as account_key,
        min(created_at) as first_deal_at,
        min(case when is_won then coalesce(closed_at, created_at) end) as first_won_at,
        bool_or(is_won) as has_won,
        coalesce(sum(case when is_won then amount end), 0) as won_amount,
        arg_max(owner, (created_at, deal_id)) as deal_owner
    from deal_facts
    where coalesce(account_id, lead_id) is not null
    group by 1
),
people as (
    -- each lead with its account's deals (few: joined before the one pass over the leads)
    select
        l.*,
        b.persona_bit,
        d.account_key is not null as has_deal,
        d.first_deal_at is null or l.created_at <= d.first_deal_at as is_engaged,
        d.first_deal_at,
        d.first_won_at,
        d.has_won,
        d.won_amount,
        d.deal_owner
    from (select coalesce(account_id, 'lead:' || lead_id) as account_key, * from leads) as l
    left join account_deals as d using (account_key)
    left join account_persona_bits as b using (persona)
),
grouped as (
    -- the first lead's attributes are account_facts': it picks an account's first member by the same rule (a
    -- lead before a deal, then the earliest, then the least id); carrying eight of them through this aggregate
    -- as one struct took half of the table's time
    select
        account_key,
        max(account_id) as account_id,
        -- the first lead: the least of the structs, compared field by field, so the earliest and, among leads
        -- created at one moment, the least lead_id

        any_value(first_deal_at) as first_opportunity_at,
        any_value(first_won_at) as first_won_at,
        coalesce(any_value(won_amount), 0) as revenue,
        any_value(deal_owner) as deal_owner,
        count(*) as count_leads,
        count(*) filter (where is_engaged) as count_engaged,
        coalesce(bit_or(persona_bit) filter (where is_engaged), 0) as persona_mask,
        bool_or(has_deal) or bool_or(is_opportunity) as is_opportunity,
        coalesce(bool_or(has_won), false) or bool_or(is_customer) as is_customer,
        bool_or(is_sql) as is_sql,
        bool_or(is_mql) as is_mql
    from people
    group by account_key
)
select
    account_key, g.account_id, first_lead.created_at as created_at, first_lead.created_at as first_lead_at,
    first_lead.source, first_lead.persona, first_lead.segment, first_lead.industry, first_lead.region,
    first_lead.owner, g.first_opportunity_at, g.first_won_at, g.revenue, g.deal_owner, g.count_leads,
    g.count_engaged, g.persona_mask, g.is_opportunity, g.is_customer, g.is_sql, g.is_mql
from grouped as g
join account_facts as first_lead on first_lead.account_id = g.account_key
union all
-- the accounts with only deals whose lead is not stored (outbound): nobody engaged, reached opportunity (and
-- customer when won) on account_facts' dates
select
    f.account_id, f.account_id, f.created_at, null, f.source, f.persona, f.segment, f.industry, f.region,
    f.owner, f.opportunity_entered_at, f.customer_entered_at, f.revenue, coalesce(d.deal_owner, f.owner), 0, 0,
    0, f.is_opportunity, f.is_customer, f.is_sql, f.is_mql
from account_facts as f
left join account_deals as d on d.account_key = f.account_id
where f.lead_id is null
order by created_at;
