-- one row: the view's deals counted by lead (deals_in_scope of the view with count_by 'lead') that have neither a lead
-- nor an account (no lead id, and no account of their own or of a lead): counting by account they count for no account
-- (macros/scope.sql view_account_deals), so the by-account won deals and revenue leave them out while the by-lead ones
-- count them. count_deals: all of them; count_won and revenue: the won ones.
select
    count(*) as count_deals,
    count(*) filter (where status = 'won') as count_won,
    coalesce(sum(amount) filter (where status = 'won'), 0) as revenue
from deals_in_scope($view)
where lead_id is null and unit_account_id is null
