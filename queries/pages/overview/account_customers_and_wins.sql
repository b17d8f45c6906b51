-- one row, counting by account: how the funnel's customer accounts (accounts counted at the customer stage under
-- the mode and window, funnel_hits) and the won deals of the view's accounts (deals_in_scope: every deal of the
-- accounts created in the range, whatever the window, as Sources' won deals, new customer accounts and revenue
-- count them) relate. won deals = customers + repeat_wins + won_accounts_not_customers - customers_without_win:
--   count_won_accounts: the accounts with a won deal in scope (by account's key, the deal's account, else its
--     lead's, else its lead itself: schema/account_deals.sql);
--   repeat_wins: won deals beyond the first of the same account in scope;
--   won_accounts_not_customers: accounts with a won deal in scope the funnel does not count as customers (cohort
--     mode: the account's first win after the conversion window, which starts at its first lead, or out of stage
--     order; activity mode: first win outside the range, a later win inside it);
--   customers_without_win: customer accounts with no won deal in scope (a lifecycle stage only, or a win without a
--     close date).
-- before (probe 93), the sentence under these counts said by account that a customer is an account with a won
-- deal, where the funnel counted 38 customer accounts and 44 accounts had a won deal: 6 won after the 180-day window.
-- a deal with neither a lead nor an account is no account's (ui.accountless_note says so): not in these counts.
-- only the customer accounts' keys are kept of the funnel's hits (a few per cent of the accounts), and they meet the won
-- accounts in one join: keeping every account's hit and matching the won accounts against all of them, twice, was most
-- of the query at ten million leads (an account is one row of the hits: account_facts).
with customers as (
    select account_id
    from funnel_hits($view)
    where hit_customer
),
won as (
    select coalesce(unit_account_id, 'lead:' || lead_id) as account_id
    from deals_in_scope($view)
    where status = 'won'
),
won_accounts as (
    select account_id, count(*) as count_wins
    from won
    group by account_id
),
matched as (
    select c.account_id is not null as is_customer, w.account_id is not null as is_won_account, w.count_wins
    from customers as c
    full join won_accounts as w using (account_id)
)
select
    count(*) filter (where is_customer) as count_customers,
    coalesce(sum(count_wins), 0)::bigint as count_won,
    count(*) filter (where is_won_account) as count_won_accounts,
    (coalesce(sum(count_wins), 0) - count(*) filter (where is_won_account))::bigint as count_repeat_wins,
    count(*) filter (where is_won_account and not is_customer) as count_won_accounts_not_customers,
    count(*) filter (where is_customer and not is_won_account) as count_customers_without_win
from matched;
