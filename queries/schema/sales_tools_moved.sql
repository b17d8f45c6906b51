-- one row: what the default sales-owned list moved by naming the sales-prospecting tools ($tools,
-- config.SALES_TOOL_SOURCES: keys, compared by source_key as the sales-owned list is) since DERIVED_VERSION 50, in a
-- file derived before. deals, pipeline, won, revenue: the deals whose originating source is a tool (a deal without
-- a lead and a source of its own, is_unsourced, was sales' already), counted marketing-sourced before, sales-sourced
-- after; pipeline: their amounts; won, revenue: the won ones and their amounts. uninfluenced, uninfluenced_pipeline,
-- uninfluenced_revenue: the deals marketing-influenced before by a tool's touch alone (their lead's earliest touch
-- of a tool came no later than the deal's creation, and no other marketing touch did: deal_facts.first_touched_at
-- leaves the tools out now), no longer influenced after.
with tool_labels as (
    -- each distinct label keyed once, as deal_facts' touches are
    select source
    from (select distinct source from touches where source is not null)
    where list_contains(list_transform($tools::varchar[], lambda s: source_key(s)), source_key(source))
),
tool_touches as (
    select lead_id, min(touched_at) as first_tool_at
    from touches
    where source in (select source from tool_labels)
    group by lead_id
),
tool_deals as (
    select is_won, amount
    from deal_facts
    where not coalesce(is_unsourced, false)
        and list_contains(list_transform($tools::varchar[], lambda s: source_key(s)), source_key(source))
),
uninfluenced_deals as (
    select d.is_won, d.amount
    from deal_facts as d
    inner join tool_touches as t using (lead_id)
    where t.first_tool_at <= d.created_at and not coalesce(d.first_touched_at <= d.created_at, false)
)
select
    (select count(*) from tool_deals) as deals,
    (select coalesce(sum(amount), 0) from tool_deals) as pipeline,
    (select count(*) filter (where is_won) from tool_deals) as won,
    (select coalesce(sum(amount) filter (where is_won), 0) from tool_deals) as revenue,
    (select count(*) from uninfluenced_deals) as uninfluenced,
    (select coalesce(sum(amount), 0) from uninfluenced_deals) as uninfluenced_pipeline,
    (select coalesce(sum(amount) filter (where is_won), 0) from uninfluenced_deals) as uninfluenced_revenue
