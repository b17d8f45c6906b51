-- one row per source: the revenue of won deals in scope credited to the source under each attribution model (a
-- column each, named as config.ATTRIBUTION_MODELS), so every model credits all revenue and the models add up to the
-- same total. first touch credits the original source: the deal's lead's, counting by account the account's (its
-- first lead's, as the account's row, the Funnel's breakdown and the source filter have it; trial 42: a referral
-- account's win on its paid-search contact read Referral ROI -100 %), so a source's first-touch revenue is the revenue
-- of its won deals in the Sources table (trial 64: by lead it was the first logged touch, and Paid Search read Won 3,
-- $123k where its wins were $95k). the other models follow the deal's path: each deal's amount times the source's
-- share of it (deal_credits, schema/deal_credits.sql, stored with the deal facts). dashboard.sources.attribution
-- lifts the view's source filter first: a source is credited on every won deal in view whose path it is on.
with won as (
    select
        deal_id,
        amount,
        case when ($view).count_by = 'account' then account_source else source end as original_source
    from deals_in_scope($view)
    where status = 'won' and amount is not null
),
credits as (
    select
        c.source,
        0.0 as first_touch,
        w.amount * c.last_touch as last_touch,
        w.amount * c.linear as linear,
        w.amount * c.u_shaped as u_shaped,
        w.amount * c.w_shaped as w_shaped,
        w.amount * c.time_decay as time_decay
    from won as w
    join deal_credits as c using (deal_id)
    union all
    select original_source, amount, 0, 0, 0, 0, 0
    from won
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
