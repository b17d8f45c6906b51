-- one row per source label of the loaded deals (deal_facts) that is not marketing's: its key
-- (source_key) is one of $sales_sources' keys or the unknown source's. the distinct labels are few, so
-- each is normalised once here, and the sourced queries compare every deal's label exactly.
-- (the labels are a cte, not a list filtered with a lambda: spark allows no subquery inside a lambda.)
with labels as (
    select distinct source
    from deal_facts
)
select source
from labels
where list_contains(
    list_transform(list_append($sales_sources::varchar[], $unknown_source), lambda s: source_key(s)),
    source_key(source)
);
