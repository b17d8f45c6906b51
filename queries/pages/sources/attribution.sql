-- one row per source: the revenue of won deals in scope credited to the source under each attribution model (a
-- column each, named as config.ATTRIBUTION_MODELS): each deal's amount times the source's share of its path
-- (deal_credits, schema/deal_credits.sql, stored with the deal facts), so every model credits all revenue and the
-- models add up to the same total. counting by account, the first touch is the account's: its first lead's source
-- (account_source, as the account's row, the Funnel's breakdown and the source filter have it; trial 42: a referral
-- account's win on its paid-search contact read Referral ROI -100 %); the other models follow the deal's path.
with won as (
    select deal_id, amount, account_source
    from deals_in_scope($view)
    where status = 'won' and amount is not null
),
credits as (
    select
        c.source,
        w.amount * case when ($view).count_by = 'account' then 0 else c.first_touch end as first_touch,
        w.amount * c.last_touch as last_touch,
        w.amount * c.linear as linear,
        w.amount * c.u_shaped as u_shaped,
        w.amount * c.w_shaped as w_shaped,
        w.amount * c.time_decay as time_decay
    from won as w
    join deal_credits as c using (deal_id)
    union all
    select account_source, amount, 0, 0, 0, 0, 0
    from won
    where ($view).count_by = 'account'
)
-- every model's sums in one grouping (a source on any path has a share under the linear model)
select
    source,
    sum(first_touch) as first_touch,
    sum(last_touch) as last_touch,
    sum(linear) as linear,
    sum(u_shaped) as u_shaped,
    sum(w_shaped) as w_shaped,
    sum(time_decay) as time_decay
from credits
group by source
order by source;
