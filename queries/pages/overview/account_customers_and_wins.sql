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
with hits as (
    select account_id, hit_customer
    from funnel_hits($view)
),
won as (
    select deal_id, coalesce(unit_account_id, 'lead:' || lead_id) as account_id
    from deals_in_scope($view)
    where status = 'won'
),
won_accounts as (
    select distinct account_id
    from won
)
select
    (select count(*) from hits where hit_customer) as count_customers,
    (select count(*) from won) as count_won,
    (select count(*) from won_accounts) as count_won_accounts,
    (select count(*) from won) - (select count(*) from won_accounts) as count_repeat_wins,
    (
        select count(*)
        from won_accounts as w
        left join hits as h using (account_id)
        where not coalesce(h.hit_customer, false)
    ) as count_won_accounts_not_customers,
    (
        select count(*)
        from hits as h
        where h.hit_customer and h.account_id not in (select account_id from won_accounts)
    ) as count_customers_without_win;
