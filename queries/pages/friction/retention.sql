-- one row: what happens after the sale, for won deals in scope. activated = reached first success;
-- churned within $churn_days of signing; repeat = accounts with more than one won deal among
-- accounts with any (deals without an account are left out of that ratio). has_activated / has_churned: whether
-- any deal of the data has the date at all; without one the column was never imported and the rate is
-- unknown, not 0 % (a CRM export without activated_at read "0.0% reached first success").
with won as (
    select *
    from deals_in_scope($view)
    where status = 'won'
),
accounts as (
    select account_id, count(*) as count_won
    from won
    where account_id is not null
    group by account_id
)
select
    count(*) as count_won,
    count(*) filter (where activated_at is not null) as count_activated,
    count(*) filter (
        where churned_at is not null and churned_at <= coalesce(closed_at, created_at) + to_days($churn_days::integer)
    ) as count_churned_early,
    (select count(*) from accounts) as count_accounts,
    (select count(*) from accounts where count_won > 1) as count_repeat_accounts,
    exists (select 1 from deals where activated_at is not null) as has_activated,
    exists (select 1 from deals where churned_at is not null) as has_churned
from won;
