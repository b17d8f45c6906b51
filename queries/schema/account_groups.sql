-- buying groups stored at import (issue 17): everything of an account that no filter changes, so the Accounts
-- page reads one row per account (macros/buying_groups.sql) instead of grouping every lead on each view. a view
-- over schema/account_facts.sql's account_rows (one grouping of the members gives both), created after it by
-- store.refresh_derived; its accounts without a lead (an outbound deal only) are taken in too, so the Accounts
-- page counts the accounts the Funnel page counts.

-- one row per account: its key (a lead without account_id is keyed 'lead:' || lead_id), its account_id,
-- created_at (its first lead's creation; an account without a lead: its first deal's, as account_facts dates
-- it), first_lead_at (null without a lead), the first lead's attributes (account_facts' for an account without
-- a lead: its first deal's source and owner), its first deal's and first won deal's dates, won revenue, the
-- latest deal's owner, its leads and its engaged leads, the engaged leads' personas as bits of
-- account_persona_bits, and the furthest stage reached by any lead or deal (account_rows' group_* columns).
create or replace view account_groups as
select
    account_id as account_key, group_account_id as account_id, created_at, group_first_lead_at as first_lead_at,
    source, persona, segment, industry, region, owner, group_first_deal_at as first_opportunity_at,
    group_first_won_at as first_won_at, group_won_amount as revenue, group_deal_owner as deal_owner,
    group_count_leads as count_leads, group_count_engaged as count_engaged, group_persona_mask as persona_mask,
    group_is_opportunity as is_opportunity, group_is_customer as is_customer, group_is_sql as is_sql,
    group_is_mql as is_mql
from account_rows;
