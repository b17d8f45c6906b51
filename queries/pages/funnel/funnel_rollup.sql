-- one row per funnel stage, as funnel.sql gives it, read from funnel_rollup (account_funnel_rollup counting by
-- account; schema/rollup.sql) instead of the leads: only for the views dashboard.rollups.unit_exact accepts (cohort
-- mode, stages reached, whole months, the default window, at most one dimension filtered), whose months and value
-- rows add up to exactly the view's leads (accounts).
-- a blank value's rows (value null) are chosen by "(none)" (value_fits), as the scan chooses its leads.
with chosen as (
    select *
    -- the rollup of the view's unit (dashboard.rollups.unit_exact): the other branch is cut from the plan (the view
    -- is bound before planning), both tables are a few thousand rows
    from (
        select * from funnel_rollup where ($view).count_by = 'lead'
        union all
        select * from account_funnel_rollup where ($view).count_by = 'account'
    )
    where in_view($view, month)
        and case
            when len(($view).sources) > 0 then dimension = 'source' and value_fits(($view).sources, value)
            when len(($view).personas) > 0 then dimension = 'persona' and value_fits(($view).personas, value)
            when len(($view).segments) > 0 then dimension = 'segment' and value_fits(($view).segments, value)
            when len(($view).industries) > 0 then dimension = 'industry' and value_fits(($view).industries, value)
            when len(($view).regions) > 0 then dimension = 'region' and value_fits(($view).regions, value)
            when len(($view).owners) > 0 then dimension = 'owner' and value_fits(($view).owners, value)
            else dimension = 'all'
        end
),
counted as (
    select
        coalesce(sum(leads), 0) as n_lead,
        coalesce(sum(mql), 0) as n_mql,
        coalesce(sum(sql), 0) as n_sql,
        coalesce(sum(opportunity), 0) as n_opportunity,
        coalesce(sum(customer), 0) as n_customer,
        coalesce(sum(young_mql), 0) as young_mql,
        coalesce(sum(young_sql), 0) as young_sql,
        coalesce(sum(young_opportunity), 0) as young_opportunity,
        coalesce(sum(young_customer), 0) as young_customer
    from chosen
)
select stages.*
from counted, funnel_stages($stages, counted) as stages
-- the lateral call does not keep the macro's order
order by list_position($stages, stages.stage);
