-- one row per funnel stage ($stages: lead, mql, sql, opportunity, customer) of an activity view over a date range:
-- the stage entries dated in it (stage_entries), with % of the previous stage and % of the first, as funnel.sql
-- gives a cohort's. it reads only the units with an entry in the range, a quarter of the time of every unit's hits
-- (without dates every unit has one, and unpivoting them all is slower: funnel.sql counts those). none is in
-- progress (that is the cohort's young leads); activity mode counts separate entries, so a later stage can outnumber
-- an earlier one.
with counted as (
    select
        count(*) filter (where stage = 'lead') as n_lead,
        count(*) filter (where stage = 'mql') as n_mql,
        count(*) filter (where stage = 'sql') as n_sql,
        count(*) filter (where stage = 'opportunity') as n_opportunity,
        count(*) filter (where stage = 'customer') as n_customer,
        0::bigint as young_mql,
        0::bigint as young_sql,
        0::bigint as young_opportunity,
        0::bigint as young_customer
    from stage_entries($view)
),
-- the stage names and order are config.STAGES ($stages); the counts above list them in that order
stages as (
    select s.*
    from counted, funnel_stages($stages, counted) as s
)
select *
from stages
-- the lateral call does not keep the macro's order (array_position: the name spark knows too)
order by array_position($stages, stage);
