-- counting by account (issue 17): one row per account with the lead_stages columns the funnel macros read,
-- so funnel_hits counts accounts with the very rules it counts leads with. the rule in words is
-- config.ACCOUNT_RULE (the Definitions page shows it). refresh.sql stores v_account_stages as the table
-- account_facts with every import (computed on read it made an account funnel ten times slower than a lead
-- one, and binding it slowed every lead query too); view_units (macros/scope.sql) picks the unit by $view's
-- count_by.

-- the members of each account, one row each: its leads (a lead without account_id is an account of its own,
-- keyed 'lead:' || lead_id) and its deals whose lead is not stored (outbound, sales-sourced). such a deal has
-- reached opportunity on its creation, and so sql and mql by the funnel's rule; customer when won, on its close
-- (its creation without a close date), as lead_derivation dates a won deal.
create or replace view account_members as
    select
        coalesce(account_id, 'lead:' || lead_id) as account_key,
        true as is_lead,
        lead_id as member_id,
        created_at,
        mql_at, sql_at, first_contact_at, disqualified_at, disqualify_reason, revenue, has_open_deal,
        is_mql, is_sql, is_opportunity, is_customer,
        mql_entered_at, sql_entered_at, opportunity_entered_at, customer_entered_at,
        mql_in_order, sql_in_order, opportunity_in_order, customer_in_order
    from lead_stages
    union all
    select
        d.account_id, false, d.deal_id, d.created_at,
        null, null, null, null, null,
        case when d.status = 'won' then coalesce(d.amount, 0) else 0 end, d.status = 'open',
        true, true, true, d.status = 'won',
        d.created_at, d.created_at, d.created_at, case when d.status = 'won' then coalesce(d.closed_at, d.created_at) end,
        true, true, true, d.status = 'won'
    from deals as d
    anti join leads as l on l.lead_id = d.lead_id
    where d.account_id is not null;

-- one row per account: lead_id, account_id (its key), created_at and the first-touch attributes of its first
-- lead (by creation, then lead_id; an account of outbound deals only: its first deal's date, source and owner);
-- reached a stage when any member did, entered it at the earliest member entry; in order at a stage when any
-- member entered it in order; disqualified when every member is (a lead's date, the latest, with its reason);
-- its revenue and open deals summed over members. after_seconds and days_* as lead_stages computes them, from
-- the account's own dates. the first member is picked by its key alone and its attributes joined from its lead
-- or deal: carrying them through the aggregate (arg_min of a struct) was twenty times slower, and joining
-- back to account_members computed its union (and the anti-join) a second time.
create or replace view v_account_stages as
with per_account as (
    select
        account_key,
        min(struct_pack(not_lead := not is_lead, created_at := created_at, member_id := member_id)) as first_member,
        min(mql_at) as mql_at,
        min(sql_at) as sql_at,
        min(first_contact_at) as first_contact_at,
        case when bool_and(disqualified_at is not null) then max(disqualified_at) end as disqualified_at,
        case when bool_and(disqualified_at is not null) then arg_max(disqualify_reason, disqualified_at) end
            as disqualify_reason,
        sum(revenue) as revenue,
        bool_or(has_open_deal) as has_open_deal,
        bool_or(is_mql) as is_mql,
        bool_or(is_sql) as is_sql,
        bool_or(is_opportunity) as is_opportunity,
        bool_or(is_customer) as is_customer,
        min(mql_entered_at) as mql_entered_at,
        min(sql_entered_at) as sql_entered_at,
        min(opportunity_entered_at) as opportunity_entered_at,
        min(customer_entered_at) as customer_entered_at,
        bool_or(mql_in_order) as mql_in_order,
        bool_or(sql_in_order) as sql_in_order,
        bool_or(opportunity_in_order) as opportunity_in_order,
        bool_or(customer_in_order) as customer_in_order
    from account_members
    group by account_key
),
accounts as (
    select
        l.lead_id,
        a.first_member.created_at as created_at,
        case when a.first_member.not_lead then coalesce(d.source, 'unknown') else l.source end as source,
        l.campaign, l.persona, l.segment, l.industry, l.region,
        case when a.first_member.not_lead then d.owner else l.owner end as owner,
        a.account_key as account_id,
        a.* exclude (account_key, first_member)
    from per_account as a
    left join leads as l on not a.first_member.not_lead and l.lead_id = a.first_member.member_id
    left join deals as d on a.first_member.not_lead and d.deal_id = a.first_member.member_id
)
select
    *,
    date_diff('second', created_at, mql_entered_at) as mql_after_seconds,
    date_diff('second', created_at, sql_entered_at) as sql_after_seconds,
    date_diff('second', created_at, opportunity_entered_at) as opportunity_after_seconds,
    date_diff('second', created_at, customer_entered_at) as customer_after_seconds,
    date_diff('second', created_at, mql_at) / 86400.0 as days_lead_to_mql,
    date_diff('second', mql_at, sql_at) / 86400.0 as days_mql_to_sql,
    date_diff('second', sql_at, opportunity_entered_at) / 86400.0 as days_sql_to_opportunity,
    date_diff('second', opportunity_entered_at, customer_entered_at) / 86400.0 as days_opportunity_to_customer
from accounts;
