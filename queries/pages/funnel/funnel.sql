-- one row per funnel stage ($stages: lead, mql, sql, opportunity, customer): how many leads count at it
-- under the active mode, with % of the previous stage and % of the first, and the leads of the
-- previous stage that did not get here: dropped out, or still inside the conversion window. each lead's hits
-- (funnel_hits); an activity view over a date range counts its stage entries instead: funnel_entries.sql, a file of
-- its own, as DuckDB binds and plans every branch of a query before it cuts the one the view does not take (the
-- entries branch here was 40 % of this query's 80 ms at 20,000 leads, all of it planning). counted with count_if,
-- not count(*) filter (where …), which duckdb 2.0 evaluates apart for each aggregate: a third less cpu at 10 m leads
-- (all dates 470 -> 322 ms). count_if is a hugeint, and null, not 0, over no rows (an empty view) or when every test
-- is null: coalesce and the cast keep the counts bigint zeros
with counted as (
    select
        coalesce(count_if(hit_lead), 0)::bigint as n_lead,
        coalesce(count_if(hit_mql), 0)::bigint as n_mql,
        coalesce(count_if(hit_sql), 0)::bigint as n_sql,
        coalesce(count_if(hit_opportunity), 0)::bigint as n_opportunity,
        coalesce(count_if(hit_customer), 0)::bigint as n_customer,
        coalesce(count_if(hit_lead and not hit_mql and is_in_progress), 0)::bigint as young_mql,
        coalesce(count_if(hit_mql and not hit_sql and is_in_progress), 0)::bigint as young_sql,
        coalesce(count_if(hit_sql and not hit_opportunity and is_in_progress), 0)::bigint as young_opportunity,
        coalesce(count_if(hit_opportunity and not hit_customer and is_in_progress), 0)::bigint as young_customer
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
