-- one row per month and metric (leads, mqls): sla_marketing.sql's rows read from entries_rollup (schema/rollup.sql)
-- instead of the leads, used only where dashboard.rollups.months_exact says the answer is the same (a range of whole
-- months, or open): the rollup's months are the leads' created months and their mql entries' months, with every
-- dimension a column, so the same leads are counted. the targets are read as sla_marketing.sql reads them (both call
-- macros/marketing_attainment.sql).
with delivered_months as (
    select
        month,
        sum(leads)::bigint as leads,
        -- with $in_order only entries made in order count, as the activity funnel counts them
        sum(case when ($view).in_order then mql_in_order else mql end)::bigint as mqls
    from entries_rollup
    where in_view($view, month) and view_match($view, source, persona, segment, industry, region, owner)
    group by month
),
-- a scan has a row only where a lead was created or an mql entered that month
delivered as (
    select *
    from (unpivot delivered_months on leads, mqls into name metric value delivered)
    where delivered > 0
)
select *
from marketing_attainment('delivered', $view, $target_scope, $target_sources)
order by month, metric;
