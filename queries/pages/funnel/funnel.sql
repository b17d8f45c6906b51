-- one row per funnel stage ($stages: lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first, and the leads of the
-- previous stage that did not get here: dropped out, or still inside the conversion window.
with hits as (
    select *
    from funnel_hits($view)
),
counted as (
    select
        count(*) filter (where hit_lead) as n_lead,
        count(*) filter (where hit_mql) as n_mql,
        count(*) filter (where hit_sql) as n_sql,
        count(*) filter (where hit_opportunity) as n_opportunity,
        count(*) filter (where hit_customer) as n_customer,
        count(*) filter (where hit_lead and not hit_mql and is_young) as young_mql,
        count(*) filter (where hit_mql and not hit_sql and is_young) as young_sql,
        count(*) filter (where hit_sql and not hit_opportunity and is_young) as young_opportunity,
        count(*) filter (where hit_opportunity and not hit_customer and is_young) as young_customer
    from hits
),
-- the stage names and order are config.STAGES ($stages); the counts above list them in that order
stages as (
    select
        unnest($stages) as stage,
        unnest([n_lead, n_mql, n_sql, n_opportunity, n_customer]) as count_leads,
        unnest([0, young_mql, young_sql, young_opportunity, young_customer]) as count_in_progress,
        generate_subscripts($stages, 1) as stage_order
    from counted
),
with_previous as (
    select
        *,
        lag(count_leads) over (order by stage_order) as count_previous,
        first_value(count_leads) over (order by stage_order) as count_first
    from stages
)
select
    stage,
    count_leads,
    count_leads / nullif(count_previous, 0) as pct_of_previous,
    count_leads / nullif(count_first, 0) as pct_of_first,
    -- activity mode counts separate entries, so a later stage can outnumber an earlier one
    greatest(coalesce(count_previous - count_leads - count_in_progress, 0), 0) as count_dropped,
    count_in_progress
from with_previous
order by stage_order;
