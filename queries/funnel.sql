-- one row per funnel stage (lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first, and the leads of the
-- previous stage that did not get here: dropped out, or still inside the conversion window.
with hits as (
    select *
    from funnel_hits($mode, $in_order, $window_days, $date_from, $date_to,
        $sources, $personas, $segments, $industries, $regions, $owners)
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
stages as (
    select 1 as stage_order, 'lead' as stage, n_lead as count_leads, 0 as count_in_progress from counted
    union all select 2, 'mql', n_mql, young_mql from counted
    union all select 3, 'sql', n_sql, young_sql from counted
    union all select 4, 'opportunity', n_opportunity, young_opportunity from counted
    union all select 5, 'customer', n_customer, young_customer from counted
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
