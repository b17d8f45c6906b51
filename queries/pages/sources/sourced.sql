-- one row per month a deal was created in: pipeline created and revenue won, split into marketing-sourced,
-- sales-sourced and of unknown origin (deal_origin: $sales_sources and $unknown_sources are the labels
-- sources.origin_labels found; the three add up to all of it), and the part of all of it that marketing
-- influenced (the lead had a touch before the deal was created). pipeline: the deals created in the view's dates
-- (activity mode: their own creation, as the Overview's "Pipeline created"; cohort mode: their lead's, or with
-- count_by 'account' their account's, as every cohort count); revenue: the deals won in scope (deals_in_scope: in
-- activity mode those closed in the dates, whenever created). the touched_/untouched_ columns say how the
-- influenced part and the marketing-sourced part differ.
with scoped as (
    select
        date_trunc('month', d.created_at)::date as month,
        coalesce(d.amount, 0) as amount,
        -- won and in scope (deals_in_scope's rule read on the row: a join of the deals to their own in-scope ids
        -- cost half the query, 0.2 s at a million deals)
        d.status = 'won' and coalesce(deal_in_scope($view, d.status, d.created_at, d.closed_at, d.cohort_at), false)
            as is_won,
        case
            when ($view).mode = 'activity' then coalesce(in_view($view, d.created_at), false)
            else coalesce(in_view($view, d.cohort_at), false)
        end as is_pipeline,
        deal_origin(d.source, d.has_lead, d.is_unsourced, $sales_sources, $unknown_sources) as origin,
        coalesce(d.first_touched_at <= d.created_at, false) as is_influenced
    from unit_deals($view) as d
),
-- the deals summed per month and kind first: the sums below then read a few hundred rows, not every deal (each
-- deal's origin spelled out fourteen times cost 0.15 s at a million deals)
counted as (
    select month, is_pipeline, is_won, origin, is_influenced, count(*) as count_deals, sum(amount) as amount
    from scoped
    where is_pipeline or is_won
    group by all
)
select
    month,
    coalesce(sum(count_deals) filter (where is_pipeline), 0)::bigint as count_deals,
    sum(amount) filter (where is_pipeline and origin = 'marketing') as pipeline_marketing,
    sum(amount) filter (where is_pipeline and origin = 'sales') as pipeline_sales,
    sum(amount) filter (where is_pipeline and origin = 'unknown') as pipeline_unknown,
    sum(amount) filter (where is_pipeline and is_influenced) as pipeline_influenced,
    sum(amount) filter (where is_won and origin = 'marketing') as revenue_marketing,
    sum(amount) filter (where is_won and origin = 'sales') as revenue_sales,
    sum(amount) filter (where is_won and origin = 'unknown') as revenue_unknown,
    sum(amount) filter (where is_won and is_influenced) as revenue_influenced,
    -- how influenced and marketing-sourced differ: sales-sourced (and unknown-origin) deals marketing touched, and
    -- marketing-sourced deals without a touch recorded before them
    sum(amount) filter (where is_pipeline and is_influenced and origin = 'sales') as touched_sales_pipeline,
    sum(amount) filter (where is_pipeline and is_influenced and origin = 'unknown') as touched_unknown_pipeline,
    sum(amount) filter (where is_pipeline and origin = 'marketing' and not is_influenced) as untouched_marketing_pipeline,
    sum(amount) filter (where is_won and is_influenced and origin = 'sales') as touched_sales_revenue,
    sum(amount) filter (where is_won and is_influenced and origin = 'unknown') as touched_unknown_revenue,
    sum(amount) filter (where is_won and origin = 'marketing' and not is_influenced) as untouched_marketing_revenue
from counted
group by month
order by month;
