-- one row per month (of the view's date range, deals filtered by the dimensions): deals won
-- and revenue by the month they closed, pipeline created by the month the deal was created, split
-- into marketing-sourced, sales-sourced and of unknown origin by the deal's originating source (deal_origin;
-- $sales_sources and $unknown_sources: the labels sources.origin_labels found), and the month's revenue target
-- that fits the view (view_target_months: none in a month where a selected source has no revenue target).
-- the deals are summed per month and origin inputs (source, has_lead, is_unsourced: a few hundred rows) before their
-- origin is read: one deal_origin a deal, on a shared copy of every deal in the view, cost two thirds of the query
-- (20 of 30 ms at ten million leads, asked three times a landing page)
with won_parts as (
    select
        date_trunc('month', closed_at)::date as month,
        source, has_lead, is_unsourced,
        count(*) as count_won,
        sum(amount) as revenue
    from view_deals($view)
    where status = 'won' and in_view($view, closed_at)
    group by all
),
created_parts as (
    select
        date_trunc('month', created_at)::date as month,
        source, has_lead, is_unsourced,
        sum(amount) as pipeline
    from view_deals($view)
    where in_view($view, created_at)
    group by all
),
months as (
    select unnest(generate_series(date_trunc('month', ($view).date_from), date_trunc('month', ($view).date_to - interval 1 day),
        interval 1 month))::date as month
),
won as (
    select
        month,
        sum(count_won)::bigint as count_won,
        sum(revenue) as revenue,
        sum(revenue) filter (where origin = 'marketing') as revenue_marketing,
        sum(revenue) filter (where origin = 'sales') as revenue_sales,
        sum(revenue) filter (where origin = 'unknown') as revenue_unknown
    from (
        select *, deal_origin(source, has_lead, is_unsourced, $sales_sources, $unknown_sources) as origin
        from won_parts
    )
    group by month
),
created as (
    select
        month,
        sum(pipeline) as pipeline,
        sum(pipeline) filter (where origin = 'marketing') as pipeline_marketing,
        sum(pipeline) filter (where origin = 'sales') as pipeline_sales,
        sum(pipeline) filter (where origin = 'unknown') as pipeline_unknown
    from (
        select *, deal_origin(source, has_lead, is_unsourced, $sales_sources, $unknown_sources) as origin
        from created_parts
    )
    group by month
),
revenue_targets as (
    select month, target as revenue_target
    from view_target_months($target_scope, $target_sources)
    where metric = 'revenue' and every_source
)
select
    m.month,
    coalesce(w.count_won, 0) as count_won,
    coalesce(w.revenue, 0) as revenue,
    coalesce(w.revenue_marketing, 0) as revenue_marketing,
    coalesce(w.revenue_sales, 0) as revenue_sales,
    coalesce(w.revenue_unknown, 0) as revenue_unknown,
    coalesce(c.pipeline, 0) as pipeline,
    coalesce(c.pipeline_marketing, 0) as pipeline_marketing,
    coalesce(c.pipeline_sales, 0) as pipeline_sales,
    coalesce(c.pipeline_unknown, 0) as pipeline_unknown,
    t.revenue_target
from months as m
left join won as w using (month)
left join created as c using (month)
left join revenue_targets as t using (month)
order by m.month;
