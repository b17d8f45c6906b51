-- one row per month a deal was created in (deals in scope): pipeline created and revenue won,
-- split into marketing-sourced (the originating source is not one of $sales_sources, the labels
-- sources.sales_labels found, nor unknown)
-- and sales-sourced, and the part of all of it that marketing influenced (the lead had a touch
-- before the deal was created).
with scoped as (
    select
        d.deal_id,
        date_trunc('month', d.created_at)::date as month,
        coalesce(d.amount, 0) as amount,
        d.status = 'won' as is_won,
        is_marketing_sourced(d.source, $sales_sources, $unknown_source) as is_marketing_sourced,
        exists (
            select 1 from touches as t where t.lead_id = d.lead_id and t.touched_at <= d.created_at
        ) as is_influenced
    from deals_in_scope($view) as d
)
select
    month,
    count(*) as count_deals,
    sum(amount) filter (where is_marketing_sourced) as pipeline_marketing,
    sum(amount) filter (where not is_marketing_sourced) as pipeline_sales,
    sum(amount) filter (where is_influenced) as pipeline_influenced,
    sum(amount) filter (where is_won and is_marketing_sourced) as revenue_marketing,
    sum(amount) filter (where is_won and not is_marketing_sourced) as revenue_sales,
    sum(amount) filter (where is_won and is_influenced) as revenue_influenced
from scoped
group by month
order by month;
