-- counting by account (issue 17): the members of each account, from which schema/account_facts.sql stores one
-- row per account with every import (computed on read it made an account funnel ten times slower than a lead
-- one, and binding it slowed every lead query too). the rule in words is config.ACCOUNT_RULE (the Definitions
-- page shows it); view_units (macros/scope.sql) picks the unit by $view's count_by.

-- files of derived version 11 and older computed the accounts through this view
drop view if exists v_account_stages;

-- the members of each account, one row each: its leads (a lead without account_id is an account of its own,
-- keyed 'lead:' || lead_id) and its deals whose lead is not stored (outbound, sales-sourced). such a deal has
-- reached opportunity on its creation, and so sql and mql by the funnel's rule; customer when won, on its close
-- (its creation without a close date), as lead_derivation dates a won deal. member_account_id and persona: a
-- lead's own (null for a deal), for the buying group.
create or replace view account_members as
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
        mql_in_order, sql_in_order, opportunity_in_order, customer_in_order
    from lead_stages
    union all
    select
        d.account_id, false, d.deal_id, null, null, d.created_at,
        null, null, null, null, null,
        case when d.status = 'won' then coalesce(d.amount, 0) else 0 end, d.status = 'open',
        true, true, true, d.status = 'won',
        d.created_at, d.created_at, d.created_at, case when d.status = 'won' then coalesce(d.closed_at, d.created_at) end,
        true, true, true, d.status = 'won'
    from deals as d
    anti join leads as l on l.lead_id = d.lead_id
    where d.account_id is not null;
