-- one row: the deals whose originating source is a sales-prospecting tool ($tools, config.SALES_TOOL_SOURCES: keys,
-- compared by source_key as the sales-owned list is), which the default sales-owned list names since
-- DERIVED_VERSION 50: counted marketing-sourced by a file derived before, sales-sourced after its upgrade. a deal
-- without a lead and a source of its own (is_unsourced) was sales' already. deals: how many; pipeline: their
-- amounts; won, revenue: the won ones and their amounts.
with tool_deals as (
    select is_won, amount
    from deal_facts
    where not coalesce(is_unsourced, false)
        and list_contains(list_transform($tools::varchar[], lambda s: source_key(s)), source_key(source))
)
select
    count(*) as deals,
    coalesce(sum(amount), 0) as pipeline,
    count(*) filter (where is_won) as won,
    coalesce(sum(amount) filter (where is_won), 0) as revenue
from tool_deals
