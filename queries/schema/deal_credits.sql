-- one row per won deal and source on its path: the share of the deal's revenue each attribution model that follows
-- the path gives the source (a column each, named as config.ATTRIBUTION_MODELS; every model's shares of a deal add up
-- to 1). first touch is not among them: it credits the original source (the lead's, counting by account the
-- account's), which pages/sources/attribution.sql reads from the deals in view (trial 64: it was the first logged
-- touch by lead and the account's source by account). the Sources page multiplies the shares by the amounts of the
-- won deals in view (pages/sources/attribution.sql).
-- stored with the deal facts by every refresh: ranking every won deal's touches on each render took half a second
-- at 10 m leads, and a path does not depend on the view, only on the deal and its lead's touches.
-- a deal's path is its lead's touches up to the deal's creation (the opportunity); a deal without
-- touches has one, its original source, so every model credits all revenue and the models add up
-- to the same total. the w-shaped model's middle key touch is the middle of the path (position (n + 1) // 2 of n
-- touches in time order: for an even count the earlier of the two middle ones): flat exports do not mark the
-- lead-creation touch it stands for.
with won as (
    select deal_id, lead_id, created_at as opened_at, source as original_source
    from deal_facts
    where status = 'won'
),
touched as (
    select w.deal_id, w.opened_at, coalesce(t.source, w.original_source) as source, t.touched_at
    from won as w
    join touches as t on t.lead_id = w.lead_id and t.touched_at <= w.opened_at
),
paths as (
    -- time decay: a touch's weight halves for every $half_life_days before the opportunity
    select *, power(0.5, date_diff('second', touched_at, opened_at) / 86400.0 / $half_life_days) as decay
    from touched
    union all
    select deal_id, opened_at, original_source, opened_at, 1.0
    from won
    where deal_id not in (select deal_id from touched)
),
numbered as (
    -- the three windows share one partition: the path's length and total decay beside each touch's place
    select
        *,
        row_number() over (partition by deal_id order by touched_at, source) as pos,
        count(*) over (partition by deal_id) as n,
        sum(decay) over (partition by deal_id) as path_decay
    from paths
),
weighted as (
    select
        deal_id,
        source,
        case when pos = n then 1.0 else 0.0 end as last_touch,
        1.0 / n as linear,
        case
            when n = 1 then 1.0
            when n = 2 then 0.5
            when pos = 1 or pos = n then 0.4
            else 0.2 / (n - 2)
        end as u_shaped,
        case
            when n <= 3 then 1.0 / n
            when pos = 1 or pos = n or pos = (n + 1) // 2 then 0.3
            else 0.1 / (n - 3)
        end as w_shaped,
        decay / path_decay as time_decay
    from numbered
)
-- a source touched several times on one path has one row, its shares summed
select
    deal_id,
    source,
    sum(last_touch) as last_touch,
    sum(linear) as linear,
    sum(u_shaped) as u_shaped,
    sum(w_shaped) as w_shaped,
    sum(time_decay) as time_decay
from weighted
group by deal_id, source;
