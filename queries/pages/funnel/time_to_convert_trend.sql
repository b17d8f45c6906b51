-- one row per month and funnel step: median and 90th percentile days of the conversions that
-- completed in that month (leads in scope, both dates known and in order; under a conversion window only those whose
-- later stage's own date falls within it, as time_to_convert).
with hits as (
    select *
    from funnel_hits($view)
),
steps as (
    select 'lead' as from_stage, 'mql' as to_stage, mql_at as to_at, days_lead_to_mql as days
    from hits where hit_mql and in_window($view, mql_after_seconds)
    union all
    select 'mql', 'sql', sql_at, days_mql_to_sql from hits where hit_sql and in_window($view, sql_after_seconds)
    union all
    select 'sql', 'opportunity', opportunity_entered_at, days_sql_to_opportunity
    from hits where hit_opportunity and in_window($view, opportunity_after_seconds)
    union all
    select 'opportunity', 'customer', customer_entered_at, days_opportunity_to_customer
    from hits where hit_customer and in_window($view, customer_after_seconds)
)
select
    date_trunc('month', to_at)::date as month,
    from_stage,
    to_stage,
    count(*) as count_converted,
    quantile_cont(days, [0.5, 0.9]) as q
from steps
where days >= 0
group by all
order by month, from_stage;
