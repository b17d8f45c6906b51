-- one row per month and stage: how many leads (accounts, counting by account) entered that stage in that
-- month (activity view, inside the date range and the dimension filters; with the view's in_order, only
-- entries made in order, as the activity funnel counts them).
with scoped as (
    select *
    from view_units($view)
),
entries as (
    unpivot (
        select
            created_at as lead,
            case when not ($view).in_order or mql_in_order then mql_entered_at end as mql,
            case when not ($view).in_order or sql_in_order then sql_entered_at end as sql,
            case when not ($view).in_order or opportunity_in_order then opportunity_entered_at end as opportunity,
            case when not ($view).in_order or customer_in_order then customer_entered_at end as customer
        from scoped
        -- only leads with an entry in the range (the where below keeps no other): unpivoting every lead
        -- cost 20-30 % more (a lead may enter a stage before its own creation, so each entry is tested)
        where in_view($view, created_at) or in_view($view, mql_entered_at) or in_view($view, sql_entered_at)
            or in_view($view, opportunity_entered_at) or in_view($view, customer_entered_at)
    ) on lead, mql, sql, opportunity, customer into name stage value entered_at
)
select
    date_trunc('month', entered_at)::date as month,
    stage,
    count(*) as count_entries
from entries
where in_view($view, entered_at)
group by all
order by month, stage;
