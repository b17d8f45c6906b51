-- counting by account (issue 17): the members of each account, from which schema/account_facts.sql stores one
-- row per account with every import (computed on read it made an account funnel ten times slower than a lead
-- one, and binding it slowed every lead query too). the rule in words is config.ACCOUNT_RULE (the Definitions
-- page shows it); view_units (macros/scope.sql) picks the unit by $view's count_by.

-- files of derived version 11 and older computed the accounts through this view
drop view if exists v_account_stages;

-- the deals with a stored lead counted for another account than their lead's (trial 42: a HubSpot deal whose
-- company is not its contact's, its company having contacts of its own): by account a deal belongs to one account,
-- the one it names (deal_facts.unit_account_id; a deal booked on an account none of the leads belongs to,
-- account_booked_deals, stays its lead's). before, the deal's lead took its stage to the lead's own account too:
-- one won deal made two customer accounts, the Funnel crediting one and the deal summary the other. the table
-- account_moved_deals (schema/tables.sql) holds them, written by schema/account_facts.sql: read four times below,
-- the join of every deal with its lead is made once

-- the leads with a moved deal, derived again for their own account with their other deals only. their lifecycle
-- stage past sql is taken as the moved deal's (a CRM makes the contact of a won deal a customer, of an open one an
-- opportunity): it reads sql, the lead having been worked by sales, so their account reaches opportunity and
-- customer only through its own deals
create or replace view account_moved_leads as
select
    * replace (
        case when lower(lifecycle_stage) in ('opportunity', 'customer') then 'sql' else lifecycle_stage end
            as lifecycle_stage
    )
from leads
where lead_id in (select lead_id from account_moved_deals);

create or replace view account_moved_lead_deals as
select *
from deals
where lead_id in (select lead_id from account_moved_deals)
    and deal_id not in (select deal_id from account_moved_deals);

-- the members of each account, one row each: its leads (a lead without account_id is an account of its own,
-- keyed 'lead:' || lead_id; a lead with a moved deal as account_moved_leads derives it) and its deals whose lead
-- is not stored (outbound, sales-sourced) or is another account's (account_moved_deals). such a deal has
-- reached opportunity on its creation, and so sql and mql by the funnel's rule; customer when won, on its close
-- (its creation without a close date), as lead_derivation dates a won deal. member_account_id and persona: a
-- lead's own (null for a deal), for the buying group; lifecycle_stage a lead's (a rejection by status alone);
-- is_moved_back a lead's (schema/derivation.sql), which tells where the account is now (account_facts.sql).
create or replace view account_members as
with member_leads as (
    select * from lead_stages anti join account_moved_deals using (lead_id)
    union all by name
    select * from lead_derivation('account_moved_leads', 'account_moved_lead_deals')
),
member_deals as (
    select d.*
    from deals as d
    anti join leads as l on l.lead_id = d.lead_id
    where d.account_id is not null
    union all
    select d.*
    from deals as d
    where d.deal_id in (select deal_id from account_moved_deals)
)
select
    coalesce(account_id, 'lead:' || lead_id) as account_key,
    true as is_lead,
    lead_id as member_id,
    account_id as member_account_id,
    persona,
    created_at,
    mql_at, sql_at, first_contact_at, disqualified_at, disqualify_reason, revenue, has_open_deal,
    is_mql, is_sql, is_opportunity, is_customer,
    mql_entered_at, sql_entered_at, opportunity_entered_at, customer_entered_at,
    mql_in_order, sql_in_order, opportunity_in_order, customer_in_order,
    lifecycle_stage, is_moved_back
from member_leads
union all
select
    d.account_id, false, d.deal_id, null, null, d.created_at,
    null, null, null, null, null,
    case when d.status = 'won' then coalesce(d.amount, 0) else 0 end, d.status = 'open',
    true, true, true, d.status = 'won',
    d.created_at, d.created_at, d.created_at, case when d.status = 'won' then coalesce(d.closed_at, d.created_at) end,
    true, true, true, d.status = 'won',
    null, false
from member_deals as d;
