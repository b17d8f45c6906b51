-- one row per source label as the loaded leads and deals write it (a deal's source is its lead's, or
-- its own without a lead): leads and deals carrying it, its key (source_key), whether its key is one
-- of $sales_sources' keys, and what its deals count as (as deal_origin decides): an unknown source is not
-- marketing's, and a lead's deal of it is of unknown origin; a deal of it without a lead is outbound, sales';
-- most deals first.
with labels as (
    select source, count(*) as count_leads, 0 as count_deals
    from leads
    group by source
    union all
    select source, 0 as count_leads, count(*) as count_deals
    from deal_facts
    group by source
),
keyed as (
    select
        source,
        sum(count_leads)::bigint as count_leads,
        sum(count_deals)::bigint as count_deals,
        source_key(source) as source_key,
        list_contains(list_transform($sales_sources::varchar[], lambda s: source_key(s)), source_key(source))
            as is_sales_owned,
        source_key(source) = source_key($unknown_source) as is_unknown
    from labels
    where source is not null
    group by source
)
select
    *,
    case
        when is_sales_owned then 'Sales-sourced'
        when is_unknown then 'Origin unknown (sales-sourced without a lead)'
        else 'Marketing-sourced'
    end as counted_as
from keyed
order by count_deals desc, count_leads desc, source;
