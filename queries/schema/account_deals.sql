-- one row per deal an account counts (macros/scope.sql view_account_deals reads it): the deal tied to its account
-- as the buying group ties it (by the deal's account_id, else its lead's, deal_facts.unit_account_id, else its lead
-- itself; a deal without a stored lead and without an account is no account's), with its account's creation as
-- its cohort_at and its account's first-touch source and campaign (account_source, account_campaign: what the
-- Sources page credits by account), and the account's dimension values a view matches the account on
-- (account_persona ... account_owner; its source is account_source). stored with the accounts: joining the 1.2
-- million deals to the 4.7 million accounts on every view counted by account took 0.7 s of a landing page at ten
-- million leads, where matching the stored values reads the deals alone. rebuilt after the account tables
-- (store._refresh_accounts) and whenever the deal facts change without them: the sales-owned sources decide a
-- deal's first_touched_at (store.set_sales_sources; review 92: a stale copy kept the old influenced pipeline).
create or replace table account_deals as
select
    d.* replace (a.created_at as cohort_at),
    a.source as account_source,
    a.campaign as account_campaign,
    a.persona as account_persona,
    a.segment as account_segment,
    a.industry as account_industry,
    a.region as account_region,
    a.owner as account_owner
from deal_facts as d
join account_facts as a on a.account_id = coalesce(d.unit_account_id, 'lead:' || d.lead_id);
