-- one row per funnel stage ($stages: lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first, and the leads of the
-- previous stage that did not get here: dropped out, or still inside the conversion window. each lead's hits
-- (funnel_hits); an activity view over a date range counts its stage entries instead: funnel_entries.sql, a file of
-- its own, as DuckDB binds and plans every branch of a query before it cuts the one the view does not take (the
-- entries branch here was 40 % of this query's 80 ms at 20,000 leads, all of it planning)
with counted as (
    select
        count(*) filter (where hit_lead) as n_lead,
        count(*) filter (where hit_mql) as n_mql,
        count(*) filter (where hit_sql) as n_sql,
        count(*) filter (where hit_opportunity) as n_opportunity,
        count(*) filter (where hit_customer) as n_customer,
        count(*) filter (where hit_lead and not hit_mql and is_in_progress) as young_mql,
        count(*) filter (where hit_mql and not hit_sql and is_in_progress) as young_sql,
        count(*) filter (where hit_sql and not hit_opportunity and is_in_progress) as young_opportunity,
        count(*) filter (where hit_opportunity and not hit_customer and is_in_progress) as young_customer
    from funnel_hits($view)
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
