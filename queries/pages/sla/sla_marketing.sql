-- one row per month and metric (leads, mqls): what marketing delivered (leads created, mqls
-- entered, in that month, within the dimension filters), what was promised (the targets that fit the
-- view, view_target_months: null when the view has none, or a selected source has none that month), and attainment
-- (macros/marketing_attainment.sql, which sla_marketing_rollup.sql shares).
with scoped as (
    select *
    from view_leads($view)
),
delivered as (
    select date_trunc('month', created_at)::date as month, 'leads' as metric, count(*) as delivered
    from scoped
    where in_view($view, created_at)
    group by all
    union all
    -- with $in_order only entries made in order count, as the activity funnel counts them
    select date_trunc('month', mql_entered_at)::date, 'mqls', count(*)
    from scoped
    where mql_entered_at is not null and in_view($view, mql_entered_at)
        and (not ($view).in_order or mql_in_order)
    group by all
)
select *
from marketing_attainment('delivered', $view, $target_scope, $target_sources)
order by month, metric;
