-- one row per source label of the loaded deals (deal_facts) that is not marketing's: its key
-- (source_key) is one of $sales_sources' keys or the unknown source's, and which (is_unknown: the unknown
-- source's key and not on the list; deal_origin makes a lead's deal of it one of unknown origin). the distinct
-- labels are few, so each is normalised once here, and the sourced queries compare every deal's label exactly.
-- (the labels are a cte, not a list filtered with a lambda: spark allows no subquery inside a lambda.)
with labels as (
    select distinct source
    from deal_facts
),
keyed as (
    select
        source,
        list_contains(list_transform($sales_sources::varchar[], lambda s: source_key(s)), source_key(source))
            as is_sales_owned,
        source_key(source) = source_key($unknown_source) as is_unknown_key
    from labels
)
select source, is_unknown_key and not is_sales_owned as is_unknown
from keyed
where is_sales_owned or is_unknown_key
order by source;
