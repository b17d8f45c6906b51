-- one row per source: the revenue of won deals in scope credited to the source under each attribution model (a
-- column each, named as config.ATTRIBUTION_MODELS): each deal's amount times the source's share of its path
-- (deal_credits, schema/deal_credits.sql, stored with the deal facts), so every model credits all revenue and the
-- models add up to the same total.
with won as (
    select deal_id, amount
    from deals_in_scope($view)
    where status = 'won' and amount is not null
)
-- every model's sums in one grouping (a source on any path has a share under the linear model)
select
    c.source,
    sum(w.amount * c.first_touch) as first_touch,
    sum(w.amount * c.last_touch) as last_touch,
    sum(w.amount * c.linear) as linear,
    sum(w.amount * c.u_shaped) as u_shaped,
    sum(w.amount * c.w_shaped) as w_shaped,
    sum(w.amount * c.time_decay) as time_decay
from won as w
join deal_credits as c using (deal_id)
group by c.source
order by c.source;
