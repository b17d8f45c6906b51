-- one row per funnel stage, as funnel.sql gives it, read from funnel_rollup (schema/rollup.sql) instead of the
-- leads: only for the views dashboard.rollups.exact accepts (cohort mode, whole months, the default window,
-- at most one dimension filtered), whose months and value rows add up to exactly the view's leads.
with chosen as (
    select *
    from funnel_rollup
    where in_view($view, month)
        and case
            when len(($view).sources) > 0 then dimension = 'source' and list_contains(($view).sources, value)
            when len(($view).personas) > 0 then dimension = 'persona' and list_contains(($view).personas, value)
            when len(($view).segments) > 0 then dimension = 'segment' and list_contains(($view).segments, value)
            when len(($view).industries) > 0 then dimension = 'industry' and list_contains(($view).industries, value)
            when len(($view).regions) > 0 then dimension = 'region' and list_contains(($view).regions, value)
            when len(($view).owners) > 0 then dimension = 'owner' and list_contains(($view).owners, value)
            else dimension = 'all'
        end
),
counted as (
    select
        coalesce(sum(leads), 0) as n_lead,
        coalesce(sum(case when ($view).in_order then ordered_mql else mql end), 0) as n_mql,
        coalesce(sum(case when ($view).in_order then ordered_sql else sql end), 0) as n_sql,
        coalesce(sum(case when ($view).in_order then ordered_opportunity else opportunity end), 0) as n_opportunity,
        coalesce(sum(case when ($view).in_order then ordered_customer else customer end), 0) as n_customer,
        coalesce(sum(case when ($view).in_order then ordered_young_mql else young_mql end), 0) as young_mql,
        coalesce(sum(case when ($view).in_order then ordered_young_sql else young_sql end), 0) as young_sql,
        coalesce(sum(case when ($view).in_order then ordered_young_opportunity else young_opportunity end), 0)
            as young_opportunity,
        coalesce(sum(case when ($view).in_order then ordered_young_customer else young_customer end), 0)
            as young_customer
    from chosen
)
select stages.*
from counted, funnel_stages($stages, counted) as stages
-- the lateral call does not keep the macro's order
order by list_position($stages, stages.stage);
