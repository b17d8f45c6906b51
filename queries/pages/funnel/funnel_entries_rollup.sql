-- one row per funnel stage, as funnel.sql gives it in activity mode, read from entries_rollup (schema/rollup.sql)
-- instead of the leads: only for the views dashboard.rollups.activity_exact accepts (activity mode, counting
-- leads, a range of whole months or open). an activity funnel counts each stage's entries dated in the range
-- (with the view's in_order, those made in order), and none is in progress: that is the cohort's young leads.
with counted as (
    select
        coalesce(sum(leads), 0) as n_lead,
        coalesce(sum(case when ($view).in_order then mql_in_order else mql end), 0) as n_mql,
        coalesce(sum(case when ($view).in_order then sql_in_order else sql end), 0) as n_sql,
        coalesce(sum(case when ($view).in_order then opportunity_in_order else opportunity end), 0) as n_opportunity,
        coalesce(sum(case when ($view).in_order then customer_in_order else customer end), 0) as n_customer,
        0 as young_mql,
        0 as young_sql,
        0 as young_opportunity,
        0 as young_customer
    from entries_rollup
    where in_view($view, month) and view_match($view, source, persona, segment, industry, region, owner)
)
select stages.*
from counted, funnel_stages($stages, counted) as stages
-- the lateral call does not keep the macro's order
order by list_position($stages, stages.stage);
